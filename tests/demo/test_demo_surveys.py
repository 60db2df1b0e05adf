from django.core.management import call_command
from django.utils import timezone

import pytest

from lms.notifications.models import OutboxMessage
from surveys.models import Answer, Campaign, Response
from surveys.selectors import campaign_aggregates, latest_closed_campaign

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Campaign.objects.order_by("pk").values_list("title", "questionnaire__family", "closes_on")),
        list(Response.objects.order_by("pk").values_list("organisation__slug", "status")),
        list(Answer.objects.order_by("pk").values_list("key", "choice", "number", "text")),
    )


def test_seed_demo_adds_two_closed_campaigns_and_an_open_one_once():
    """Last year's and this year's closed campaigns, answered by 35 schools of Ardèche with the same
    keys and varied answers; an open campaign the demo school is invited to and has not answered.
    A second run changes nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    today = timezone.localdate()
    closed = Campaign.objects.closed_on(today).order_by("closes_on")
    assert closed.count() == 2
    for campaign in closed:
        responses = Response.objects.filter(campaign=campaign, status="submitted")
        assert responses.count() >= 30
        assert responses.filter(organisation__slug="ecole-des-castagniers-privas").exists()
    last, this = closed
    assert set(Answer.objects.filter(response__campaign=last).values_list("key", flat=True)) == set(
        Answer.objects.filter(response__campaign=this).values_list("key", flat=True)
    )
    assert latest_closed_campaign("usages-ecole", today=today) == this
    aggregate = campaign_aggregates(this)["07"]
    assert not aggregate.suppressed
    assert len(aggregate.choices["connexion"]) >= 3  # varied, not all the same answer
    opened = Campaign.objects.open_on(today).get()
    assert not Response.objects.filter(campaign=opened).exists()
    assert OutboxMessage.objects.filter(kind="surveys.invitation", recipient__email="directrice@exemple.fr").exists()
