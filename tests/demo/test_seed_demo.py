from django.core.management import CommandError, call_command

import pytest

from demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD
from lms.accounts.models import User

pytestmark = pytest.mark.django_db


def snapshot():
    return sorted(
        (
            u.email,
            u.login_id,
            u.first_name,
            u.last_name,
            u.is_staff,
            u.is_superuser,
            tuple(u.audiences.values_list("code", flat=True)),
        )
        for u in User.objects.prefetch_related("audiences")
    )


def test_seed_demo_twice_gives_the_same_rows():
    """Running seed_demo again changes nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert len(first) == len(DEMO_ACCOUNTS) == 10


def test_every_demo_account_signs_in(client):
    """Each demo account of DESIGN.md §4 signs in with the shared demo password."""
    call_command("seed_demo")
    for account in DEMO_ACCOUNTS:
        client.logout()
        response = client.post("/compte/connexion/", {"username": account.email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, account.email


def test_seed_demo_is_refused_under_production_settings(settings):
    """Demo accounts share a published password, so production refuses them."""
    settings.PASSERELLE_ALLOW_DEMO = False
    with pytest.raises(CommandError, match="refused under production"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_loads_ardeche_and_its_region():
    """The demo has the real territories of Ardèche (07), its région, and Privas."""
    from lms.organisations.models import Territory, TerritoryKind

    call_command("seed_demo")
    call_command("seed_demo")
    privas = Territory.objects.get(kind=TerritoryKind.COMMUNE, code="07186")
    assert privas.name == "Privas"
    assert privas.region.name == "Auvergne-Rhône-Alpes"
    assert Territory.objects.filter(kind=TerritoryKind.COMMUNE, departement__code="07", is_active=True).count() == 335
