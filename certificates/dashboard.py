"""The learner's attestations on /mon-espace/, and the state its script polls while one is
still being prepared (DESIGN.md §2: issued and rendered by the worker after completion)."""

from django.http import HttpRequest

from certificates.models import PdfStatus
from certificates.selectors import holder_awaited_certificates, holder_certificates
from certificates.services import certificate_renewable, verification_url
from courses.dashboard_sections import DashboardSection
from courses.models import EnrolmentStatus

TEMPLATE_NAME = "certificates/dashboard_section.html"


def certificates_context(request: HttpRequest) -> dict:
    certificates = holder_certificates(request.user)
    for certificate in certificates:
        certificate.verify_url = verification_url(certificate.code)
        certificate.renewable = certificate_renewable(certificate)
        certificate.renewing = (
            certificate.enrolment is not None
            and certificate.enrolment.cycle > certificate.cycle
            and certificate.enrolment.status == EnrolmentStatus.ACTIVE
        )
    awaited = holder_awaited_certificates(request.user)
    # What the page waits for: attestations not issued yet, and PDFs not rendered yet (a revoked
    # attestation offers no PDF, so it is waited for no more).
    pending = len(awaited) + sum(
        1 for certificate in certificates if certificate.pdf_status == PdfStatus.PENDING and not certificate.revoked_at
    )
    # What the section shows, in short: the script swaps the section in when this changes (an
    # attestation issued keeps the count of things awaited, its PDF still to come).
    state = " ".join(
        [f"e{enrolment.pk}" for enrolment in awaited]
        + [f"c{certificate.pk}-{certificate.pdf_status}" for certificate in certificates]
    )
    return {"certificates": certificates, "awaited": awaited, "pending": pending, "state": state}


certificates_section = DashboardSection(
    code="certificates", template_name=TEMPLATE_NAME, context=certificates_context, order=10
)
