"""/territoires/: the nation's and each territory's public dashboard and open data, suppression
applied (the figures and their suppression come from the summary table)."""

import json
import re

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards.exports import country_scope, csv_table, json_document, territory_scope
from dashboards.sections import territory_sections
from dashboards.selectors import CHILD_KIND, territory_by_kind_and_code, territory_dashboard
from dashboards.survey_figures import survey_section
from dashboards.tables import audience_rows, child_table, completion_rate, quarter_rows
from lms.charts import column_chart
from lms.organisations.models import Territory, TerritoryKind
from lms.runtime.csv_export import csv_download
from surveys.defaults import SCHOOL_FAMILY
from surveys.selectors import closed_campaign, closed_campaigns_answered_within


def training_context(request: HttpRequest, territory: Territory | None) -> dict:
    """The training part of a territory's page (templates/dashboards/_training.html)."""
    dashboard = territory_dashboard(territory)
    child_kind = CHILD_KIND[territory.kind if territory else None]
    quarters = quarter_rows(dashboard)
    return {
        "dashboard": dashboard,
        "own": dashboard.own,
        "completion_rate": completion_rate(dashboard.own),
        "audience_rows": audience_rows(dashboard.own),
        "quarter_rows": quarters,
        "trend_chart": column_chart(
            _("Personnes inscrites par trimestre"),
            [
                (row.quarter, None if row.enrolled.hidden else row.enrolled.value, row.enrolled.display)
                for row in quarters
            ],
            value_header=_("Inscrites"),
            label_header=_("Trimestre"),
        ),
        "children": child_table(dashboard, request.GET.get("tri"), request.GET.get("ordre")),
        "child_kind_label": TerritoryKind(child_kind).label if child_kind else "",
        **{
            key: dashboard.own.get(measure)
            for key, measure in (
                ("population", "population"),
                ("hours_online", "hours_online"),
                ("sessions", "sessions"),
                ("registrations", "registrations"),
                ("present", "present"),
                ("hours_attended", "hours_attended"),
            )
        },
    }


def _render(request: HttpRequest, territory: Territory | None) -> HttpResponse:
    return render(
        request,
        "dashboards/territory.html",
        {
            "territory": territory,
            "training": training_context(request, territory),
            "sections": territory_sections(request, territory),
            "survey": survey_section(request.user, territory, today=timezone.localdate()),
            # The nation's files, one per closed survey campaign.
            "campaigns": (
                closed_campaigns_answered_within(SCHOOL_FAMILY, today=timezone.localdate(), territory=None, limit=10)
                if territory is None
                else []
            ),
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


def _csv(filename: str, scope) -> StreamingHttpResponse:
    header, rows = csv_table(scope)
    return csv_download(filename, header, rows)


def _json(filename: str, scope) -> HttpResponse:
    response = HttpResponse(
        json.dumps(json_document(scope), ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _campaign_id(request: HttpRequest) -> int | None:
    """`?campagne=<id>`: the nation's file for that survey campaign (one file per campaign)."""
    value = request.GET.get("campagne", "")
    if not value:
        return None
    # ASCII digits only, and short: str.isdigit() takes "²", and a huge id overflows the database.
    if not re.fullmatch(r"[0-9]{1,12}", value):
        raise Http404
    if closed_campaign(SCHOOL_FAMILY, int(value), today=timezone.localdate()) is None:
        raise Http404
    return int(value)


def _national_name(campaign_id: int | None, extension: str) -> str:
    return f"territoires-france{f'-campagne-{campaign_id}' if campaign_id else ''}.{extension}"


@require_GET
def national_csv(request: HttpRequest) -> StreamingHttpResponse:
    campaign_id = _campaign_id(request)
    return _csv(_national_name(campaign_id, "csv"), country_scope(campaign_id))


@require_GET
def national_json(request: HttpRequest) -> HttpResponse:
    campaign_id = _campaign_id(request)
    return _json(_national_name(campaign_id, "json"), country_scope(campaign_id))


@require_GET
def territory_csv(request: HttpRequest, kind: str, code: str) -> StreamingHttpResponse:
    found = _found(kind, code)
    return _csv(f"territoires-{found.kind}-{found.code}.csv", territory_scope(found))


@require_GET
def territory_json(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    found = _found(kind, code)
    return _json(f"territoires-{found.kind}-{found.code}.json", territory_scope(found))
