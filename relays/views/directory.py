"""The directory, its printable list and its open data: public, no JavaScript, no session."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lms.runtime.csv_export import csv_download
from relays.selectors import DirectoryFilters, directory_search, export_row
from relays.standard import choices, field_names, key, standard

PAGE_SIZE = 20
# A noticeboard holds a few pages at most; the printable list stops there and says so.
PRINT_LIMIT = 200


def _filter_choices() -> dict:
    return {
        "services": [(key(value), label) for value, label in choices("services")],
        "audiences": [(key(value), label) for value, label in choices("publics_specifiquement_adresses")],
    }


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilters.from_query(request.GET)
    result = directory_search(filters)
    page = Paginator(result.profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "relays/directory.html",
        {"filters": filters, "result": result, "page": page, **_filter_choices()},
    )


@require_GET
def directory_print(request: HttpRequest) -> HttpResponse:
    filters = DirectoryFilters.from_query(request.GET)
    result = directory_search(filters)
    profiles = list(result.profiles[: PRINT_LIMIT + 1])
    return render(
        request,
        "relays/directory_print.html",
        {
            "filters": filters,
            "result": result,
            "profiles": profiles[:PRINT_LIMIT],
            "truncated": len(profiles) > PRINT_LIMIT,
            **_filter_choices(),
        },
    )


def _export_rows(request: HttpRequest):
    result = directory_search(DirectoryFilters.from_query(request.GET))
    for profile in result.profiles.iterator(chunk_size=500):
        yield export_row(
            profile,
            site_url=settings.SITE_URL.rstrip("/"),
            relay_url=reverse("relays:relay", args=[profile.organisation.slug]),
        )


@require_GET
def export_json(request: HttpRequest) -> JsonResponse:
    """The published relays in the national standard's schema (docs/relais.md); the same query
    string as the directory narrows it the same way."""
    return JsonResponse(
        {"schema": standard()["source"], "lieux": list(_export_rows(request))},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    names = field_names()
    return csv_download("relais.csv", names, ([row[name] for name in names] for row in _export_rows(request)))
