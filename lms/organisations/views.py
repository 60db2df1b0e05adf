from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.organisations.access import access_managed_organisation, access_membership
from lms.organisations.forms import CodeAccountFormSet
from lms.organisations.models import MembershipRole
from lms.organisations.selectors import memberships_of_user, organisation_members
from lms.organisations.services.code_accounts import (
    code_account_renew,
    code_account_renewable,
    code_accounts_create,
)
from lms.organisations.services.memberships import membership_end, membership_set_role

MEMBERS_PER_PAGE = 25


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations I manage or belong to."""
    memberships = list(memberships_of_user(request.user))
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "managed": [m for m in memberships if m.role == MembershipRole.MANAGER],
            "belongs": [m for m in memberships if m.role == MembershipRole.MEMBER],
        },
    )


@login_required
def organisation_members_view(request: HttpRequest, slug: str) -> HttpResponse:
    """The manager space, Membres tab: search, role filter and pagination."""
    organisation = access_managed_organisation(request.user, slug)
    query = request.GET.get("q", "")
    role = request.GET.get("role", "")
    page = Paginator(organisation_members(organisation, query=query, role=role), MEMBERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "page": page,
            "query": query,
            "role": role,
            "roles": MembershipRole.choices,
        },
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
        membership_set_role(membership=membership, role=role)
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
