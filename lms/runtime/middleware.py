"""Request-wide behaviour: the content security policy by area, and SQLite lock contention."""

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from csp.middleware import CSPMiddleware, PolicyParts

RETRY_AFTER_SECONDS = 5


class PasserelleCSPMiddleware(CSPMiddleware):
    """The strict public policy everywhere, except the admin areas, which get their own."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIXES):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY
        return parts


def is_database_locked(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def database_locked_response(request: HttpRequest) -> HttpResponse:
    """A French 503 asking to retry shortly, instead of a 500, when SQLite stays locked."""
    body = render_to_string(
        "503.html",
        {"message": _("Le service est très sollicité en ce moment. Réessayez dans quelques secondes.")},
        request=request,
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseLockedMiddleware:
    """Turns "database is locked" raised by a view into a 503 with Retry-After.

    Exceptions raised outside views (in other middleware) reach lms.runtime.views.server_error,
    which applies the same rule.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_locked(exception):
            return database_locked_response(request)
        return None


class LanguageMiddleware:
    """French first: the language is the visitor's explicit choice (the cookie set by the GET link
    of the language switch), else a signed-in person's preferred language, else French.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: many French
    browsers announce English, and a public page then varies only on the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            user = getattr(request, "user", None)
            language = user.preferred_language if user is not None and user.is_authenticated else None
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
