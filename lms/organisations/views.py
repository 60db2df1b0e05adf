from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.models import AudienceCode
from lms.organisations.access import access_managed_organisation, access_membership, access_pending_invitation
from lms.organisations.forms import (
    ActivationForm,
    CodeAccountFormSet,
    InvitationForm,
    JoinRequestForm,
    NewOrganisationRequestForm,
)
from lms.organisations.models import (
    AGENCY_KINDS,
    AuditAction,
    AuditEntry,
    ManagerRequest,
    Membership,
    MembershipRole,
    Organisation,
    RequestStatus,
    Territory,
    TerritoryKind,
)
from lms.organisations.selectors import MEMBER_STATES, memberships_of_user, organisation_members
from lms.organisations.services.audit import audit_record
from lms.organisations.services.code_accounts import (
    code_account_renew,
    code_account_renewable,
    code_accounts_create,
)
from lms.organisations.services.home_communes import (
    commune_choices,
    home_commune_clear,
    home_commune_of,
    home_commune_set,
)
from lms.organisations.services.invitations import (
    invitation_accept,
    invitation_activate,
    invitation_create,
    invitation_decline,
    invitation_find,
    invitation_withdraw,
    pending_invitations_for,
    pending_invitations_of,
)
from lms.organisations.services.memberships import membership_end, membership_set_role
from lms.organisations.services.requests import (
    manager_request_approve,
    manager_request_create,
    manager_request_refuse,
    may_review_requests,
    reviewable_requests,
)
from lms.runtime.csv_export import csv_download

MEMBERS_PER_PAGE = 25
COMMUNE_RESULTS = 20


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations I manage or belong to."""
    memberships = list(memberships_of_user(request.user))
    agency = may_review_requests(request.user)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "managed": [m for m in memberships if m.role == MembershipRole.MANAGER],
            "belongs": [m for m in memberships if m.role == MembershipRole.MEMBER],
            "requests": ManagerRequest.objects.filter(requester=request.user)
            .exclude(status=RequestStatus.APPROVED)
            .select_related("organisation"),
            "is_agency": agency,
            "invitations": pending_invitations_for(request.user),
            "reviews_pending": reviewable_requests(request.user).filter(status=RequestStatus.PENDING).count()
            if agency
            else 0,
        },
    )


@login_required
def organisation_members_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager space, Membres tab: search, filters (role, audience, account state), pagination."""
    organisation = access_managed_organisation(request.user, slug)
    query = request.GET.get("q", "")
    role = request.GET.get("role", "")
    audience = request.GET.get("public", "")
    state = request.GET.get("etat", "")
    members = organisation_members(organisation, query=query, role=role, audience=audience, state=state)
    page = Paginator(members, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "role": role,
            "roles": MembershipRole.choices,
            "audience": audience,
            "audiences": AudienceCode.choices,
            "state": state,
            "states": [(value, label) for value, (label, _condition) in MEMBER_STATES.items()],
            "manager_count": Membership.objects.current().managers().filter(organisation=organisation).count(),
            "invitations": pending_invitations_of(organisation),
        },
    )


