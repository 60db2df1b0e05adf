"""Opening a campaign: its targets and the invitations of their managers."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from lms.notifications.models import OutboxMessage
from surveys.models import CampaignTarget
from surveys.notifications import INVITATION
from surveys.selectors import communes_of, schools_of
from surveys.services.campaigns import campaign_extend, campaign_open
from tests.factories.organisations import OrganisationFactory
from tests.factories.surveys import QuestionnaireFactory
from tests.surveys.conftest import manager_of, school


def open_campaign(world, targets, **overrides):
    options = {
        "agency": world.agency,
        "questionnaire": QuestionnaireFactory(),
        "title": "Enquête 2026",
        "message": "Merci de votre aide.",
        "opens_on": timezone.localdate(),
        "closes_on": timezone.localdate() + timedelta(days=30),
        "targets": targets,
        "targets_label": "Écoles",
        "created_by": world.agency_staff,
    }
    return campaign_open(**{**options, **overrides})


def test_schools_of_a_departement_are_targeted_and_their_managers_invited(world, django_capture_on_commit_callbacks):
    """Every school of the département is a target; each current manager gets one invitation."""
    first, second = school(world.commune), school(world.commune)
    school(world.other_commune)  # another département
    OrganisationFactory(kind="commune", territory=world.commune)  # not a school
    heads = [manager_of(first), manager_of(first), manager_of(second)]
    with django_capture_on_commit_callbacks():
        campaign = open_campaign(world, schools_of(world.departement))
    assert set(CampaignTarget.objects.filter(campaign=campaign).values_list("organisation", flat=True)) == {
        first.pk,
        second.pk,
    }
    invited = OutboxMessage.objects.filter(kind=INVITATION)
    assert sorted(invited.values_list("recipient", flat=True)) == sorted(head.pk for head in heads)
    assert set(invited.values_list("object_type", flat=True)) == {"surveys.campaigntarget"}


def test_communes_of_a_departement(world):
    """Communes of the département only."""
    town = OrganisationFactory(kind="commune", territory=world.commune)
    OrganisationFactory(kind="commune", territory=world.other_commune)
    assert list(communes_of(world.departement)) == [town]


def test_no_target_no_campaign(world):
    """A choice that matches no organisation opens nothing."""
    with pytest.raises(ValidationError):
        open_campaign(world, schools_of(world.departement))


def test_extending_only_pushes_back(world):
    """The closing date moves later, never earlier."""
    school(world.commune)
    campaign = open_campaign(world, schools_of(world.departement))
    with pytest.raises(ValidationError):
        campaign_extend(campaign=campaign, closes_on=campaign.closes_on)
    later = campaign.closes_on + timedelta(days=7)
    assert campaign_extend(campaign=campaign, closes_on=later).closes_on == later


def test_the_invitation_email_links_to_the_form(world, django_capture_on_commit_callbacks):
    """The e-mail names the organisation and the agency and links to the school's form."""
    from django.core import mail

    from lms.notifications.services.outbox import outbox_send

    organisation = school(world.commune, "École des Mûriers")
    manager_of(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        campaign = open_campaign(world, schools_of(world.departement))
    outbox_send(limit=10)
    message = mail.outbox[-1]
    assert message.subject == "Enquête à remplir : « Enquête 2026 »"
    assert "Agence d'essai invite École des Mûriers" in message.body
    assert f"/enquetes/{campaign.pk}/{organisation.slug}/" in message.body
