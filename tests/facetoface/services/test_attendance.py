"""Attendance: marks, corrections and their window, QR tokens, closing, sheets and hours."""

import hashlib
import re
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

import pytest
import time_machine

from facetoface.access import ROLE_ORGANISER, ROLE_STAFF, ROLE_TRAINER
from facetoface.models import Attendance, AttendanceCorrection, AttendanceSheet
from facetoface.selectors import (
    attended_hours,
    attended_hours_by_enrolment,
    presence_snapshot,
    registrations_to_attest,
)
from facetoface.services.attendance import (
    AttendanceRefused,
    attendance_mark,
    attendance_self_sign,
    presence_token,
    presence_token_slot,
    session_close,
)
from facetoface.services.sheets import sheet_render
from tests.factories import CourseFactory, UserFactory
from tests.factories.facetoface import RegistrationFactory, TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.concurrency import assert_no_crash, run_concurrently

pytestmark = pytest.mark.django_db


def _session(hours_ago: float = 1, length: float = 3, **kwargs):
    """A session whose one slot started `hours_ago` hours ago and lasts `length` hours."""
    start = timezone.now() - timedelta(hours=hours_ago)
    return TrainingSessionFactory(slots=[(start, start + timedelta(hours=length))], **kwargs)


def test_a_trainer_mark_records_who_and_when():
    """The mark keeps its author, its time and how it was set."""
    session = _session()
    slot, trainer = session.slots.get(), UserFactory()
    registration = RegistrationFactory(session=session)
    mark = attendance_mark(registration=registration, slot=slot, status="present", actor=trainer, role=ROLE_TRAINER)
    assert (mark.status, mark.method, mark.set_by) == ("present", "trainer", trainer)
    assert abs(mark.set_at - timezone.now()) < timedelta(seconds=5)


def test_no_mark_before_30_minutes_before_the_slot():
    """Attendance opens 30 minutes before the slot, not earlier."""
    session = _session(hours_ago=-1)
    with pytest.raises(AttendanceRefused, match="30 minutes"):
        attendance_mark(
            registration=RegistrationFactory(session=session),
            slot=session.slots.get(),
            status="present",
            actor=UserFactory(),
            role=ROLE_TRAINER,
        )


def test_a_correction_is_kept_in_the_audit_trail():
    """Changing a mark writes who, when, old and new status; setting the same status changes nothing."""
    session = _session()
    slot, trainer = session.slots.get(), UserFactory()
    registration = RegistrationFactory(session=session)
    attendance_mark(registration=registration, slot=slot, status="absent", actor=trainer, role=ROLE_TRAINER)
    attendance_mark(registration=registration, slot=slot, status="absent", actor=trainer, role=ROLE_TRAINER)
    assert not AttendanceCorrection.objects.exists()
    attendance_mark(registration=registration, slot=slot, status="present", actor=trainer, role=ROLE_TRAINER)
    correction = AttendanceCorrection.objects.get()
    assert (correction.old_status, correction.new_status, correction.corrected_by) == ("absent", "present", trainer)
    assert Attendance.objects.get().status == "present"


def test_the_trainer_corrects_for_7_days_then_only_the_organiser_with_a_reason():
    """Past 7 days after the slot: the trainer is refused; the organiser and staff need a reason."""
    session = _session()
    slot, trainer = session.slots.get(), UserFactory()
    registration = RegistrationFactory(session=session)
    attendance_mark(registration=registration, slot=slot, status="absent", actor=trainer, role=ROLE_TRAINER)
    with time_machine.travel(slot.end + timedelta(days=6, hours=23), tick=False):
        attendance_mark(registration=registration, slot=slot, status="excused", actor=trainer, role=ROLE_TRAINER)
    with time_machine.travel(slot.end + timedelta(days=7, minutes=1), tick=False):
        with pytest.raises(AttendanceRefused, match="organisateur"):
            attendance_mark(registration=registration, slot=slot, status="present", actor=trainer, role=ROLE_TRAINER)
        with pytest.raises(AttendanceRefused, match="motif"):
            attendance_mark(
                registration=registration, slot=slot, status="present", actor=UserFactory(), role=ROLE_ORGANISER
            )
        staff = UserFactory(is_staff=True)
        attendance_mark(
            registration=registration,
            slot=slot,
            status="present",
            actor=staff,
            role=ROLE_STAFF,
            reason="Feuille papier retrouvée",
        )
    assert list(AttendanceCorrection.objects.values_list("new_status", "reason")) == [
        ("excused", ""),
        ("present", "Feuille papier retrouvée"),
    ]


