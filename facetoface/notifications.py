"""The e-mails of sessions, registered with lms.notifications. Each is about one registration
and carries its calendar file, built at send time (see lms.notifications.kinds)."""

from django.conf import settings
from django.urls import reverse

from facetoface.ics import registration_attachment
from facetoface.models import Registration
from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage

REMINDER = "facetoface.reminder"


def _registration(message: OutboxMessage) -> Registration:
    registration = (
        Registration.objects.select_related("session__course", "session__place_organisation", "session__organiser")
        .filter(pk=message.object_id)
        .first()
    )
    if registration is None:
        raise MessageObsolete("The registration is gone.")
    return registration


def registration_context(message: OutboxMessage) -> dict:
    registration = _registration(message)
    session = registration.session
    from facetoface.ics import place_text

    return {
        "registration": registration,
        "session": session,
        "slots": list(session.slots.not_cancelled().order_by("start")),
        "place": place_text(session),
        "session_url": settings.SITE_URL + reverse("facetoface:session", args=[session.pk]),
        "dashboard_url": settings.SITE_URL + "/mon-espace/",
    }


def reminder_context(message: OutboxMessage) -> dict:
    context = registration_context(message)
    if context["registration"].status != "confirmed" or context["session"].is_cancelled:
        raise MessageObsolete("No longer registered.")
    return context


def calendar_attachment(message: OutboxMessage) -> list[tuple[str, bytes, str]]:
    return registration_attachment(_registration(message))


def register() -> None:
    for name in ("facetoface.confirmed", "facetoface.changed", "facetoface.cancelled"):
        register_kind(
            NotificationKind(
                name, transactional=True, build_context=registration_context, build_attachments=calendar_attachment
            )
        )
    register_kind(NotificationKind("facetoface.status", transactional=True, build_context=registration_context))
    # The reminder is the only one held by quiet hours and switched off with the other reminders.
    register_kind(
        NotificationKind(
            REMINDER,
            transactional=False,
            group="rappels",
            build_context=reminder_context,
            build_attachments=calendar_attachment,
        )
    )
