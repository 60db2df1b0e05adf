"""An attestation is issued exactly once per completed (enrolment, cycle), frozen at issue, with
one e-mail; a crash between commit and enqueue is caught up by the reconciliation."""

from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

import pytest

from certificates.models import Certificate, CertificateTemplate, PdfStatus
from certificates.services import add_months, certificate_issue, certificates_reconcile, fill_placeholders
from courses.models import Enrolment
from courses.services.enrolments import enrolment_create
from lms.notifications.models import OutboxMessage
from tests.certificates.conftest import finish
from tests.courses.conftest import build_course
from tests.factories import MembershipFactory, UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.outbox import deliver, last_email_to

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_one_attestation_with_its_email_and_pdf(published, complete):
    learner = UserFactory(first_name="Éloïse", last_name="Çà", email="eloise@exemple.fr", audiences=["parent"])
    enrolment = complete(published, learner)
    certificate = Certificate.objects.get()
    assert (certificate.enrolment, certificate.cycle, certificate.user, certificate.is_current) == (
        enrolment,
        1,
        learner,
        True,
    )
    assert certificate.pdf_status == PdfStatus.READY and len(certificate.pdf_sha256) == 64
    assert len(certificate.code) == 26
    deliver()
    email = last_email_to("eloise@exemple.fr")
    assert published.course.title in email.subject
    assert certificate.code in email.body and f"/verifier/{certificate.code}/" in email.body
    # The code to read or type is shown in groups of 4, as on the PDF and the verification page.
    assert f"avec le code {certificate.grouped_code} :" in email.body
    assert certificate.grouped_code in email.alternatives[0][0]
    assert certificate_issue(enrolment_id=enrolment.pk, cycle=1) == certificate  # repeated: the same one
    assert OutboxMessage.objects.filter(kind="certificates.issued").count() == 1


def test_the_snapshot_is_frozen_at_issue(published, complete):
    learner = UserFactory(first_name="Paule", last_name="Martin", audiences=["parent"])
    organisation = MembershipFactory(user=learner).organisation
    enrolment = complete(published, learner, organisation=organisation)
    certificate = Certificate.objects.get()
    template = CertificateTemplate.objects.get(audience="parent", is_default=True)
    snapshot = certificate.snapshot
    assert snapshot["holder_name"] == "Paule Martin"
    assert snapshot["course_title"] == published.course.title
    assert snapshot["course_version"] == published.course.content_version
    assert snapshot["completed_on"] == timezone.localdate(enrolment.completed_at).isoformat()
    assert snapshot["score"] == 100
    assert snapshot["issuer"] == {
        "organisation": organisation.name,
        "signatory_name": template.signatory_name,
        "signatory_title": template.signatory_title,
    }
    assert snapshot["template"]["id"] == template.pk and "Paule Martin" in snapshot["template"]["body"]
    frozen = dict(snapshot)
    learner.first_name = "Renommée"
    learner.save()
    published.course.title = "Un autre titre"
    published.course.save()
    template.body = "Tout autre chose"
    template.signatory_name = "Quelqu'un d'autre"
    template.save()
    certificate.refresh_from_db()
    assert certificate.snapshot == frozen
    assert certificate_issue(enrolment_id=enrolment.pk, cycle=1).snapshot == frozen


def test_the_template_follows_the_persons_audience_among_the_courses(complete):
    published = build_course(audiences=("parent", "agent"))
    complete(published, UserFactory(audiences=["agent"]))
    assert Certificate.objects.get().template == CertificateTemplate.objects.get(audience="agent", is_default=True)


def test_expiry_comes_from_the_courses_validity(published, complete):
    published.course.certificate_validity_months = 24
    published.course.save()
    complete(published, UserFactory(audiences=["parent"]))
    certificate = Certificate.objects.get()
    assert certificate.expires_on == add_months(timezone.localdate(), 24)
    assert certificate.snapshot["expires_on"] == certificate.expires_on.isoformat()
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_placeholders_are_filled_and_stray_braces_kept():
    values = {"nom": "Ana", "formation": "F", "duree": "", "date": "01/02/2026", "organisation": ""}
    assert fill_placeholders("{nom} a suivi « {formation} » ({duree}) le {date} {inconnu}", values) == (
        "Ana a suivi « F » le 01/02/2026 {inconnu}"
    )


def test_nothing_is_issued_for_an_unfinished_or_withdrawn_cycle(published):
    enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)
    assert certificate_issue(enrolment_id=enrolment.pk, cycle=1) is None
    assert not Certificate.objects.exists()


def test_a_failed_render_keeps_the_attestation_valid_and_is_retried(published, complete, monkeypatch):
    def broken(**kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr("certificates.services.certificate_pdf", broken)
    complete(published, UserFactory(audiences=["parent"]))
    certificate = Certificate.objects.get()
    assert certificate.pdf_status == PdfStatus.PENDING and certificate.pdf_attempts == 1
    assert "no fonts" in certificate.pdf_error
    monkeypatch.undo()
    Certificate.objects.update(issued_at=timezone.now() - timedelta(minutes=5))
    assert certificates_reconcile() == {"issued": 0, "rendered": 1, "pending": 0}
    certificate.refresh_from_db()
    assert certificate.pdf_status == PdfStatus.READY and certificate.pdf_error == ""


def test_reconciliation_issues_what_a_crash_left_behind(published, complete, monkeypatch):
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)  # the process died after commit
    enrolment = complete(published, UserFactory(email="perdu@exemple.fr", audiences=["parent"]))
    assert not Certificate.objects.exists()
    assert certificates_reconcile()["issued"] == 0, "the normal path gets a minute first"
    Enrolment.objects.filter(pk=enrolment.pk).update(completed_at=timezone.now() - timedelta(minutes=2))
    monkeypatch.undo()
    assert certificates_reconcile()["issued"] == 1
    assert certificates_reconcile()["issued"] == 0
    assert Certificate.objects.get().enrolment == enrolment
    assert OutboxMessage.objects.filter(kind="certificates.issued", to_email="perdu@exemple.fr").count() == 1


def in_processes() -> bool:
    return connection.vendor == "postgresql"


def test_twenty_concurrent_issues_give_one_attestation_and_one_email(transactional_site, monkeypatch):
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)
    published = build_course()
    enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)
    finish(published, enrolment)
    assert not Certificate.objects.exists()

    def issue(index):
        return certificate_issue(enrolment_id=enrolment.pk, cycle=1).pk

    outcomes = run_concurrently(issue, workers=20, processes=in_processes())
    assert_no_crash(outcomes)
    certificate = Certificate.objects.get()
    assert {outcome.value for outcome in outcomes} == {certificate.pk}
    assert OutboxMessage.objects.filter(kind="certificates.issued").count() == 1