def test_one_mark_per_registration_and_slot_under_concurrent_taps(transactional_site):
    """Ten taps at once, present and absent mixed: one row, and every change after the first is audited."""
    session = _session()
    slot = session.slots.get()
    registration = RegistrationFactory(session=session)
    trainer = UserFactory()

    def tap(index):
        return attendance_mark(
            registration=registration,
            slot=slot,
            status="present" if index % 2 else "absent",
            actor=trainer,
            role=ROLE_TRAINER,
        ).pk

    outcomes = run_concurrently(tap, workers=10, processes=connection.vendor == "postgresql")
    assert_no_crash(outcomes)
    assert Attendance.objects.count() == 1
    assert len({outcome.value for outcome in outcomes}) == 1
    final = Attendance.objects.get()
    last = AttendanceCorrection.objects.order_by("pk").last()
    assert last is None or last.new_status == final.status


# QR tokens.


def test_a_current_token_signs_the_participant_in():
    """The token of now, scanned by the registered person, marks them present by themselves."""
    session = _session()
    slot = session.slots.get()
    registration = RegistrationFactory(session=session)
    mark = attendance_self_sign(token=presence_token(slot), user=registration.user)
    assert (mark.status, mark.method, mark.set_by) == ("present", "self", registration.user)


def test_the_previous_window_is_accepted_but_not_older():
    """A code scanned at the edge of its five minutes works; one ten minutes old does not."""
    session = _session()
    slot = session.slots.get()
    now = timezone.now()
    assert presence_token_slot(presence_token(slot, now - timedelta(minutes=5)), now) == slot
    with pytest.raises(AttendanceRefused, match="expiré"):
        presence_token_slot(presence_token(slot, now - timedelta(minutes=10)), now)


def test_a_token_outside_the_slot_is_refused():
    """Before 30 minutes ahead of the start, and after the end, the slot's own current token is refused."""
    session = _session(hours_ago=-2)
    slot = session.slots.get()
    with pytest.raises(AttendanceRefused, match="pendant le créneau"):
        presence_token_slot(presence_token(slot))
    ended = _session(hours_ago=4, length=3).slots.get()
    with pytest.raises(AttendanceRefused, match="pendant le créneau"):
        presence_token_slot(presence_token(ended))
    soon = _session(hours_ago=-0.4).slots.get()
    assert presence_token_slot(presence_token(soon)) == soon


