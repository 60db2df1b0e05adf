"""The reminder the day before a session: one set-based sweep, as for the course reminders."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from facetoface.models import Registration, RegistrationStatus, Slot
from facetoface.notifications import REMINDER
from lms.notifications.services.sweeps import accepting, as_outbox_rows, outbox_fill


def session_reminders_sweep(*, now: datetime | None = None) -> int:
    """Queue the reminder for every confirmed registration whose session has a slot tomorrow (in
    Europe/Paris); quiet hours hold it until morning. The step is the day, so that a session on
    several days gets one reminder each."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    day_start = datetime.combine(tomorrow, time.min, tzinfo=zone)
    day_end = day_start + timedelta(days=1)
    slot_tomorrow = Slot.objects.not_cancelled().filter(
        session=OuterRef("session"), start__gte=day_start, start__lt=day_end
    )
    rows = Registration.objects.filter(
        Exists(slot_tomorrow),
        accepting("rappels"),
        status=RegistrationStatus.CONFIRMED,
        session__cancelled_at__isnull=True,
    ).exclude(user__email="")
    return outbox_fill(
        as_outbox_rows(
            rows,
            recipient="user_id",
            email="user__email",
            object_id="pk",
            kind=REMINDER,
            step=tomorrow.isoformat(),
            object_type="facetoface.registration",
        ),
        kinds=[REMINDER],
        object_type="facetoface.registration",
        now=now,
    )
