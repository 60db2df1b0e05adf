from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from lms.organisations.models import Invitation, InvitationStatus, Membership, MembershipRole, OrganisationKind
from tests.factories import InvitationFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    manager = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a", user__first_name="Michèle")
    return manager.organisation, manager.user


def urls(organisation, membership, invitation):
    base = f"/organisations/{organisation.slug}"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/membres/{membership.pk}/fin/"),
        ("post", f"{base}/membres/{membership.pk}/fin/"),
        ("post", f"{base}/membres/{membership.pk}/role/"),
        ("post", f"{base}/membres/{membership.pk}/code/"),
        ("get", f"{base}/inviter/"),
        ("post", f"{base}/inviter/"),
        ("get", f"{base}/comptes-sans-email/"),
        ("post", f"{base}/comptes-sans-email/"),
        ("get", f"{base}/invitations/{invitation.pk}/retrait/"),
        ("post", f"{base}/invitations/{invitation.pk}/retrait/"),
    ]


@pytest.mark.parametrize("who", ["member", "stranger", "agency_staff", "other_manager"])
def test_every_organisation_url_is_404_for_non_managers(client, commune, who):
    """Members, strangers, agency staff and other organisations' managers get 404, and nothing changes."""
    organisation, _manager = commune
    member = MembershipFactory(organisation=organisation, user__email=None)
    invitation = InvitationFactory(organisation=organisation)
    if who == "member":
        client.force_login(member.user)
    elif who == "stranger":
        client.force_login(UserFactory())
    elif who == "agency_staff":
        agency = MembershipFactory(role=MembershipRole.MANAGER, organisation__kind=OrganisationKind.REGIONAL_AGENCY)
        client.force_login(agency.user)
    else:
        client.force_login(MembershipFactory(role=MembershipRole.MANAGER).user)
    data = {"role": "manager", "email": "x@exemple.fr", "personnes-TOTAL_FORMS": "0"}
    for method, url in urls(organisation, member, invitation):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    member.refresh_from_db()
    assert member.end_on is None and member.role == MembershipRole.MEMBER
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING
    assert not Invitation.objects.filter(email="x@exemple.fr").exists()


def test_a_manager_cannot_reach_another_organisations_membership(client, commune):
    """A forged membership id from commune B, under commune A's slug, is a 404."""
    organisation, manager = commune
    elsewhere = MembershipFactory()
    client.force_login(manager)
    assert client.get(f"/organisations/{organisation.slug}/membres/{elsewhere.pk}/fin/").status_code == 404
    assert client.post(f"/organisations/{organisation.slug}/membres/{elsewhere.pk}/fin/").status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.end_on is None


def test_visitors_are_asked_to_sign_in(client, commune):
    organisation, _manager = commune
    assert client.get(f"/organisations/{organisation.slug}/")["Location"].startswith("/compte/connexion/")


def test_members_tab_lists_searches_and_filters(client, commune):
    """The manager sees current members; search finds by name or e-mail; the role filter works."""
    organisation, manager = commune
    MembershipFactory(organisation=organisation, user__last_name="Coste", user__email=None)
    MembershipFactory(organisation=organisation, user__last_name="Roux", user__email="n.roux@exemple.fr")
    gone = MembershipFactory(organisation=organisation, user__last_name="Partie")
    Membership.objects.filter(pk=gone.pk).update(end_on="2020-01-01")
    client.force_login(manager)
    html = page_text(client.get(f"/organisations/{organisation.slug}/"))
    assert "COSTE" in html and "ROUX" in html and "PARTIE" not in html
    assert "sans e-mail" in html
    assert "3 membres" in html
    found = page_text(client.get(f"/organisations/{organisation.slug}/", {"q": "roux"}))
    assert "ROUX" in found and "COSTE" not in found
    assert "ROUX" in page_text(client.get(f"/organisations/{organisation.slug}/", {"q": "n.roux@"}))
    managers = page_text(client.get(f"/organisations/{organisation.slug}/", {"role": "manager"}))
    assert "1 membre" in managers and 'row">ROUX ' not in managers  # a random manager may be a LEROUX
    empty = page_text(client.get(f"/organisations/{organisation.slug}/", {"q": "introuvable"}))
    assert "Aucun membre ne correspond à cette recherche." in empty


def test_members_tab_paginates(client, commune):
    organisation, manager = commune
    MembershipFactory.create_batch(30, organisation=organisation)
    client.force_login(manager)
    first = page_text(client.get(f"/organisations/{organisation.slug}/"))
    assert "Page 1 sur 2" in first
    assert "page=2" in first
    assert "Page 2 sur 2" in page_text(client.get(f"/organisations/{organisation.slug}/", {"page": 2}))


