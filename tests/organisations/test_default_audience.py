"""One rule for the audience of a person a manager brings into an organisation: the CSV import,
the code-account form and an invitation accepted by a newcomer agree, for every kind."""

import pytest

from courses.models import ImportStatus
from courses.services.imports import import_confirm, import_start
from lms.accounts.models import User
from lms.organisations.models import Invitation, MembershipRole, OrganisationKind
from lms.organisations.services.code_accounts import code_accounts_create
from lms.organisations.services.invitations import invitation_accept, invitation_activate, invitation_create
from lms.organisations.services.memberships import default_audience
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

EXPECTED = {
    OrganisationKind.COMMUNE: {"agent"},
    OrganisationKind.EPCI: {"agent"},
    OrganisationKind.DEPARTEMENT: {"agent"},
    OrganisationKind.ECOLE: {"teacher"},
    OrganisationKind.COLLEGE: {"teacher"},
    OrganisationKind.LYCEE: {"teacher"},
    OrganisationKind.EPN: set(),
    OrganisationKind.MEDIATHEQUE: set(),
    OrganisationKind.ASSOCIATION: set(),
    OrganisationKind.ASSOCIATION_ELUS: {"elected"},
    OrganisationKind.REGIONAL_AGENCY: set(),
    OrganisationKind.NATIONAL_AGENCY: set(),
}


def audiences(user: User) -> set[str]:
    return set(user.audiences.values_list("code", flat=True))


def newcomer_accepts(invitation: Invitation, first_name: str) -> User:
    user, _membership = invitation_activate(
        invitation=invitation, first_name=first_name, last_name="Roche", password=None
    )
    return user


def test_every_kind_has_an_expected_audience():
    """The table below covers every kind of organisation, so a new kind must be decided."""
    assert set(EXPECTED) == set(OrganisationKind)


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_the_three_ways_in_give_the_same_audience(kind):
    """A CSV code account, a form code account, and a newcomer accepting an invitation (from the
    form or from a CSV) all get the organisation's default audience, and nothing else."""
    membership = MembershipFactory(role=MembershipRole.MANAGER, organisation__kind=kind)
    organisation, manager = membership.organisation, membership.user
    assert set(filter(None, [default_audience(organisation)])) == EXPECTED[kind]

    member_import = import_start(
        organisation=organisation,
        manager=manager,
        filename="liste.csv",
        data="nom;prénom;e-mail\nCoste;Bernard;\nRoche;Anaïs;anais@exemple.fr\n".encode(),
        course=None,
        due_on=None,
        code_accounts=True,
    )
    assert import_confirm(member_import=member_import, by=manager) is None
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.DONE
    (from_csv,) = User.objects.filter(pk__in=member_import.report["created_user_ids"])

    (printed,) = code_accounts_create(
        organisation=organisation, people=[{"first_name": "Josiane", "last_name": "Marcon"}], created_by=manager
    )
    from_form = User.objects.get(login_id=printed.login_id)

    invited = invitation_create(organisation=organisation, email="ines@exemple.fr", invited_by=manager)
    from_invitation = newcomer_accepts(invited, "Inès")
    from_csv_invitation = newcomer_accepts(Invitation.objects.get(email="anais@exemple.fr"), "Anaïs")

    assert audiences(from_csv) == EXPECTED[kind]
    assert audiences(from_form) == EXPECTED[kind]
    assert audiences(from_invitation) == EXPECTED[kind]
    assert audiences(from_csv_invitation) == EXPECTED[kind]


def test_an_audience_given_in_the_csv_wins_over_the_default():
    """A row's « public » column says which audience; the default fills only a blank one."""
    membership = MembershipFactory(role=MembershipRole.MANAGER, organisation__kind=OrganisationKind.ECOLE)
    member_import = import_start(
        organisation=membership.organisation,
        manager=membership.user,
        filename="liste.csv",
        data="nom;prénom;public\nCoste;Bernard;agent\nMarcon;Josiane;\n".encode(),
        course=None,
        due_on=None,
        code_accounts=True,
    )
    assert import_confirm(member_import=member_import, by=membership.user) is None
    member_import.refresh_from_db()
    created = User.objects.filter(pk__in=member_import.report["created_user_ids"])
    assert {user.last_name: audiences(user) for user in created} == {"Coste": {"agent"}, "Marcon": {"teacher"}}


def test_someone_with_an_account_keeps_their_own_audiences_on_accepting():
    """The default is for accounts created on the way in: a parent joining a school by
    accepting an invitation stays a parent."""
    membership = MembershipFactory(role=MembershipRole.MANAGER, organisation__kind=OrganisationKind.ECOLE)
    parent = UserFactory(email="parent@exemple.fr", audiences=["parent"])
    invitation = invitation_create(organisation=membership.organisation, email=parent.email, invited_by=membership.user)
    invitation_accept(invitation=invitation, user=parent)
    assert audiences(parent) == {"parent"}
