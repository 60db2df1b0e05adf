"""The expiry reminder: 30 days before, once, with a way to renew; cancelled by a renewal."""

from datetime import timedelta

from django.utils import timezone

import pytest

from certificates.models import Certificate
from certificates.reminders import sweep_expiring
from certificates.services import certificate_renew
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(published, complete):
    learner = UserFactory(email="ana@exemple.fr", audiences=["parent", "teacher"])
    complete(published, learner)
    return Certificate.objects.get(), learner


def expire_in(certificate, days: int) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + timedelta(days=days))


def test_the_reminder_comes_30_days_before_and_once(issued, mailoutbox):
    certificate, _learner = issued
    expire_in(certificate, 31)
    assert sweep_expiring() == 0
    expire_in(certificate, 30)
    assert sweep_expiring() == 1
    sweep_expiring()
    assert OutboxMessage.objects.filter(kind="certificates.expiring").count() == 1
    outbox_send()
    email = next(message for message in mailoutbox if "expire bientôt" in message.subject)
    assert email.to == ["ana@exemple.fr"] and "/mon-espace/" in email.body
    expire_in(certificate, -1)
    assert sweep_expiring() == 0, "expired: nothing more to remind"


def test_renewing_cancels_the_pending_reminder(issued):
    certificate, learner = issued
    expire_in(certificate, 20)
    sweep_expiring()
    certificate.refresh_from_db()
    certificate_renew(certificate=certificate, user=learner)
    assert OutboxMessage.objects.get(kind="certificates.expiring").status == "cancelled"
    assert sweep_expiring() == 0, "a renewal under way: no reminder"


def test_revoked_or_replaced_attestations_get_no_reminder(issued):
    certificate, _learner = issued
    expire_in(certificate, 20)
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())
    assert sweep_expiring() == 0
