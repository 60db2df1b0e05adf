"""/territoires/: the nation's and each territory's public dashboard, suppression applied."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dashboards.selectors import CHILD_KIND, territory_by_kind_and_code
from dashboards.tables import territory_dashboard
from lms.organisations.models import Territory, TerritoryKind


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
        },
    )


@require_GET
def national(request: HttpRequest) -> HttpResponse:
    return _render(request, None)


@require_GET
def territory(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    found = territory_by_kind_and_code(kind, code)
    if found is None:
        raise Http404
    return _render(request, found)
