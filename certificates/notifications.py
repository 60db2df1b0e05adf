"""The e-mails a learner gets when an attestation is issued, and when it is revoked."""

from django.conf import settings

from certificates.models import Certificate
from certificates.services import verification_url
from lms.notifications.kinds import MessageObsolete, NotificationKind, register_kind
from lms.notifications.models import OutboxMessage


def issued_email_context(message: OutboxMessage) -> dict:
    certificate = Certificate.objects.filter(pk=message.object_id, is_current=True).first()
    if certificate is None:
        raise MessageObsolete("The attestation was replaced before the e-mail left.")
    return {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "dashboard_url": settings.SITE_URL + "/mon-espace/",
        "verify_url": verification_url(certificate.code),
    }


def revoked_email_context(message: OutboxMessage) -> dict:
    certificate = Certificate.objects.filter(pk=message.object_id, revoked_at__isnull=False).first()
    if certificate is None:
        raise MessageObsolete("The attestation is no longer revoked.")
    return {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "reason": certificate.revocation_reason,
        "verify_url": verification_url(certificate.code),
    }


def register() -> None:
    from certificates.reminders import EXPIRING, expiring_context

    register_kind(NotificationKind("certificates.issued", transactional=True, build_context=issued_email_context))
    register_kind(NotificationKind("certificates.revoked", transactional=True, build_context=revoked_email_context))
    register_kind(NotificationKind(EXPIRING, transactional=False, group="rappels", build_context=expiring_context))
