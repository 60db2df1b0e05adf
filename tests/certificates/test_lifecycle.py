"""Revocation, re-issue, renewal through a new cycle, and the staff screens that call them."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from certificates.models import Certificate, CertificateEvent, CertificateTemplate
from certificates.services import certificate_reissue, certificate_renewable, certificate_revoke
from courses.models import Enrolment, EnrolmentStatus, ModuleCompletion, QuizAttempt
from courses.services.enrolments import enrolment_create
from lms.notifications.models import OutboxMessage
from tests.certificates.conftest import finish
from tests.courses.conftest import build_course
from tests.factories import CertificateFactory, UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(published, complete):
    learner = UserFactory(first_name="Ange", last_name="Agnet", audiences=["parent"], email="ange@exemple.fr")
    complete(published, learner)
    return Certificate.objects.get(), learner


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def test_revocation_shows_on_the_verification_page_and_is_audited(client, issued, staff):
    certificate, learner = issued
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=staff, reason="  ")
    certificate_revoke(certificate=certificate, by=staff, reason="Formation suivie par une autre personne.")
    certificate.refresh_from_db()
    assert certificate.status == "revoked" and certificate.revoked_by == staff
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Révoquée" in text and "Formation suivie par une autre personne." in text and "Valide" not in text
    client.force_login(learner)
    assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 404, "a revoked PDF is withdrawn"
    event = CertificateEvent.objects.get(certificate=certificate, kind="revoked")
    assert event.actor == staff and event.reason == "Formation suivie par une autre personne."
    with pytest.raises(ValidationError):
        certificate_revoke(certificate=certificate, by=staff, reason="Encore")
    with pytest.raises(ValidationError):
        certificate_reissue(certificate=certificate, by=staff, reason="Corriger", holder_name="X")


def test_reissue_supersedes_with_a_link_and_keeps_dates(client, issued, staff, django_capture_on_commit_callbacks):
    certificate, learner = issued
    agents = CertificateTemplate.objects.get(audience="agent", is_default=True)
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(
            certificate=certificate, by=staff, reason="Nom mal orthographié", holder_name="Ange Agent", template=agents
        )
    certificate.refresh_from_db()
    assert (certificate.is_current, certificate.superseded_by, certificate.status) == (False, new, "superseded")
    assert (new.is_current, new.cycle, new.enrolment, new.user) == (True, 1, certificate.enrolment, learner)
    assert new.snapshot["holder_name"] == "Ange Agent" and "Ange Agent" in new.snapshot["template"]["body"]
    assert new.snapshot["template"]["id"] == agents.pk
    assert new.snapshot["completed_on"] == certificate.snapshot["completed_on"]
    new.refresh_from_db()
    assert new.expires_on == certificate.expires_on and new.pdf_status == "ready"
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Remplacée" in text and f"/verifier/{new.code}/" in text
    assert "Valide" in page_text(client.get(f"/verifier/{new.code}/"))
    assert CertificateEvent.objects.get(certificate=certificate, kind="reissued").related == new
    client.force_login(learner)
    dashboard = page_text(client.get("/mon-espace/"))
    assert new.code in dashboard and certificate.code not in dashboard


def test_concurrent_reissues_leave_exactly_one_current(transactional_site, monkeypatch):
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)
    published = build_course()
    enrolment = enrolment_create(user=UserFactory(audiences=["parent"]), course=published.course)
    finish(published, enrolment)
    from certificates.services import certificate_issue

    certificate = certificate_issue(enrolment_id=enrolment.pk, cycle=1)
    staff = UserFactory(is_staff=True)

    def reissue(index):
        try:
            return certificate_reissue(
                certificate=Certificate.objects.get(pk=certificate.pk), by=staff, reason="r", holder_name=f"N{index}"
            ).pk
        except ValidationError:
            return None

    outcomes = run_concurrently(reissue, workers=8, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    assert len([outcome for outcome in outcomes if outcome.value]) == 1
    assert Certificate.objects.filter(enrolment=enrolment, cycle=1, is_current=True).count() == 1


def test_renewal_starts_a_new_cycle_and_its_completion_supersedes(
    client, published, complete, django_capture_on_commit_callbacks
):
    learner = UserFactory(audiences=["parent"])
    enrolment = complete(published, learner)
    first = Certificate.objects.get()
    assert not certificate_renewable(first), "no expiry: nothing to renew"
    Certificate.objects.filter(pk=first.pk).update(expires_on=timezone.localdate() + timedelta(days=61))
    first.refresh_from_db()
    assert not certificate_renewable(first), "more than 60 days left"
    Certificate.objects.filter(pk=first.pk).update(expires_on=timezone.localdate() + timedelta(days=59))
    client.force_login(learner)
    dashboard = page_text(client.get("/mon-espace/"))
    assert (
        "arrive bientôt à échéance" in dashboard and f"/mon-espace/attestations/{first.code}/renouveler/" in dashboard
    )
    client.force_login(UserFactory())
    assert client.post(f"/mon-espace/attestations/{first.code}/renouveler/").status_code == 404
    client.force_login(learner)
    response = client.post(f"/mon-espace/attestations/{first.code}/renouveler/")
    assert response.status_code == 302 and response["Location"] == published.course.url
    enrolment.refresh_from_db()
    assert (enrolment.cycle, enrolment.status, enrolment.completed_at) == (2, EnrolmentStatus.ACTIVE, None)
    assert "Renouvellement en cours" in page_text(client.get("/mon-espace/"))
    assert client.post(f"/mon-espace/attestations/{first.code}/renouveler/").status_code == 302
    assert Enrolment.objects.get().cycle == 2, "renewing twice does not skip a cycle"
    with django_capture_on_commit_callbacks(execute=True):
        finish(published, enrolment)
    assert ModuleCompletion.objects.filter(enrolment=enrolment, cycle=1).count() == 2
    assert ModuleCompletion.objects.filter(enrolment=enrolment, cycle=2).count() == 2
    assert QuizAttempt.objects.filter(enrolment=enrolment).values_list("cycle", flat=True).distinct().count() == 2
    second = Certificate.objects.get(cycle=2)
    first.refresh_from_db()
    assert first.superseded_by == second and second.status == "valid"
    assert "Remplacée" in page_text(client.get(f"/verifier/{first.code}/"))
    assert Certificate.objects.filter(enrolment=enrolment, is_current=True).count() == 2  # one per cycle


def test_staff_list_filters_and_costs_fixed_queries(client, staff):
    client.force_login(UserFactory())
    assert client.get("/admin/attestations/").status_code in (302, 404)
    client.force_login(staff)
    for _ in range(3):
        CertificateFactory()
    revoked = CertificateFactory()
    Certificate.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    response = client.get("/admin/attestations/", {"etat": "revoked"})
    assert response.status_code == 200
    text = page_text(response)
    assert revoked.grouped_code in text and text.count("<code>") == 1
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/attestations/")
    for _ in range(20):
        CertificateFactory()
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/attestations/")
    assert len(few) == len(many)


def test_staff_revoke_and_reissue_through_the_admin(client, issued, staff):
    certificate, _learner = issued
    client.force_login(staff)
    url = f"/admin/attestations/{certificate.pk}/"
    assert "Réémettre" in page_text(client.get(url))
    response = client.post(url, {"action": "reissue", "holder_name": "Ange Agent", "reason": ""})
    assert response.status_code == 400 and "Champ requis" in page_text(response)
    response = client.post(url, {"action": "reissue", "holder_name": "Ange Agent", "reason": "Coquille"})
    new = Certificate.objects.get(is_current=True)
    assert response.status_code == 302 and response["Location"] == f"/admin/attestations/{new.pk}/"
    response = client.post(url, {"action": "revoke", "reason": "Trop tard"})
    assert response.status_code == 400 and "révoquez plutôt celle qui la remplace" in page_text(response)
    client.post(f"/admin/attestations/{new.pk}/", {"action": "revoke", "reason": "Fraude", "confirm": "1"})
    new.refresh_from_db()
    assert new.status == "revoked" and new.revocation_reason == "Fraude"
    history = page_text(client.get(f"/admin/attestations/{new.pk}/"))
    assert "Fraude" in history and "Révoquée" in history


def test_a_corrected_name_is_frozen_without_bidi_characters(issued, staff):
    """Staff correcting a name cannot bring back a right-to-left override (U+202E)."""
    certificate, _learner = issued
    new = certificate_reissue(certificate=certificate, by=staff, reason="Nom", holder_name="Ange \u202etnegA")
    assert new.snapshot["holder_name"] == "Ange tnegA"
    assert "\u202e" not in new.snapshot["template"]["body"]


def test_revoking_in_the_admin_asks_to_confirm_then_tells_the_holder(client, issued, staff, mailoutbox):
    """One click never revokes: a confirmation page repeats the reason; confirming revokes and
    e-mails the holder, with the reason, through the outbox."""
    certificate, learner = issued
    client.force_login(staff)
    url = f"/admin/attestations/{certificate.pk}/"
    response = client.post(url, {"action": "revoke", "reason": "Formation suivie par une autre personne."})
    text = page_text(response)
    assert response.status_code == 200 and "Oui, révoquer" in text
    assert "Formation suivie par une autre personne." in text and certificate.grouped_code in text
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    assert not OutboxMessage.objects.filter(kind="certificates.revoked").exists()
    response = client.post(
        url, {"action": "revoke", "reason": "Formation suivie par une autre personne.", "confirm": "1"}
    )
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == "revoked"
    deliver()
    email = last_email_to(learner.email)
    assert "a été révoquée" in email.subject
    assert "Motif : Formation suivie par une autre personne." in email.body
    assert certificate.grouped_code in email.body and f"/verifier/{certificate.code}/" in email.body


def test_the_admin_pages_carry_wagtails_header_and_field_layout(client, issued, staff):
    """Titled by what they show, with Wagtail's breadcrumbs and form fields (not a lone "Accueil")."""
    certificate, _learner = issued
    client.force_login(staff)
    html = client.get(f"/admin/attestations/{certificate.pk}/").content.decode()
    holder = certificate.snapshot["holder_name"]
    assert f"<title>Attestation: {holder}" in html
    assert 'href="/admin/attestations/"' in html and "w-breadcrumbs" in html
    assert 'class="w-field__label"' in html and 'id="revocation_id_reason"' not in html
    listing = client.get("/admin/attestations/").content.decode()
    assert "<title>Attestations" in listing and 'class="w-field__label"' in listing
