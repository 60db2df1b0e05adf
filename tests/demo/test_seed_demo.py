from django.core.management import CommandError, call_command

import pytest

from demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD
from lms.accounts.models import User

pytestmark = pytest.mark.django_db


def snapshot():
    users = User.objects.prefetch_related("audiences").order_by("login_id")
    return [
        (
            u.login_id,
            u.email,
            u.first_name,
            u.last_name,
            u.is_staff,
            u.is_superuser,
            u.email_confirmed_at,
            tuple(sorted(a.code for a in u.audiences.all())),
        )
        for u in users
    ]


def test_seed_demo_twice_gives_the_same_rows():
    """Running seed_demo again changes nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    demo_emails = {account.email for account in DEMO_ACCOUNTS}
    assert len([row for row in first if row[1] in demo_emails]) == len(DEMO_ACCOUNTS) == 10


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


def test_seed_demo_creates_the_organisations_and_their_people():
    """The demo commune, school, EPN and agency, with the managers and members of DESIGN.md §4."""
    from lms.organisations.models import Membership, MembershipRole, Organisation
    from lms.organisations.validators import validate_uai

    call_command("seed_demo")
    call_command("seed_demo")
    managers = dict(Membership.objects.current().managers().values_list("user__email", "organisation__slug"))
    assert managers == {
        "maire@exemple.fr": "mairie-de-privas",
        "directrice@exemple.fr": "ecole-des-castagniers-privas",
        "epn@exemple.fr": "epn-centre-ardeche",
        "agence@exemple.fr": "agence-numerique-educatif-ara",
    }
    commune = Organisation.objects.get(slug="mairie-de-privas")
    current = Membership.objects.current().filter(organisation=commune, role=MembershipRole.MEMBER)
    assert 20 <= current.count() <= 30
    assert current.filter(user__email__isnull=True).count() >= 5  # agents without e-mail
    assert Membership.objects.filter(organisation=commune, end_on__isnull=False).count() == 2
    validate_uai(Organisation.objects.get(slug="ecole-des-castagniers-privas").uai)
    # One member group (created once, then left to the manager), in the commune's journal.
    (group,) = commune.member_groups.all()
    assert group.name == "Service enfance"
    assert sorted(group.memberships.values_list("function", flat=True)) == [
        "ATSEM",
        "Animateur périscolaire",
        "Animatrice périscolaire",
        "Responsable de restauration scolaire",
    ]
