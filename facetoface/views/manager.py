"""The manager space's Sessions tab: sessions the organisation organises or hosts, requests
awaiting approval, and registering members in bulk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from courses.selectors import organisation_member_users
from facetoface.access import access_approvable_registration
from facetoface.forms import BulkRegistrationForm
from facetoface.selectors import (
    member_attendances,
    organisation_pending_approvals,
    organisation_session_reports,
    organisation_sessions_export_rows,
    upcoming_sessions,
)
from facetoface.services.registrations import RegistrationRefused, registration_decide, registrations_bulk_create
from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.access import access_managed_organisation
from lms.organisations.selectors import organisation_groups
from lms.runtime.csv_export import csv_download


@login_required
def sessions_tab(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    sessions = organisation_session_reports(organisation)
    return render(
        request,
        "facetoface/manager_sessions.html",
        {
            "organisation": organisation,
            "tab": "sessions",
            "sessions": sessions,
            "pending": organisation_pending_approvals(organisation),
            "open_sessions": upcoming_sessions()[:50],
            "member_marks": member_attendances(organisation),
        },
    )


@login_required
def sessions_export(request: AuthenticatedHttpRequest, slug: str) -> StreamingHttpResponse:
    """The tab's figures as CSV (UTF-8 with BOM, semicolons, formula-safe), streamed."""
    organisation = access_managed_organisation(request.user, slug)
    header = [
        _("N°"),
        _("Session"),
        _("Formation"),
        _("Début"),
        _("Commune"),
        _("Annulée"),
        _("Places"),
        _("Inscrits"),
        _("Taux de remplissage (%)"),
        _("Créneaux"),
        _("Taux de présence (%)"),
        _("Personnes présentes"),
        _("Absents sans présence"),
    ]
    rows = organisation_sessions_export_rows(organisation)
    return csv_download(f"sessions-{organisation.slug}.csv", [str(cell) for cell in header], rows)


@login_required
def bulk_register(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    session = upcoming_sessions().filter(pk=pk).first()
    if session is None:
        raise Http404
    form = BulkRegistrationForm(
        request.POST or None,
        members=organisation_member_users(organisation),
        groups=organisation_groups(organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = registrations_bulk_create(
                organisation=organisation, manager=request.user, users=form.people(), session=session
            )
        except RegistrationRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                registration_summary(
                    confirmed=len(report.confirmed), waiting=len(report.waitlisted), already=len(report.already)
                ),
            )
            return redirect("facetoface:organisation_sessions", slug=organisation.slug)
    return render(
        request,
        "facetoface/bulk_register.html",
        {"organisation": organisation, "session": session, "form": form, "tab": "sessions"},
    )


@login_required
@require_POST
def decide_view(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = access_managed_organisation(request.user, slug)
    registration = access_approvable_registration(request.user, pk)
    approve = request.POST.get("decision") == "approve"
    try:
        registration_decide(registration=registration, manager=request.user, approve=approve)
    except RegistrationRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("Demande acceptée.") if approve else _("Demande refusée ; la personne est prévenue.")
        )
    return redirect("facetoface:organisation_sessions", slug=organisation.slug)


def registration_summary(*, confirmed: int, waiting: int, already: int) -> str:
    """ "2 personnes inscrites, 1 en liste d'attente.": each count agrees with its words, and
    counts of nobody are left out."""
    parts = [ngettext("%(count)s personne inscrite", "%(count)s personnes inscrites", confirmed) % {"count": confirmed}]
    if waiting:
        parts.append(
            ngettext("%(count)s en liste d'attente", "%(count)s en liste d'attente", waiting) % {"count": waiting}
        )
    if already:
        parts.append(ngettext("%(count)s déjà inscrite", "%(count)s déjà inscrites", already) % {"count": already})
    return ", ".join(parts) + "."
