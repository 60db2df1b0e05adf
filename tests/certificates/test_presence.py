"""Attestations de présence: one current per subject key, issued once through the subject
registry (certificates/subjects.py) even under concurrent calls, verifiable, revocable and
re-issued from a fresh snapshot; never renewed; course attestations keep their own rule."""

import subprocess
from datetime import date

from django.db import IntegrityError, connection, transaction

import pytest

from certificates import subjects
from certificates.models import Certificate, CertificateKind, PdfStatus
from certificates.rendering import certificate_pdf
from certificates.services import (
    certificate_issue_for_subject,
    certificate_reissue,
    certificate_renewable,
    certificate_revoke,
    verification_url,
)
from certificates.snapshots import presence_snapshot
from certificates.subjects import Subject, register_subject, subject_key
from lms.notifications.models import OutboxMessage
from tests.certificates.pdf_tools import needs_poppler, pdf_info, pdf_text
from tests.courses.conftest import build_course
from tests.factories import UserFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.outbox import deliver, last_email_to
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

PREFIX = "test.registration"
# What the fake builder knows, as facetoface would: registration id -> (user id, course id, hours).
REGISTRATIONS: dict[int, dict] = {}


def build_subject(key: str) -> Subject | None:
    """A real builder, as facetoface registers one: the frozen content of a registration."""
    from courses.models import Course
    from lms.accounts.models import User

    registration = REGISTRATIONS.get(int(key.split(":", 1)[1]))
    if registration is None or not registration["hours"]:
        return None  # nothing attended: nothing to attest
    user = User.objects.get(pk=registration["user_id"])
    course = Course.objects.get(pk=registration["course_id"])
    return Subject(
        user=user,
        course=course,
        snapshot={
            "holder_name": user.get_full_name(),
            "course_title": course.title,
            "session_title": "Atelier parentalité numérique à la mairie",
            "dates": [
                {"date": "2026-11-24", "start": "9:00", "end": "12:30"},
                {"date": "2026-11-25", "start": "14:00", "end": "17:30"},
            ],
            "place": "Mairie de Privas, 1 place de l'Hôtel de ville, 07000 Privas",
            "trainers": ["Claire Formatrice", "Marc Animateur"],
            "attended_hours": registration["hours"],
            "organisation": "Agence régionale du numérique",
        },
    )


@pytest.fixture
def builder():
    REGISTRATIONS.clear()
    register_subject(PREFIX, build_subject)
    yield
    subjects._builders.pop(PREFIX)


def registration(user, course, hours="7", pk=42) -> str:
    REGISTRATIONS[pk] = {"user_id": user.pk, "course_id": course.pk, "hours": hours}
    return subject_key(PREFIX, pk)


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Ange", last_name="Agnet", email="ange@exemple.fr", audiences=["parent"])


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


