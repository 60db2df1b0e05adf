"""What attendance feeds into courses and certificates (facetoface/certification.py): closing a
session issues one attestation de présence per attended registration, once even under
concurrent runs; hours attended complete a course with an hours rule and show on its
attestation; a correction after closing completes it too."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest

from certificates.models import Certificate, CertificateKind
from certificates.rendering import certificate_context
from courses.models import Course, Enrolment, EnrolmentStatus
from courses.services.enrolments import enrolment_create
from facetoface import tasks
from facetoface.access import ROLE_TRAINER
from facetoface.services.attendance import attendance_mark, session_close
from lms.organisations.models import MembershipRole
from tests.certificates.conftest import finish
from tests.courses.conftest import build_course
from tests.factories import MembershipFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def past_session(course, hours=3):
    """A session of `course` whose one slot of `hours` hours ended an hour ago."""
    end = timezone.now() - timedelta(hours=1)
    session = TrainingSessionFactory(course=course, slots=[(end - timedelta(hours=hours), end)])
    session.trainers.add(TrainerProfileFactory())
    return session


def mark(registration, status, trainer):
    slot = registration.session.slots.get()
    return attendance_mark(registration=registration, slot=slot, status=status, actor=trainer, role=ROLE_TRAINER)


def close(session, trainer, capture):
    with capture(execute=True):
        session_close(session=session, actor=trainer)


def presence_attestations():
    return Certificate.objects.filter(kind=CertificateKind.PRESENCE)


@pytest.fixture
def published(db):
    return build_course()


def test_closing_attests_each_attended_registration_once(published, django_capture_on_commit_callbacks):
    """One attestation per registration with a slot attended; none for the absent; reruns add none."""
    session, trainer = past_session(published.course), UserFactory()
    present = RegistrationFactory(session=session, user=UserFactory(first_name="Paule", last_name="Présente"))
    absent = RegistrationFactory(session=session)
    mark(present, "present", trainer)
    mark(absent, "absent", trainer)
    close(session, trainer, django_capture_on_commit_callbacks)
    certificate = presence_attestations().get()
    assert (certificate.user, certificate.subject_key) == (present.user, f"facetoface.registration:{present.pk}")
    snapshot = certificate.snapshot
    assert snapshot["holder_name"] == "Paule Présente" and snapshot["attended_hours"] == "3"
    assert snapshot["course_title"] == published.course.title and len(snapshot["trainers"]) == 1
    assert snapshot["dates"][0]["date"] == timezone.localtime(session.slots.get().start).date().isoformat()
    assert snapshot["organisation"] == session.organiser.name
    assert tasks.certify_session(session.pk) == {"attested": 1, "completed": 0}
    assert presence_attestations().count() == 1


def test_nothing_is_attested_before_closing(published, django_capture_on_commit_callbacks):
    """A present mark on an open session issues nothing yet."""
    session, trainer = past_session(published.course), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mark(RegistrationFactory(session=session), "present", trainer)
    assert tasks.certify_session(session.pk) == {"attested": 0, "completed": 0}
    assert not presence_attestations().exists()


def test_twenty_concurrent_runs_issue_one_attestation_per_registration(transactional_site, monkeypatch):
    """Twenty closings racing, each running the task: exactly one attestation per attended person."""
    monkeypatch.setattr("certificates.services.enqueue", lambda *args: None)
    monkeypatch.setattr("facetoface.services.attendance.enqueue_after_change", lambda session_id: None)
    published = build_course()
    session, trainer = past_session(published.course), UserFactory()
    registrations = [RegistrationFactory(session=session) for _ in range(2)]
    for registration in registrations:
        mark(registration, "present", trainer)
    mark(RegistrationFactory(session=session), "absent", trainer)

    def run(index):
        from facetoface.services.attendance import AttendanceRefused

        try:
            session_close(session=session, actor=trainer)
        except AttendanceRefused:
            pass  # another one closed it first
        return tasks.certify_session(session.pk)["attested"]

    outcomes = run_concurrently(run, workers=20, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    assert sorted(presence_attestations().values_list("user_id", flat=True)) == sorted(
        registration.user_id for registration in registrations
    )


def with_hours_rule(published, hours):
    Course.objects.filter(pk=published.course.pk).update(min_attended_hours=hours)


def status(enrolment):
    return Enrolment.objects.values_list("status", flat=True).get(pk=enrolment.pk)


def test_the_hours_rule_completes_the_course_once_the_session_is_closed(published, django_capture_on_commit_callbacks):
    """Modules done and 0 h: active; 3 h present and closed: completed, the attestation shows 3 h."""
    with_hours_rule(published, Decimal(3))
    learner, trainer = UserFactory(audiences=["parent"]), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_create(user=learner, course=published.course)
        finish(published, enrolment)
    assert status(enrolment) == EnrolmentStatus.ACTIVE
    session = past_session(published.course, hours=3)
    mark(RegistrationFactory(session=session, user=learner), "present", trainer)
    close(session, trainer, django_capture_on_commit_callbacks)
    assert status(enrolment) == EnrolmentStatus.COMPLETED
    course_certificate = Certificate.objects.get(kind=CertificateKind.COURSE, user=learner)
    assert course_certificate.snapshot["attended_hours"] in ("3", "3.0")
    context = certificate_context(snapshot=course_certificate.snapshot, code=course_certificate.code, verify_url="x")
    assert context["attended_hours"] == "3"


def test_a_correction_after_closing_that_adds_the_hours_completes_the_course(
    published, django_capture_on_commit_callbacks
):
    """Absent at closing (not complete), corrected to present: completed, and attested."""
    with_hours_rule(published, Decimal(3))
    learner, trainer = UserFactory(audiences=["parent"]), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_create(user=learner, course=published.course)
        finish(published, enrolment)
    session = past_session(published.course, hours=3)
    registration = RegistrationFactory(session=session, user=learner)
    mark(registration, "absent", trainer)
    close(session, trainer, django_capture_on_commit_callbacks)
    assert status(enrolment) == EnrolmentStatus.ACTIVE and not presence_attestations().exists()
    with django_capture_on_commit_callbacks(execute=True):
        mark(registration, "present", trainer)
    assert status(enrolment) == EnrolmentStatus.COMPLETED
    assert presence_attestations().get().user == learner


def test_too_few_hours_keep_the_course_open(published, django_capture_on_commit_callbacks):
    """Two hours attended of the three asked: still active, though attested."""
    with_hours_rule(published, Decimal(3))
    learner, trainer = UserFactory(audiences=["parent"]), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_create(user=learner, course=published.course)
        finish(published, enrolment)
    session = past_session(published.course, hours=2)
    mark(RegistrationFactory(session=session, user=learner), "present", trainer)
    close(session, trainer, django_capture_on_commit_callbacks)
    assert status(enrolment) == EnrolmentStatus.ACTIVE
    assert presence_attestations().get().snapshot["attended_hours"] == "2"


@pytest.fixture
def attested(published, django_capture_on_commit_callbacks):
    """A closed session's attestation de présence, its holder (a commune's member) and people around."""
    session, trainer = past_session(published.course), UserFactory()
    holder = UserFactory(first_name="Ange", last_name="Agent")
    registration = RegistrationFactory(session=session, user=holder)
    mark(registration, "present", trainer)
    close(session, trainer, django_capture_on_commit_callbacks)
    return presence_attestations().get(), holder, session, trainer


def test_the_verification_page_says_valide_and_attestation_de_presence(client, attested):
    certificate = attested[0]
    text = page_text(client.get(f"/verifier/{certificate.code}/"))
    assert "Valide" in text or "valide" in text
    assert "attestation de présence" in text.lower()
    assert "Ange Agent" in text


def test_only_the_holder_downloads_the_presence_attestation(client, attested):
    """The holder: 200; their manager, the trainer, the organiser's manager, another person: 404."""
    certificate, holder, session, trainer = attested
    client.force_login(holder)
    assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 200
    holders_manager = MembershipFactory(
        organisation=MembershipFactory(user=holder).organisation, role=MembershipRole.MANAGER
    ).user
    organisers_manager = MembershipFactory(organisation=session.organiser, role=MembershipRole.MANAGER).user
    for person in (UserFactory(), trainer, holders_manager, organisers_manager, UserFactory(is_staff=True)):
        client.force_login(person)
        assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 404, person
    client.logout()
    assert client.get(f"/attestations/{certificate.code}/pdf/").status_code == 302


def test_the_attestation_gives_paris_dates_and_hours_to_the_tenth(published, django_capture_on_commit_callbacks):
    """A slot of 9:00–12:20 in Paris, in winter: printed as such, 3.3 hours attended."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from facetoface.models import Attendance

    paris = ZoneInfo("Europe/Paris")
    start, end = datetime(2026, 11, 25, 9, 0, tzinfo=paris), datetime(2026, 11, 25, 12, 20, tzinfo=paris)
    session = TrainingSessionFactory(course=published.course, slots=[(start, end)])
    trainer = UserFactory()
    registration = RegistrationFactory(session=session)
    Attendance.objects.create(
        registration=registration, slot=session.slots.get(), status="present", set_by=trainer, set_at=start
    )
    close(session, trainer, django_capture_on_commit_callbacks)
    snapshot = presence_attestations().get().snapshot
    assert snapshot["dates"] == [{"date": "2026-11-25", "start": "9:00", "end": "12:20"}]
    assert snapshot["attended_hours"] == "3.3"
