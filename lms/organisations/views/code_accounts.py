"""Accounts without e-mail: create them and print their personal codes, or print a new code."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_code_account, access_managed_organisation
from lms.organisations.forms import CodeAccountFormSet
from lms.organisations.printing import printable_sheet
from lms.organisations.services.code_accounts import code_account_renew, code_accounts_create


@login_required
@require_http_methods(["GET", "POST"])
def code_accounts_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Create accounts for people without e-mail, then print their personal codes."""
    organisation = access_managed_organisation(request.user, slug)
    formset = CodeAccountFormSet(request.POST or None, prefix="personnes")
    if request.method == "POST" and formset.is_valid():
        # formset_factory's stub returns a plain BaseFormSet, losing BaseCodeAccountFormSet's people().
        people = formset.people()  # type: ignore[attr-defined]
        sheet = code_accounts_create(organisation=organisation, people=people, created_by=request.user)
        return printable_sheet(request, organisation, sheet)
    return render(request, "organisations/code_accounts.html", {"organisation": organisation, "formset": formset})


@login_required
@require_POST
def code_account_renew_view(request: AuthenticatedHttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """A new code for a member without e-mail; the sheet shows it once."""
    organisation = access_managed_organisation(request.user, slug)
    membership = access_code_account(request.user, organisation, membership_id)
    return printable_sheet(request, organisation, [code_account_renew(membership=membership, created_by=request.user)])
