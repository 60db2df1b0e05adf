"""Sessions: slot rules, changes, cancellation, deletion, reminders."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
import time_machine

from facetoface.forms import slot_initial
from facetoface.models import Registration, Slot, TrainingSession, validate_slots
from facetoface.selectors import session_detail_slots, upcoming_sessions, user_registrations
from facetoface.services.registrations import first_start, registration_create
from facetoface.services.reminders import session_reminders_sweep
from facetoface.services.sessions import session_cancel, session_delete, session_save
from lms.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.factories.facetoface import TrainingSessionFactory, paris

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def at(day, hour, minute=0):
    return datetime(2027, 5, day, hour, minute, tzinfo=PARIS)


class TestValidateSlots:
    def test_a_valid_pair_of_half_days(self):
        """Two half-days of the same day, one after the other, pass."""
        assert validate_slots([(at(3, 9), at(3, 12)), (at(3, 14), at(3, 17))]) == []

    def test_end_after_start(self):
        """A slot ending when or before it starts is refused."""
        assert validate_slots([(at(3, 12), at(3, 9))]) == ["Un créneau doit finir après son début."]

    def test_within_one_paris_day(self):
        """A slot running past midnight in Paris is refused, though it is one UTC day (23:00 UTC)."""
        assert validate_slots([(at(3, 20), at(4, 1))]) == ["Un créneau commence et finit le même jour."]

    def test_no_overlap(self):
        """Two slots of a session may not overlap; touching is fine."""
        assert validate_slots([(at(3, 9), at(3, 12)), (at(3, 11), at(3, 13))]) == [
            "Deux créneaux de la session se chevauchent."
        ]
        assert validate_slots([(at(3, 9), at(3, 12)), (at(3, 12), at(3, 13))]) == []

    def test_the_service_refuses_bad_slots(self, town_hall, agent_course):
        """session_save raises the French messages and saves nothing."""
        session = TrainingSession(
            course=agent_course,
            organiser=town_hall,
            territory=town_hall.territory,
            address="Salle",
            capacity=5,
            registration_deadline=at(1, 12),
        )
        with pytest.raises(ValidationError, match="se chevauchent"):
            session_save(
                session=session, slots=[(at(3, 9), at(3, 12)), (at(3, 10), at(3, 11))], trainers=[], actor=UserFactory()
            )
        assert not TrainingSession.objects.exists()


def test_raising_the_capacity_promotes_the_waiting(agent_course, town_hall):
    """A seat added to a full session goes to the first person waiting."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    registration_create(user=UserFactory(audiences=["agent"]), session=session)
    waiting = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    session.capacity = 2
    slots = [(slot.start, slot.end) for slot in session.slots.all()]
    session_save(session=session, slots=slots, trainers=[], actor=UserFactory())
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_cancelling_frees_everyone_and_tells_them(agent_course, town_hall):
    """Every registered or waiting person is freed and e-mailed with the reason."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    people = [UserFactory(audiences=["agent"]) for _ in range(2)]
    for person in people:
        registration_create(user=person, session=session)
    with pytest.raises(ValidationError):
        session_cancel(session=session, reason="  ", actor=UserFactory())
    session_cancel(session=session, reason="Formatrice malade", actor=UserFactory())
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    rows = OutboxMessage.objects.filter(kind="facetoface.cancelled")
    assert {row.recipient_id for row in rows} == {person.pk for person in people}
    assert {row.context["reason"] for row in rows} == {"Formatrice malade"}


def test_a_started_session_cannot_be_deleted(agent_course, town_hall):
    """Once its first slot has begun, a session stays; before, an empty one may go."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    with time_machine.travel(session.slots.get().start + timedelta(minutes=5), tick=False):
        with pytest.raises(ValidationError, match="commencée"):
            session_delete(session=session)
    session_delete(session=session)
    assert not TrainingSession.objects.exists()


