"""Full-page cache of public Wagtail pages for visitors (DESIGN.md §5 "Page cache").

Only requests without a session or messages cookie are served from it or stored in it, so a
signed-in person never gets, nor feeds, a shared page. Public pages carry no CSRF token for
visitors, so a cached page holds nothing personal. Every publish, unpublish, move or deletion
bumps a version number that is part of each key: the whole cache turns over at once, which is
cheap at our scale and never serves a stale catalogue.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

VERSION_KEY = "pagecache:version"
TIMEOUT = 600  # seconds: stale pages are bounded even if an invalidation were missed
KEPT_HEADERS = ("Content-Type", "Content-Language")
MAX_PATH = 500  # arbitrary query strings must not fill the cache
HEADER = "X-Passerelle-Cache"


def page_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY) or 1
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or the cache was cleared)
        cache.set(VERSION_KEY, 2, None)


def page_cache_invalidate(**kwargs) -> None:
    """Receiver of Wagtail's publishing signals (and of view-restriction changes), and called
    after deletions. The version moves once the change is committed: a visitor rendering the
    page in between would otherwise store the old content under the new version."""
    transaction.on_commit(_bump)


def _key(request: HttpRequest) -> str:
    raw = f"{request.get_host()}|{getattr(request, 'LANGUAGE_CODE', '')}|{request.get_full_path()}"
    return f"pagecache:{page_cache_version()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_visitor_request(request: HttpRequest) -> bool:
    if not settings.PASSERELLE_PAGE_CACHE:
        return False
    if request.method not in ("GET", "HEAD") or len(request.get_full_path()) > MAX_PATH:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    try:
        return resolve(request.path_info).url_name == "wagtail_serve"
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


class PublicPageCacheMiddleware:
    """Sits below the CSP and language middlewares, so that their headers are added to cached
    responses as to fresh ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not _is_visitor_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"])
            for name, value in stored["headers"]:
                response[name] = value
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _is_shareable(request, response):
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, {"content": response.content, "headers": headers}, TIMEOUT)
            response[HEADER] = "miss"
        return response