@pytest.mark.parametrize("extra_rows", [2, 20])
def test_members_tab_query_count_does_not_grow(client, commune, extra_rows):
    """2 or 20 members and invitations cost the same queries: session, user, organisation
    (access), manager count, member count, member rows, pending invitations with their inviter."""
    organisation, manager = commune
    MembershipFactory.create_batch(extra_rows, organisation=organisation)
    InvitationFactory.create_batch(extra_rows, organisation=organisation, invited_by=manager)
    client.force_login(manager)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/organisations/{organisation.slug}/")
    assert response.status_code == 200
    assert len(queries) == 7, [query["sql"] for query in queries]
    assert response.content.decode().count("/retrait/") == extra_rows


def test_ending_a_membership_needs_a_confirmation(client, commune):
    """GET shows what will happen; only the POST ends it."""
    organisation, manager = commune
    member = MembershipFactory(organisation=organisation, user__first_name="Gilles", user__last_name="Fargier")
    client.force_login(manager)
    page = page_text(client.get(f"/organisations/{organisation.slug}/membres/{member.pk}/fin/"))
    assert "Gilles Fargier ne fera plus partie" in page
    member.refresh_from_db()
    assert member.end_on is None
    response = client.post(f"/organisations/{organisation.slug}/membres/{member.pk}/fin/", follow=True)
    assert "Gilles Fargier ne fait plus partie de l'organisation." in page_text(response)
    member.refresh_from_db()
    assert member.end_on is not None


def test_the_last_manager_is_not_offered_to_leave(client, commune):
    """With one manager, the page offers neither stepping down nor leaving."""
    organisation, manager = commune
    client.force_login(manager)
    html = page_text(client.get(f"/organisations/{organisation.slug}/"))
    assert "Retirer le rôle de gestionnaire" not in html
    assert "Retirer de l'organisation" not in html


def test_the_last_manager_sees_why_they_cannot_leave(client, commune):
    organisation, manager = commune
    own = Membership.objects.get(user=manager)
    client.force_login(manager)
    response = client.post(f"/organisations/{organisation.slug}/membres/{own.pk}/fin/", follow=True)
    assert "dernier gestionnaire" in page_text(response)


def test_naming_a_co_manager(client, commune):
    organisation, manager = commune
    member = MembershipFactory(organisation=organisation)
    client.force_login(manager)
    client.post(f"/organisations/{organisation.slug}/membres/{member.pk}/role/", {"role": "manager"})
    member.refresh_from_db()
    assert member.role == MembershipRole.MANAGER


def test_my_organisations_page(client, commune):
    """/organisations/ lists what I manage and what I belong to, with an empty state otherwise."""
    organisation, manager = commune
    school = OrganisationFactory(name="École des Castagniers", kind=OrganisationKind.ECOLE, uai="0079901Z")
    MembershipFactory(user=manager, organisation=school)
    client.force_login(manager)
    html = page_text(client.get("/organisations/"))
    assert organisation.name in html and "École des Castagniers" in html
    assert f'href="/organisations/{organisation.slug}/"' in html
    assert f'href="/organisations/{school.slug}/"' not in html
    client.force_login(UserFactory())
    assert "Vous ne faites partie d'aucune organisation" in page_text(client.get("/organisations/"))


def test_members_tab_filters_by_audience(client, commune):
    organisation, manager = commune
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Agentique", audiences=["agent"]))
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Parentale", audiences=["parent"]))
    client.force_login(manager)
    html = page_text(client.get(f"/organisations/{organisation.slug}/", {"public": "agent"}))
    assert "AGENTIQUE" in html and "PARENTALE" not in html
    assert '<option value="agent" selected>' in html


def test_members_tab_filters_by_account_state(client, commune):
    organisation, manager = commune
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Connectee", last_login=timezone.now()))
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Absente", last_login=None))
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Sansmail", email=None))
    client.force_login(manager)
    url = f"/organisations/{organisation.slug}/"

    def names(state):
        html = page_text(client.get(url, {"etat": state}))
        return {name for name in ("CONNECTEE", "ABSENTE", "SANSMAIL") if name in html}

    assert names("jamais") == {"ABSENTE", "SANSMAIL"}
    assert names("connecte") == {"CONNECTEE"}
    assert names("sans-email") == {"SANSMAIL"}
    assert names("n-importe-quoi") == {"CONNECTEE", "ABSENTE", "SANSMAIL"}
    assert "Aucun membre ne correspond" in page_text(client.get(url, {"etat": "connecte", "q": "Absente"}))