@login_required
@require_GET
def members_export_view(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    """CSV of exactly the members the Membres tab shows for the same filters, streamed."""
    organisation = access_managed_organisation(request.user, slug)
    members = organisation_members(
        organisation,
        query=request.GET.get("q", ""),
        role=request.GET.get("role", ""),
        audience=request.GET.get("public", ""),
        state=request.GET.get("etat", ""),
    ).prefetch_related("user__audiences")
    audit_record(
        organisation=organisation,
        actor=request.user,
        action=AuditAction.EXPORT,
        summary=_("Export des membres (CSV)"),
        details={"filters": dict(request.GET.items())},
    )
    header = [
        _("Nom"),
        _("Prénom"),
        _("E-mail ou identifiant"),
        _("Fonction"),
        _("Rôle"),
        _("Publics"),
        _("Depuis le"),
        _("Dernière connexion"),
    ]

    def rows():
        for membership in members.iterator(chunk_size=2000):
            user = membership.user
            yield (
                user.last_name,
                user.first_name,
                user.email or user.login_id,
                membership.function,
                membership.get_role_display(),
                ", ".join(str(audience.label) for audience in user.audiences.all()),
                membership.start_on.isoformat(),
                timezone.localtime(user.last_login).date().isoformat() if user.last_login else "",
            )

    filename = f"membres-{organisation.slug}-{timezone.localdate().isoformat()}.csv"
    return csv_download(filename, header, rows())


@login_required
@require_http_methods(["GET", "POST"])
def invitation_withdraw_view(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    """Take back a pending invitation, after a confirmation page."""
    organisation = access_managed_organisation(request.user, slug)
    invitation = access_pending_invitation(organisation, invitation_id)
    if request.method == "POST":
        if invitation_withdraw(invitation=invitation, by=request.user):
            messages.success(request, _("L'invitation de %(email)s est retirée.") % {"email": invitation.email})
        else:
            messages.error(request, _("Cette invitation a reçu une réponse entre-temps : elle n'est pas retirée."))
        return redirect("organisations:members", slug=organisation.slug)
    return render(
        request, "organisations/invitation_withdraw.html", {"organisation": organisation, "invitation": invitation}
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """End someone's membership, after a confirmation page."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_membership(organisation, membership_id)
    if request.method == "POST":
        try:
            membership_end(membership=membership, ended_by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("%(name)s ne fait plus partie de l'organisation.") % {"name": membership.user})
        return redirect("organisations:members", slug=organisation.slug)
    return render(
        request, "organisations/membership_end.html", {"organisation": organisation, "membership": membership}
    )


@login_required
@require_POST
def membership_role_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Make a member co-manager, or a co-manager a member again."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_membership(organisation, membership_id)
    role = request.POST.get("role")
    if role not in MembershipRole.values:
        messages.error(request, _("Rôle inconnu."))
        return redirect("organisations:members", slug=organisation.slug)
    try:
        membership_set_role(membership=membership, role=role, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s est maintenant %(role)s.") % {"name": membership.user, "role": membership.get_role_display()},
        )
    return redirect("organisations:members", slug=organisation.slug)


def printable_sheet(request: HttpRequest, organisation, sheet) -> HttpResponse:
    """The sheet exists only in this response: no cache may keep the codes."""
    response = render(request, "organisations/code_sheet.html", {"organisation": organisation, "sheet": sheet})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def code_accounts_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Create accounts for people without e-mail, then print their personal codes."""
    organisation = access_managed_organisation(request.user, slug)
    formset = CodeAccountFormSet(request.POST or None, prefix="personnes")
    if request.method == "POST" and formset.is_valid():
        sheet = code_accounts_create(organisation=organisation, people=formset.people(), created_by=request.user)
        return printable_sheet(request, organisation, sheet)
    return render(request, "organisations/code_accounts.html", {"organisation": organisation, "formset": formset})


@login_required
@require_POST
def code_account_renew_view(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A new code for a member without e-mail; the sheet shows it once."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_membership(organisation, membership_id)
    if not code_account_renewable(membership=membership, manager=request.user):
        raise Http404
    return printable_sheet(request, organisation, [code_account_renew(membership=membership, created_by=request.user)])


@login_required
def request_start(request: HttpRequest) -> HttpResponse:
    """Find one's organisation to ask to manage it, or ask for its creation."""
    query = request.GET.get("q", "").strip()
    results = []
    if query:
        by_name = Q(name__icontains=query)
        places = Territory.objects.search(query).values("pk")
        results = list(
            Organisation.objects.filter(is_active=True)
            .exclude(kind__in=AGENCY_KINDS)
            .filter(by_name | Q(territory__in=places))
            .select_related("territory")
            .order_by("name")[:20]
        )
    return render(request, "organisations/request_start.html", {"query": query, "results": results})


@login_required
@require_http_methods(["GET", "POST"])
def request_existing(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = Organisation.objects.filter(pk=pk, is_active=True).exclude(kind__in=AGENCY_KINDS).first()
    if organisation is None:
        raise Http404
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
def request_new(request: HttpRequest) -> HttpResponse:
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
def review_list(request: HttpRequest) -> HttpResponse:
    """Agency staff: requests for their territory. Anyone else: 404."""
    if not may_review_requests(request.user):
        raise Http404
    status = request.GET.get("etat", RequestStatus.PENDING)
    if status not in RequestStatus.values:
        status = RequestStatus.PENDING
    page = Paginator(reviewable_requests(request.user).filter(status=status), 25).get_page(request.GET.get("page"))
    return render(
        request, "organisations/review_list.html", {"page": page, "status": status, "statuses": RequestStatus.choices}
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    manager_request = reviewable_requests(request.user).filter(pk=pk).first()
    if manager_request is None:
        raise Http404
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
        {"manager_request": manager_request, "error": error, "reason": request.POST.get("reason", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation_create(
                organisation=organisation,
                email=form.cleaned_data["email"],
                function=form.cleaned_data["function"],
                invited_by=request.user,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("organisations:members", slug=organisation.slug)
    return render(request, "organisations/invitation_form.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def invitation_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation addressed to one's own e-mail; anyone else's is a 404."""
    invitation = pending_invitations_for(request.user).filter(pk=pk).first()
    if invitation is None:
        raise Http404
    if request.POST.get("answer") == "accept":
        invitation_accept(invitation=invitation, user=request.user)
        messages.success(request, _("Vous avez rejoint « %(name)s ».") % {"name": invitation.organisation.name})
    else:
        invitation_decline(invitation=invitation, user=request.user)
        messages.success(request, _("Invitation déclinée."))
    return redirect("organisations:list")


@require_http_methods(["GET", "POST"])
def invitation_activation(request: HttpRequest, token: str) -> HttpResponse:
    """A newcomer's single-use link: they say who they are, their account is created, they join."""
    invitation = invitation_find(token)
    if invitation is None:
        return render(request, "organisations/invitation_invalid.html", status=410)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, _membership = invitation_activate(
                invitation=invitation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password"] or None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="lms.accounts.backends.EmailOrLoginIdBackend")
            messages.success(
                request, _("Bienvenue ! Vous avez rejoint « %(name)s ».") % {"name": invitation.organisation.name}
            )
            return redirect("organisations:list")
    return render(request, "organisations/invitation_activation.html", {"invitation": invitation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def home_commune_view(request: HttpRequest) -> HttpResponse:
    """Choose one's commune without JavaScript: search (GET), then pick a result (POST)."""
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()[:100]
    error = ""
    if request.method == "POST":
        if request.POST.get("action") == "clear":
            home_commune_clear(user=request.user)
            messages.success(request, _("Votre commune est retirée de votre profil."))
            return redirect("accounts:profile")
        chosen = request.POST.get("commune", "")
        commune = (
            Territory.objects.active().filter(kind=TerritoryKind.COMMUNE, pk=int(chosen)).first()
            if chosen.isascii() and chosen.isdigit()
            else None
        )
        if commune is None:
            error = _("Choisissez une commune dans la liste.")
        else:
            home_commune_set(user=request.user, commune=commune)
            messages.success(request, _("Votre commune est enregistrée : %(name)s.") % {"name": commune.name})
            return redirect("accounts:profile")
    results = list(commune_choices(query, limit=COMMUNE_RESULTS + 1)) if query else []
    return render(
        request,
        "organisations/home_commune.html",
        {
            "current": home_commune_of(request.user),
            "query": query,
            "results": results[:COMMUNE_RESULTS],
            "too_many": len(results) > COMMUNE_RESULTS,
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
def journal_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The audit log of the manager space, newest first."""
    organisation = access_managed_organisation(request.user, slug)
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("actor")
    page = Paginator(entries, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organisations/journal.html", {"organisation": organisation, "page": page})
