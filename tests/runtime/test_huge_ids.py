"""Ids in paths are bounded (issue 21, item 7): an id too large for the database is a 404, never
a 500 (OverflowError), on every path of the project that takes one, listed from the resolver."""

import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

import pytest

from lms.organisations.models import MembershipRole
from lms.runtime.converters import IdConverter, parse_id
from tests.factories import MembershipFactory, UserFactory

HUGE_IDS = ["9223372036854775808", "99999999999999999999"]
SLUG = "mairie-des-grands-nombres"
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def view_module(pattern: URLPattern) -> str:
    callback = pattern.callback
    return getattr(callback, "view_class", callback).__module__


def is_ours(pattern: URLPattern) -> bool:
    """Views of the project, including those it adds to the Wagtail admin through its hooks."""
    return not view_module(pattern).startswith(("wagtail.", "django.", "django_q."))


def routes(resolvers=None, prefix=""):
    """(route, pattern) for every path of the project, nested includes joined; regex patterns
    (Django's own, Wagtail's) are skipped: the project declares its paths with path()."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = getattr(entry.pattern, "_route", None)
        if route is None:
            continue
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route, entry


def id_routes() -> list[str]:
    """Every route of the project with an integer parameter."""
    found = []
    for route, pattern in routes():
        converters = pattern.pattern.converters
        if is_ours(pattern) and any(isinstance(conv, IntConverter | IdConverter) for conv in converters.values()):
            found.append(route)
    return found


def with_huge_ids(route: str, huge: str) -> str:
    def value(match):
        if match["converter"] in ("int", "id"):
            return huge
        if match["converter"] == "slug":
            return SLUG
        return "abc"

    return "/" + PARAMETER.sub(value, route)


def test_the_project_declares_its_ids_with_the_bounded_converter():
    """No path of the project takes Django's unbounded <int:…>: new ones are caught here."""
    unbounded = [
        route
        for route, pattern in routes()
        if is_ours(pattern) and any(isinstance(conv, IntConverter) for conv in pattern.pattern.converters.values())
    ]
    assert unbounded == []


def test_the_enumeration_sees_the_paths_that_failed():
    """The paths found failing in the attack are among those the test below requests."""
    found = id_routes()
    assert "mon-espace/modules/<id:module_id>/termine/" in found
    assert "admin/formations/<id:page_id>/statistiques/" in found
    assert len(found) >= 19


@pytest.mark.django_db
@pytest.mark.parametrize("huge", HUGE_IDS)
def test_a_huge_id_is_a_404_on_every_path(client, huge):
    """GET and POST, as staff who manages the organisation in the path: a 404 every time."""
    user = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=user, organisation__slug=SLUG, role=MembershipRole.MANAGER)
    client.force_login(user)
    client.raise_request_exception = False
    answers = {}
    for route in id_routes():
        path = with_huge_ids(route, huge)
        for method in (client.get, client.post):
            answers[f"{method.__name__.upper()} {path}"] = method(path).status_code
    assert answers and {request: status for request, status in answers.items() if status != 404} == {}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("999999999999999999", 999999999999999999),
        ("9223372036854775807", None),
        ("12a", None),
        (" 12", None),
        ("٣", None),
        ("", None),
        (None, None),
    ],
)
def test_ids_are_up_to_18_ascii_digits(value, expected):
    """18 digits always fit a signed 64-bit id column; anything else is not an id, in a path or not."""
    assert parse_id(value) == expected
    assert bool(value and re.fullmatch(IdConverter.regex, value)) is (expected is not None)


@pytest.mark.django_db
@pytest.mark.parametrize("value", [*HUGE_IDS, "\u00b2", "\u0663"])
@pytest.mark.parametrize(
    "path",
    [
        "/admin/attestations/?formation={}",
        "/admin/attestations/?organisation={}",
        f"/organisations/{SLUG}/inscriptions/?formation={{}}",
        f"/organisations/{SLUG}/export/inscriptions.csv?formation={{}}",
    ],
)
def test_ids_in_query_strings_are_bounded_too(client, path, value):
    """A filter by id that is not one is ignored: the list answers 200, never a 500."""
    user = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=user, organisation__slug=SLUG, role=MembershipRole.MANAGER)
    client.force_login(user)
    client.raise_request_exception = False
    assert client.get(path.format(value)).status_code == 200
