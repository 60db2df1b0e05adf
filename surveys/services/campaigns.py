"""Opening a campaign, inviting the target organisations' managers, extending it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue_many
from lms.organisations.models import Membership, Organisation
from surveys.models import Campaign, CampaignTarget, Questionnaire
from surveys.notifications import INVITATION
from surveys.services.questionnaires import questionnaire_freeze

BATCH = 500


@transaction.atomic
def campaign_open(
    *,
    agency: Organisation,
    questionnaire: Questionnaire,
    title: str,
    message: str,
    opens_on: date,
    closes_on: date,
    targets: QuerySet[Organisation],
    targets_label: str,
    created_by: User,
) -> Campaign:
    """Create the campaign, freeze its questionnaire version, record its targets and invite
    their current managers (one e-mail per manager and organisation, through the outbox)."""
    if closes_on < opens_on:
        raise ValidationError(_("La clôture doit suivre l'ouverture."))
    if closes_on < timezone.localdate():
        raise ValidationError(_("La date de clôture est déjà passée."))
    target_ids = list(targets.order_by().values_list("pk", flat=True).distinct())
    if not target_ids:
        raise ValidationError(_("Aucune organisation ne correspond à ce choix."))
    questionnaire_freeze(questionnaire=questionnaire)
    campaign = Campaign.objects.create(
        questionnaire=questionnaire,
        agency=agency,
        title=title,
        message=message,
        opens_on=opens_on,
        closes_on=closes_on,
        targets_label=targets_label,
        created_by=created_by,
    )
    CampaignTarget.objects.bulk_create(
        [CampaignTarget(campaign=campaign, organisation_id=pk) for pk in target_ids], batch_size=BATCH
    )
    campaign_invite(campaign=campaign)
    return campaign


def campaign_invite(*, campaign: Campaign) -> int:
    """Invite the current managers of every target (again: the outbox keeps one row each)."""
    managers = (
        Membership.objects.current()
        .managers()
        .filter(organisation__survey_targets__campaign=campaign, user__is_active=True)
        .select_related("user")
    )
    targets = {
        target.organisation_id: target
        for target in CampaignTarget.objects.filter(campaign=campaign).only("pk", "organisation_id")
    }
    items: list[tuple[User, Model]] = [
        (membership.user, targets[membership.organisation_id]) for membership in managers
    ]
    return outbox_enqueue_many(kind=INVITATION, items=items)


@transaction.atomic
def campaign_extend(*, campaign: Campaign, closes_on: date) -> Campaign:
    """Push the closing date back. The reminders follow the new date (their step names it)."""
    if closes_on <= campaign.closes_on:
        raise ValidationError(_("Choisissez une date postérieure à la clôture actuelle."))
    campaign.closes_on = closes_on
    campaign.save(update_fields=["closes_on"])
    return campaign
