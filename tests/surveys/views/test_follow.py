"""The follow-up page costs the same number of queries at 10 and 1,000 target organisations."""

from django.urls import reverse

import pytest

from lms.organisations.models import Organisation
from surveys.models import CampaignTarget, Response
from tests.factories import TerritoryFactory


def add_targets(world, campaign, count):
    """`count` schools in as many communes, a third of them responding, in bulk."""
    start = Organisation.objects.count()
    communes = [
        TerritoryFactory(
            code=f"X{start + index:05d}", departement=world.departement, epci=world.epci, region=world.region
        )
        for index in range(min(count, 20))
    ]
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                kind="ecole",
                name=f"École {start + index}",
                slug=f"ecole-{start + index}",
                territory=communes[index % len(communes)],
            )
            for index in range(count)
        ]
    )
    CampaignTarget.objects.bulk_create([CampaignTarget(campaign=campaign, organisation=o) for o in organisations])
    Response.objects.bulk_create(
        [Response(campaign=campaign, organisation=o, status="submitted") for o in organisations[::3]]
    )


@pytest.mark.parametrize("count", [10, 1000])
def test_follow_up_query_count_is_flat(client, world, campaign, count, django_assert_num_queries):
    """Session and user (2), the agencies of the viewer (1), the campaign (1), the rates per
    département and per EPCI (2), the targets' count and page (2), plus the session's
    savepoints; the same at 10 and 1,000 targets."""
    add_targets(world, campaign, count)
    client.force_login(world.agency_staff)
    client.get(reverse("surveys:follow", args=[campaign.pk]))  # warm caches (site, content types)
    with django_assert_num_queries(8):
        page = client.get(reverse("surveys:follow", args=[campaign.pk]))
    assert page.status_code == 200
    assert f"Organisations ciblées : {count} ;" in page.content.decode()


def test_campaign_list_spells_the_month_out(client, world, campaign):
    """The agency's list reads "du 6 octobre 2025", not an abbreviated month."""
    from datetime import date

    from surveys.models import Campaign

    Campaign.objects.filter(pk=campaign.pk).update(opens_on=date(2025, 10, 6), closes_on=date(2025, 11, 7))
    client.force_login(world.agency_staff)
    assert "du 6 octobre 2025 au 7 novembre 2025" in client.get(reverse("surveys:index")).content.decode()
