"""/territoires/plans/…: the aid plans' back office for agency staff (create, simulate, publish,
import wealth figures), and the published plans' public pages and open data."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dashboards.models import AidPlan
from dashboards.needs.access import (
    access_managed_plan,
    access_published_plan,
    agencies_scope,
    agency_for,
    departements_in_scope,
    plan_agencies,
)
from dashboards.needs.forms import PlanCreateForm, PlanParametersForm, WealthImportForm
from dashboards.needs.index import COMPONENTS, FORMULA_VERSION
from dashboards.needs.selectors import (
    COMPONENT_LABELS,
    DEFAULT_SORT,
    EXPORT_HEADER,
    SORTS,
    export_rows,
    plan_lines,
    plan_summary,
)
from dashboards.services.plans import PlanRefused, aid_plan_create, aid_plan_publish, aid_plan_simulate, wealth_import
from lms.accounts.http import AuthenticatedHttpRequest
from lms.runtime.csv_export import csv_download


def _sort_links(request: HttpRequest, sort: str, direction: str) -> dict[str, dict]:
    """Per column, the link that sorts by it (the other way when it is the current sort)."""
    links = {}
    for key in SORTS:
        current = key == sort
        next_direction = (
            ("desc" if direction == "asc" else "asc") if current else ("asc" if key in ("rang", "commune") else "desc")
        )
        links[key] = {
            "url": f"?tri={key}&ordre={next_direction}#tableau",
            "current": current,
            "aria": ("ascending" if direction == "asc" else "descending") if current else None,
        }
    return links


def _plan_context(request: HttpRequest, plan: AidPlan) -> dict:
    sort = request.GET.get("tri", DEFAULT_SORT[0])
    sort = sort if sort in SORTS else DEFAULT_SORT[0]
    direction = "desc" if request.GET.get("ordre") == "desc" else "asc"
    lines = plan_lines(plan, sort, direction)
    summary = plan_summary(plan, lines)
    weights = plan.parameters.get("weights", {})
    return {
        "plan": plan,
        "lines": lines,
        "summary": summary,
        "sort_links": _sort_links(request, sort, direction),
        "components": [(key, COMPONENT_LABELS[key], weights.get(key)) for key in COMPONENTS],
    }


# --- Public


@require_GET
def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access_published_plan(slug)
    return render(request, "dashboards/plans/detail.html", _plan_context(request, plan))


@require_GET
def plan_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    plan = access_published_plan(slug)
    return csv_download(f"plan-{plan.slug}.csv", EXPORT_HEADER, export_rows(plan_lines(plan)))


@require_GET
def plan_json(request: HttpRequest, slug: str) -> HttpResponse:
    plan = access_published_plan(slug)
    document = {
        "plan": plan.name,
        "departement": {"code": plan.territory.code, "nom": plan.territory.name},
        "budget_euros": plan.budget,
        "plancher_euros": plan.floor,
        "plafond_euros": plan.ceiling,
        "version_formule": plan.formula_version,
        "parametres": plan.parameters,
        "publie_le": plan.published_at.isoformat() if plan.published_at else None,
        "licence": "Licence Ouverte / Etalab 2.0",
        "communes": [dict(zip(EXPORT_HEADER, row, strict=True)) for row in export_rows(plan_lines(plan))],
    }
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="plan-{plan.slug}.json"'
    return response


# --- Agency staff


@login_required
@require_http_methods(["GET", "POST"])
def plan_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = plan_agencies(request.user)
    departements = departements_in_scope(agencies)
    form = PlanCreateForm(request.POST or None, departements=departements, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        departement = form.cleaned_data["departement"]
        # The form only offers départements in the agencies' scope, so one of them covers it.
        agency = agency_for(agencies, departement) or agencies[0]
        try:
            plan = aid_plan_create(
                agency=agency,
                departement=departement,
                campaign=form.cleaned_data["campaign"],
                name=form.cleaned_data["name"],
                budget=form.cleaned_data["budget"],
                floor=form.cleaned_data["floor"],
                ceiling=form.cleaned_data["ceiling"],
            )
        except PlanRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Le plan est calculé. Vérifiez-le, modifiez-le si besoin, puis publiez-le."))
            return redirect("dashboards:plan_manage", plan.pk)
    plans = AidPlan.objects.filter(agency__in=[agency.pk for agency in agencies]).select_related("territory")
    return render(
        request, "dashboards/plans/index.html", {"form": form, "plans": plans, "formula_version": FORMULA_VERSION}
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_manage(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access_managed_plan(request.user, pk)
    initial = {"name": plan.name, "budget": plan.budget, "floor": plan.floor, "ceiling": plan.ceiling}
    form = PlanParametersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            aid_plan_simulate(
                plan=plan,
                name=form.cleaned_data["name"],
                budget=form.cleaned_data["budget"],
                floor=form.cleaned_data["floor"],
                ceiling=form.cleaned_data["ceiling"],
                change_bounds=True,
            )
        except PlanRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Le plan est recalculé avec ces paramètres."))
            return redirect("dashboards:plan_manage", plan.pk)
    context = _plan_context(request, plan)
    context["form"] = form
    return render(request, "dashboards/plans/manage.html", context)


@login_required
@require_POST
def plan_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = access_managed_plan(request.user, pk)
    plan = aid_plan_publish(plan=plan)
    messages.success(request, _("Le plan est publié : il ne changera plus."))
    return redirect("dashboards:plan_detail", plan.slug)


@login_required
@require_http_methods(["GET", "POST"])
def wealth_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = plan_agencies(request.user)
    form = WealthImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        saved, refused = wealth_import(agency=agencies[0], parsed=form.parsed, scope=agencies_scope(agencies))
        result = {"saved": saved, "refused": refused}
    return render(request, "dashboards/plans/wealth.html", {"form": form, "result": result})
