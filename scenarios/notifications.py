"""The scenarios' e-mails, registered with lms.notifications. All transactional: part of the work
of those who write, test and moderate scenarios. Everything shown is read when the e-mail leaves.

- The outcome of a review, to a scenario's authors (scenarios.services.moderation): the title
  under review and the moderator's comment; the links lead to "Mes scénarios" on /mon-espace/
  and to the published page, never to the admin.
- The outcome of a "Je l'ai testé", to its author (scenarios.services.feedback).
- A new report, to each moderator (scenarios.services.reports)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import TaskState, WorkflowState

from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage
from scenarios.choices import FeedbackStatus
from scenarios.models import ScenarioFeedback, ScenarioReport
from scenarios.services.feedback import KIND_APPROVED, KIND_REJECTED
from scenarios.services.moderation import KINDS, Outcome
from scenarios.services.reports import KIND_RECEIVED

SECTION_ANCHOR = "#mes-scenarios"


def my_scenarios_url() -> str:
    return settings.SITE_URL + reverse("courses:dashboard") + SECTION_ANCHOR


def reviewer_name(user) -> str:
    return (user.get_full_name() if user is not None else "") or _("L'équipe de modération")


def scenario_of(workflow_state: WorkflowState, revision) -> dict:
    page = workflow_state.content_object
    if page is None:
        raise MessageObsolete("The scenario was deleted.")
    url = page.specific.get_url() if page.live else None
    return {
        # The title as submitted: the page row of a draft keeps its first one until publication.
        "title": revision.object_str if revision is not None else page.draft_title,
        "live_url": (settings.SITE_URL + url if url and url.startswith("/") else url) or None,
        "my_scenarios_url": my_scenarios_url(),
    }


def changes_requested_context(message: OutboxMessage) -> dict:
    task_state = (
        TaskState.objects.select_related("workflow_state", "revision", "finished_by")
        .filter(pk=message.object_id)
        .first()
    )
    if task_state is None:
        raise MessageObsolete("The review was deleted with its scenario.")
    return {
        "scenario": scenario_of(task_state.workflow_state, task_state.revision),
        "reviewer_name": reviewer_name(task_state.finished_by),
        "comment": task_state.get_comment(),
    }


def approved_context(message: OutboxMessage) -> dict:
    workflow_state = (
        WorkflowState.objects.select_related("current_task_state__revision", "current_task_state__finished_by")
        .filter(pk=message.object_id)
        .first()
    )
    if workflow_state is None:
        raise MessageObsolete("The review was deleted with its scenario.")
    task_state = workflow_state.current_task_state
    return {
        "scenario": scenario_of(workflow_state, task_state.revision if task_state else None),
        "reviewer_name": reviewer_name(task_state.finished_by if task_state else None),
    }


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


def feedback_approved_context(message: OutboxMessage) -> dict:
    return _feedback_context(message, FeedbackStatus.APPROVED)


def feedback_rejected_context(message: OutboxMessage) -> dict:
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
    contexts = {Outcome.APPROVED: approved_context, Outcome.CHANGES_REQUESTED: changes_requested_context}
    for outcome, kind in KINDS.items():
        register_kind(NotificationKind(kind, transactional=True, build_context=contexts[outcome]))
    register_kind(NotificationKind(KIND_APPROVED, transactional=True, build_context=feedback_approved_context))
    register_kind(NotificationKind(KIND_REJECTED, transactional=True, build_context=feedback_rejected_context))
    register_kind(NotificationKind(KIND_RECEIVED, transactional=True, build_context=report_context))
