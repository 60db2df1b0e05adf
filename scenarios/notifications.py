"""The commons' e-mails, registered with lms.notifications: the outcome of a "Je l'ai testé"
(to its author) and a new report (to each moderator). Transactional: part of taking part in the
commons and of moderating it, like the content moderation e-mails. Everything shown is read
when the e-mail leaves."""

from django.conf import settings
from django.urls import reverse

from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage
from scenarios.choices import FeedbackStatus
from scenarios.models import ScenarioFeedback, ScenarioReport
from scenarios.services.feedback import KIND_APPROVED, KIND_REJECTED
from scenarios.services.reports import KIND_RECEIVED


def _absolute(url: str | None) -> str:
    if not url:
        return settings.SITE_URL + "/scenarios/"
    return settings.SITE_URL + url if url.startswith("/") else url


def _feedback_context(message: OutboxMessage, status: str) -> dict:
    feedback = ScenarioFeedback.objects.select_related("scenario").filter(pk=message.object_id).first()
    if feedback is None:
        raise MessageObsolete("The feedback was deleted.")
    if feedback.status != status:
        raise MessageObsolete("The feedback was edited or decided again before the e-mail left.")
    scenario = feedback.scenario
    return {
        "scenario_title": scenario.title,
        "scenario_url": _absolute(scenario.get_url() if scenario.live else None),
        "edit_url": settings.SITE_URL + reverse("scenarios:feedback", args=[scenario.pk]),
    }


def approved_context(message: OutboxMessage) -> dict:
    return _feedback_context(message, FeedbackStatus.APPROVED)


def rejected_context(message: OutboxMessage) -> dict:
    return _feedback_context(message, FeedbackStatus.REJECTED)


def report_context(message: OutboxMessage) -> dict:
    report = ScenarioReport.objects.select_related("scenario").filter(pk=message.object_id).first()
    if report is None:
        raise MessageObsolete("The report was deleted with its scenario.")
    return {
        "report": report,
        "scenario_title": report.scenario.title,
        "reason": report.get_reason_display(),
        "queue_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("scenarios_admin_reports"),
    }


def register() -> None:
    register_kind(NotificationKind(KIND_APPROVED, transactional=True, build_context=approved_context))
    register_kind(NotificationKind(KIND_REJECTED, transactional=True, build_context=rejected_context))
    register_kind(NotificationKind(KIND_RECEIVED, transactional=True, build_context=report_context))
