"""The e-mail a learner gets when an attestation is issued."""

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


def register() -> None:
    from certificates.reminders import EXPIRING, expiring_context

    register_kind(NotificationKind("certificates.issued", transactional=True, build_context=issued_email_context))
    register_kind(NotificationKind(EXPIRING, transactional=False, group="rappels", build_context=expiring_context))
