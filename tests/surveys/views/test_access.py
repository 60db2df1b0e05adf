"""The 404 matrix: another organisation's response, another agency's campaign."""

from django.urls import reverse

import pytest

from tests.factories.surveys import CampaignFactory, CampaignTargetFactory, ResponseFactory
from tests.surveys.conftest import manager_of, school


@pytest.fixture
def other_school(world, campaign):
    """A second target of the same campaign, with its own head."""
    row = CampaignTargetFactory(campaign=campaign, organisation=school(world.commune))
    row.head = manager_of(row.organisation)
    return row


ORGANISATION_PAGES = ["surveys:answer", "surveys:review", "surveys:results", "surveys:answers_csv"]


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_a_head_cannot_open_another_schools_response(client, target, other_school, name):
    """The other school's pages are a 404 for this school's head."""
    ResponseFactory(campaign=other_school.campaign, organisation=other_school.organisation, status="submitted")
    client.force_login(target.head)
    url = reverse(name, args=[other_school.campaign.pk, other_school.organisation.slug])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_a_campaign_that_does_not_target_the_school_is_a_404(client, world, target, name):
    """Its head cannot open a campaign that was not sent to the school."""
    elsewhere = CampaignFactory(agency=world.agency)
    client.force_login(target.head)
    assert client.get(reverse(name, args=[elsewhere.pk, target.organisation.slug])).status_code == 404


def test_members_and_agency_staff_cannot_answer_for_a_school(client, world, target):
    """Only the school's managers answer: a member or the agency's staff get 404."""
    from tests.factories import MembershipFactory, UserFactory

    teacher = UserFactory()
    MembershipFactory(user=teacher, organisation=target.organisation, role="member")
    for person in (teacher, world.agency_staff):
        client.force_login(person)
        assert (
            client.get(reverse("surveys:answer", args=[target.campaign.pk, target.organisation.slug])).status_code
            == 404
        )


@pytest.mark.parametrize("name", ["surveys:follow"])
def test_another_agencys_campaign_is_a_404(client, world, campaign, name):
    """Staff of another région's agency, and school heads, cannot follow the campaign."""
    for person in (world.other_staff,):
        client.force_login(person)
        assert client.get(reverse(name, args=[campaign.pk])).status_code == 404
    client.force_login(world.agency_staff)
    assert client.get(reverse(name, args=[campaign.pk])).status_code == 200


def test_another_agency_can_neither_extend_nor_reopen(client, world, target):
    """The POST actions are 404 for another agency and change nothing."""
    response = ResponseFactory(campaign=target.campaign, organisation=target.organisation, status="submitted")
    client.force_login(world.other_staff)
    closes_on = target.campaign.closes_on
    assert (
        client.post(reverse("surveys:extend", args=[target.campaign.pk]), {"closes_on": "2099-01-01"}).status_code
        == 404
    )
    assert client.post(reverse("surveys:reopen", args=[target.campaign.pk, response.pk])).status_code == 404
    target.campaign.refresh_from_db()
    response.refresh_from_db()
    assert target.campaign.closes_on == closes_on
    assert response.status == "submitted"


def test_opening_a_campaign_is_for_agency_staff(client, target):
    """A school head gets 404 on the campaign form."""
    client.force_login(target.head)
    assert client.get(reverse("surveys:campaign_create")).status_code == 404


def test_a_campaign_cannot_target_schools_of_another_region(client, world):
    """The département list only offers the agency's région."""
    client.force_login(world.agency_staff)
    page = client.get(reverse("surveys:campaign_create"))
    assert "(D1)</option>" in page.content.decode()
    assert "(D2)</option>" not in page.content.decode()
