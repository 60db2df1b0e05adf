"""When an attestation may be renewed: read by the services, the dashboard and the expiry
reminders, below all of them."""

from datetime import date, timedelta

from django.utils import timezone

from certificates.models import Certificate, CertificateKind
from courses.models import EnrolmentStatus

RENEWAL_WINDOW = timedelta(days=60)


def renewal_opens_on(certificate: Certificate) -> date | None:
    return certificate.expires_on - RENEWAL_WINDOW if certificate.expires_on else None


def certificate_renewable(certificate: Certificate) -> bool:
    """Expired, or expiring within 60 days; still the holder's latest, neither revoked nor
    replaced; and no new cycle already under way."""
    opens_on = renewal_opens_on(certificate)
    enrolment = certificate.enrolment
    return bool(
        certificate.kind == CertificateKind.COURSE  # a presence is never renewed
        and opens_on
        and timezone.localdate() >= opens_on
        and certificate.is_current
        and not certificate.revoked_at
        and not certificate.superseded_by_id
        and enrolment is not None
        and enrolment.cycle == certificate.cycle
        and enrolment.status == EnrolmentStatus.COMPLETED
        and enrolment.course.is_published
    )
