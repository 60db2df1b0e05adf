"""/territoires/: the nation's and each territory's public dashboard, suppression applied."""

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from dashboards.sections import territory_sections
from dashboards.selectors import CHILD_KIND, territory_by_kind_and_code
from dashboards.survey_figures import survey_section
from dashboards.tables import CSV_HEADER, csv_rows, territory_dashboard
from lms.organisations.models import Territory, TerritoryKind
from lms.runtime.csv_export import csv_download


def _render(request: HttpRequest, territory: Territory | None) -> HttpResponse:
    table = territory_dashboard(territory)
    child_kind = CHILD_KIND[territory.kind if territory else None]
    return render(
        request,
        "dashboards/territory.html",
        {
            "territory": territory,
            "table": table,
            "child_kind_label": TerritoryKind(child_kind).label if child_kind else "",
            "sections": territory_sections(request, territory),
            "survey": survey_section(request.user, territory, today=timezone.localdate()),
        },
    )


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    return _render(request, None)


@require_GET
def territory(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    return _render(request, _found(kind, code))


def _found(kind: str, code: str) -> Territory:
    found = territory_by_kind_and_code(kind, code)
    if found is None:
        raise Http404
    return found


@require_GET
def national_csv(request: HttpRequest) -> StreamingHttpResponse:
    return csv_download("territoires-france.csv", CSV_HEADER, csv_rows(territory_dashboard(None)))


@require_GET
def territory_csv(request: HttpRequest, kind: str, code: str) -> StreamingHttpResponse:
    found = _found(kind, code)
    return csv_download(f"territoires-{found.kind}-{found.code}.csv", CSV_HEADER, csv_rows(territory_dashboard(found)))
