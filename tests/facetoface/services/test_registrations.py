"""Registration: seats, waiting list, promotion, approval, cancellation and the course's rules."""

from datetime import timedelta

from django.db import connection
from django.utils import timezone

import pytest
import time_machine

from courses.models import Enrolment
from facetoface.models import Registration, RegistrationStatus
from facetoface.services.registrations import (
    RegistrationRefused,
    offer_accept,
    offers_expire,
    registration_cancel,
    registration_create,
    registration_decide,
    registrations_bulk_create,
)
from lms.notifications.models import OutboxMessage
from tests.factories import MembershipFactory, UserFactory
from tests.factories.facetoface import TrainingSessionFactory, paris
from tests.helpers.concurrency import assert_no_crash, run_concurrently

pytestmark = pytest.mark.django_db


def agent(**kwargs):
    return UserFactory(audiences=["agent"], **kwargs)


def statuses(session):
    return list(Registration.objects.filter(session=session).order_by("pk").values_list("status", flat=True))


def test_registering_takes_a_seat_and_enrols_in_the_course(agent_course, town_hall):
    """A registration within capacity is confirmed and enrols the person in the course."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=2)
    person = agent()
    registration = registration_create(user=person, session=session)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert Enrolment.objects.filter(user=person, course=agent_course).exists()
    assert OutboxMessage.objects.filter(recipient=person, kind="facetoface.confirmed").count() == 1


def test_beyond_capacity_people_wait_in_order(agent_course, town_hall):
    """Once the seats are taken, people join the waiting list in the order they came."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    first, second, third = agent(), agent(), agent()
    registration_create(user=first, session=session)
    waiting = [registration_create(user=person, session=session) for person in (second, third)]
    assert [(r.status, r.position) for r in waiting] == [("waitlisted", 1), ("waitlisted", 2)]


def test_registering_twice_keeps_one_registration(agent_course, town_hall):
    """A second click returns the same registration, without another seat."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=5)
    person = agent()
    assert registration_create(user=person, session=session).pk == registration_create(user=person, session=session).pk
    assert Registration.objects.count() == 1


def test_the_course_audience_applies(agent_course, town_hall):
    """A teacher cannot register for a session of a course for municipal agents."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    with pytest.raises(RegistrationRefused, match="Cette formation s'adresse à"):
        registration_create(user=UserFactory(audiences=["teacher"]), session=session)
    assert not Registration.objects.exists()


def test_the_course_territory_applies(agent_course, town_hall, ardeche):
    """A course reserved to a département refuses people from elsewhere and accepts its members."""
    agent_course.territory = ardeche["departement"]
    agent_course.save()
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    with pytest.raises(RegistrationRefused, match="réservée au territoire"):
        registration_create(user=agent(), session=session)
    local = agent()
    MembershipFactory(user=local, organisation=town_hall)
    assert registration_create(user=local, session=session).status == "confirmed"


def test_no_registration_after_the_deadline(agent_course, town_hall):
    """Past the registration deadline, registering is refused with a French reason."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    with time_machine.travel(session.registration_deadline + timedelta(minutes=1), tick=False):
        with pytest.raises(RegistrationRefused, match="Les inscriptions à cette session sont closes"):
            registration_create(user=agent(), session=session)


def test_no_registration_to_a_cancelled_session(agent_course, town_hall):
    """A cancelled session takes nobody."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, cancelled_at=timezone.now())
    with pytest.raises(RegistrationRefused, match="annulée"):
        registration_create(user=agent(), session=session)


def test_cancelling_before_the_deadline_promotes_the_first_waiting(agent_course, town_hall):
    """A seat given back goes to the first person waiting, confirmed at once more than 24 h
    before the start, and told by e-mail."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    seated, first, second = agent(), agent(), agent()
    seat = registration_create(user=seated, session=session)
    registration_create(user=first, session=session)
    registration_create(user=second, session=session)
    registration_cancel(registration=seat)
    assert statuses(session) == ["cancelled", "confirmed", "waitlisted"]
    promoted = OutboxMessage.objects.get(recipient=first, kind="facetoface.confirmed")
    assert promoted.context == {"promoted": True}


def test_after_the_deadline_a_confirmed_seat_is_not_given_back_online(agent_course, town_hall):
    """Past the deadline, the learner is asked to tell the organiser instead."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall)
    seat = registration_create(user=agent(), session=session)
    with time_machine.travel(session.registration_deadline + timedelta(hours=1), tick=False):
        with pytest.raises(RegistrationRefused, match="prévenez l'organisateur"):
            registration_cancel(registration=seat)
    assert Registration.objects.get(pk=seat.pk).status == "confirmed"


def test_a_promotion_within_24_hours_asks_to_confirm_within_12_hours(agent_course, town_hall):
    """20 h before the start, the freed seat is offered until now + 12 h."""
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=1, slots=[(paris(3, 9), paris(3, 12))]
    )
    seat = registration_create(user=agent(), session=session)
    waiting = registration_create(user=agent(), session=session)
    session.registration_deadline = paris(3, 8)
    session.save()
    moment = paris(3, 9) - timedelta(hours=20)
    with time_machine.travel(moment, tick=False):
        registration_cancel(registration=seat)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert waiting.offer_expires_at == moment + timedelta(hours=12)
    assert OutboxMessage.objects.filter(recipient=waiting.user, kind="facetoface.status").exists()


