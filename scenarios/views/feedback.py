""" "Je l'ai testé": a signed-in person leaves, or edits, their feedback on a published scenario."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lms.accounts.http import AuthenticatedHttpRequest
from scenarios.access import access_published_scenario
from scenarios.community_forms import FeedbackForm
from scenarios.selectors import feedback_of
from scenarios.services.feedback import feedback_save


@login_required
def feedback_form(request: AuthenticatedHttpRequest, scenario_id: int) -> HttpResponse:
    scenario = access_published_scenario(scenario_id)
    existing = feedback_of(request.user, scenario)
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        feedback_save(
            user=request.user,
            scenario=scenario,
            tested_on=data["tested_on"],
            target=data["target"],
            group_size=data["group_size"],
            how_it_went=data["how_it_went"],
            changes=data["changes"],
            usefulness=data["usefulness"],
        )
        messages.success(request, _("Merci ! Votre retour sera publié après relecture par l'équipe de modération."))
        return redirect(scenario.get_url(request))
    return render(request, "scenarios/feedback_form.html", {"scenario": scenario, "form": form, "existing": existing})
