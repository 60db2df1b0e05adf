"""Query counts of the organisation pages, pinned, and the same for 2 rows as for 20."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import MembershipRole, OrganisationKind
from tests.factories import (
    InvitationFactory,
    ManagerRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def count(client, path):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("rows", [2, 20])
def test_my_organisations_page(client, rows):
    """Session, user, memberships with organisations, my requests, agency check, invitations."""
    person = UserFactory()
    for _ in range(rows):
        MembershipFactory(user=person)
        ManagerRequestFactory(requester=person)
        InvitationFactory(email=person.email)
    client.force_login(person)
    assert count(client, "/organisations/") == 6


@pytest.mark.parametrize("rows", [2, 20])
def test_agency_review_list(client, rows):
    """Session, user, agency check, the reviewer's agencies, request count, request rows."""
    region = TerritoryFactory(kind="region", code="84")
    commune = TerritoryFactory(region=region)
    agency = OrganisationFactory(kind=OrganisationKind.REGIONAL_AGENCY, territory=region)
    staff = MembershipFactory(organisation=agency).user
    for _ in range(rows):
        ManagerRequestFactory(organisation__territory=commune)
    client.force_login(staff)
    assert count(client, "/organisations/demandes/") == 6


@pytest.mark.parametrize("rows", [2, 20])
def test_request_search(client, rows):
    """Session, user, organisations matching by name or place, with their territory."""
    for index in range(rows):
        OrganisationFactory(name=f"Mairie de Trou {index}")
    client.force_login(UserFactory())
    assert count(client, "/organisations/demande/?q=trou") == 3


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/organisations/mairie-a/inviter/", 3),  # session, user, organisation (access)
        ("/organisations/mairie-a/comptes-sans-email/", 3),
        ("/organisations/demande/nouvelle/", 2),  # session, user
    ],
)
def test_manager_forms(client, path, expected):
    manager = MembershipFactory(role=MembershipRole.MANAGER, organisation__slug="mairie-a").user
    client.force_login(manager)
    assert count(client, path) == expected


def test_code_sign_in_page(client):
    """Visitors: no query at all."""
    assert count(client, "/compte/code/") == 0
