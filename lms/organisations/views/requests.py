"""Asking to manage an organisation (anyone signed in), and deciding (agency staff)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_manager_request, access_requestable_organisation, may_review_requests
from lms.organisations.forms import JoinRequestForm, NewOrganisationRequestForm
from lms.organisations.models import RequestStatus
from lms.organisations.selectors import current_managers_of, requestable_organisations_matching, reviewable_requests
from lms.organisations.services.requests import manager_request_approve, manager_request_create, manager_request_refuse

SEARCH_RESULTS = 20
REVIEWS_PER_PAGE = 25


@login_required
def request_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find one's organisation to ask to manage it, or ask for its creation."""
    query = request.GET.get("q", "").strip()
    results, total = requestable_organisations_matching(query, limit=SEARCH_RESULTS) if query else ([], 0)
    context = {"query": query, "results": results, "others": total - len(results)}
    return render(request, "organisations/request_start.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def request_existing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access_requestable_organisation(request.user, pk)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            manager_request_create(
                requester=request.user, organisation=organisation, function=form.cleaned_data["function"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre demande est envoyée à l'agence de votre territoire."))
            return redirect("organisations:list")
    return render(request, "organisations/request_form.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NewOrganisationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            manager_request_create(
                requester=request.user,
                function=data["function"],
                kind=data["kind"],
                name=data["name"],
                territory=data["commune"],
                siren=data["siren"],
                uai=data["uai"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0] if hasattr(error, "error_dict") else error)
        else:
            messages.success(request, _("Votre demande est envoyée à l'agence de votre territoire."))
            return redirect("organisations:list")
    return render(request, "organisations/request_form.html", {"form": form, "organisation": None})


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Agency staff: requests for their territory. Anyone else: 404."""
    if not may_review_requests(request.user):
        raise Http404
    status = request.GET.get("etat", RequestStatus.PENDING)
    if status not in RequestStatus.values:
        status = RequestStatus.PENDING
    page = Paginator(reviewable_requests(request.user).filter(status=status), REVIEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "organisations/review_list.html", {"page": page, "status": status, "statuses": RequestStatus.choices}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    manager_request = access_manager_request(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "approve":
                manager_request_approve(request=manager_request, reviewer=request.user)
                messages.success(request, _("Demande acceptée : la personne est prévenue par e-mail."))
            else:
                manager_request_refuse(
                    request=manager_request, reviewer=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Demande refusée : la personne est prévenue par e-mail."))
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            return redirect("organisations:review_list")
    return render(
        request,
        "organisations/review_decide.html",
        {
            "manager_request": manager_request,
            "managers": current_managers_of(manager_request.organisation),
            "error": error,
            "reason": request.POST.get("reason", ""),
        },
    )
