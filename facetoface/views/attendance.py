"""Taking attendance on a phone, the QR code and self sign-in, closing and the sheets.

Every page works without JavaScript: one small form per person, whose buttons carry the mark."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from facetoface.access import ROLE_TRAINER, access_attendance_session, access_attendance_slot
from facetoface.models import AttendanceSheet, AttendanceStatus, Registration, RegistrationStatus
from facetoface.selectors import session_detail_slots, session_sheets, slot_attendance_rows
from facetoface.services.attendance import (
    AttendanceRefused,
    attendance_mark,
    attendance_self_sign,
    close_refusal,
    correction_window_open,
    marking_refusal,
    presence_registration,
    presence_token,
    presence_token_slot,
    session_close,
    slot_is_open,
    walk_in_register,
)
from lms.accounts.http import AuthenticatedHttpRequest
from lms.accounts.models import User


@login_required
def session_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The session's attendance: its slots, closing, and the sheets."""
    session, role = access_attendance_session(request.user, pk)
    return render(
        request,
        "facetoface/attendance_session.html",
        {
            "session": session,
            "role": role,
            "slots": session_detail_slots(session),
            "close_refusal": close_refusal(session),
            "sheets": session_sheets(session),
        },
    )


@login_required
def slot_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot, role = access_attendance_slot(request.user, pk)
    session = slot.session
    if request.method == "POST":
        action = request.POST.get("action", "mark")
        try:
            if action == "walk_in":
                email = request.POST.get("email", "").strip()
                user = User.objects.filter(email__iexact=email, is_active=True).first() if email else None
                if user is None:
                    raise AttendanceRefused(
                        _("Aucun compte n'a cette adresse e-mail : la personne doit d'abord créer son compte.")
                    )
                # Refuse before registering: a walk-in is registered only to be marked present.
                refusal = marking_refusal(slot=slot, role=role, correcting=False, reason="")
                if refusal:
                    raise AttendanceRefused(refusal)
                registration = walk_in_register(session=session, user=user, actor=request.user)
                attendance_mark(
                    registration=registration, slot=slot, status=AttendanceStatus.PRESENT, actor=request.user, role=role
                )
                name = user.get_full_name() or user.email
                messages.success(request, _("%(name)s est inscrit et noté présent.") % {"name": name})
            else:
                target = (
                    Registration.objects.filter(
                        pk=request.POST.get("registration") or 0, session=session, status=RegistrationStatus.CONFIRMED
                    )
                    .select_related("user")
                    .first()
                )
                if target is None:
                    raise Http404
                attendance_mark(
                    registration=target,
                    slot=slot,
                    status=request.POST.get("status", ""),
                    actor=request.user,
                    role=role,
                    reason=request.POST.get("reason", ""),
                )
        except AttendanceRefused as refusal:
            messages.error(request, str(refusal))
        anchor = request.POST.get("registration", "")
        page = reverse("facetoface:slot_attendance", args=[slot.pk])
        return redirect(f"{page}#personne-{anchor}" if anchor.isdigit() else page)
    now = timezone.now()
    rows = slot_attendance_rows(slot)
    return render(
        request,
        "facetoface/attendance_slot.html",
        {
            "session": session,
            "slot": slot,
            "role": role,
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            "is_open": slot_is_open(slot, now),
            "in_window": correction_window_open(slot, now),
            "trainer_locked": role == ROLE_TRAINER and not correction_window_open(slot, now),
            "on_now": slot_is_open(slot, now) and now <= slot.end,
            "present_count": sum(
                1 for row in rows if (mark := getattr(row, "mark", None)) and mark.status == AttendanceStatus.PRESENT
            ),
        },
    )


@login_required
def slot_qr(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The code participants scan; the page reloads every minute so it follows the windows."""
    import segno

    slot, _role = access_attendance_slot(request.user, pk)
    now = timezone.now()
    if not (slot_is_open(slot, now) and now <= slot.end):
        return render(request, "facetoface/attendance_qr.html", {"slot": slot, "session": slot.session, "qr": None})
    url = request.build_absolute_uri(reverse("facetoface:presence", args=[presence_token(slot, now)]))
    title = _("Code QR pour signer sa présence à ce créneau")
    svg = segno.make(url, error="m").svg_inline(title=title, omitsize=True, svgclass="qr", lineclass=None, dark="#000")
    return render(
        request,
        "facetoface/attendance_qr.html",
        {"slot": slot, "session": slot.session, "qr": mark_safe(svg), "url": url},  # noqa: S308 (segno escapes)
    )


@login_required
def presence(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The page the QR code opens: the registered participant confirms "Je suis présent"."""
    error = ""
    slot = None
    done = None
    try:
        slot = presence_token_slot(token)
        presence_registration(slot, request.user)
        if request.method == "POST":
            done = attendance_self_sign(token=token, user=request.user)
    except AttendanceRefused as refusal:
        error = str(refusal)
    return render(
        request,
        "facetoface/presence.html",
        {"slot": slot, "session": slot.session if slot else None, "error": error, "done": done},
        status=400 if error else 200,
    )


@login_required
@require_POST
def close_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session, _role = access_attendance_session(request.user, pk)
    try:
        session_close(session=session, actor=request.user)
    except AttendanceRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("La session est close ; la feuille d'émargement est en préparation."))
    return redirect("facetoface:session_attendance", pk=session.pk)


@login_required
def sheet_download(request: AuthenticatedHttpRequest, pk: int, version: int) -> FileResponse:
    session, _role = access_attendance_session(request.user, pk)
    sheet = AttendanceSheet.objects.filter(session=session, version=version).first()
    if sheet is None:
        raise Http404
    response = FileResponse(
        sheet.file.open("rb"),
        content_type="application/pdf",
        filename=f"emargement-session-{session.pk}-v{sheet.version}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
