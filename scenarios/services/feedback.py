""" "Je l'ai testé": saving one's feedback on a scenario and moderating it."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue
from scenarios.changes import public_content_changed
from scenarios.choices import FeedbackStatus
from scenarios.models import ScenarioFeedback, ScenarioPage

KIND_APPROVED = "scenarios.feedback_approved"
KIND_REJECTED = "scenarios.feedback_rejected"


def feedback_save(
    *,
    user: User,
    scenario: ScenarioPage,
    tested_on: date,
    target: str,
    group_size: int,
    how_it_went: str,
    changes: str,
    usefulness: int,
) -> ScenarioFeedback:
    """Create or replace this person's one feedback on the scenario. Any change goes back to
    moderation: what is shown is always what a moderator read."""
    values = {
        "tested_on": tested_on,
        "target": target,
        "group_size": group_size,
        "how_it_went": how_it_went,
        "changes": changes,
        "usefulness": usefulness,
        "status": FeedbackStatus.PENDING,
        "moderated_by": None,
        "moderated_at": None,
    }
    with transaction.atomic():
        was_shown = ScenarioFeedback.objects.filter(
            user=user, scenario=scenario, status=FeedbackStatus.APPROVED
        ).exists()
        try:
            with transaction.atomic():
                feedback, _created = ScenarioFeedback.objects.update_or_create(
                    user=user, scenario=scenario, defaults=values
                )
        except IntegrityError:
            # The same person's other request (a double click) inserted the row between our
            # read and our insert: the unique constraint kept one row; this post updates it.
            feedback, _created = ScenarioFeedback.objects.update_or_create(
                user=user, scenario=scenario, defaults=values
            )
        if was_shown:  # the approved version leaves the counts and the page
            public_content_changed()
    return feedback


def feedback_moderate(*, feedback: ScenarioFeedback, moderator: User, approve: bool) -> ScenarioFeedback:
    """Approve (shown on the scenario and counted in the listing) or reject; the author hears
    the outcome by e-mail. Deciding again the same way changes nothing and sends nothing."""
    status = FeedbackStatus.APPROVED if approve else FeedbackStatus.REJECTED
    with transaction.atomic():
        locked = ScenarioFeedback.objects.select_for_update().select_related("scenario", "user").get(pk=feedback.pk)
        if locked.status == status:
            return locked
        was_shown = locked.status == FeedbackStatus.APPROVED
        locked.status = status
        locked.moderated_by = moderator
        locked.moderated_at = timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
        outbox_enqueue(
            recipient=locked.user,
            kind=KIND_APPROVED if approve else KIND_REJECTED,
            obj=locked,
            # One e-mail per decision: a feedback edited and decided again is told again.
            step=locked.moderated_at.isoformat(),
        )
        if approve or was_shown:
            public_content_changed()
    return locked
