"""Scheduled tasks: thin, idempotent."""

from surveys.services.reminders import campaign_reminders_sweep


def reminders() -> int:
    return campaign_reminders_sweep()
