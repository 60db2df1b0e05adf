"""Agency pages: the campaigns list, opening one, following it, extending it, reopening a
response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from surveys.access import access_followed_campaign, access_followed_response
from surveys.forms import CampaignForm, ExtendForm
from surveys.selectors import (
    agencies_of,
    campaign_target_rows,
    campaign_totals,
    campaigns_followed_by,
    campaigns_for_manager,
    response_rates,
)
from surveys.services.campaigns import campaign_extend, campaign_open
from surveys.services.responses import response_reopen

TARGETS_PER_PAGE = 50


@login_required
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = agencies_of(request.user)
    return render(
        request,
        "surveys/index.html",
        {
            "is_agency": bool(agencies),
            "followed": list(campaigns_followed_by(request.user)) if agencies else [],
            "to_answer": campaigns_for_manager(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def campaign_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    agencies = agencies_of(request.user)
    if not agencies:
        raise Http404
    agency = agencies[0]
    form = CampaignForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        targets, label = form.targets()
        try:
            campaign = campaign_open(
                agency=agency,
                questionnaire=form.cleaned_data["questionnaire"],
                title=form.cleaned_data["title"],
                message=form.cleaned_data["message"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                targets=targets,
                targets_label=str(label),
                created_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La campagne est ouverte : les organisations visées sont invitées."))
            return redirect("surveys:follow", campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form, "agency": agency})


@login_required
def follow(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = access_followed_campaign(request.user, pk)
    rates = response_rates(campaign)
    page = Paginator(campaign_target_rows(campaign), TARGETS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/follow.html",
        {
            "campaign": campaign,
            "rates": rates,
            "epci_rates": response_rates(campaign, by="epci"),
            "totals": campaign_totals(rates),
            "page": page,
            "extend_form": ExtendForm(initial={"closes_on": campaign.closes_on}),
        },
    )


@login_required
@require_POST
def extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = access_followed_campaign(request.user, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            campaign_extend(campaign=campaign, closes_on=form.cleaned_data["closes_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("La clôture est repoussée."))
    else:
        messages.error(request, _("Saisissez une date valide."))
    return redirect("surveys:follow", campaign.pk)


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, pk: int, response_id: int) -> HttpResponse:
    campaign = access_followed_campaign(request.user, pk)
    response = access_followed_response(request.user, campaign, response_id)
    response_reopen(response=response)
    messages.success(
        request,
        _("La réponse de %(name)s est rouverte : ses gestionnaires peuvent la modifier.")
        % {"name": response.organisation.name},
    )
    return redirect("surveys:follow", campaign.pk)
