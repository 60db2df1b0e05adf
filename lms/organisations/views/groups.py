"""The manager space's Groupes tab: the organisation's groups of members, made, changed and
deleted (after a confirmation page) by its managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation, access_member_group
from lms.organisations.forms import MemberGroupForm
from lms.organisations.models import MemberGroup, Organisation
from lms.organisations.selectors import organisation_current_memberships, organisation_groups
from lms.organisations.services.groups import member_group_delete, member_group_save


def _save(request: AuthenticatedHttpRequest, organisation: Organisation, form: MemberGroupForm, group=None) -> bool:
    if not form.is_valid():
        return False
    try:
        member_group_save(
            organisation=organisation,
            manager=request.user,
            name=form.cleaned_data["name"],
            memberships=form.cleaned_data["memberships"],
            group=group,
        )
    except ValidationError as error:
        form.add_error("name" if hasattr(error, "error_dict") else None, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def groups_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The list of groups, and the form that makes a new one."""
    organisation = access_managed_organisation(request.user, slug)
    form = MemberGroupForm(request.POST or None, memberships=organisation_current_memberships(organisation))
    if request.method == "POST" and _save(request, organisation, form):
        messages.success(request, _("Le groupe « %(name)s » est créé.") % {"name": form.cleaned_data["name"]})
        return redirect("organisations:groups", slug=organisation.slug)
    return render(
        request,
        "organisations/groups.html",
        {"organisation": organisation, "groups": organisation_groups(organisation), "form": form, "tab": "groupes"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit_view(request: AuthenticatedHttpRequest, slug: str, group_id: int) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    group = access_member_group(organisation, group_id)
    initial = {"name": group.name, "memberships": list(group.memberships.values_list("pk", flat=True))}
    form = MemberGroupForm(
        request.POST or None, initial=initial, memberships=organisation_current_memberships(organisation)
    )
    if request.method == "POST" and _save(request, organisation, form, group):
        messages.success(request, _("Le groupe « %(name)s » est enregistré.") % {"name": group.name})
        return redirect("organisations:groups", slug=organisation.slug)
    return render(
        request,
        "organisations/group_edit.html",
        {"organisation": organisation, "group": group, "form": form, "tab": "groupes"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_delete_view(request: AuthenticatedHttpRequest, slug: str, group_id: int) -> HttpResponse:
    """Deleting asks first: the members stay, only the group goes."""
    organisation = access_managed_organisation(request.user, slug)
    group: MemberGroup = access_member_group(organisation, group_id)
    if request.method == "POST":
        member_group_delete(organisation=organisation, manager=request.user, group=group)
        messages.success(request, _("Le groupe « %(name)s » est supprimé.") % {"name": group.name})
        return redirect("organisations:groups", slug=organisation.slug)
    return render(
        request, "organisations/group_delete.html", {"organisation": organisation, "group": group, "tab": "groupes"}
    )
