from django.core.management import call_command

import pytest

from facetoface.models import Registration, TrainerProfile, TrainingSession

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(TrainerProfile.objects.order_by("pk").values_list("user__email", "is_active")),
        list(TrainingSession.objects.order_by("pk").values_list("title", "capacity")),
        list(Registration.objects.order_by("pk").values_list("user__email", "status", "position")),
    )


def test_seed_demo_adds_the_pool_and_sessions_once():
    """Four trainers; the town hall and EPN sessions, one full with a waiting list; the agent and
    the teacher registered; two past sessions (the parents' one, the agent's blended course's).
    A second run changes nothing."""
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    assert TrainerProfile.objects.count() == 4
    full = TrainingSession.objects.get(title__endswith="(complet)")
    assert sorted(full.registrations.values_list("status", flat=True)) == ["confirmed", "confirmed", "waitlisted"]
    registered = set(Registration.objects.filter(status="confirmed").values_list("user__email", flat=True))
    assert {"agent@exemple.fr", "enseignant@exemple.fr"} <= registered
    past = TrainingSession.objects.exclude(pk__in=TrainingSession.objects.upcoming())
    assert past.count() == 2


def test_the_past_demo_session_has_attendance_and_one_sheet():
    """One self sign-in, one absence, closed, one sheet version; a second run adds nothing."""
    from facetoface.models import Attendance, AttendanceSheet

    call_command("seed_demo")
    call_command("seed_demo")
    past = TrainingSession.objects.exclude(pk__in=TrainingSession.objects.upcoming()).get(
        course__url__contains="enfant"
    )
    marks = sorted(
        Attendance.objects.filter(slot__session=past).values_list("registration__user__email", "status", "method")
    )
    assert marks == [
        ("directrice@exemple.fr", "absent", "trainer"),
        ("enseignant@exemple.fr", "present", "trainer"),
        ("parent@exemple.fr", "present", "self"),
    ]
    assert past.closed_at is not None
    sheet = AttendanceSheet.objects.get(session=past)
    assert sheet.version == 1 and sheet.file.read().startswith(b"%PDF")


def test_the_past_sessions_attest_presence_and_the_agent_completes_the_blended_course():
    """Attestations de présence for those present only, once; the agent's blended course (3 h
    asked) is complete, and its attestation freezes the 3 hours attended."""
    from certificates.models import Certificate
    from courses.models import Enrolment
    from demo.facetoface import BLENDED

    call_command("seed_demo")
    call_command("seed_demo")
    presence = Certificate.objects.filter(kind="presence")
    assert sorted(presence.values_list("user__email", flat=True)) == [
        "agent@exemple.fr",
        "enseignant@exemple.fr",
        "parent@exemple.fr",
    ]
    assert presence.get(user__email="agent@exemple.fr").snapshot["attended_hours"] == "3"
    enrolment = Enrolment.objects.get(user__email="agent@exemple.fr", course__url__endswith=f"/{BLENDED}/")
    assert enrolment.course.min_attended_hours == 3
    assert enrolment.status == "completed"
    course_certificate = Certificate.objects.get(kind="course", enrolment=enrolment)
    assert course_certificate.snapshot["attended_hours"] in ("3", "3.0")
    assert Certificate.objects.filter(kind="course", enrolment=enrolment).count() == 1
