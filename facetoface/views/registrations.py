"""Registering, cancelling, confirming an offered place, and the calendar file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from facetoface.access import access_own_registration, access_session
from facetoface.ics import registration_calendar
from facetoface.models import RegistrationStatus
from facetoface.services.registrations import (
    RegistrationRefused,
    may_cancel,
    offer_accept,
    registration_cancel,
    registration_create,
)
from lms.accounts.http import AuthenticatedHttpRequest
from lms.calendar import CONTENT_TYPE

STATUS_MESSAGES: dict[str, object] = {
    RegistrationStatus.CONFIRMED: gettext_lazy(
        "Vous êtes inscrit(e). La confirmation et le fichier d'agenda partent par e-mail."
    ),
    RegistrationStatus.WAITLISTED: gettext_lazy("La session est complète : vous êtes sur la liste d'attente."),
    RegistrationStatus.PENDING_APPROVAL: gettext_lazy("Votre demande attend l'accord d'un gestionnaire."),
}


@login_required
@require_POST
def register_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_session(pk)
    try:
        registration = registration_create(user=request.user, session=session)
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, str(STATUS_MESSAGES.get(registration.status, "")))
    return redirect("facetoface:session", pk=session.pk)


@login_required
def cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = access_own_registration(request.user, pk)
    if not may_cancel(registration):
        return render(request, "facetoface/registration_cancel.html", {"registration": registration, "closed": True})
    if request.method == "POST":
        try:
            registration_cancel(registration=registration)
        except RegistrationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("Votre désinscription est enregistrée."))
        return redirect("facetoface:session", pk=registration.session_id)
    return render(request, "facetoface/registration_cancel.html", {"registration": registration, "closed": False})


@login_required
@require_POST
def accept_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = access_own_registration(request.user, pk)
    try:
        offer_accept(registration=registration)
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Votre place est confirmée."))
    return redirect("facetoface:session", pk=registration.session_id)


@login_required
@require_GET
def calendar_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same file as the e-mails carry."""
    registration = access_own_registration(request.user, pk)
    response = HttpResponse(registration_calendar(registration), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="session.ics"'
    return response
