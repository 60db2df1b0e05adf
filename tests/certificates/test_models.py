"""The staff list filters by the status the verification page shows: one rule, asked in SQL
through Certificate.objects.with_status (issue 22)."""

from datetime import timedelta

from django.utils import timezone

import pytest

from certificates.models import Certificate, CertificateStatus
from tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_of_each():
    today = timezone.localdate()
    valid = CertificateFactory(expires_on=today)  # the last day still counts
    CertificateFactory(expires_on=None)
    CertificateFactory(expires_on=today - timedelta(days=1))  # expired
    revoked = CertificateFactory(expires_on=today - timedelta(days=1))  # revoked wins over expired
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    superseded = CertificateFactory()
    Certificate.objects.filter(pk=superseded.pk).update(superseded_by=valid, is_current=False)
    return Certificate.objects.all()


@pytest.mark.parametrize("status", CertificateStatus.values)
def test_with_status_agrees_with_the_status_shown(one_of_each, status):
    """with_status(s) returns exactly the attestations whose status property says s."""
    expected = {certificate.pk for certificate in one_of_each if certificate.status == status}
    assert expected, f"the fixture has no {status} attestation"
    assert set(Certificate.objects.with_status(status).values_list("pk", flat=True)) == expected


def test_an_unknown_status_keeps_them_all(one_of_each):
    """An empty or unknown ?etat= filters nothing."""
    assert Certificate.objects.with_status("").count() == Certificate.objects.with_status("nimporte").count() == 5
