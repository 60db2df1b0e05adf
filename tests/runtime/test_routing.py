"""Routing by url_path (lms/runtime/routing.py): the page Wagtail's walk would find, in fewer queries,
with drafts, private pages and pages that route their own children handled as Wagtail does."""

from django.http import Http404
from django.test import RequestFactory

from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult

import pytest

from cms.models import CoursePage, HomePage, ModulePage
from lms.runtime.routing import route_by_url_path
from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory
from tests.factories.cms import publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def course_page():
    return publish(CoursePageFactory(title="Les écrans en famille", slug="ecrans", live=False))


@pytest.fixture
def module_page(course_page):
    return publish(ModulePageFactory(parent=course_page, title="Repères", slug="reperes", live=False))


def routes(path: str) -> tuple:
    """The page each routing finds for the path: ours, then Wagtail's walk (or Http404)."""
    home = HomePage.objects.get()
    request = RequestFactory().get(path)
    components = [component for component in path.split("/") if component]
    found = []
    for route in (HomePage.route, Page.route):
        try:
            found.append(route(home, request, components).page.pk)
        except Http404:
            found.append(Http404)
    return tuple(found)


def test_each_level_routes_to_the_page_wagtails_walk_finds(course_page, module_page):
    """The catalogue, a course and a module: the same page as Wagtail's walk, made specific."""
    for path, page in [("/formations/", course_page.get_parent()), ("/formations/ecrans/", course_page)]:
        assert routes(path) == (page.pk, page.pk)
    assert routes("/formations/ecrans/reperes/") == (module_page.pk, module_page.pk)
    home = HomePage.objects.get()
    result = route_by_url_path(home, RequestFactory().get("/"), ["formations", "ecrans", "reperes"])
    assert isinstance(result, RouteResult) and type(result.page) is ModulePage
    assert result.page.get_parent().pk == course_page.pk


def test_drafts_and_unpublished_pages_are_not_found(client, course_page, module_page):
    """A page never published, or unpublished, answers 404 as with Wagtail's walk."""
    draft = ModulePageFactory(parent=course_page, slug="brouillon", live=False)
    assert client.get("/formations/ecrans/brouillon/").status_code == 404
    assert routes("/formations/ecrans/brouillon/") == (Http404, Http404)
    module_page.unpublish()
    assert client.get("/formations/ecrans/reperes/").status_code == 404
    assert routes("/formations/ecrans/reperes/") == (Http404, Http404)
    assert draft.pk  # the draft exists: the 404 is about its state, not its absence


def test_a_live_module_under_an_unpublished_course_routes_as_wagtail_does(course_page, module_page):
    """Wagtail checks only the last page's `live`: both routings agree."""
    course_page.unpublish()
    assert routes("/formations/ecrans/reperes/") == (module_page.pk, module_page.pk)


def test_unknown_and_extra_paths_are_left_to_wagtails_walk(course_page, module_page):
    """No page has that url_path: the walk decides (a 404 here, a sub-route on a routable page)."""
    home = HomePage.objects.get()
    request = RequestFactory().get("/")
    assert route_by_url_path(home, request, ["formations", "ecrans", "reperes", "suite"]) is None
    assert route_by_url_path(home, request, ["formations", "absente"]) is None
    assert routes("/formations/ecrans/reperes/suite/") == (Http404, Http404)


def test_a_stale_url_path_never_misroutes(client, course_page, module_page):
    """The url_path is checked against the slugs and the tree: a wrong one is the walk's to judge."""
    ModulePage.objects.filter(pk=module_page.pk).update(url_path="/accueil/formations/ecrans/ailleurs/")
    assert client.get("/formations/ecrans/reperes/").status_code == 200
    assert client.get("/formations/ecrans/ailleurs/").status_code == 404


def test_a_page_that_routes_its_children_keeps_doing_so(client, monkeypatch, course_page, module_page):
    """An intermediate page whose class overrides `route` (a RoutablePageMixin page) is asked,
    and the module page's own route is called for the end of the path."""
    seen = []

    def course_route(self, request, path_components):
        seen.append(("course", list(path_components)))
        if path_components == ["inscription"]:
            return RouteResult(self, kwargs={"sub_route": "inscription"})
        return Page.route(self, request, path_components)

    def module_route(self, request, path_components):
        seen.append(("module", list(path_components)))
        return Page.route(self, request, path_components)

    monkeypatch.setattr(CoursePage, "route", course_route)
    monkeypatch.setattr(ModulePage, "route", module_route)
    assert client.get("/formations/ecrans/reperes/").status_code == 200
    assert seen == [("course", ["reperes"]), ("module", [])]
    home = HomePage.objects.get()
    result = HomePage.route(home, RequestFactory().get("/"), ["formations", "ecrans", "inscription"])
    assert result.page.pk == course_page.pk and result.kwargs == {"sub_route": "inscription"}


def test_a_private_course_still_asks_for_a_login(client, course_page, module_page):
    """View restrictions are checked when serving: on the course, they cover its modules."""
    PageViewRestriction.objects.create(page=course_page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/formations/ecrans/reperes/")
    assert response.status_code == 302 and "next=/formations/ecrans/reperes/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get("/formations/ecrans/reperes/").status_code == 200


def test_a_password_protected_module_asks_for_its_password(client, course_page, module_page):
    """A password restriction shows Wagtail's form, and the page once the password is given."""
    restriction = PageViewRestriction.objects.create(
        page=module_page, restriction_type=PageViewRestriction.PASSWORD, password="sesame"
    )
    response = client.get("/formations/ecrans/reperes/")
    assert response.status_code == 200 and "Repères" not in response.content.decode()
    assert 'name="password"' in response.content.decode()
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{module_page.pk}/",
        {"password": "sesame", "return_url": "/formations/ecrans/reperes/"},
    )
    assert "Repères" in client.get("/formations/ecrans/reperes/").content.decode()


def test_a_private_module_is_left_out_of_its_siblings_navigation(client, course_page, module_page):
    """As PageQuerySet.public(): a restricted sibling is not linked from the other modules."""
    hidden = publish(ModulePageFactory(parent=course_page, title="Réservé", slug="reserve", live=False))
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/formations/ecrans/reperes/").content.decode()
    assert "Réservé" not in html and "Module 1 sur 1" in html
    course_html = client.get("/formations/ecrans/").content.decode()
    assert "Repères" in course_html and "Réservé" not in course_html


def test_view_restrictions_of_a_routed_page_are_wagtails(course_page, module_page):
    """The restrictions read once for the site give the same answer as Wagtail's two queries."""
    home = HomePage.objects.get()
    on_course = PageViewRestriction.objects.create(page=course_page, restriction_type=PageViewRestriction.LOGIN)
    elsewhere = publish(CoursePageFactory(slug="autre", live=False))
    PageViewRestriction.objects.create(page=elsewhere, restriction_type=PageViewRestriction.LOGIN)
    routed = route_by_url_path(home, RequestFactory().get("/"), ["formations", "ecrans", "reperes"]).page
    assert [r.pk for r in routed.get_view_restrictions()] == [on_course.pk]
    assert [r.pk for r in Page.get_view_restrictions(routed)] == [on_course.pk]


def test_an_alias_takes_its_sources_restrictions(client, course_page, module_page):
    """An alias is left to Wagtail's own check, which reads its source's restrictions."""
    alias = course_page.create_alias(recursive=True, update_slug="ecrans-bis")
    PageViewRestriction.objects.create(page=course_page, restriction_type=PageViewRestriction.LOGIN)
    assert ModulePage.objects.child_of(alias).exists()
    assert client.get("/formations/ecrans-bis/reperes/").status_code == 302
