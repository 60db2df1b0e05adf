"""/sessions/: the listing, a session's page, and the forms of the people who run sessions."""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from facetoface.access import (
    access_managed_session,
    access_session,
    attendance_role,
    managed_sessions,
    may_see_participants,
    organiser_choices,
    scope_of,
    visible_trainers,
)
from facetoface.forms import BaseSlotFormSet, CancelForm, SessionFilterForm, SessionForm, SlotFormSet, slot_initial
from facetoface.models import Registration, TrainingSession
from facetoface.selectors import (
    SessionFilters,
    listing_departements,
    session_detail_slots,
    session_listing,
    session_registrations,
    session_seats_taken,
)
from facetoface.services.registrations import may_cancel, registration_closed_reason, self_registration_refusal
from facetoface.services.sessions import session_cancel, session_delete, session_save
from lms.accounts.http import AuthenticatedHttpRequest
from lms.organisations.models import Organisation

PER_PAGE = 20


@require_GET
def session_list(request: HttpRequest) -> HttpResponse:
    form = SessionFilterForm(request.GET or None, departements=listing_departements())
    filters = SessionFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = SessionFilters(
            departement=data.get("departement"),
            commune=data.get("commune"),
            course_id=data["course"].pk if data.get("course") else None,
            audience=data.get("audience") or "",
            month=data.get("month"),
        )
    page = Paginator(session_listing(filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "facetoface/session_list.html",
        {
            "form": form,
            "page": page,
            "sessions": page.object_list,
            "may_create": request.user.is_authenticated and organiser_choices(request.user).exists(),
        },
    )


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = access_session(pk)
    taken = session_seats_taken(session)
    registration = None
    cancellable = False
    refusal = ""
    may_manage = False
    takes_attendance = False
    if request.user.is_authenticated:
        takes_attendance = not session.is_cancelled and bool(attendance_role(request.user, session))
        registration = Registration.objects.filter(session=session, user=request.user).first()
        if registration is not None:
            registration.session = session
            cancellable = may_cancel(registration)
        refusal = self_registration_refusal(user=request.user, session=session)
        may_manage = managed_sessions(request.user).filter(pk=session.pk).exists()
    else:
        refusal = registration_closed_reason(session)
    return render(
        request,
        "facetoface/session_detail.html",
        {
            "session": session,
            "slots": session_detail_slots(session),
            "trainers": session.trainers.select_related("user"),
            "seats_left": max(session.capacity - taken, 0),
            "registration": registration,
            "cancellable": cancellable,
            "refusal": refusal,
            "may_manage": may_manage,
            "takes_attendance": takes_attendance,
            "registrations": session_registrations(session)
            if may_manage and may_see_participants(request.user, session)
            else None,
            "now": timezone.now(),
        },
    )


def _session_form(request: AuthenticatedHttpRequest, session: TrainingSession) -> HttpResponse:
    user = request.user
    creating = session.pk is None
    # Someone editing a session keeps its organiser among the choices, even one they do not run.
    organisers = Organisation.objects.filter(Q(pk__in=organiser_choices(user)) | Q(pk=session.organiser_id))
    trainers = visible_trainers(scope_of(user)).filter(is_active=True).select_related("user")
    if not creating:
        trainers = trainers | session.trainers.all()
    form = SessionForm(request.POST or None, instance=session, organisers=organisers, trainers=trainers.distinct())
    slots = cast(
        BaseSlotFormSet,
        SlotFormSet(request.POST or None, prefix="creneaux", initial=None if creating else slot_initial(session)),
    )
    if request.method == "POST" and form.is_valid() and slots.is_valid():
        instance = form.save()
        try:
            saved = session_save(
                session=instance,
                slots=slots.slots(),
                trainers=list(form.cleaned_data["trainers"]),
                actor=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("La session est créée.") if creating else _("La session est modifiée ; les inscrits sont prévenus."),
            )
            return redirect("facetoface:session", pk=saved.pk)
    return render(
        request,
        "facetoface/session_form.html",
        {"form": form, "slots": slots, "session": session, "creating": creating},
    )


@login_required
def session_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not organiser_choices(request.user).exists():
        raise Http404
    return _session_form(request, TrainingSession())


@login_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_managed_session(request.user, pk)
    if session.is_cancelled:
        raise Http404
    return _session_form(request, session)


@login_required
def session_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_managed_session(request.user, pk)
    if session.is_cancelled:
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session_cancel(session=session, reason=form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("La session est annulée ; chaque inscrit est prévenu par e-mail."))
        return redirect("facetoface:session", pk=session.pk)
    return render(request, "facetoface/session_cancel.html", {"form": form, "session": session})


@login_required
def session_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = access_managed_session(request.user, pk)
    error = ""
    if request.method == "POST":
        try:
            session_delete(session=session)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("La session est supprimée."))
            return redirect("facetoface:sessions")
    return render(request, "facetoface/session_delete.html", {"session": session, "error": error})
