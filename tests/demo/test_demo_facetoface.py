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
    the teacher registered; one past session. A second run changes nothing."""
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
    assert past.count() == 1


def test_the_past_demo_session_has_attendance_and_one_sheet():
    """One self sign-in, one absence, closed, one sheet version; a second run adds nothing."""
    from facetoface.models import Attendance, AttendanceSheet

    call_command("seed_demo")
    call_command("seed_demo")
    past = TrainingSession.objects.exclude(pk__in=TrainingSession.objects.upcoming()).get()
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
