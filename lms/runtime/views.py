"""Platform-wide views: error pages, the language switch, the CSRF failure page, public media."""

import sys

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views import static
from django.views.decorators.http import require_GET, require_safe

from lms.runtime.health import health_report
from lms.runtime.language import set_language_cookie
from lms.runtime.media import PathRefused, byte_ranges, public_media_file
from lms.runtime.middleware import database_locked_response, is_database_locked


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a locked SQLite database is a 503 to retry, anything else a French 500."""
    if is_database_locked(sys.exc_info()[1]):
        return database_locked_response(request)
    return render(request, "500.html", status=500)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@require_GET
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch language through a plain GET link, so that public pages carry no form.

    Django's set_language needs a POST with a CSRF token, which would put a cookie-setting
    form on every cacheable public page (DESIGN.md §5).
    """
    next_url = request.GET.get("suivant") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=False):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES) and check_for_language(code):
        # Only the cookie: a GET must not change stored data (the account's language is changed
        # through the profile form, a POST).
        set_language_cookie(response, code)
    return response


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """JSON health for probes: 200 when usable, 503 when the database (or a required worker) is down."""
    body, status = health_report()
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@byte_ranges
def public_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """MEDIA_URL when PASSERELLE_SERVE_MEDIA is on: `make run` has no proxy in front to serve
    Wagtail's images, and no longer runs with DEBUG (which was the only way before). A proxy may
    serve MEDIA_ROOT instead in production. Documents and private files are a 404 (see
    lms.runtime.media); a folder too (no listing)."""
    if not settings.PASSERELLE_SERVE_MEDIA:
        raise Http404
    try:
        file = public_media_file(path)
    except (PathRefused, FileNotFoundError):
        raise Http404 from None
    # Content type from the name, If-Modified-Since, and a streamed FileResponse (byte_ranges
    # answers a Range from it).
    return static.serve(request, file.name, document_root=str(file.parent))
