"""Reporting a problem on a published scenario: it joins the moderators' queue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.accounts.http import AuthenticatedHttpRequest
from scenarios.access import access_published_scenario
from scenarios.community_forms import ReportForm
from scenarios.services.reports import report_create


@login_required
def report_form(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = access_published_scenario(scenario_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report_create(
            reporter=request.user,
            scenario=scenario,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
        )
        messages.success(request, _("Merci : votre signalement est transmis à l'équipe de modération."))
        return redirect(scenario.get_url(request))
    return render(request, "scenarios/report_form.html", {"scenario": scenario, "form": form})
