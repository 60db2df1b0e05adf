"""The expiry reminder, with the data it reads: 30 days before an attestation expires, with a
link to renew it. Renewing cancels it; so does a newer attestation."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from certificates.models import Certificate
from certificates.renewal import certificate_renewable
from lms.notifications.kinds import MessageObsolete
from lms.notifications.models import OutboxMessage
from lms.notifications.services.sweeps import accepting, as_outbox_rows, outbox_cancel_reminders, outbox_fill

EXPIRING = "certificates.expiring"
CERTIFICATE_TYPE = "certificates.certificate"
NOTICE = timedelta(days=30)


def sweep_expiring(now: datetime | None = None) -> int:
    """Attestations expiring within 30 days whose holder has not started renewing: one
    INSERT … SELECT whatever their number."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Certificate.objects.filter(
            is_current=True,
            revoked_at__isnull=True,
            superseded_by__isnull=True,
            expires_on__gte=today,
            expires_on__lte=today + NOTICE,
            enrolment__cycle=F("cycle"),
            user__is_active=True,
            user__email__isnull=False,
        )
        .exclude(user__email="")
        .filter(accepting("rappels"))
    )
    rows = as_outbox_rows(
        due,
        recipient="user_id",
        email="user__email",
        object_id="pk",
        kind=EXPIRING,
        step="j-30",
        object_type=CERTIFICATE_TYPE,
    )
    return outbox_fill(rows, kinds=[EXPIRING], object_type=CERTIFICATE_TYPE, now=now)


def expiring_cancel(certificate_ids: list[int]) -> int:
    return outbox_cancel_reminders(kinds=[EXPIRING], object_type=CERTIFICATE_TYPE, object_ids=certificate_ids)


def expiring_context(message: OutboxMessage) -> dict:
    certificate = (
        Certificate.objects.select_related("enrolment__course").filter(pk=message.object_id, is_current=True).first()
    )
    if certificate is None or not certificate_renewable(certificate):
        raise MessageObsolete("Renewed, replaced or revoked before the reminder left.")
    return {
        "certificate": certificate,
        "snapshot": certificate.snapshot,
        "dashboard_url": settings.SITE_URL + "/mon-espace/",
    }
