"""The demo data holds one expired attestation, with its PDF, so that renewal can be tried."""

from django.core.management import call_command
from django.utils import timezone

import pytest

from certificates.models import Certificate, PdfStatus
from certificates.services import certificate_renewable

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_teacher_an_expired_renewable_attestation(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    certificate = Certificate.objects.select_related("enrolment__course").get(
        user__email="enseignant@exemple.fr", kind="course"
    )
    assert certificate.expires_on < timezone.localdate() and certificate.status == "expired"
    assert certificate.snapshot["holder_name"] == "Élie Enseignant"
    assert certificate.pdf_status == PdfStatus.READY
    assert certificate_renewable(certificate)
    count = Certificate.objects.count()  # with the attestations de présence of tests/demo/test_demo_facetoface.py
    call_command("seed_demo")
    assert Certificate.objects.count() == count
    assert Certificate.objects.filter(user__email="enseignant@exemple.fr", kind="course").count() == 1


def test_seed_demo_dates_two_enrolments_so_that_reminders_show(django_capture_on_commit_callbacks):
    from courses.reminders import sweep_enrolments, sweep_manager_digests
    from lms.notifications.models import OutboxMessage

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        call_command("seed_demo")
    sweep_enrolments()
    sweep_manager_digests()
    rows = set(OutboxMessage.objects.filter(kind__startswith="courses.").values_list("kind", "to_email", "step"))
    assert ("courses.due_soon", "agent@exemple.fr", "j-3") in rows
    assert ("courses.overdue", "dgs@mairie-privas.exemple.fr", "retard-1") in rows
    assert any(kind == "courses.manager_digest" and email == "maire@exemple.fr" for kind, email, _step in rows)
