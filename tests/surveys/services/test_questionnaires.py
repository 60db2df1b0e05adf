"""Versions: a questionnaire used by a campaign is frozen; saving it makes the next version."""

from datetime import timedelta

from django.utils import timezone

from surveys.models import Questionnaire
from surveys.selectors import latest_closed_campaign, questionnaires_usable, schools_of
from surveys.services.campaigns import campaign_open
from surveys.services.questionnaires import questionnaire_save
from tests.factories.surveys import CampaignFactory, QuestionnaireFactory
from tests.surveys.conftest import school


def open_for(world, questionnaire):
    school(world.commune)
    return campaign_open(
        agency=world.agency,
        questionnaire=questionnaire,
        title="Campagne",
        message="",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timedelta(days=30),
        targets=schools_of(world.departement),
        targets_label="Écoles",
        created_by=world.agency_staff,
    )


def test_an_unused_version_is_edited_in_place(db):
    """Before any campaign, saving changes the version itself."""
    questionnaire = QuestionnaireFactory()
    questionnaire.title = "Nouveau titre"
    saved = questionnaire_save(questionnaire=questionnaire)
    assert saved.pk == questionnaire.pk
    assert Questionnaire.objects.get(pk=questionnaire.pk).title == "Nouveau titre"


def test_opening_a_campaign_freezes_the_version(world):
    """The campaign's version is frozen when the campaign opens."""
    questionnaire = QuestionnaireFactory()
    open_for(world, questionnaire)
    questionnaire.refresh_from_db()
    assert questionnaire.is_frozen


def test_editing_a_frozen_version_saves_the_next_one_with_the_same_keys(world):
    """The frozen row stays as the campaign asked it; the edit becomes version 2, keys kept."""
    questionnaire = QuestionnaireFactory()
    campaign = open_for(world, questionnaire)
    edited = Questionnaire.objects.get(pk=questionnaire.pk)
    body = edited.body.raw_data
    body[0]["value"]["questions"][0]["label"] = "Combien de tablettes en état de marche ?"
    edited.body = body
    edited.title = "Titre revu"
    saved = questionnaire_save(questionnaire=edited)
    assert saved.pk != questionnaire.pk
    assert (saved.family, saved.version, saved.is_frozen) == (questionnaire.family, 2, False)
    frozen = Questionnaire.objects.get(pk=questionnaire.pk)
    assert frozen.title == questionnaire.title
    assert frozen.sections[0].questions[0].label == "Combien de tablettes ?"
    assert saved.sections[0].questions[0].label == "Combien de tablettes en état de marche ?"
    assert [q.key for s in saved.sections for q in s.questions] == [q.key for s in frozen.sections for q in s.questions]
    campaign.refresh_from_db()
    assert campaign.questionnaire_id == questionnaire.pk
    assert list(questionnaires_usable().filter(family=questionnaire.family)) == [saved]


def test_latest_closed_campaign_of_a_family_spans_versions(world):
    """The dashboards compare years through the family, whatever the version."""
    first = QuestionnaireFactory(family="usages", version=1)
    second = QuestionnaireFactory(family="usages", version=2)
    today = timezone.localdate()
    CampaignFactory(questionnaire=first, opens_on=today - timedelta(days=400), closes_on=today - timedelta(days=370))
    last_year = CampaignFactory(
        questionnaire=second, opens_on=today - timedelta(days=40), closes_on=today - timedelta(days=10)
    )
    CampaignFactory(questionnaire=second, opens_on=today, closes_on=today + timedelta(days=10))
    assert latest_closed_campaign("usages", today=today) == last_year
