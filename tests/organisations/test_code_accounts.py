from django.utils import timezone

import pytest

from lms.accounts.models import AccessCode, User
from lms.organisations.models import Membership, MembershipRole
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client):
    membership = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a")
    client.force_login(membership.user)
    return membership


def rows(*people):
    data = {"personnes-TOTAL_FORMS": "5", "personnes-INITIAL_FORMS": "0"}
    for index, (first, last, function) in enumerate(people):
        data.update(
            {
                f"personnes-{index}-first_name": first,
                f"personnes-{index}-last_name": last,
                f"personnes-{index}-function": function,
            }
        )
    return data


def test_manager_creates_two_code_accounts_and_gets_the_sheet(client, manager):
    """Two agents without e-mail get accounts, memberships and codes shown once on a printable sheet."""
    response = client.post(
        "/organisations/mairie-a/comptes-sans-email/",
        rows(("Bernard", "Coste", "Espaces verts"), ("Josiane", "Marcon", "")),
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = page_text(response)
    created = User.objects.filter(last_name__in=["Coste", "Marcon"])
    assert created.count() == 2
    for user in created:
        assert user.email is None and not user.has_usable_password()
        assert user.login_id in html
        assert Membership.objects.current().get(user=user).organisation == manager.organisation
        assert list(user.audiences.values_list("code", flat=True)) == ["agent"]
    assert html.count("Code personnel") == 2
    assert "/compte/code/" in html
    assert AccessCode.objects.count() == 2


def test_a_half_filled_row_is_flagged_and_nothing_is_created(client, manager):
    """A first name without a last name is flagged on its row; no account is created."""
    response = client.post(
        "/organisations/mairie-a/comptes-sans-email/", rows(("Bernard", "Coste", ""), ("Josiane", "", ""))
    )
    assert response.status_code == 200
    assert "Indiquez le prénom et le nom, ou laissez la ligne vide." in page_text(response)
    assert 'value="Bernard"' in page_text(response)
    assert not User.objects.filter(last_name="Coste").exists()


def test_an_empty_form_asks_for_someone(client, manager):
    response = client.post("/organisations/mairie-a/comptes-sans-email/", rows())
    assert "Indiquez au moins une personne." in page_text(response)


def test_a_lost_sheet_gets_a_new_code(client, manager):
    """From the member list, a new code for a member without e-mail; the old one stops working."""
    client.post("/organisations/mairie-a/comptes-sans-email/", rows(("Bernard", "Coste", "")))
    membership = Membership.objects.get(user__last_name="Coste")
    response = client.post(f"/organisations/mairie-a/membres/{membership.pk}/code/")
    assert response.status_code == 200
    assert membership.user.login_id in page_text(response)
    assert AccessCode.objects.filter(user=membership.user).count() == 2
    usable = AccessCode.objects.filter(user=membership.user, used_at__isnull=True, expires_at__gt=timezone.now())
    assert usable.count() == 1  # the old code stopped working


def test_no_code_for_members_with_an_email(client, manager):
    """Someone with an e-mail signs in by link: no code is printed for them."""
    member = MembershipFactory(organisation=manager.organisation)
    assert client.post(f"/organisations/mairie-a/membres/{member.pk}/code/").status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_code_pages_are_404_for_non_managers(client, manager, method):
    """Members and strangers get 404 on the code pages, and nothing is created."""
    member = MembershipFactory(organisation=manager.organisation, user__email=None)
    for user in [member.user, UserFactory()]:
        client.force_login(user)
        assert (
            getattr(client, method)("/organisations/mairie-a/comptes-sans-email/", rows(("A", "B", ""))).status_code
            == 404
        )
        assert client.post(f"/organisations/mairie-a/membres/{member.pk}/code/").status_code == 404
    assert not AccessCode.objects.exists()


def test_at_most_twenty_people_at_once(client, manager):
    """A forged form with 60 rows is refused whole."""
    data = rows(*[(f"Prénom{i}", f"Nom{i}", "") for i in range(60)])
    data["personnes-TOTAL_FORMS"] = "60"
    response = client.post("/organisations/mairie-a/comptes-sans-email/", data)
    assert response.status_code == 200
    assert not User.objects.filter(last_name__startswith="Nom").exists()


@pytest.mark.parametrize("elsewhere", ["manager_elsewhere", "member_elsewhere", "staff"])
def test_no_new_code_for_someone_who_matters_elsewhere(client, manager, elsewhere):
    """A code signs its holder in: never for staff, or for someone in an organisation this manager
    does not manage (that would hand over their account there)."""
    member = MembershipFactory(organisation=manager.organisation, user__email=None)
    if elsewhere == "staff":
        member.user.is_staff = True
        member.user.save()
    else:
        role = MembershipRole.MANAGER if elsewhere == "manager_elsewhere" else MembershipRole.MEMBER
        MembershipFactory(user=member.user, role=role)
    assert client.post(f"/organisations/mairie-a/membres/{member.pk}/code/").status_code == 404
    assert not AccessCode.objects.exists()


def test_code_accounts_store_names_without_bidi_characters(client, manager):
    """A right-to-left override (U+202E) typed by a manager is not stored, nor printed on the sheet."""
    response = client.post("/organisations/mairie-a/comptes-sans-email/", rows(("Bernard\u202e", "\u2066Coste", "")))
    assert "\u202e" not in page_text(response)
    user = User.objects.get(last_name="Coste")
    assert user.first_name == "Bernard"
