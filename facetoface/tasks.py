"""Scheduled tasks: thin, idempotent."""

from facetoface.services.registrations import offers_expire
from facetoface.services.reminders import session_reminders_sweep


def expire_offers() -> int:
    return offers_expire()


def reminders() -> int:
    return session_reminders_sweep()


def render_sheet(session_id: int) -> int | None:
    """Queued on closing and on each correction after it."""
    from facetoface.services.sheets import sheet_render

    sheet = sheet_render(session_id)
    return sheet.version if sheet else None


def certify_session(session_id: int) -> dict[str, int]:
    """Queued with the sheet: attestations de présence and completion of the participants."""
    from facetoface.services.attendance import session_certify

    return session_certify(session_id)