def test_an_offer_never_runs_later_than_2_hours_before_the_start(agent_course, town_hall):
    """10 h before the start, the offer ends 2 h before it, not 12 h later."""
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=1, slots=[(paris(3, 9), paris(3, 12))]
    )
    seat = registration_create(user=agent(), session=session)
    waiting = registration_create(user=agent(), session=session)
    session.registration_deadline = paris(3, 8)
    session.save()
    with time_machine.travel(paris(3, 9) - timedelta(hours=10), tick=False):
        registration_cancel(registration=seat)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == paris(3, 7)


def test_an_unconfirmed_offer_passes_to_the_next_person(agent_course, town_hall):
    """When the offer expires, the scheduled task frees it and offers it to the next in line."""
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=1, slots=[(paris(3, 9), paris(3, 12))]
    )
    session.registration_deadline = paris(3, 8)
    session.save()
    seat = registration_create(user=agent(), session=session)
    first = registration_create(user=agent(), session=session)
    second = registration_create(user=agent(), session=session)
    start = paris(3, 9)
    with time_machine.travel(start - timedelta(hours=20), tick=False):
        registration_cancel(registration=seat)
    with time_machine.travel(start - timedelta(hours=8, minutes=1), tick=False):
        assert offers_expire() == 0  # 11 h 59 later: still open
    with time_machine.travel(start - timedelta(hours=7, minutes=59), tick=False):
        assert offers_expire() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled"
    assert second.status == "offered"
    assert second.offer_expires_at == start - timedelta(hours=2)


def test_confirming_an_offer_in_time_gives_the_seat(agent_course, town_hall):
    """The offered person confirms before the end of the offer and gets the seat; afterwards no."""
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=1, slots=[(paris(3, 9), paris(3, 12))]
    )
    session.registration_deadline = paris(3, 8)
    session.save()
    seat = registration_create(user=agent(), session=session)
    waiting = registration_create(user=agent(), session=session)
    start = paris(3, 9)
    with time_machine.travel(start - timedelta(hours=20), tick=False):
        registration_cancel(registration=seat)
        assert offer_accept(registration=waiting).status == "confirmed"
    with pytest.raises(RegistrationRefused):
        offer_accept(registration=waiting)


def test_approval_flow(agent_course, town_hall):
    """On a session needing approval, the request waits; the manager approves one, refuses the
    other, whose seat passes to the person waiting; each is told."""
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=2, requires_manager_approval=True
    )
    manager = UserFactory()
    asking, refused, waiting = agent(), agent(), agent()
    first = registration_create(user=asking, session=session)
    second = registration_create(user=refused, session=session)
    third = registration_create(user=waiting, session=session)
    assert [first.status, second.status, third.status] == ["pending_approval", "pending_approval", "waitlisted"]
    assert registration_decide(registration=first, manager=manager, approve=True).status == "confirmed"
    assert registration_decide(registration=second, manager=manager, approve=False).status == "refused"
    third.refresh_from_db()
    assert third.status == "pending_approval"  # promoted, still to be approved
    assert OutboxMessage.objects.filter(recipient=refused, kind="facetoface.status", step__endswith="refused").exists()
    assert OutboxMessage.objects.filter(recipient=asking, kind="facetoface.confirmed").exists()
    with pytest.raises(RegistrationRefused):
        registration_decide(registration=first, manager=manager, approve=False)


def test_manager_bulk_registration_follows_bulk_enrolment(agent_course, town_hall):
    """A manager registers members (audience not checked, as for bulk enrolment); beyond the
    seats they wait in order; non-members are refused."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, capacity=1)
    manager = UserFactory()
    members = [UserFactory(audiences=["teacher"]), UserFactory()]
    for member in members:
        MembershipFactory(user=member, organisation=town_hall)
    report = registrations_bulk_create(organisation=town_hall, manager=manager, users=members, session=session)
    assert [len(report.confirmed), len(report.waitlisted)] == [1, 1]
    assert Enrolment.objects.filter(course=agent_course, organisation=town_hall).count() == 2
    with pytest.raises(RegistrationRefused, match="membres"):
        registrations_bulk_create(organisation=town_hall, manager=manager, users=[UserFactory()], session=session)


def test_a_manager_registration_needs_no_approval(agent_course, town_hall):
    """The manager's own registration is the approval."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, requires_manager_approval=True)
    member = UserFactory()
    MembershipFactory(user=member, organisation=town_hall)
    report = registrations_bulk_create(organisation=town_hall, manager=UserFactory(), users=[member], session=session)
    assert report.confirmed[0].status == "confirmed"


def test_twenty_concurrent_registrations_for_the_last_seat(transactional_site):
    """Twenty people clicking for one seat: one seat, nineteen places on the waiting list, every
    worker answered, positions 1 to 19 each given once."""
    from tests.factories import CourseFactory

    course = CourseFactory()
    session = TrainingSessionFactory(course=course, capacity=1)
    people = [UserFactory() for _ in range(20)]

    def register(index):
        return registration_create(user=people[index], session=session).status

    outcomes = run_concurrently(register, workers=20, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    assert sorted(outcome.value for outcome in outcomes) == ["confirmed"] + ["waitlisted"] * 19
    positions = Registration.objects.filter(session=session, status="waitlisted").values_list("position", flat=True)
    assert sorted(positions) == list(range(1, 20))
