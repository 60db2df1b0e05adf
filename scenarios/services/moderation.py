"""The outcome of a review, told to a scenario's authors through the outbox.

Contributors never open the Wagtail admin: their e-mails link to "Mes scénarios" on /mon-espace/
(and to the published page), never to the admin. The moderators' e-mail about a submission
stays the cms's (it links to the admin, where they review); the cms leaves out the authors of
pages that tell them themselves (`ScenarioPage.notifies_authors_itself`), so each person gets one
e-mail per outcome.

The rows hang on the task state for a request for changes and on the workflow state for an
approval: a second request after a resubmission is another task state, hence another e-mail,
and a signal received twice gives one.
"""

from enum import StrEnum

from wagtail.models import TaskState, WorkflowState

from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue_many
from scenarios.models import ScenarioPage


class Outcome(StrEnum):
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"


KINDS = {
    Outcome.APPROVED: "scenarios.proposal_approved",
    Outcome.CHANGES_REQUESTED: "scenarios.proposal_changes_requested",
}


def proposal_outcome_notify(
    *, outcome: Outcome, workflow_state: WorkflowState, task_state: TaskState | None, actor: User | None
) -> int:
    """Queue the authors' e-mails about one outcome; returns how many were asked for. Pages other
    than scenarios are the cms's business."""
    page = workflow_state.content_object
    if page is None or not issubclass(page.specific_class, ScenarioPage):
        return 0
    obj = task_state if outcome == Outcome.CHANGES_REQUESTED and task_state is not None else workflow_state
    people = [*ScenarioPage.objects.get(pk=page.pk).authors.filter(is_active=True), workflow_state.requested_by]
    recipients = {
        person.pk: person
        for person in people
        if person is not None and person.is_active and (actor is None or person.pk != actor.pk)
    }
    if not recipients:
        return 0
    return outbox_enqueue_many(kind=KINDS[outcome], items=[(person, obj) for person in recipients.values()])
