"""The catalogue at /formations/: filters kept in the URL, accent-insensitive search on both
databases, pagination, and a query count that does not grow with the courses shown."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import TerritoryKind
from tests.factories import CoursePageFactory, ModulePageFactory, TerritoryFactory, ThemeFactory
from tests.factories.cms import paragraph_block, publish
from tests.helpers.pages import database_cache_queries, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def course(title, **kwargs):
    themes = kwargs.pop("themes", [])
    page = publish(CoursePageFactory(title=title, live=False, **kwargs))
    page.themes.set(themes)
    return publish(page)


def titles(client, **params) -> list[str]:
    html = client.get("/formations/", params).content.decode()
    return [re.sub(r"<[^>]+>", "", found).strip() for found in re.findall(r'course-card__title"[^>]*>(.*?)</h3>', html)]


@pytest.fixture
def catalogue():
    donnees = ThemeFactory(name="Données personnelles", slug="donnees-personnelles")
    ecrans = ThemeFactory(name="Parentalité numérique", slug="parentalite-numerique")
    ardeche = TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="07", name="Ardèche")
    course("Écrans en famille", audiences=["parent"], themes=[ecrans], estimated_minutes=45)
    course("Protéger les données des élèves", audiences=["teacher"], themes=[donnees], estimated_minutes=120)
    course("Le RGPD pour les communes", audiences=["elected", "agent"], themes=[donnees], estimated_minutes=240)
    course(
        "Ateliers familles en Ardèche",
        audiences=["elected", "agent"],
        themes=[ecrans],
        estimated_minutes=90,
        territory=ardeche,
    )
    return {"ardeche": ardeche}


def test_without_filters_every_published_course_shows(client, catalogue):
    CoursePageFactory(title="Brouillon", live=False)
    assert titles(client) == [
        "Ateliers familles en Ardèche",
        "Écrans en famille",
        "Le RGPD pour les communes",
        "Protéger les données des élèves",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"public": "parent"}, ["Écrans en famille"]),
        ({"public": "agent"}, ["Ateliers familles en Ardèche", "Le RGPD pour les communes"]),
        ({"theme": "donnees-personnelles"}, ["Le RGPD pour les communes", "Protéger les données des élèves"]),
        ({"duree": "moins-d-une-heure"}, ["Écrans en famille"]),
        ({"duree": "une-a-trois-heures"}, ["Ateliers familles en Ardèche", "Protéger les données des élèves"]),
        ({"duree": "plus-de-trois-heures"}, ["Le RGPD pour les communes"]),
        ({"territoire": "07"}, ["Ateliers familles en Ardèche"]),
        (
            {"territoire": "national"},
            ["Écrans en famille", "Le RGPD pour les communes", "Protéger les données des élèves"],
        ),
        # Combinations narrow down.
        ({"public": "elected", "theme": "donnees-personnelles"}, ["Le RGPD pour les communes"]),
        (
            {"public": "elected", "territoire": "national", "duree": "plus-de-trois-heures"},
            ["Le RGPD pour les communes"],
        ),
        ({"public": "parent", "theme": "donnees-personnelles"}, []),
        (
            {"public": "agent", "theme": "parentalite-numerique", "duree": "une-a-trois-heures", "territoire": "07"},
            ["Ateliers familles en Ardèche"],
        ),
    ],
)
def test_filters_and_their_combinations(client, catalogue, params, expected):
    assert titles(client, **params) == expected


def test_the_form_keeps_the_chosen_filters(client, catalogue):
    html = client.get(
        "/formations/", {"public": "agent", "theme": "donnees-personnelles", "q": "rgpd"}
    ).content.decode()
    assert '<option value="agent" selected>' in html
    assert '<option value="donnees-personnelles" selected>' in html
    assert 'value="rgpd"' in html
    assert "Effacer les filtres" in html


def test_unknown_filter_values_are_ignored_not_errors(client, catalogue):
    response = client.get("/formations/", {"public": "pirate", "duree": "1000", "territoire": "<script>", "page": "x"})
    assert response.status_code == 200
    assert len(titles(client, public="pirate")) == 4


def test_only_territories_with_courses_are_offered(client, catalogue):
    TerritoryFactory(kind=TerritoryKind.DEPARTEMENT, code="26", name="Drôme")
    html = page_text(client.get("/formations/"))
    assert "Ardèche (07)" in html and "Drôme" not in html


@pytest.mark.parametrize("query", ["écran", "ecran", "ECRANS", "Ecrans"])
def test_search_ignores_accents_and_case(client, catalogue, query):
    """On SQLite (FTS5) and on PostgreSQL (the french_unaccent configuration) alike."""
    assert "Écrans en famille" in titles(client, q=query)


def test_search_finds_a_course_by_the_text_of_its_modules(client, catalogue):
    rgpd = course("Une formation sans le mot dans son titre", audiences=["teacher"])
    publish(
        ModulePageFactory(
            parent=rgpd, live=False, body=[paragraph_block("<p>Le délégué à la protection des données.</p>")]
        )
    )
    assert titles(client, q="delegue") == ["Une formation sans le mot dans son titre"]


def test_search_combines_with_filters(client, catalogue):
    assert titles(client, q="donnees", public="teacher") == ["Protéger les données des élèves"]


def test_an_empty_result_suggests_a_way_out(client, catalogue):
    html = page_text(client.get("/formations/", {"q": "astrophysique", "public": "parent"}))
    assert "Aucune formation ne correspond à votre recherche." in html
    assert "Voir toutes les formations" in html
    assert "Voir toutes les formations pour : Parent" in html


def test_cards_show_audiences_duration_and_summary(client, catalogue):
    html = page_text(client.get("/formations/", {"public": "agent"}))
    card = html[html.index("Ateliers familles en Ardèche") :]
    assert "Élu ou élue" in card and "Agent municipal" in card and "Ardèche" in card
    assert "1 h 30" in card


def test_pagination_keeps_the_filters(client):
    for number in range(14):
        course(f"Formation {number:02d}", audiences=["parent"])
    html = page_text(client.get("/formations/", {"public": "parent"}))
    assert "Page 1 sur 2" in html
    assert "?public=parent&amp;page=2" in client.get("/formations/", {"public": "parent"}).content.decode()
    assert len(titles(client, public="parent", page=2)) == 2


@pytest.mark.parametrize("courses", [3, 30])
def test_catalogue_query_count_does_not_grow(client, courses):
    """Routing to the catalogue (site, content type and specific row of the home page, the
    catalogue's page by url_path, its content type and specific row) and its access check, the
    site's view restrictions (7); the themes, the scoped territories and the view restrictions
    again for the public courses (3); the count, the page of courses, their audiences and themes
    (4); the site-root cache, when the cache is the database (1)."""
    theme = ThemeFactory()
    for number in range(courses):
        course(f"Formation {number:02d}", audiences=["parent", "teacher"], themes=[theme])
    client.get("/formations/")
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/formations/", {"public": "parent"}).status_code == 200
    database_cache = database_cache_queries()
    assert len(queries) == 14 + database_cache, "\n".join(query["sql"][:160] for query in queries)


@pytest.mark.parametrize("query", ['"', '"écran', "écran*", "a AND (b", "NEAR(", "\x00écran", "l'écran", "-", "écran:"])
def test_odd_search_input_is_never_an_error(client, catalogue, query):
    """Quotes, operators and control characters are typing, not search syntax."""
    response = client.get("/formations/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("courses", [3, 12])
def test_catalogue_cards_show_covers_at_a_fixed_cost(client, courses):
    """Each card shows its cover with its alt text (issue 33); the covers and their renditions
    cost two queries for the page whatever the number of cards."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    theme = ThemeFactory()
    for number in range(courses):
        page = course(f"Formation {number:02d}", audiences=["parent"], themes=[theme])
        image = Image.objects.create(title=f"Couverture {number}", file=get_test_image_file())
        page.cover_image, page.cover_alt = image, f"Une tablette posée sur un bureau {number}"
        publish(page)
    client.get("/formations/")  # renders once: the renditions exist from now on
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/formations/", {"public": "parent"})
    html = response.content.decode()
    assert html.count("course-card__cover") == courses
    assert 'alt="Une tablette posée sur un bureau 0"' in html
    assert len(queries) == 16 + database_cache_queries(), "\n".join(query["sql"][:160] for query in queries)
