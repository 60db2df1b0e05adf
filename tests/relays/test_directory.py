"""The directory /relais/: by commune (then its EPCI, then its département), service and
audience; accent-insensitive; published relays only; query count pinned."""

import pytest

from relays.selectors import DirectoryFilters, directory_search
from tests.relays.conftest import relay

pytestmark = pytest.mark.django_db

ENT = "Parentalité et éducation avec le numérique"
DEMARCHES = "Aide aux démarches administratives"


def names(response) -> list[str]:
    return [profile.organisation.name for profile in response.context["page"].object_list]


class TestDirectorySearch:
    def test_a_commune_lists_its_relays_then_its_epci_then_its_departement(self, client, geography):
        """ "Near Privas" is Privas first, then the EPCI, then Ardèche; never another département."""
        relay(geography["aubenas"], "Médiathèque d'Aubenas", kind="mediatheque")
        relay(geography["flaviac"], "Association de Flaviac", kind="association")
        relay(geography["privas"], "EPN de Privas")
        relay(geography["lyon"], "EPN de Lyon")
        response = client.get("/relais/", {"commune": "privas"})
        assert names(response) == ["EPN de Privas", "Association de Flaviac", "Médiathèque d'Aubenas"]

    def test_the_commune_is_found_without_its_accents_or_with_its_postcode(self, client, geography):
        """ "flaviac", "FLAVIAC" and the postcode find the same relays; a typed accent is optional."""
        geography["flaviac"].name = "Flaviäc"
        geography["flaviac"].save()
        relay(geography["flaviac"], "Association de Flaviac", kind="association")
        assert names(client.get("/relais/", {"commune": "flaviac"})) == ["Association de Flaviac"]
        assert names(client.get("/relais/", {"commune": "FLAVIÄC"})) == ["Association de Flaviac"]

    def test_an_unknown_commune_says_so(self, client, geography):
        """A commune no one can find is said plainly, with no list of unrelated relays."""
        relay(geography["privas"], "EPN de Privas")
        response = client.get("/relais/", {"commune": "Atlantide"})
        assert names(response) == []
        assert "Aucune commune ne correspond à « Atlantide »" in response.content.decode()

    def test_service_and_audience_narrow_the_list(self, client, geography):
        """A service or an audience keeps only the relays that offer it."""
        relay(geography["privas"], "EPN familles", services=[ENT], audiences=["Familles et/ou enfants"])
        relay(geography["privas"], "EPN démarches", services=[DEMARCHES], audiences=["Seniors"])
        service = "parentalite-et-education-avec-le-numerique"
        assert names(client.get("/relais/", {"service": service})) == ["EPN familles"]
        assert names(client.get("/relais/", {"public": "seniors"})) == ["EPN démarches"]
        assert names(client.get("/relais/", {"service": service, "public": "seniors"})) == []

    def test_unpublished_profiles_and_inactive_organisations_are_never_listed(self, client, geography):
        """Only published profiles of active organisations of a relay kind are public."""
        relay(geography["privas"], "Brouillon", is_published=False)
        closed = relay(geography["privas"], "Fermé")
        closed.organisation.is_active = False
        closed.organisation.save()
        relay(geography["privas"], "Agence", kind="regional_agency")
        relay(geography["privas"], "Publié")
        assert names(client.get("/relais/")) == ["Publié"]
        assert client.get("/relais/", {"commune": "privas"}).context["page"].paginator.count == 1

    def test_a_commune_and_a_school_join_by_publishing(self, client, geography):
        """Any commune or school that publishes a profile is a relay."""
        relay(geography["privas"], "Mairie de Privas", kind="commune")
        assert names(client.get("/relais/")) == ["Mairie de Privas"]

    def test_the_list_is_paginated(self, client, geography):
        """Twenty relays a page, the rest on the next page."""
        for index in range(23):
            relay(geography["privas"], f"EPN {index:02d}")
        first = client.get("/relais/")
        assert len(names(first)) == 20
        assert names(client.get("/relais/", {"page": 2})) == ["EPN 20", "EPN 21", "EPN 22"]

    def test_the_page_works_without_javascript_and_has_no_script_of_its_own(self, client, geography):
        """The search is a plain GET form."""
        relay(geography["privas"], "EPN de Privas")
        html = client.get("/relais/", {"commune": "privas"}).content.decode()
        assert '<form method="get" action="/relais/"' in html


class TestPrintableList:
    def test_the_printable_list_has_every_relay_of_the_search_on_one_page(self, client, geography):
        """/relais/imprimer/ lists what the search finds, past the directory's 20 a page, with
        hours and contact, for a noticeboard."""
        for index in range(23):
            relay(geography["privas"], f"EPN {index:02d}", phone="04 75 00 00 00")
        relay(geography["lyon"], "EPN de Lyon")
        response = client.get("/relais/imprimer/", {"commune": "privas"})
        assert [p.organisation.name for p in response.context["profiles"]] == [f"EPN {i:02d}" for i in range(23)]
        html = response.content.decode()
        assert "Mardi et jeudi 14 h – 18 h" in html and "04 75 00 00 00" in html
        assert "EPN de Lyon" not in html


class TestDirectoryQueries:
    def test_two_and_twenty_relays_cost_the_same(self, client, geography, django_assert_num_queries):
        """The directory's queries do not grow with the relays shown."""
        # 1 the commune by INSEE code, 2 by exact name, 3 the candidates with their EPCI and
        # département, 4 the paginator's count, 5 the page of profiles with organisation and territory.
        relay(geography["privas"], "Relais témoin")
        for index in range(2):
            relay(geography["privas"], f"Relais {index:02d}")
        with django_assert_num_queries(5):
            client.get("/relais/", {"commune": "Privas", "service": "aide-aux-demarches-administratives"})
        for index in range(18):
            relay(geography["flaviac"], f"Relais bis {index:02d}")
        with django_assert_num_queries(5):
            response = client.get("/relais/", {"commune": "Privas", "service": "aide-aux-demarches-administratives"})
        assert len(names(response)) == 20


class TestSelector:
    def test_filters_from_an_unknown_key_are_ignored(self):
        """A stale or mistyped service key lists everything rather than nothing."""
        assert DirectoryFilters.from_query({"service": "nimporte-quoi"}).service == ""

    def test_search_without_a_commune_lists_every_published_relay_by_name(self, geography):
        """No commune: every published relay, by name."""
        relay(geography["lyon"], "B")
        relay(geography["privas"], "A")
        result = directory_search(DirectoryFilters())
        assert [p.organisation.name for p in result.profiles] == ["A", "B"]
