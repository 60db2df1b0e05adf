"""Reminders to the managers of organisations that have not submitted, 7 and 2 days before
closing: one set-based sweep (DESIGN.md §2). The step names the closing date, so that each
reminder goes once, and once more only if the agency extends the campaign."""

from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from lms.notifications.services.sweeps import accepting, as_outbox_rows, outbox_fill
from lms.organisations.models import Membership
from surveys.models import CampaignTarget, Response, ResponseStatus
from surveys.notifications import GROUP, REMINDER

# (step name, days before closing at most, days before closing at least)
STEPS = (("j7", 7, 3), ("j2", 2, 0))


def campaign_reminders_sweep(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    today = timezone.localdate(now)
    inserted = 0
    for name, most, least in STEPS:
        inserted += _sweep_step(name=name, today=today, most=most, least=least, now=now)
    return inserted


def _sweep_step(*, name: str, today: date, most: int, least: int, now: datetime) -> int:
    submitted = Response.objects.filter(
        campaign=OuterRef("campaign"), organisation=OuterRef("organisation"), status=ResponseStatus.SUBMITTED
    )
    # Never on the opening day itself: the invitation has just gone.
    due = CampaignTarget.objects.filter(
        campaign__opens_on__lt=today,
        campaign__closes_on__gte=today + timedelta(days=least),
        campaign__closes_on__lte=today + timedelta(days=most),
    ).exclude(Exists(submitted))
    total = 0
    for closes_on in due.values_list("campaign__closes_on", flat=True).distinct():
        step = f"{name}:{closes_on.isoformat()}"
        rows = (
            Membership.objects.current()
            .managers()
            .filter(
                accepting(GROUP),
                user__is_active=True,
                organisation__survey_targets__in=due.filter(campaign__closes_on=closes_on),
            )
            .exclude(user__email="")
        )
        total += outbox_fill(
            as_outbox_rows(
                rows,
                recipient="user_id",
                email="user__email",
                object_id="organisation__survey_targets__pk",
                kind=REMINDER,
                step=step,
                object_type="surveys.campaigntarget",
            ),
            kinds=[REMINDER],
            object_type="surveys.campaigntarget",
            now=now,
        )
    return total