def issue(key, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return certificate_issue_for_subject(kind=CertificateKind.PRESENCE, subject_key=key)


def test_two_current_presence_attestations_of_one_subject_are_refused(learner):
    course = build_course().course
    Certificate.objects.create(kind="presence", subject_key="x.registration:1", cycle=1, user=learner, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            kind="presence", subject_key="x.registration:1", cycle=1, user=learner, course=course
        )
    # Another subject, or a superseded one, is fine.
    Certificate.objects.create(kind="presence", subject_key="x.registration:2", cycle=1, user=learner, course=course)
    Certificate.objects.create(
        kind="presence", subject_key="x.registration:1", cycle=1, user=learner, course=course, is_current=False
    )


def test_course_attestations_keep_one_current_per_enrolment_and_cycle(published, complete, learner):
    enrolment = complete(published, learner)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(enrolment=enrolment, cycle=1, user=learner, course=published.course)
    # Presence attestations without enrolment do not collide with each other nor with it.
    Certificate.objects.create(kind="presence", subject_key="x:1", cycle=1, user=learner, course=published.course)
    Certificate.objects.create(kind="presence", subject_key="x:2", cycle=1, user=learner, course=published.course)


def test_issuing_for_a_subject_freezes_its_snapshot_with_pdf_and_one_email(
    published, learner, builder, django_capture_on_commit_callbacks
):
    key = registration(learner, published.course, hours="3.5")
    certificate = issue(key, django_capture_on_commit_callbacks)
    certificate.refresh_from_db()
    assert (certificate.kind, certificate.subject_key, certificate.enrolment, certificate.user) == (
        "presence",
        key,
        None,
        learner,
    )
    assert certificate.snapshot["attended_hours"] == "3.5" and certificate.snapshot["kind"] == "presence"
    assert certificate.snapshot["completed_on"] == "2026-11-25" and certificate.expires_on is None
    assert len(certificate.code) == 26
    assert certificate.pdf_status == PdfStatus.READY and len(certificate.pdf_sha256) == 64
    assert issue(key, django_capture_on_commit_callbacks) == certificate, "repeated: the same one"
    deliver()
    email = last_email_to("ange@exemple.fr")
    assert "attestation de présence" in email.subject and certificate.code in email.body
    assert OutboxMessage.objects.filter(kind="certificates.issued").count() == 1
    assert not certificate_renewable(certificate)


def test_nothing_is_issued_when_the_builder_has_nothing_to_attest(published, learner, builder):
    key = registration(learner, published.course, hours="")
    assert certificate_issue_for_subject(kind="presence", subject_key=key) is None
    with pytest.raises(LookupError):
        certificate_issue_for_subject(kind="presence", subject_key="unknown.thing:1")
    with pytest.raises(ValueError):
        certificate_issue_for_subject(kind="course", subject_key=key)
    assert not Certificate.objects.exists()


def test_twenty_concurrent_issues_give_one_presence_attestation(transactional_site, monkeypatch, builder):
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)
    published = build_course()
    key = registration(UserFactory(audiences=["parent"]), published.course)

    def run(index):
        return certificate_issue_for_subject(kind="presence", subject_key=key).pk

    outcomes = run_concurrently(run, workers=20, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    certificate = Certificate.objects.get()
    assert {outcome.value for outcome in outcomes} == {certificate.pk}
    assert OutboxMessage.objects.filter(kind="certificates.issued").count() == 1


def test_the_verification_page_says_attestation_de_presence_and_valide(
    client, published, learner, builder, django_capture_on_commit_callbacks
):
    certificate = issue(registration(learner, published.course), django_capture_on_commit_callbacks)
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Valide" in text and "Attestation de présence" in text
    assert "Atelier parentalité numérique à la mairie" in text and "7 h" in text and "24 novembre 2026" in text
    assert "Mairie de Privas" in text


def test_the_holder_sees_it_on_the_dashboard_and_downloads_it(
    client, published, learner, builder, django_capture_on_commit_callbacks
):
    certificate = issue(registration(learner, published.course), django_capture_on_commit_callbacks)
    client.force_login(learner)
    text = page_text(client.get("/mon-espace/"))
    assert "Attestation de présence — session « Atelier parentalité numérique à la mairie »" in text
    response = client.get(f"/attestations/{certificate.code}/pdf/")
    assert response.status_code == 200 and "attestation-presence-atelier" in response["Content-Disposition"]
    assert client.get(f"/attestations/{certificate.code}/openbadge/").status_code == 200
    client.force_login(UserFactory())
    assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 404


def test_revocation_and_reissue_rebuild_the_snapshot_through_the_registry(
    client, published, learner, staff, builder, django_capture_on_commit_callbacks
):
    key = registration(learner, published.course, hours="3.5")
    certificate = issue(key, django_capture_on_commit_callbacks)
    REGISTRATIONS[42]["hours"] = "7"  # a corrected mark
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_reissue(certificate=certificate, by=staff, reason="Émargement corrigé")
    certificate.refresh_from_db()
    assert certificate.status == "superseded" and certificate.superseded_by == new
    assert (new.kind, new.subject_key, new.snapshot["attended_hours"]) == ("presence", key, "7")
    assert "Remplacée" in page_text(client.get(f"/verifier/{certificate.code}/"))
    assert issue(key, django_capture_on_commit_callbacks) == new, "the current one is the re-issued one"
    certificate_revoke(certificate=new, by=staff, reason="Session annulée")
    text = page_text(client.get(f"/verifier/{new.code}/"))
    assert "Révoquée" in text and "Session annulée" in text and "Valide" not in text


@needs_poppler
def test_the_presence_pdf_renders_its_content(published, learner, builder, tmp_path):
    subject = build_subject(registration(learner, published.course, hours="3.5"))
    snapshot = presence_snapshot(subject.snapshot, None, date(2026, 11, 26))
    code = "7K3M9QXR2TBW4HZ6N8PDFGAJ5C"
    data = certificate_pdf(snapshot=snapshot, code=code, verify_url=verification_url(code))
    text = " ".join(pdf_text(data).split())
    assert "ATTESTATION DE PRÉSENCE" in text  # the title is set in capitals
    for expected in (
        "Ange Agnet",
        "Atelier parentalité numérique à la mairie",
        "24 novembre 2026",
        "Mairie de Privas",
        "Claire Formatrice, Marc Animateur",
        "3,5 h",
        "7K3M-9QXR-2TBW",
    ):
        assert expected in text, expected
    assert "ATTESTATION DE FORMATION" not in text.upper()
    assert "Pages: 1" in " ".join(pdf_info(data).split())
    # Rasterised as a reader's viewer would (looked at by eye when the layout was written).
    source = tmp_path / "presence.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(tmp_path / "presence")], check=True)  # noqa: S603, S607
    assert (tmp_path / "presence.png").stat().st_size > 10_000


def test_staff_see_the_kind_in_the_admin(
    client, published, learner, staff, builder, django_capture_on_commit_callbacks
):
    certificate = issue(registration(learner, published.course), django_capture_on_commit_callbacks)
    client.force_login(staff)
    listing = page_text(client.get("/admin/attestations/"))
    assert "Attestation de présence — session « Atelier parentalité numérique à la mairie »" in listing
    detail = page_text(client.get(f"/admin/attestations/{certificate.pk}/"))
    assert "Attestation de présence" in detail and "Cycle" not in detail


@needs_poppler
def test_the_longest_presence_values_fit_on_one_page():
    """Six slots, long names, place and trainers: the smallest sizes still fit one page."""
    from certificates.rendering import SAMPLE_CODE, SAMPLE_COURSE, SAMPLE_HOLDER, SAMPLE_ORGANISATION

    snapshot = presence_snapshot(
        {
            "holder_name": SAMPLE_HOLDER,
            "course_title": SAMPLE_COURSE,
            "session_title": SAMPLE_COURSE[:200],
            "dates": [{"date": f"2026-09-{day:02d}", "start": "14:00", "end": "17:30"} for day in range(21, 27)],
            "place": ("Médiathèque intercommunale du Bassin de Privas, 12 avenue de la République " * 3)[:250],
            "trainers": ["Marie-Éloïse de La Tour d'Auvergne"] * 4,
            "attended_hours": "21",
            "organisation": SAMPLE_ORGANISATION,
        },
        None,
        date(2026, 9, 30),
    )
    data = certificate_pdf(snapshot=snapshot, code=SAMPLE_CODE, verify_url=verification_url(SAMPLE_CODE))
    assert "Pages: 1" in " ".join(pdf_info(data).split())
