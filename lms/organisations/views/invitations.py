"""Invitations by e-mail: sending and taking back (managers), answering (the person invited),
and the activation link of a newcomer."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation, access_pending_invitation, access_received_invitation
from lms.organisations.forms import ActivationForm, InvitationForm
from lms.organisations.selectors import invitation_find
from lms.organisations.services.invitations import (
    invitation_accept,
    invitation_activate,
    invitation_create,
    invitation_decline,
    invitation_withdraw,
)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_create_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
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
@require_http_methods(["GET", "POST"])
def invitation_withdraw_view(request: AuthenticatedHttpRequest, slug: str, invitation_id: int) -> HttpResponse:
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
@require_POST
def invitation_answer_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an invitation addressed to one's own e-mail; anyone else's is a 404."""
    invitation = access_received_invitation(request.user, pk)
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
