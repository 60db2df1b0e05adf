"""A registration's calendar file: one event per slot of its session, through lms.calendar.

The UID names the slot and the registration, so that it never changes; SEQUENCE is the session's
version plus the registration's, both only ever going up (see models). A slot removed from the
session keeps its event, cancelled, so that calendars drop it."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from facetoface.models import Registration, RegistrationStatus, Slot, TrainingSession
from lms.calendar import CalendarEvent, calendar_build

FILENAME = "session.ics"
MIMETYPE = "text/calendar"


def place_text(session: TrainingSession) -> str:
    parts = []
    if session.place_organisation is not None:
        parts.append(session.place_organisation.name)
    if session.address:
        parts.append(" ".join(session.address.split()))
    if session.video_url:
        parts.append(session.video_url)
    return " · ".join(parts)


def _slots_known_to(registration: Registration) -> QuerySet[Slot]:
    """The session's slots, and those removed since the person registered: their calendar may
    hold these events, which must reach it cancelled. A slot removed before never reached it."""
    return registration.session.slots.filter(
        Q(cancelled_at__isnull=True) | Q(cancelled_at__gte=registration.created_at)
    ).order_by("start", "pk")


def registration_calendar(registration: Registration) -> bytes:
    session = registration.session
    host = urlsplit(settings.SITE_URL).hostname or "passerelle"
    cancelled = session.is_cancelled or registration.status in (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REFUSED,
    )
    url = settings.SITE_URL + reverse("facetoface:session", args=[session.pk])
    events = [
        CalendarEvent(
            uid=f"passerelle-slot-{slot.pk}-registration-{registration.pk}@{host}",
            start=slot.start,
            end=slot.end,
            summary=_("Formation : %(title)s") % {"title": session.display_title},
            sequence=registration.calendar_sequence,
            description=_("Session en présentiel. Détails et désinscription : %(url)s") % {"url": url},
            location=place_text(session),
            url=url,
            cancelled=cancelled or slot.cancelled_at is not None,
        )
        for slot in _slots_known_to(registration)
    ]
    return calendar_build(events)


def registration_attachment(registration: Registration) -> list[tuple[str, bytes, str]]:
    return [(FILENAME, registration_calendar(registration), MIMETYPE)]
