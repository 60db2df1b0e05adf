"""The e-mails that tell a scenario's authors how its review ended (scenarios.services.moderation).

Transactional, as the cms's moderation e-mails: part of the work of those who write. Everything
shown is read when the e-mail leaves — the title under review, the moderator's comment — and the
links lead to "Mes scénarios" on /mon-espace/ and to the published page, never to the admin."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from wagtail.models import TaskState, WorkflowState

from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage
from scenarios.services.moderation import KINDS, Outcome

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


def register() -> None:
    contexts = {Outcome.APPROVED: approved_context, Outcome.CHANGES_REQUESTED: changes_requested_context}
    for outcome, kind in KINDS.items():
        register_kind(NotificationKind(kind, transactional=True, build_context=contexts[outcome]))
