from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.organisations.access import access_managed_organisation, access_membership
from lms.organisations.models import MembershipRole
from lms.organisations.selectors import memberships_of_user, organisation_members
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
