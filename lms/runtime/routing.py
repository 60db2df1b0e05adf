"""Serving a page with few statements (bench B4): routing by url_path, and the site's view
restrictions read once.

Routing. Wagtail's `Page.route` walks the tree from the home page: for
/formations/<course>/<module>/ it fetches each child by slug, then its specific row, level
after level. Every page stores its `url_path` (its ancestors' slugs), so the whole chain can be
read in one query instead, and then checked against what the walk would have found: at each
level, the child of the previous page with the slug of the path. Only then is the last page
made specific and asked to route itself with no path left, so its own rules apply (`live`, or a
`RoutablePageMixin` index). Whatever this cannot vouch for goes to Wagtail's walk: a path that
is no page's url_path (a 404, or a sub-route of a routable page), a chain that does not hold
together (a stale url_path), or an intermediate page whose class routes its own children.

View restrictions. Wagtail checks them when serving, not when routing (its `before_serve_page`
hook calls `page.get_view_restrictions()`: the page's ancestors, then their restrictions), and
`PageQuerySet.public()` reads every restriction of the site again to list the public siblings.
A routed page knows its ancestors, so one query for the site's restrictions (there are few)
answers both: a restriction applies to a page when it sits on the page or on an ancestor, that
is when its page's path is a prefix of the page's path.

Remembered per process (issue 35, bench P1). What routing reads changes only through what moves
the page cache's version (a publication, an unpublication, a move, a deletion, a view
restriction or Site change), which the cms hands in (`set_version_source`). Under the current
version each process keeps, for a path, the field values of the chain of pages it found, and
the served page's specific row: a request served again reads neither. Instances are rebuilt
from stored values for every request, never shared (as cms/sites.py does for the Site): the
values kept are immutable (a StreamField's as its JSON text, parsed again for each request), and
a page type with any other kind of value is read afresh. The process that publishes sees its
change at once (the version moves there at commit); another process sees a publication, an
unpublication or a move within the version's TTL (a second), as the visitors' page cache
(cms/cache.py). The view restrictions are read afresh for every page served, so a page made
private is private at once, in every process. A page's draft fields (its latest revision, draft
title, lock) move without a new version and may lag in the pages rebuilt here: serving reads
only their live fields.

It sits in the runtime, with the other serving machinery, and knows Wagtail's Page only: the home
page (cms) routes with it, and every page type that wants the fast access check takes the mixin,
the scenarios' pages (below cms) as well as the courses'.
"""

import datetime
import decimal
import json
import threading
import uuid
from collections.abc import Callable
from time import monotonic

from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS
from django.db.models import F, Q
from django.http import HttpRequest

from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.url_routing import RouteResult

PAGE_FIELDS = [field.attname for field in Page._meta.concrete_fields]
REMEMBERED = 2000  # paths per process and version
REMEMBERED_ROWS = 500  # served pages' specific rows per process and version (a module's: ~10 KB)
# However long a version lasts, nothing is kept longer: a change that moves no version (a lost
# cache increment, an update() that sends no signal) is bounded, as in the visitors' page cache
# (cms/cache.py TIMEOUT) and the block cache.
REMEMBERED_SECONDS = 600
IMMUTABLE = (str, int, float, bool, type(None), datetime.date, datetime.time, uuid.UUID, decimal.Decimal)


def _no_version() -> int | None:
    return None


_version_source: Callable[[], int | None] = _no_version


def set_version_source(source: Callable[[], int | None]) -> None:
    """The cms hands in its page-cache version (None: nothing remembered)."""
    global _version_source
    _version_source = source


class _Remembered:
    """Values kept under one version of the page cache, at most `size` of them."""

    def __init__(self, size: int):
        self.size = size
        self.lock = threading.Lock()
        self.version: int | None = None
        self.items: dict = {}

    def get(self, version: int | None, key: tuple):
        if version is None:
            return None
        with self.lock:
            kept = self.items.get(key) if self.version == version else None
        if kept is None or monotonic() - kept[0] > REMEMBERED_SECONDS:
            return None
        return kept[1]

    def put(self, version: int | None, key: tuple, value) -> None:
        # `version` is the one read before the values were: a publication committed in between
        # moves it, and what was read then is never kept under the new one.
        if version is None:
            return
        with self.lock:
            if self.version != version or len(self.items) >= self.size:  # never old versions' keys
                self.version, self.items = version, {}
            self.items[key] = (monotonic(), value)

    def clear(self) -> None:
        with self.lock:
            self.version, self.items = None, {}


_chains = _Remembered(REMEMBERED)
_rows = _Remembered(REMEMBERED_ROWS)


def forget_routes() -> None:
    _chains.clear()
    _rows.clear()


