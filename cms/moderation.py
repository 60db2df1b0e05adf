"""Wagtail's workflow signals, and Wagtail's own moderation e-mails kept out of the request.

`connect_moderation_signals`, called from CmsConfig.ready(), does three things:

- connects `on_workflow_signal`, the one handler of `workflow_submitted`, `task_submitted`,
  `task_rejected` and `workflow_approved`, which calls `moderation_notify` (DESIGN.md §2);
- keeps Wagtail's four e-mail notifiers (wagtail.admin.signal_handlers) from being connected.
  They send inside the request, over SMTP, in Wagtail's words ("Salut Alix,"), to every
  superuser. Disconnecting them cannot be done here: wagtail.admin's ready(), which connects
  them, runs after ours (the cms comes first in INSTALLED_APPS). Django connects one receiver
  per (dispatch_uid, sender), so holding Wagtail's uids first makes its own connect() a no-op.
  tests/cms/test_moderation_mail.py checks that no e-mail leaves in the request even for
  people who turned Wagtail's switches back on;
- makes new Wagtail profiles start with those switches off (`profile_switches_off`), as the
  data migration cms/0008 did for the existing ones: they still drive Wagtail's comment
  notifications, which are also sent inside the request.
"""

from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_rejected, task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from cms.services.moderation import ModerationEvent, moderation_notify

EVENTS = {
    workflow_submitted: ModerationEvent.SUBMITTED,
    task_submitted: ModerationEvent.SUBMITTED,
    task_rejected: ModerationEvent.REJECTED,
    workflow_approved: ModerationEvent.APPROVED,
}

# (signal, sender, dispatch_uid) of each notifier wagtail.admin.signal_handlers connects.
WAGTAIL_NOTIFIERS = [
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification"),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification"),
    (workflow_rejected, WorkflowState, "workflow_state_rejected_email_notification"),
    (workflow_approved, WorkflowState, "workflow_state_approved_email_notification"),
]

PROFILE_SWITCHES = [
    "submitted_notifications",
    "approved_notifications",
    "rejected_notifications",
    "updated_comments_notifications",
]


def on_workflow_signal(sender, instance, signal, user=None, **kwargs) -> None:
    if isinstance(instance, WorkflowState):
        workflow_state, task_state = instance, instance.current_task_state
    else:
        workflow_state, task_state = instance.workflow_state, instance
    moderation_notify(event=EVENTS[signal], workflow_state=workflow_state, task_state=task_state, actor=user)


def wagtail_notifier_held(sender, **kwargs) -> None:
    """Occupies the place of one of Wagtail's e-mail notifiers: does nothing."""


def profile_switches_off(sender, instance, **kwargs) -> None:
    """Wagtail creates profiles on demand (UserProfile.get_for_user) with every switch on."""
    if instance._state.adding:
        for name in PROFILE_SWITCHES:
            setattr(instance, name, False)


def connect_moderation_signals() -> None:
    from django.db.models.signals import pre_save

    for signal in EVENTS:
        signal.connect(on_workflow_signal, dispatch_uid=f"cms.moderation.{id(signal)}")
    for signal, sender, uid in WAGTAIL_NOTIFIERS:
        signal.connect(wagtail_notifier_held, sender=sender, dispatch_uid=uid)
    pre_save.connect(profile_switches_off, sender=UserProfile, dispatch_uid="cms.moderation.profile_switches_off")
