"""Wagtail's workflow signals for scenario pages (DESIGN.md §2: connected in the ready() of the
app that owns the pages, each handler calling one service). Only the outcomes the authors hear
about are connected here; submissions reach the moderators through the cms's handler."""

from wagtail.models import WorkflowState
from wagtail.signals import task_rejected, workflow_approved

from scenarios.services.moderation import Outcome, proposal_outcome_notify

OUTCOMES = {task_rejected: Outcome.CHANGES_REQUESTED, workflow_approved: Outcome.APPROVED}


def on_outcome(sender, instance, signal, user=None, **kwargs) -> None:
    if isinstance(instance, WorkflowState):
        workflow_state, task_state = instance, instance.current_task_state
    else:
        workflow_state, task_state = instance.workflow_state, instance
    proposal_outcome_notify(outcome=OUTCOMES[signal], workflow_state=workflow_state, task_state=task_state, actor=user)


def connect_moderation_signals() -> None:
    for signal in OUTCOMES:
        signal.connect(on_outcome, dispatch_uid=f"scenarios.moderation.{id(signal)}")
