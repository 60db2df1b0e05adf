"""The calendar file, parsed back with icalendar: time zones, stable UIDs, SEQUENCE, cancellation."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.urls import reverse

import icalendar
import pytest

from facetoface.ics import registration_calendar
from facetoface.services.registrations import registration_cancel, registration_create
from facetoface.services.sessions import session_cancel, session_save
from tests.factories import UserFactory
from tests.factories.facetoface import TrainingSessionFactory
from tests.helpers.outbox import deliver

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# 2027-03-28 is the spring DST change in France: the two slots straddle it.
BEFORE_DST = (datetime(2027, 3, 27, 9, tzinfo=PARIS), datetime(2027, 3, 27, 12, tzinfo=PARIS))
AFTER_DST = (datetime(2027, 3, 29, 14, tzinfo=PARIS), datetime(2027, 3, 29, 17, tzinfo=PARIS))


def parse(data: bytes):
    calendar = icalendar.Calendar.from_ical(data)
    return calendar, sorted(calendar.events, key=lambda event: event.start)


@pytest.fixture
def registration(agent_course, town_hall):
    session = TrainingSessionFactory(
        course=agent_course, organiser=town_hall, capacity=3, slots=[BEFORE_DST, AFTER_DST]
    )
    return registration_create(user=UserFactory(audiences=["agent"]), session=session)


def test_one_event_per_slot_in_paris_time_across_a_dst_change(registration):
    """Each slot is an event with TZID Europe/Paris and its VTIMEZONE; wall-clock times survive
    the change of offset between the two slots."""
    calendar, events = parse(registration_calendar(registration))
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert [component.name for component in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert [event["DTSTART"].params["TZID"] for event in events] == ["Europe/Paris", "Europe/Paris"]
    assert [(event.start.hour, event.start.utcoffset().total_seconds() / 3600) for event in events] == [
        (9, 1.0),
        (14, 2.0),
    ]
    assert events[1].end == AFTER_DST[1]
    assert {str(event["STATUS"]) for event in events} == {"CONFIRMED"}


def test_a_change_keeps_the_uids_and_raises_the_sequence(registration):
    """Moving a slot keeps each event's UID and raises SEQUENCE; the people registered get the
    change in plain words with the file."""
    _calendar, before = parse(registration_calendar(registration))
    session = registration.session
    moved = (datetime(2027, 3, 29, 13, 30, tzinfo=PARIS), datetime(2027, 3, 29, 16, 30, tzinfo=PARIS))
    session_save(session=session, slots=[BEFORE_DST, moved], trainers=[], actor=UserFactory())
    registration.refresh_from_db()
    _calendar, after = parse(registration_calendar(registration))
    assert [str(event["UID"]) for event in after] == [str(event["UID"]) for event in before]
    assert all(new["SEQUENCE"] > old["SEQUENCE"] for old, new in zip(before, after, strict=True))
    mail.outbox.clear()
    deliver()
    changed = [message for message in mail.outbox if "modifiée" in message.subject]
    assert len(changed) == 1
    assert "Créneau déplacé" in changed[0].body and "supprimez-le à la main" in changed[0].body
    attachment = changed[0].attachments[0]
    assert attachment[0] == "session.ics"
    _calendar, mailed = parse(attachment[1] if isinstance(attachment[1], bytes) else attachment[1].encode())
    assert [event["SEQUENCE"] for event in mailed] == [event["SEQUENCE"] for event in after]


def test_a_cancelled_session_sends_the_same_uids_cancelled(registration):
    """Cancelling the session: same UIDs, higher SEQUENCE, STATUS:CANCELLED, in the e-mail too."""
    _calendar, before = parse(registration_calendar(registration))
    session_cancel(session=registration.session, reason="Salle inondée", actor=UserFactory())
    registration.refresh_from_db()
    _calendar, after = parse(registration_calendar(registration))
    assert [str(event["UID"]) for event in after] == [str(event["UID"]) for event in before]
    assert {str(event["STATUS"]) for event in after} == {"CANCELLED"}
    assert after[0]["SEQUENCE"] > before[0]["SEQUENCE"]
    mail.outbox.clear()
    deliver()
    cancelled = [message for message in mail.outbox if "annulée" in message.subject]
    assert len(cancelled) == 1 and "Salle inondée" in cancelled[0].body


def test_a_learner_cancellation_marks_the_events_cancelled(registration):
    """Giving back one's seat sends the events cancelled with a higher SEQUENCE."""
    _calendar, before = parse(registration_calendar(registration))
    registration_cancel(registration=registration)
    registration.refresh_from_db()
    _calendar, after = parse(registration_calendar(registration))
    assert {str(event["STATUS"]) for event in after} == {"CANCELLED"}
    assert after[0]["SEQUENCE"] == before[0]["SEQUENCE"] + 1


def test_the_confirmation_email_carries_the_calendar_file(registration):
    """The confirmation leaves with session.ics, the same events as the download."""
    mail.outbox.clear()
    deliver()
    message = next(message for message in mail.outbox if "confirmée" in message.subject)
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("session.ics", "text/calendar")
    _calendar, mailed = parse(content if isinstance(content, bytes) else content.encode())
    _calendar, downloaded = parse(registration_calendar(registration))
    assert [str(event["UID"]) for event in mailed] == [str(event["UID"]) for event in downloaded]


def test_a_removed_slot_reaches_calendars_cancelled(client, registration):
    """Removing a slot sends its event with the same UID, a higher SEQUENCE and STATUS:CANCELLED,
    in the change e-mail and in the download; the slot kept stays confirmed."""
    _calendar, before = parse(registration_calendar(registration))
    session_save(session=registration.session, slots=[BEFORE_DST], trainers=[], actor=UserFactory())
    mail.outbox.clear()
    deliver()
    changed = next(message for message in mail.outbox if "modifiée" in message.subject)
    assert "Créneau supprimé" in changed.body
    content = changed.attachments[0][1]
    _calendar, mailed = parse(content if isinstance(content, bytes) else content.encode())
    client.force_login(registration.user)
    response = client.get(reverse("facetoface:registration_calendar", args=[registration.pk]))
    _calendar, downloaded = parse(response.content)
    for after in (mailed, downloaded):
        assert [str(event["UID"]) for event in after] == [str(event["UID"]) for event in before]
        assert [str(event["STATUS"]) for event in after] == ["CONFIRMED", "CANCELLED"]
        assert after[1].start == AFTER_DST[0]
        assert all(new["SEQUENCE"] > old["SEQUENCE"] for old, new in zip(before, after, strict=True))


def test_a_slot_removed_before_registering_is_not_sent(agent_course, town_hall):
    """Someone who registers after a slot was removed never had its event: it is not in their file."""
    session = TrainingSessionFactory(course=agent_course, organiser=town_hall, slots=[BEFORE_DST, AFTER_DST])
    session_save(session=session, slots=[AFTER_DST], trainers=[], actor=UserFactory())
    registration = registration_create(user=UserFactory(audiences=["agent"]), session=session)
    _calendar, events = parse(registration_calendar(registration))
    assert [(event.start, str(event["STATUS"])) for event in events] == [(AFTER_DST[0], "CONFIRMED")]
