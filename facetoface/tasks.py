"""Scheduled tasks: thin, idempotent."""

from facetoface.services.registrations import offers_expire
from facetoface.services.reminders import session_reminders_sweep


def expire_offers() -> int:
    return offers_expire()


def reminders() -> int:
    return session_reminders_sweep()
