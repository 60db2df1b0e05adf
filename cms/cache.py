"""Full-page cache of public Wagtail pages for visitors (DESIGN.md §5 "Page cache").

Only requests without a session or messages cookie are served from it or stored in it, so a
signed-in person never gets, nor feeds, a shared page. Public pages carry no CSRF token for
visitors, so a cached page holds nothing personal. Every publish, unpublish, move or deletion
bumps a version number, and a stored page is served only under the version it was rendered
with: the whole cache turns over at once, which is cheap at our scale and never serves a stale
catalogue. Each process keeps a copy of the pages it served last, good for as long as their
version is the current one, and reads the version from the shared cache at most once a second
(VERSION_TTL): a hit then costs no read of the shared cache at all, and a miss reads the version
and the page together (one `get_many`: one statement with the database cache, one round trip to
Redis). A publication is seen at once by the process that made it, within a second by the
others (benchmark B4: the version's Redis round trip was half the time of a hit).
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve

from cms.block_cache import block_cache_clear

VERSION_KEY = "pagecache:version"
TIMEOUT = 600  # seconds: stale pages are bounded even if an invalidation were missed
KEPT_HEADERS = ("Content-Type", "Content-Language")
MAX_PATH = 500  # arbitrary query strings must not fill the cache
HEADER = "X-Passerelle-Cache"
LOCAL_PAGES = 100  # pages each process keeps (about 20 KB each)


VERSION_TTL = 1.0  # seconds a process trusts the version it read


class _Version:
    """The version this process read last (None: there was none yet), and when (monotonic)."""

    value: int | None = None
    read_at: float = float("-inf")

    @classmethod
    def fresh(cls) -> bool:
        return time.monotonic() - cls.read_at < VERSION_TTL

    @classmethod
    def remembered(cls) -> int | None:
        return cls.value if cls.fresh() else None

    @classmethod
    def remember(cls, value: int | None) -> None:
        cls.value, cls.read_at = value, time.monotonic()

    @classmethod
    def forget(cls) -> None:
        cls.value, cls.read_at = None, float("-inf")


def page_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    return _first_version() if version is None else version


def page_cache_known_version() -> int | None:
    """The version as this process read it less than VERSION_TTL ago, or None if there is none
    yet (nothing published since the cache was emptied): never creates it."""
    if not _Version.fresh():
        _Version.remember(cache.get(VERSION_KEY))
    return _Version.value


def page_cache_forget() -> None:
    """Forget this process's copies and version (the tests' database cache rolls back)."""
    _Version.forget()
    _local_pages.clear()
    block_cache_clear()


def _first_version() -> int:
    # Started from the clock, not from 1: if the version key alone is lost (an eviction), pages
    # stored under an earlier version must not match the new one.
    cache.add(VERSION_KEY, time.time_ns(), None)
    return cache.get(VERSION_KEY) or 1


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was cleared)
        cache.set(VERSION_KEY, time.time_ns(), None)
    _Version.forget()  # this process sees its own publication at once
    block_cache_clear()  # and its module pages' blocks (cms/block_cache.py)


def page_cache_invalidate(**kwargs) -> None:
    """Receiver of Wagtail's publishing signals (and of view-restriction changes), and called
    after deletions. The version moves once the change is committed: a visitor rendering the
    page in between would otherwise store the old content under the new version."""
    transaction.on_commit(_bump)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{getattr(request, 'LANGUAGE_CODE', '')}|{request.get_full_path()}"
    return f"pagecache:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_visitor_request(request: HttpRequest) -> bool:
    if not settings.PASSERELLE_PAGE_CACHE:
        return False
    if request.method not in ("GET", "HEAD") or len(request.get_full_path()) > MAX_PATH:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    return is_page_request(request)


def is_page_request(request: HttpRequest) -> bool:
    """Whether Wagtail serves this request's path (not an app's view, the admin or a file)."""
    return _is_page_path(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


@lru_cache(maxsize=2048)
def _is_page_path(urlconf: str, path: str) -> bool:
    """Whether Wagtail serves the path. Resolving it walks every URL pattern before Wagtail's
    catch-all, a tenth of a cache hit's time: the answer is kept per path (bounded, as paths
    are the visitor's to choose), and depends only on the URL configuration."""
    try:
        return resolve(path, urlconf).url_name == "wagtail_serve"
    except Resolver404:
        return False


def _is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
        and response.get("Content-Type", "").startswith("text/html")
    )


class _LocalPages:
    """The pages this process served last, each with the version it was rendered under."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict[str, dict] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> dict | None:
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()

    def put(self, key: str, stored: dict) -> None:
        with self.lock:
            self.pages[key] = stored
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


_local_pages = _LocalPages(LOCAL_PAGES)


def _lookup(key: str) -> tuple[int, dict | None]:
    """The current version, and the page stored under it if any: at most one read of the
    shared cache."""
    local, version = _local_pages.get(key), _Version.remembered()
    stored: dict | None
    if local is not None:
        stored = local
        if version is None:
            version = cache.get(VERSION_KEY)
    elif version is not None:
        stored = cache.get(key)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version, stored = found.get(VERSION_KEY), found.get(key)
    if version is None:
        version = _first_version()
    _Version.remember(version)
    if stored is None or stored.get("version") != version:
        return version, None
    if local is None:
        _local_pages.put(key, stored)
    return version, stored


class PublicPageCacheMiddleware:
    """Sits below the CSP and language middlewares, so that their headers are added to cached
    responses as to fresh ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not _is_visitor_request(request):
            return self.get_response(request)
        key = _key(request)
        version, stored = _lookup(key)
        if stored is not None:
            response = HttpResponse(stored["content"])
            for name, value in stored["headers"]:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _is_shareable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            # Stored under the version read before rendering: if a publication moved it in the
            # meantime, this page is never served.
            stored = {"version": version, "content": response.content, "headers": headers}
            cache.set(key, stored, TIMEOUT)
            _local_pages.put(key, stored)
            response[HEADER] = "miss"
        return response
