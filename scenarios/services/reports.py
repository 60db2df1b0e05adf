"""Reporting a problem on a published scenario, and closing a report."""

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue_many
from scenarios.choices import ReportStatus
from scenarios.models import ScenarioPage, ScenarioReport
from scenarios.selectors import scenario_moderators

KIND_RECEIVED = "scenarios.report_received"


def report_create(*, reporter: User, scenario: ScenarioPage, reason: str, text: str) -> ScenarioReport:
    """The report joins the moderators' queue, and each moderator gets an e-mail."""
    with transaction.atomic():
        report = ScenarioReport.objects.create(reporter=reporter, scenario=scenario, reason=reason, text=text)
        outbox_enqueue_many(kind=KIND_RECEIVED, items=[(moderator, report) for moderator in scenario_moderators()])
    return report


def report_close(*, report: ScenarioReport, moderator: User, resolved: bool) -> ScenarioReport:
    """Out of the queue: dealt with (the scenario was corrected or unpublished), or not founded."""
    with transaction.atomic():
        locked = ScenarioReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.OPEN:
            return locked
        locked.status = ReportStatus.RESOLVED if resolved else ReportStatus.DISMISSED
        locked.handled_by = moderator
        locked.handled_at = timezone.now()
        locked.save(update_fields=["status", "handled_by", "handled_at"])
    return locked
