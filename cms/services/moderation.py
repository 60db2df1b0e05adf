"""Moderation e-mails: who hears about a submission, an approval or a rejection, through the outbox.

Wagtail's workflow signals reach `cms.moderation.on_workflow_signal`, which calls
`moderation_notify` (DESIGN.md §2). Wagtail's own notifiers would send inside the request, in
its own words, to every superuser; the cms keeps them from being connected (cms.moderation), and
these e-mails leave from the worker, in the product's templates (templates/emails/cms/).

- submitted: the members of the groups that can approve the task (Modérateurs for the catalogue
  review), except whoever submitted;
- approved, rejected: who submitted, and whoever last edited the page if someone else, except
  the person who decided; nobody for a page that tells its authors itself (a scenario).

The rows hang on the task state (submission, rejection) or the workflow state (approval): a
signal received twice, or both `workflow_submitted` and `task_submitted` for the first task,
give one e-mail per person. The page title, the links and the comment are read when the e-mail
leaves (cms.notifications), so the outbox keeps no copy of them.
"""

from enum import StrEnum

from django.db.models import QuerySet

from wagtail.models import TaskState, WorkflowState

from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue_many


class ModerationEvent(StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"


KINDS = {
    ModerationEvent.SUBMITTED: "cms.moderation_submitted",
    ModerationEvent.APPROVED: "cms.moderation_approved",
    ModerationEvent.REJECTED: "cms.moderation_rejected",
}


def moderation_notify(
    *,
    event: ModerationEvent,
    workflow_state: WorkflowState,
    task_state: TaskState | None,
    actor: User | None,
) -> int:
    """Queue the e-mails one moderation event calls for; returns how many were asked for."""
    recipients: QuerySet[User] | list[User]
    if event == ModerationEvent.SUBMITTED:
        if task_state is None:
            return 0
        recipients, obj = reviewers(task_state), task_state
    elif tells_its_own_authors(workflow_state):
        return 0
    else:
        recipients = authors(workflow_state)
        obj = task_state if event == ModerationEvent.REJECTED and task_state is not None else workflow_state
    if actor is not None:
        recipients = [user for user in recipients if user.pk != actor.pk]
    if not recipients:
        return 0
    return outbox_enqueue_many(kind=KINDS[event], items=[(user, obj) for user in recipients])


def tells_its_own_authors(workflow_state: WorkflowState) -> bool:
    """Pages whose app tells their authors of the outcome in its own words (scenarios, whose
    contributors have no admin to be sent to: scenarios.services.moderation)."""
    content = workflow_state.content_object
    return content is not None and getattr(content.specific_class, "notifies_authors_itself", False)


def reviewers(task_state: TaskState) -> QuerySet[User]:
    """Active members of the groups the task names (a group approval task); nobody for a task
    of another kind, which names no group."""
    groups = getattr(task_state.task.specific, "groups", None)
    if groups is None:
        return User.objects.none()
    return User.objects.filter(groups__in=groups.all(), is_active=True).distinct().order_by("pk")


def authors(workflow_state: WorkflowState) -> list[User]:
    """Who submitted, then the author of the latest revision if someone else (both active)."""
    people = [workflow_state.requested_by]
    revision = workflow_state.content_object.get_latest_revision()
    if revision is not None:
        people.append(revision.user)
    unique = {user.pk: user for user in people if user is not None and user.is_active}
    return list(unique.values())
