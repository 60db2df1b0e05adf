"""Answering: one response per organisation, saved section by section, submitted, reopened."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from surveys.models import Answer, Response, ResponseStatus
from surveys.selectors import response_answers
from surveys.services.responses import (
    ResponseClosed,
    response_reopen,
    response_save_section,
    response_submit,
)
from tests.factories.surveys import ResponseFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.surveys.conftest import FIRST_SECTION, SECOND_SECTION, manager_of


def save(target, index, data, user=None):
    return response_save_section(
        campaign=target.campaign, organisation=target.organisation, user=user or target.head, index=index, data=data
    )


def test_the_database_refuses_a_second_response(target):
    """One response per organisation and campaign, by constraint."""
    ResponseFactory(campaign=target.campaign, organisation=target.organisation)
    with pytest.raises(IntegrityError):
        ResponseFactory(campaign=target.campaign, organisation=target.organisation)


def test_a_section_with_errors_stores_nothing(target):
    """Errors come back by question, and no response is started."""
    response, errors = save(target, 0, {"tablettes": ["beaucoup"], "connectee": ["oui"]})
    assert response is None
    assert errors == {
        "tablettes": "Saisissez un nombre, par exemple 12 ou 3,5.",
        "connexion": "Choisissez une réponse.",
    }
    assert not Response.objects.exists()


def test_autosave_and_resume_by_another_manager(target):
    """Each section is saved as it is sent; another manager of the school finds it and goes on."""
    response, errors = save(target, 0, FIRST_SECTION)
    assert errors == {}
    assert response.sections_done == 1
    colleague = manager_of(target.organisation)
    response, errors = save(target, 1, SECOND_SECTION, user=colleague)
    assert errors == {}
    assert Response.objects.get().updated_by == colleague
    assert response_answers(response) == {
        "tablettes": 12,
        "connectee": "oui",
        "connexion": "fibre",
        "cycles": ["cycle1", "cycle2"],
        "usage_cycle1": "souvent",
        "satisfaction": 4,
    }


def test_changing_an_answer_drops_the_answers_it_now_hides(target):
    """Answering « non » to the connection removes the earlier « fibre »: a hidden question keeps no answer."""
    response, _errors = save(target, 0, FIRST_SECTION)
    save(target, 0, {"tablettes": ["12"], "connectee": ["non"], "connexion": ["fibre"]})
    assert not Answer.objects.filter(response=response, key="connexion").exists()


def test_submit_needs_every_visible_required_answer_then_freezes(target):
    """Submitting refuses a partial response; once sent, saving is refused until the agency reopens."""
    response, _errors = save(target, 0, FIRST_SECTION)
    with pytest.raises(ValidationError):
        response_submit(response=response, user=target.head)
    save(target, 1, SECOND_SECTION)
    response = response_submit(response=response, user=target.head)
    assert response.status == ResponseStatus.SUBMITTED
    with pytest.raises(ResponseClosed):
        save(target, 0, FIRST_SECTION)
    response_reopen(response=response)
    _response, errors = save(target, 0, {**FIRST_SECTION, "tablettes": ["15"]})
    assert errors == {}
    assert response_answers(Response.objects.get())["tablettes"] == 15


def test_a_hidden_required_question_does_not_block_submission(target):
    """A school without cycle 1 never answers the cycle 1 question, required as it is."""
    response, _errors = save(target, 0, {"tablettes": ["3"], "connectee": ["non"]})
    save(target, 1, {"cycles": ["cycle2"], "satisfaction": ["2"]})
    assert response_submit(response=response, user=target.head).is_submitted


@pytest.mark.usefixtures("transactional_site")
def test_two_managers_saving_their_first_section_at_once_share_one_response(world, campaign):
    """Two concurrent first saves end on one response, neither crashing."""
    from tests.factories.surveys import CampaignTargetFactory
    from tests.surveys.conftest import school

    organisation = school(world.commune)
    target = CampaignTargetFactory(campaign=campaign, organisation=organisation)
    heads = [manager_of(organisation), manager_of(organisation)]

    def first_save(index):
        from surveys.models import Campaign

        return save_in_worker(Campaign.objects.get(pk=campaign.pk), organisation, heads[index])

    def save_in_worker(fresh_campaign, org, user):
        response, errors = response_save_section(
            campaign=fresh_campaign, organisation=org, user=user, index=0, data=FIRST_SECTION
        )
        return response.pk, errors

    outcomes = run_concurrently(first_save, workers=2)
    assert_no_crash(outcomes)
    assert Response.objects.filter(campaign=campaign, organisation=target.organisation).count() == 1
    assert {outcome.value[0] for outcome in outcomes} == {Response.objects.get().pk}
    assert Answer.objects.filter(key="tablettes").count() == 1
