"""The demo relays: the EPN of Privas and the médiathèque of Le Pouzin, loaded once."""

from django.core.management import call_command

import pytest

from demo.relays import EPN_SESSION, MEDIATHEQUE_SESSION
from facetoface.models import TrainingSession
from relays.models import RelayProfile
from scenarios.models import ScenarioCollection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_seed_demo_loads_the_relays_once_and_a_parent_finds_the_epn_near_privas(client):
    """Twice seeded, the same rows; searching "privas" for help with the ENT lists the EPN first,
    then the médiathèque of its intercommunalité, and the EPN's page shows its next session."""
    call_command("seed_demo")
    counts = (RelayProfile.objects.count(), TrainingSession.objects.count(), ScenarioCollection.objects.count())
    call_command("seed_demo")
    assert (RelayProfile.objects.count(), TrainingSession.objects.count(), ScenarioCollection.objects.count()) == counts
    assert set(RelayProfile.objects.published().values_list("organisation__slug", flat=True)) == {
        "epn-centre-ardeche",
        "mediatheque-le-pouzin",
    }
    response = client.get("/relais/", {"commune": "privas", "service": "parentalite-et-education-avec-le-numerique"})
    listed = [profile.organisation.name for profile in response.context["page"].object_list]
    assert listed == ["Espace numérique Centre Ardèche", "Médiathèque du Pouzin"]
    epn_page = client.get("/relais/epn-centre-ardeche/")
    assert epn_page.context["sessions"][0].title == EPN_SESSION
    assert epn_page.context["collections"] and epn_page.context["courses"]
    mediatheque_page = client.get("/relais/mediatheque-le-pouzin/")
    assert [s.title for s in mediatheque_page.context["sessions"]] == [MEDIATHEQUE_SESSION]
    assert mediatheque_page.context["collections"][0].item_count == 2
