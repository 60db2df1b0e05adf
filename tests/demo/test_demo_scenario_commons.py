"""The demo's scenario commons: approved feedback on three scenarios, shown with their counts,
and the demo EPN's public collection "Ateliers parents"; a second run adds nothing."""

from django.core.management import call_command

import pytest

from lms.notifications.models import OutboxMessage
from scenarios.models import ScenarioCollection, ScenarioFeedback
from tests.helpers.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def test_seed_demo_adds_feedback_and_the_epn_collection(client):
    """Three scenarios are tested; the EPN's collection is public; nothing is e-mailed; idempotent."""
    call_command("seed_demo")
    approved = ScenarioFeedback.objects.filter(status="approved")
    assert approved.values("scenario").distinct().count() == 3
    collection = ScenarioCollection.objects.get(organisation__slug="epn-centre-ardeche", title="Ateliers parents")
    assert collection.items.count() == 2
    assert not OutboxMessage.objects.filter(kind__startswith="scenarios.").exists()
    html = page_text(client.get(f"/scenarios/collections/{collection.slug}/"))
    assert "Les écrans en famille" in html and "Testé 2 fois · utilité 4,5 sur 5" in html
    assert "Testé 2 fois" in page_text(client.get("/scenarios/", {"tri": "plus-testes"}))
    call_command("seed_demo")
    assert ScenarioFeedback.objects.count() == approved.count() == 4
    # The EPN's only (demo/relays.py gives the médiathèque of Le Pouzin its own).
    assert ScenarioCollection.objects.filter(organisation=collection.organisation).count() == 1
    assert collection.items.count() == 2