def _chain(root: Page, path_components: list[str], url_paths: list[str], version: int | None) -> list[Page] | None:
    """The pages of the path below `root`, each checked as the child of the previous one."""
    key = (root.pk, root.url_path, *path_components)
    remembered = _chains.get(version, key)
    if remembered is not None:
        return [Page.from_db(DEFAULT_DB_ALIAS, PAGE_FIELDS, values) for values in remembered]
    # url_path has no index, slug has: the slugs narrow the rows to a handful. No filter on the
    # tree: the loop below checks that each page is the child of the previous one.
    candidates = Page.objects.filter(slug__in=set(path_components), url_path__in=url_paths).order_by()
    by_url_path = {page.url_path: page for page in candidates}
    parent, chain = root, []
    for slug, url_path in zip(path_components, url_paths, strict=True):
        page = by_url_path.get(url_path)
        if page is None or page.slug != slug or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            return None
        if parent is not root and _routes_its_children(parent):
            return None
        chain.append(page)
        parent = page
    _chains.put(version, key, [[getattr(page, name) for name in PAGE_FIELDS] for page in chain])
    return chain


def route_by_url_path(root: Page, request: HttpRequest, path_components: list[str]) -> RouteResult | None:
    """The route of `path_components` below `root` as Wagtail's walk would find it, or None
    when the walk must decide. Raises Http404 (through the page's own route) for a page that
    is found but not live."""
    if not path_components:
        return None
    url_paths = [root.url_path + "/".join(path_components[: depth + 1]) + "/" for depth in range(len(path_components))]
    version = _version_source()
    chain = _chain(root, path_components, url_paths, version)
    if chain is None:
        return None
    parent, ancestors = root, [root]
    for page in chain:
        # As Wagtail's walk does: get_parent() then costs no query.
        page._cached_parent_obj = parent
        ancestors.append(page)
        parent = page
    page = _specific(parent, version)
    # Below the tree's root, which is never an alias, the ancestors are all known.
    page._routed_ancestors = ancestors[:-1] if root.depth == 2 else None
    return page.route(request, [])


def _specific(page: Page, version: int | None) -> Page:
    """`page.specific`, its row remembered under `version`."""
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page.specific
    key = (page.pk, model)
    remembered = _rows.get(version, key)
    if remembered is None:
        specific = page.specific
        remembered = _frozen(specific)
        if remembered is not None:
            _rows.put(version, key, remembered)
        return specific
    fields = model._meta.concrete_fields
    specific = model.from_db(
        DEFAULT_DB_ALIAS,
        [field.attname for field in fields],
        [_thawed(field, value) for field, value in zip(fields, remembered, strict=True)],
    )
    # As `get_specific`: what routing set on the page (its parent) carries over.
    for name, value in page.__dict__.items():
        specific.__dict__.setdefault(name, value)
    page.__dict__["specific"] = specific
    return specific


def _frozen(page: Page) -> tuple | None:
    """The page's field values, each immutable, or None when one cannot be kept safely."""
    values = []
    for field in page._meta.concrete_fields:
        value = getattr(page, field.attname)
        if isinstance(field, StreamField):
            value = json.dumps(field.get_prep_value(value), cls=DjangoJSONEncoder)
        elif not isinstance(value, IMMUTABLE):
            return None
        values.append(value)
    return tuple(values)


def _thawed(field, value):
    return field.to_python(json.loads(value)) if isinstance(field, StreamField) else value


def _routes_its_children(page: Page) -> bool:
    """Whether the page's class overrides `route` (RoutablePageMixin, a custom route…): its
    children are then reached through it, not by their url_path."""
    specific_class = page.specific_class
    return specific_class is None or specific_class.route is not Page.route


def site_view_restrictions(page: Page) -> list[PageViewRestriction]:
    """Every view restriction of the site, each with its page's path, read once per served page."""
    if "_site_view_restrictions" not in page.__dict__:
        # Read afresh for every page served: a page made private is private at once, in every
        # process, whatever the version's TTL.
        page._site_view_restrictions = list(PageViewRestriction.objects.annotate(page_path=F("page__path")))
    return page._site_view_restrictions


def is_public(page: Page, restrictions: list[PageViewRestriction]) -> bool:
    """As `PageQuerySet.public()`: no restriction on the page nor on any of its ancestors."""
    return not any(page.path.startswith(restriction.page_path) for restriction in restrictions)


def public_pages(queryset: PageQuerySet, page: Page) -> PageQuerySet:
    """As `queryset.public()`, with the site's view restrictions read once while serving `page`:
    a queryset still, for listings that filter, count and paginate in the database."""
    restricted = Q()
    for restriction in site_view_restrictions(page):
        restricted |= Q(path__startswith=restriction.page_path)
    return queryset.exclude(restricted) if restricted else queryset


class RoutedPageMixin:
    """For the page types routed by `route_by_url_path`."""

    def get_view_restrictions(self):
        """Wagtail's answer without its two queries when the page was routed here and neither it
        nor an ancestor is an alias (an alias takes its source's restrictions): the site's
        restrictions on the page or its ancestors. A list rather than a queryset, which is all
        Wagtail's serving hook needs (it iterates and tests for emptiness)."""
        ancestors = self.__dict__.get("_routed_ancestors")
        if ancestors is None or self.alias_of_id or any(page.alias_of_id for page in ancestors):
            return super().get_view_restrictions()
        return [r for r in site_view_restrictions(self) if self.path.startswith(r.page_path)]
