"""The Export tab and the members' CSV: exactly the rows of the Membres tab for the same filters,
formulas neutralised, streamed in fixed queries, logged, and 404 for anyone else."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from lms.organisations.models import AuditEntry, MembershipRole
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune(client):
    manager = MembershipFactory(
        role=MembershipRole.MANAGER,
        organisation__slug="mairie-a",
        user=UserFactory(last_name="Maire", audiences=["elected"]),
    )
    client.force_login(manager.user)
    return manager.organisation, manager.user


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_the_export_tab_offers_both_files(client, commune):
    text = page_text(client.get("/organisations/mairie-a/export/"))
    assert 'aria-current="page">Export' in text
    assert "/organisations/mairie-a/export/inscriptions.csv" in text
    assert "/organisations/mairie-a/export/membres.csv" in text


def test_the_members_file_has_the_rows_of_the_tab_with_formulas_neutralised(client, commune):
    organisation, _manager = commune
    MembershipFactory(
        organisation=organisation,
        function="=1+1",
        user=UserFactory(last_name="-Tiret", first_name="@Arobase", audiences=["agent"], last_login=timezone.now()),
    )
    MembershipFactory(organisation=organisation, user=UserFactory(last_name="Parentale", audiences=["parent"]))
    MembershipFactory(user=UserFactory(last_name="Ailleurs"))  # another organisation
    header, *rows = rows_of(client.get("/organisations/mairie-a/export/membres.csv"))
    assert header[:3] == ["Nom", "Prénom", "E-mail ou identifiant"]
    assert sorted(row[0] for row in rows) == ["'-Tiret", "Maire", "Parentale"]
    tricky = next(row for row in rows if row[0] == "'-Tiret")
    assert tricky[1] == "'@Arobase" and tricky[3] == "'=1+1" and tricky[5] == "Agent municipal"
    for filters, expected in (
        ({"public": "agent"}, ["'-Tiret"]),
        ({"etat": "connecte"}, ["'-Tiret", "Maire"]),
        ({"role": "manager"}, ["Maire"]),
        ({"q": "parent"}, ["Parentale"]),
    ):
        _header, *rows = rows_of(client.get("/organisations/mairie-a/export/membres.csv", filters))
        assert sorted(row[0] for row in rows) == expected, filters
        screen = page_text(client.get("/organisations/mairie-a/", filters))
        assert screen.count('<th scope="row">') == len(expected), filters
    assert AuditEntry.objects.filter(organisation=organisation, action="export").count() == 5


@pytest.mark.parametrize("members", [2, 20])
def test_the_members_file_costs_the_same_queries_for_2_or_20_members(client, commune, members):
    organisation, _manager = commune
    for _ in range(members):
        MembershipFactory(organisation=organisation, user=UserFactory(audiences=["agent", "parent"]))
    with CaptureQueriesContext(connection) as queries:
        rows = rows_of(client.get("/organisations/mairie-a/export/membres.csv"))
    assert len(rows) == members + 2
    assert len(queries) == 6, "\n".join(query["sql"][:120] for query in queries)


def test_other_managers_get_404(client, commune):
    client.force_login(MembershipFactory(role=MembershipRole.MANAGER).user)
    for path in ("", "inscriptions.csv", "membres.csv"):
        assert client.get(f"/organisations/mairie-a/export/{path}").status_code == 404
    client.force_login(MembershipFactory(organisation=commune[0]).user)  # a plain member
    assert client.get("/organisations/mairie-a/export/membres.csv").status_code == 404
