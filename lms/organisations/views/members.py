"""The manager space's Membres tab: the list and its CSV, ending a membership, changing a role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from lms.accounts.models import AudienceCode
from lms.organisations.access import access_group_filter, access_managed_organisation, access_membership
from lms.organisations.models import MembershipRole
from lms.organisations.selectors import MEMBER_STATES, manager_count, organisation_members, pending_invitations_of
from lms.organisations.services.exports import members_export
from lms.organisations.services.memberships import membership_end, membership_set_role
from lms.runtime.csv_export import csv_download

MEMBERS_PER_PAGE = 25


@login_required
def organisation_members_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
            "manager_count": manager_count(organisation),
            "invitations": pending_invitations_of(organisation),
        },
    )


@login_required
@require_GET
def members_export_view(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """CSV of exactly the members the Membres tab shows for the same filters, streamed."""
    organisation = access_managed_organisation(request.user, slug)
    export = members_export(
        organisation=organisation,
        manager=request.user,
        query=request.GET.get("q", ""),
        role=request.GET.get("role", ""),
        audience=request.GET.get("public", ""),
        state=request.GET.get("etat", ""),
        group=access_group_filter(organisation, request.GET.get("groupe")),
        filters=dict(request.GET.items()),
    )
    return csv_download(export.filename, export.header, export.rows)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end_view(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
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
def membership_role_view(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
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
