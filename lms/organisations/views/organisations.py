"""/organisations/: the organisations I manage or belong to, and the journal of a manager space."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation, may_review_requests
from lms.organisations.models import MembershipRole, RequestStatus
from lms.organisations.selectors import (
    manager_requests_of,
    memberships_of_user,
    organisation_journal,
    pending_invitations_for,
    reviewable_requests,
)

JOURNAL_PER_PAGE = 25


@login_required
def organisation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisations I manage or belong to."""
    memberships = list(memberships_of_user(request.user))
    agency = may_review_requests(request.user)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "managed": [m for m in memberships if m.role == MembershipRole.MANAGER],
            "belongs": [m for m in memberships if m.role == MembershipRole.MEMBER],
            "requests": manager_requests_of(request.user),
            "is_agency": agency,
            "invitations": pending_invitations_for(request.user),
            "reviews_pending": reviewable_requests(request.user).filter(status=RequestStatus.PENDING).count()
            if agency
            else 0,
        },
    )


@login_required
def journal_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The audit log of the manager space, newest first."""
    organisation = access_managed_organisation(request.user, slug)
    page = Paginator(organisation_journal(organisation), JOURNAL_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "organisations/journal.html", {"organisation": organisation, "page": page})
