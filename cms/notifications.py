"""The moderation e-mails (cms.services.moderation), registered with lms.notifications.

They are transactional: they are part of the work of those who write and review content, like
an invitation, and carry no unsubscribe link (the preference groups are the learners' and the
managers'). Everything shown is read when the e-mail leaves: the title of the revision under
review, the reviewer's comment, and links to the page in the Wagtail admin."""

from django.conf import settings
from django.utils.translation import gettext as _

from wagtail.models import TaskState, WorkflowState

from cms.services.moderation import KINDS, ModerationEvent
from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage


def admin_url(obj) -> str:
    from wagtail.admin.admin_url_finder import AdminURLFinder  # loads every wagtail_hooks module

    path = AdminURLFinder().get_edit_url(obj)
    if not path:
        raise MessageObsolete("The content has no edit page in the admin any more.")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def content_of(workflow_state: WorkflowState, revision=None) -> dict:
    content = workflow_state.content_object
    if content is None:
        raise MessageObsolete("The content under review was deleted.")
    return {
        # The title as submitted: the page's own may still be its previous, published one.
        "title": revision.object_str if revision is not None else str(content),
        "edit_url": admin_url(content),
        "live_url": live_url(content),
    }


def live_url(content) -> str | None:
    """The public address of a live page, on SITE_URL as the product's other e-mails."""
    if not getattr(content, "live", False):
        return None
    url = content.specific.get_url()
    if not url:
        return None
    return settings.SITE_URL + url if url.startswith("/") else url


def name_of(user, fallback: str) -> str:
    return (user.get_full_name() or user.email or fallback) if user is not None else fallback


def task_state_of(message: OutboxMessage) -> TaskState:
    task_state = (
        TaskState.objects.select_related("workflow_state__requested_by", "revision", "finished_by", "task")
        .filter(pk=message.object_id)
        .first()
    )
    if task_state is None:
        raise MessageObsolete("The review was deleted with its page.")
    return task_state


def submitted_context(message: OutboxMessage) -> dict:
    task_state = task_state_of(message)
    if task_state.status != TaskState.STATUS_IN_PROGRESS:
        raise MessageObsolete("The page was reviewed, or the submission cancelled, before the e-mail left.")
    return {
        "content": content_of(task_state.workflow_state, task_state.revision),
        "submitter_name": name_of(task_state.workflow_state.requested_by, _("Une personne de l'équipe")),
    }


def rejected_context(message: OutboxMessage) -> dict:
    task_state = task_state_of(message)
    return {
        "content": content_of(task_state.workflow_state, task_state.revision),
        "reviewer_name": name_of(task_state.finished_by, _("L'équipe de modération")),
        "comment": task_state.get_comment(),
    }


def approved_context(message: OutboxMessage) -> dict:
    workflow_state = (
        WorkflowState.objects.select_related("current_task_state__revision", "current_task_state__finished_by")
        .filter(pk=message.object_id)
        .first()
    )
    if workflow_state is None:
        raise MessageObsolete("The review was deleted with its page.")
    task_state = workflow_state.current_task_state
    return {
        "content": content_of(workflow_state, task_state.revision if task_state else None),
        "reviewer_name": name_of(task_state.finished_by if task_state else None, _("L'équipe de modération")),
    }


def register() -> None:
    contexts = {
        ModerationEvent.SUBMITTED: submitted_context,
        ModerationEvent.APPROVED: approved_context,
        ModerationEvent.REJECTED: rejected_context,
    }
    for event, kind in KINDS.items():
        register_kind(NotificationKind(kind, transactional=True, build_context=contexts[event]))
