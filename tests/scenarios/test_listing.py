"""/scenarios/: filters kept in the URL, accent-insensitive search over the steps as well as the
title, newest first, pagination, published scenarios only, and a query count that does not grow."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from tests.factories.scenarios import ScenarioPageFactory, published_scenario, step
from tests.helpers.pages import database_cache_queries, page_text

# The listing's queries whatever its size: see test_listing_query_count_does_not_grow.
LISTING_QUERIES = 13

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def titles(client, **params) -> list[str]:
    html = client.get("/scenarios/", params).content.decode()
    return [re.sub(r"<[^>]+>", "", found).strip() for found in re.findall(r'course-card__title"[^>]*>(.*?)</h3>', html)]


@pytest.fixture
def scenarios():
    # Published in this order: the listing shows the newest first.
    published_scenario(
        "Atelier parents",
        duration_minutes=90,
        facets={
            "levels": [],
            "publics": ["parents"],
            "subjects": ["hors-discipline"],
            "equipment": ["aucun"],
            "competences": ["2.2", "4.3"],
        },
        steps=[step("Les écrans à la maison", 90, leader="On parle du temps d'écran en famille.")],
    )
    published_scenario(
        "Robots au cycle 2",
        duration_minutes=45,
        facets={"levels": ["cycle2"], "subjects": ["mathematiques"], "equipment": ["robots"], "competences": ["3.4"]},
    )
    published_scenario(
        "Écrire un article en cycle 3",
        duration_minutes=55,
        facets={
            "levels": ["cycle3"],
            "subjects": ["francais"],
            "equipment": ["tablettes"],
            "competences": ["2.1", "3.1"],
        },
    )


def test_every_published_scenario_shows_newest_first(client, scenarios):
    """Drafts never show; the newest publication comes first."""
    ScenarioPageFactory(title="Brouillon", live=False)
    assert titles(client) == ["Écrire un article en cycle 3", "Robots au cycle 2", "Atelier parents"]


def test_a_restricted_scenario_is_not_listed(client, scenarios):
    """A scenario behind a view restriction (sign-in or password) stays out of the listing and
    its search, like a draft; the others stay."""
    from wagtail.models import PageViewRestriction

    from scenarios.models import ScenarioPage

    private = ScenarioPage.objects.get(title="Atelier parents")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert "Atelier parents" not in titles(client)
    assert "Robots au cycle 2" in titles(client)
    assert titles(client, q="ecrans") == []
    assert client.get(private.url).status_code == 302


def test_a_scenario_in_moderation_shows_its_published_title_only(client, scenarios):
    """A change waiting for review is not what visitors read."""
    from scenarios.models import ScenarioPage

    page = ScenarioPage.objects.get(title="Robots au cycle 2")
    page.title = "Robots (version en relecture)"
    page.save_revision()
    assert "Robots (version en relecture)" not in page_text(client.get("/scenarios/"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"pour": "cycle3"}, ["Écrire un article en cycle 3"]),
        ({"pour": "parents"}, ["Atelier parents"]),
        ({"discipline": "mathematiques"}, ["Robots au cycle 2"]),
        ({"competence": "2.1"}, ["Écrire un article en cycle 3"]),
        ({"competence": "2.2"}, ["Atelier parents"]),
        ({"duree": "moins-de-45-min"}, ["Robots au cycle 2"]),
        ({"duree": "45-min-a-1-h-30"}, ["Écrire un article en cycle 3", "Atelier parents"]),
        ({"materiel": "robots"}, ["Robots au cycle 2"]),
        ({"pour": "cycle3", "competence": "2.1"}, ["Écrire un article en cycle 3"]),
        ({"pour": "cycle3", "competence": "2.2"}, []),
        # Unknown values filter nothing rather than erroring.
        (
            {"pour": "cycle9", "competence": "<script>"},
            ["Écrire un article en cycle 3", "Robots au cycle 2", "Atelier parents"],
        ),
    ],
)
def test_filters(client, scenarios, params, expected):
    """Each filter narrows the listing; combined, they all apply."""
    assert titles(client, **params) == expected


def test_filters_stay_selected_in_the_form(client, scenarios):
    """The form shows the filters of the URL, so a shared link reads as it filters."""
    html = page_text(client.get("/scenarios/", {"pour": "cycle3", "competence": "2.1"}))
    assert '<option value="cycle3" selected>' in html
    assert '<option value="2.1" selected>' in html


@pytest.mark.parametrize("query", ["ecrans", "ÉCRANS", "écrans", "ecran"])
def test_search_ignores_accents_and_reads_the_steps(client, scenarios, query):
    """ "ecrans" finds the step titled "Les écrans à la maison" of a scenario whose title lacks it."""
    assert titles(client, q=query) == ["Atelier parents"]


def test_search_finds_titles_and_combines_with_filters(client, scenarios):
    """A word of the title matches; a filter still applies to the results."""
    assert titles(client, q="robots") == ["Robots au cycle 2"]
    assert titles(client, q="robots", pour="cycle3") == []


def test_search_never_finds_a_draft(client, scenarios):
    """Drafts are out of search results too."""
    ScenarioPageFactory(title="Brouillon sur les écrans", live=False)
    assert "Brouillon sur les écrans" not in titles(client, q="ecrans")


@pytest.mark.parametrize("query", ['"', "écran*", "a AND (b", "NEAR(", "\x00écran", "l'écran", "-"])
def test_odd_search_input_is_never_an_error(client, scenarios, query):
    """Quotes, operators and control characters are typing, not search syntax."""
    assert client.get("/scenarios/", {"q": query}).status_code == 200


def test_an_empty_result_suggests_removing_a_filter(client, scenarios):
    """No result: the page says so and offers a way out."""
    html = page_text(client.get("/scenarios/", {"pour": "lycee"}))
    assert "Aucun scénario ne correspond à votre recherche." in html
    assert "Retirez un filtre" in html
    assert "Voir tous les scénarios" in html


def test_pagination_keeps_the_filters(client):
    """Twelve a page; the next page's link keeps the filters."""
    for number in range(13):
        published_scenario(f"Scénario {number:02d}")
    html = page_text(client.get("/scenarios/", {"pour": "cycle3"}))
    assert html.count('class="course-card scenario-card"') == 12
    assert "?pour=cycle3&amp;page=2" in client.get("/scenarios/", {"pour": "cycle3"}).content.decode()
    assert len(titles(client, pour="cycle3", page=2)) == 1


@pytest.mark.parametrize("count", [2, 20])
def test_listing_query_count_does_not_grow(client, count):
    """Routing to the listing (site, content type and specific row of the home page, the listing
    by url_path, its content type and specific row) (6); the site's view restrictions, read once
    for the access check and the public scenarios (lms/runtime/routing.py) (1); the CRCN
    competences of the form (1); the scenarios' count, the page, and the cards' levels, publics
    and subjects (5); the site-root cache, when the cache is the database (1)."""
    for number in range(count):
        published_scenario(f"Scénario {number:02d}", facets={"levels": ["cycle3", "cycle4"], "publics": ["parents"]})
    client.get("/scenarios/")
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/scenarios/", {"pour": "cycle3"}).status_code == 200
    assert len(queries) == LISTING_QUERIES + database_cache_queries(), "\n".join(
        query["sql"][:160] for query in queries
    )