def test_a_session_with_people_registered_is_cancelled_not_deleted(agent_course, town_hall):
    """Deleting would leave the registered untold: the service asks to cancel instead."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    registration_create(user=UserFactory(audiences=["agent"]), session=session)
    with pytest.raises(ValidationError, match="annulez"):
        session_delete(session=session)


def test_the_reminder_goes_the_day_before_after_quiet_hours(agent_course, town_hall, settings):
    """The sweep queues one reminder per confirmed person for tomorrow's slot, held until the
    end of quiet hours, and never twice."""
    settings.NOTIFICATIONS_QUIET_HOURS = (20, 8)
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    seated = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    registration_create(user=UserFactory(audiences=["agent"]), session=session)  # waiting: no reminder
    start = session.slots.get().start
    evening_before = timezone.localtime(start).replace(hour=21) - timedelta(days=1)
    with time_machine.travel(evening_before, tick=False):
        assert session_reminders_sweep() == 1
        assert session_reminders_sweep() == 0
    row = OutboxMessage.objects.get(kind="facetoface.reminder")
    assert row.recipient_id == seated.user_id
    assert timezone.localtime(row.send_after).hour == 8
    with time_machine.travel(evening_before - timedelta(days=1), tick=False):
        assert session_reminders_sweep() == 0  # two days before: nothing


def test_promotion_emails_are_not_held_by_quiet_hours(agent_course, town_hall, settings):
    """A promotion at 23:00 leaves at once: it is transactional."""
    settings.NOTIFICATIONS_QUIET_HOURS = (20, 8)
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    seat = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    waiting = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    from facetoface.services.registrations import registration_cancel

    night = paris(1, 23)
    with time_machine.travel(night, tick=False):
        registration_cancel(registration=seat)
    row = OutboxMessage.objects.get(recipient=waiting.user, kind="facetoface.confirmed")
    assert row.send_after == night


def test_a_removed_slot_is_kept_cancelled_and_ignored_by_every_reader(agent_course, town_hall):
    """The removed slot stays as a cancelled row (for the calendars) but no longer counts: not in
    the first start, the page's slots, the form, the listing, /mon-espace/ or the reminders;
    saving again changes nothing, and its time can be taken by a new slot."""
    removed, kept = (paris(7, 9), paris(7, 12)), (paris(8, 14), paris(8, 17))
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, slots=[removed, kept])
    registration = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    session_save(session=session, slots=[kept], trainers=[], actor=UserFactory())
    assert Slot.objects.filter(session=session, start=removed[0], cancelled_at__isnull=False).exists()
    changes = OutboxMessage.objects.get(kind="facetoface.changed").context["changes"]
    assert len(changes) == 1 and changes[0].startswith("Créneau supprimé")  # not "moved" then "removed"
    assert first_start(session) == kept[0]
    assert [slot.start for slot in session_detail_slots(session)] == [kept[0]]
    assert len(slot_initial(session)) == 1
    listed = upcoming_sessions().get(pk=session.pk)
    assert listed.first_start == kept[0] and [slot.start for slot in listed.slots.all()] == [kept[0]]
    mine = user_registrations(registration.user)[0]
    assert mine.first_start == kept[0] and [slot.start for slot in mine.session.slots.all()] == [kept[0]]
    with time_machine.travel(timezone.localtime(removed[0]).replace(hour=10) - timedelta(days=1), tick=False):
        assert session_reminders_sweep() == 0  # the day before the removed slot only
    session.refresh_from_db()
    sequence = session.sequence
    session_save(session=session, slots=[kept], trainers=[], actor=UserFactory())
    session.refresh_from_db()
    assert session.sequence == sequence
    session_save(session=session, slots=[removed, kept], trainers=[], actor=UserFactory())
    assert Slot.objects.filter(session=session, start=removed[0]).count() == 2
    assert [slot.start for slot in session_detail_slots(session)] == [removed[0], kept[0]]


def test_a_session_whose_remaining_slots_are_over_is_not_upcoming(agent_course, town_hall):
    """A session whose only future slot was removed leaves the listing."""
    past, future = (paris(-2, 9), paris(-2, 12)), (paris(7, 9), paris(7, 12))
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, slots=[past, future], registration_deadline=paris(-3, 9)
    )
    session_save(session=session, slots=[past], trainers=[], actor=UserFactory())
    assert not upcoming_sessions().filter(pk=session.pk).exists()
    assert not TrainingSession.objects.upcoming().filter(pk=session.pk).exists()


def test_changing_or_deleting_a_session_turns_the_page_cache_over(
    agent_course, town_hall, django_capture_on_commit_callbacks
):
    """The course page lists upcoming sessions: a change or a deletion moves the page cache's
    version once committed (creation and cancellation: see the course page's view test)."""
    from cms.cache import page_cache_version

    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    before = page_cache_version()
    session.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        session_save(session=session, slots=[(paris(7, 10), paris(7, 12))], trainers=[], actor=UserFactory())
    changed = page_cache_version()
    assert changed > before
    with django_capture_on_commit_callbacks(execute=True):
        session_delete(session=session)
    assert page_cache_version() > changed
