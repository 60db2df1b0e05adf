"""A module page's navigation, remembered per process under the page-cache version (issue 35,
bench P1).

The side column and the previous/next links list the course's public modules: their titles and
addresses, the same for every learner and every module of the course. Reading them was a query,
a view-restriction filter and a `{% pageurl %}` per module on every request, about a fifth of a
signed-in learner's module page. Titles, order, publication, view restrictions and addresses
change only through what moves the page-cache version (a publication, an unpublication, a move,
a deletion, a restriction or Site change: cms/cache.py), so each process keeps the links of the
courses it served under the current version, as cms/sites.py keeps the Site. Another process
sees a change within the version's TTL (a second). The learner's own states are added by the
page, never stored here. Previews are never served from it nor stored in it."""

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.http import HttpRequest

from wagtail.models import Page, Site

from cms.cache import page_cache_known_version

SIZE = 1000  # courses per process and version


@dataclass(frozen=True)
class ModuleLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class Navigation:
    course_url: str
    modules: tuple[ModuleLink, ...]


class _Remembered:
    lock = threading.Lock()
    version: int | None = None
    by_course: dict = {}

    @classmethod
    def get(cls, version: int, key: tuple) -> Navigation | None:
        with cls.lock:
            return cls.by_course.get(key) if cls.version == version else None

    @classmethod
    def put(cls, version: int, key: tuple, navigation: Navigation) -> None:
        with cls.lock:
            if cls.version != version or len(cls.by_course) >= SIZE:  # never old versions' keys
                cls.version, cls.by_course = version, {}
            cls.by_course[key] = navigation


def forget_navigation() -> None:
    with _Remembered.lock:
        _Remembered.version, _Remembered.by_course = None, {}


def module_navigation(
    request: HttpRequest, page: Page, course_page: Callable[[], Page], siblings: Callable[[], Iterable[Page]]
) -> Navigation:
    """The public, live modules of `page`'s course, in order, and the course's address (the
    course page and its modules are asked of `course_page` and `siblings` only when nothing is
    remembered)."""
    version = None if getattr(request, "is_preview", False) else page_cache_known_version()
    site = Site.find_for_request(request)
    # The parent's path, not its id: known without a query, even for a page that was not routed.
    key = (site.pk if site else None, page.path[: -Page.steplen])
    if version is not None:
        found = _Remembered.get(version, key)
        if found is not None:
            return found
    navigation = Navigation(
        course_url=course_page().get_url(request),
        modules=tuple(ModuleLink(sibling.pk, sibling.title, sibling.get_url(request)) for sibling in siblings()),
    )
    if version is not None:
        _Remembered.put(version, key, navigation)
    return navigation
