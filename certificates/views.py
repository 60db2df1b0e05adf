"""Public verification of attestations, and the PDF download for the holder and their managers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from certificates.access import access_certificate_badge, access_certificate_pdf, access_own_certificate
from certificates.dashboard import TEMPLATE_NAME, certificates_context
from certificates.models import PdfStatus, code_groups, normalise_code
from certificates.openbadges import credential_jwt, jwks
from certificates.rendering import french_hours, issuer_line, presence_dates
from certificates.selectors import certificate_for_verification
from certificates.services import certificate_renew
from lms.accounts import throttling
from lms.accounts.http import AuthenticatedHttpRequest


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """Type or paste a code, with or without spaces or dashes, in any case."""
    typed = request.GET.get("code")
    error = ""
    if typed is not None and not typed.strip():
        # Sent empty: say so, rather than show the same form again with no word.
        error = _("Saisissez le code de vérification imprimé sur l'attestation.")
    elif typed:
        code = normalise_code(typed)
        if code:
            return redirect("certificates:verify", code=code)
        error = _("Ce code n'a pas la bonne forme : il compte 26 caractères, des chiffres et des lettres.")
    typed = typed or ""
    return render(
        request, "certificates/verify_form.html", {"typed": typed, "error": error}, status=400 if error else 200
    )


@never_cache
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public and minimal: holder, course, date, issuer and status. An unknown code gets the same
    page, saying so. Limited per address, so that codes cannot be tried in bulk."""
    if throttling.form_rate_limited(form="certificate_verification", ip=throttling.client_ip(request)):
        return render(request, "certificates/verify_limited.html", status=429)
    canonical = normalise_code(code)
    if canonical and canonical != code:
        return redirect("certificates:verify", code=canonical)
    certificate = certificate_for_verification(canonical) if canonical else None
    presence_snapshot = certificate.snapshot if certificate is not None and certificate.is_presence else None
    return render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "snapshot": certificate.snapshot if certificate else {},
            "code_display": code_groups(canonical) if canonical else code,
            "issuer": issuer_line(certificate.snapshot.get("issuer") or {}) if certificate else "",
            "presence_dates": presence_dates(presence_snapshot.get("dates") or []) if presence_snapshot else [],
            "presence_hours": french_hours(presence_snapshot.get("attended_hours")) if presence_snapshot else None,
        },
        status=200 if certificate else 404,
    )


@login_required
@require_GET
def certificate_pdf(request: AuthenticatedHttpRequest, code: str) -> HttpResponseBase:
    certificate = access_certificate_pdf(request.user, code)
    response: HttpResponseBase
    if certificate.pdf_status != PdfStatus.READY:
        response = render(request, "certificates/pdf_pending.html", {"certificate": certificate})
        response["Retry-After"] = "60"
        return response
    title = certificate.snapshot.get("session_title" if certificate.is_presence else "course_title", "")
    prefix = "attestation-presence" if certificate.is_presence else "attestation"
    filename = f"{prefix}-{slugify(title)[:60] or certificate.code}.pdf"
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf", filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def renew(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Start a new cycle of the course from an expired or soon-expiring attestation."""
    certificate = access_own_certificate(request.user, code)
    try:
        enrolment = certificate_renew(certificate=certificate, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("courses:dashboard")
    if certificate.is_expired:
        message = _(
            "C'est reparti : « %(title)s » recommence pour vous. Votre attestation a expiré ; la nouvelle la "
            "remplacera quand vous aurez terminé."
        )
    else:
        message = _(
            "C'est reparti : « %(title)s » recommence pour vous. Votre attestation actuelle reste valable jusqu'à "
            "sa date ; la nouvelle la remplacera quand vous aurez terminé."
        )
    messages.success(request, message % {"title": enrolment.course.title})
    return redirect(enrolment.course.url or "courses:dashboard")


@login_required
@require_GET
def openbadge(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """The attestation as a signed Open Badges 3.0 credential (VC-JWT), to carry elsewhere."""
    certificate = access_certificate_badge(request.user, code)
    filename = f"badge-{slugify(certificate.snapshot.get('course_title', ''))[:60] or certificate.code}.jwt"
    response = HttpResponse(credential_jwt(certificate), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def jwks_view(request: HttpRequest) -> JsonResponse:
    """The public key that verifies our Open Badges credentials."""
    response = JsonResponse(jwks())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@never_cache
@login_required
@require_GET
def dashboard_status(request: AuthenticatedHttpRequest) -> JsonResponse:
    """What /mon-espace/'s script polls while an attestation is being prepared: how many are
    still awaited, and the person's own attestations section, to swap in when that changes."""
    context = certificates_context(request)
    html = render_to_string(TEMPLATE_NAME, {"section": context}, request=request)
    return JsonResponse({"pending": context["pending"], "state": context["state"], "html": html})