def test_a_forged_token_is_refused():
    """A token edited by hand, or signed with another salt, is not valid."""
    slot = _session().slots.get()
    token = presence_token(slot)
    with pytest.raises(AttendanceRefused, match="pas valide"):
        presence_token_slot(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    from django.core import signing

    with pytest.raises(AttendanceRefused, match="pas valide"):
        presence_token_slot(signing.dumps({"s": slot.pk, "w": 0}, salt="autre"))


def test_a_token_of_another_slot_does_not_sign_in_to_this_session():
    """Registered at one session, a code of another session's slot is refused and marks nothing."""
    mine = _session()
    registration = RegistrationFactory(session=mine)
    other = _session().slots.get()
    with pytest.raises(AttendanceRefused, match="pas inscrit"):
        attendance_self_sign(token=presence_token(other), user=registration.user)
    assert not Attendance.objects.exists()


def test_self_sign_in_does_not_override_the_trainers_mark():
    """A mark the trainer set stands; the trainer corrects it if need be."""
    session = _session()
    slot = session.slots.get()
    registration = RegistrationFactory(session=session)
    attendance_mark(registration=registration, slot=slot, status="absent", actor=UserFactory(), role=ROLE_TRAINER)
    attendance_self_sign(token=presence_token(slot), user=registration.user)
    assert Attendance.objects.get().status == "absent"


# Closing and sheets.


def test_a_session_closes_only_after_its_last_slot():
    """Closing is refused while a slot is running."""
    with pytest.raises(AttendanceRefused, match="dernier créneau"):
        session_close(session=_session(), actor=UserFactory())


def test_closing_queues_one_sheet_and_a_correction_makes_a_new_version(django_capture_on_commit_callbacks):
    """The sheet is stored with its sha256; a correction after closing adds version 2, version 1 kept."""
    session = _session(hours_ago=4, length=3)
    session.trainers.add(TrainerProfileFactory())
    slot = session.slots.get()
    registration = RegistrationFactory(session=session)
    trainer = UserFactory()
    attendance_mark(registration=registration, slot=slot, status="absent", actor=trainer, role=ROLE_TRAINER)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        session_close(session=session, actor=trainer)
    assert len(callbacks) == 1
    first = AttendanceSheet.objects.get()
    assert first.version == 1
    data = first.file.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == first.sha256
    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(registration=registration, slot=slot, status="present", actor=trainer, role=ROLE_TRAINER)
    assert list(AttendanceSheet.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    assert sheet_render(session.pk) is None  # nothing stale: a task run twice stores nothing


# Hours.


def test_hours_count_present_slots_only():
    """Present slots count their duration; absent, excused and cancelled slots do not."""
    course = CourseFactory()
    now = timezone.now()
    session = TrainingSessionFactory(
        course=course,
        slots=[
            (now - timedelta(days=2, hours=3), now - timedelta(days=2)),
            (now - timedelta(days=1, hours=4), now - timedelta(days=1, hours=2, minutes=30)),
            (now - timedelta(hours=5), now - timedelta(hours=4)),
        ],
    )
    first, second, third = session.slots.order_by("start")
    registration = RegistrationFactory(session=session)
    trainer = UserFactory()
    for slot, status in ((first, "present"), (second, "present"), (third, "absent")):
        attendance_mark(registration=registration, slot=slot, status=status, actor=trainer, role=ROLE_TRAINER)
    assert attended_hours([registration.pk]) == {registration.pk: Decimal("4.50")}
    second.cancelled_at = now
    second.save()
    assert attended_hours([registration.pk]) == {registration.pk: Decimal("3.00")}
    assert list(registrations_to_attest(session)) == [registration]
    assert presence_snapshot(registration)["hours_attended"] == "3.00"


def test_hours_by_enrolment_sum_the_courses_sessions_in_one_query(django_assert_num_queries):
    """Every session of the enrolment's course counts, not those of another course; one query."""
    from courses.services.enrolments import enrolment_create

    course, other_course = CourseFactory(), CourseFactory()
    user, stranger = UserFactory(), UserFactory()
    trainer = UserFactory()
    for target in (course, course, other_course):
        session = _session(hours_ago=3, length=2, course=target)
        registration = RegistrationFactory(session=session, user=user)
        attendance_mark(
            registration=registration, slot=session.slots.get(), status="present", actor=trainer, role=ROLE_TRAINER
        )
    enrolment = enrolment_create(user=user, course=course)
    nobody = enrolment_create(user=stranger, course=course)
    with django_assert_num_queries(1):
        hours = attended_hours_by_enrolment([enrolment, nobody])
    assert hours == {enrolment.pk: Decimal("4.00"), nobody.pk: Decimal("0.00")}


def test_the_database_refuses_a_second_mark_for_the_same_slot():
    """The unique constraint is what makes concurrent taps one row on PostgreSQL, where a lock
    on a row not yet written locks nothing (SQLite serialises the writers before that)."""
    from django.db import IntegrityError, transaction

    session = _session()
    slot = session.slots.get()
    registration = RegistrationFactory(session=session)
    attendance_mark(registration=registration, slot=slot, status="present", actor=UserFactory(), role=ROLE_TRAINER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.create(
            registration=registration, slot=slot, status="absent", method="trainer", set_at=timezone.now()
        )


def test_the_sheet_shows_signatures_attestations_absences_and_hours():
    """Self sign-in as the person's own signature with its time, a trainer's mark as "attesté
    par", an absence, the hours per person; a tagged PDF/UA in French."""
    from facetoface.services.sheets import sheet_pdf
    from tests.certificates.pdf_tools import one_line, pdf_info, pdf_text

    session = _session(hours_ago=1, length=3.5, title="Atelier d'essai")
    slot = session.slots.get()
    trainer = TrainerProfileFactory(user=UserFactory(first_name="Nadia", last_name="Berger"))
    session.trainers.add(trainer)
    alice = RegistrationFactory(session=session, user=UserFactory(first_name="Alice", last_name="Durand"))
    bruno = RegistrationFactory(session=session, user=UserFactory(first_name="Bruno", last_name="Lefèvre"))
    chloe = RegistrationFactory(session=session, user=UserFactory(first_name="Chloé", last_name="Moreau"))
    attendance_mark(registration=alice, slot=slot, status="present", actor=trainer.user, role=ROLE_TRAINER)
    attendance_mark(registration=bruno, slot=slot, status="absent", actor=trainer.user, role=ROLE_TRAINER)
    attendance_self_sign(token=presence_token(slot), user=chloe.user)
    session.closed_at = timezone.now()
    pdf = sheet_pdf(session, 1)
    text = one_line(pdf_text(pdf))
    assert "FEUILLE D'ÉMARGEMENT" in text and "Atelier d'essai" in text and "Nadia Berger" in text
    assert "Présent, attesté par Nadia Berger" in text
    assert "Signé : Chloé Moreau par code QR à" in text
    assert "Bruno Lefèvre Absent 0 h" in text
    assert text.count("3 h 30") == 2
    info = pdf_info(pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert "Feuille d'émargement : Atelier d'essai (version 1)" in info
    assert 'pdfuaid:part="1"' in pdf_info(pdf, "-meta")
