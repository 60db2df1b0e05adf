"""The optional home commune on the profile, chosen without JavaScript at /compte/commune/."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import HomeCommune, TerritoryKind
from lms.privacy.registry import user_data_export
from tests.factories import TerritoryFactory, UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ardeche():
    departement = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche")
    privas = TerritoryFactory(code="07186", name="Privas", postcodes=["07000"], departement=departement)
    saint_etienne = TerritoryFactory(
        code="07232", name="Saint-Étienne-de-Lugdarès", postcodes=["07590"], departement=departement
    )
    return privas, saint_etienne


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_profile_offers_the_commune_as_optional(client, member):
    html = page_text(client.get("/compte/"))
    assert "Ma commune" in html
    assert "Facultatif" in html
    assert 'href="/compte/commune/"' in html


def test_search_by_name_without_accents_then_choose(client, member, ardeche):
    """ "saint etienne" finds Saint-Étienne-de-Lugdarès; picking it saves it on the profile."""
    privas, saint_etienne = ardeche
    results = page_text(client.get("/compte/commune/", {"q": "saint etienne"}))
    assert "Saint-Étienne-de-Lugdarès" in results
    assert "07590" in results
    assert f'id="commune-{saint_etienne.pk}"' in results
    assert f'id="commune-{privas.pk}"' not in results
    response = client.post("/compte/commune/", {"q": "saint etienne", "commune": saint_etienne.pk})
    assert response.status_code == 302
    assert response["Location"] == "/compte/"
    assert HomeCommune.objects.get(user=member).commune == saint_etienne
    assert "Saint-Étienne-de-Lugdarès (07)" in page_text(client.get("/compte/"))


@pytest.mark.parametrize("query", ["07000", "07186", "PRIVAS"])
def test_search_by_postcode_code_or_name(client, member, ardeche, query):
    html = page_text(client.get("/compte/commune/", {"q": query}))
    assert "Privas" in html
    assert "1 commune pour" in html


def test_no_choice_is_an_error_next_to_the_list(client, member, ardeche):
    """Submitting without picking, or a forged id, keeps the results and says what to do."""
    for data in ({"q": "privas"}, {"q": "privas", "commune": "999999"}, {"q": "privas", "commune": "abc"}):
        response = client.post("/compte/commune/", data)
        assert response.status_code == 400
        html = page_text(response)
        assert "Choisissez une commune dans la liste." in html
        assert "Privas" in html
    assert not HomeCommune.objects.exists()


def test_merged_or_non_commune_territories_cannot_be_chosen(client, member, ardeche):
    privas, _saint_etienne = ardeche
    merged = TerritoryFactory(code="07999", name="Ancienne commune", is_active=False, successor=privas)
    departement = privas.departement
    for territory in (merged, departement):
        assert client.post("/compte/commune/", {"commune": territory.pk}).status_code == 400
    assert "Ancienne commune" not in page_text(client.get("/compte/commune/", {"q": "ancienne"}))


def test_empty_results_say_so(client, member, ardeche):
    html = page_text(client.get("/compte/commune/", {"q": "zzzz"}))
    assert "Aucune commune ne correspond à « zzzz »" in html


def test_many_results_ask_to_narrow(client, member):
    TerritoryFactory.create_batch(22, name="Villeneuve")
    html = page_text(client.get("/compte/commune/", {"q": "villeneuve"}))
    assert "Les 20 communes les plus peuplées pour « villeneuve »" in html
    assert html.count('name="commune"') == 20
    assert "précisez votre recherche" in html


def test_clear_removes_the_commune(client, member, ardeche):
    privas, _saint_etienne = ardeche
    HomeCommune.objects.create(user=member, commune=privas)
    assert "Retirer ma commune" in page_text(client.get("/compte/commune/"))
    assert client.post("/compte/commune/", {"action": "clear"}).status_code == 302
    assert not HomeCommune.objects.filter(user=member).exists()


def test_query_count_does_not_grow_with_results(client, member, ardeche):
    """3 or 20 results cost the same queries: session, user, current commune, results."""
    TerritoryFactory.create_batch(19, name="Privas-le-Haut", departement=ardeche[0].departement)
    counts = []
    for query in ("saint", "privas"):
        ContentType.objects.clear_cache()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/compte/commune/", {"q": query}).status_code == 200
        counts.append(len(queries))
    assert counts == [4, 4]


def test_home_commune_is_in_the_data_export(member, ardeche):
    HomeCommune.objects.create(user=member, commune=ardeche[0])
    exported = user_data_export(member)
    assert any("Privas" in str(rows) for rows in exported.values())


def test_the_page_needs_a_sign_in(client):
    assert client.get("/compte/commune/")["Location"].startswith("/compte/connexion/")
