"""The learner's attestations on /mon-espace/."""

from django.http import HttpRequest

from certificates.selectors import holder_certificates
from certificates.services import certificate_renewable, verification_url
from courses.dashboard_sections import DashboardSection
from courses.models import EnrolmentStatus


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
    return {"certificates": certificates}


certificates_section = DashboardSection(
    code="certificates", template_name="certificates/dashboard_section.html", context=certificates_context, order=10
)
