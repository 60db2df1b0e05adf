"""Taking attendance, correcting it, self sign-in by QR code, and closing a session.

One mark per (registration, slot): the unique constraint makes concurrent taps one row; the
write is an update_or_create inside a transaction, and the loser of an insert race reads the
winner's row and applies its change on top. A change of a mark already set is a correction,
kept in AttendanceCorrection. Trainers may correct until CORRECTION_WINDOW after the slot; after
that only the organiser or platform staff, with a reason.

Closing freezes the session: the attendance sheet is rendered by one task; a correction after
closing raises the session's sheet_revision and queues the task again, which stores a new
version and keeps the old ones.
"""

import logging
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from facetoface.access import ROLE_ORGANISER, ROLE_STAFF, ROLE_TRAINER
from facetoface.closing import session_closed_notify
from facetoface.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceMethod,
    AttendanceStatus,
    Registration,
    RegistrationStatus,
    Slot,
    TrainingSession,
)
from lms.accounts.models import User

logger = logging.getLogger(__name__)

CORRECTION_WINDOW = timedelta(days=7)
OPEN_BEFORE_START = timedelta(minutes=30)  # marks and sign-in open this long before a slot
TOKEN_WINDOW = 300  # seconds: a QR code changes every five minutes
TOKEN_SALT = "facetoface.presence"  # noqa: S105 (a signing salt, not a secret)


class AttendanceRefused(Exception):
    """The mark cannot be set or changed; the message says why, in French."""


def slot_is_open(slot: Slot, now: datetime | None = None) -> bool:
    """Attendance can be taken from 30 minutes before the slot."""
    now = now or timezone.now()
    return now >= slot.start - OPEN_BEFORE_START


def correction_window_open(slot: Slot, now: datetime | None = None) -> bool:
    return (now or timezone.now()) <= slot.end + CORRECTION_WINDOW


def marking_refusal(*, slot: Slot, role: str, correcting: bool, reason: str, now: datetime | None = None) -> str:
    """Why this person cannot set or change this mark now, in French; "" when they can."""
    now = now or timezone.now()
    if not slot_is_open(slot, now):
        return _("Ce créneau n'a pas commencé : la présence se note à partir de 30 minutes avant.")
    if correction_window_open(slot, now):
        return ""
    if role == ROLE_TRAINER:
        return _(
            "Plus de 7 jours ont passé depuis ce créneau : seul l'organisateur de la session peut "
            "encore corriger les présences."
        )
    if role in (ROLE_ORGANISER, ROLE_STAFF) and correcting and not reason.strip():
        return _("Plus de 7 jours ont passé depuis ce créneau : indiquez le motif de la correction.")
    return ""


def _after_change(session_id: int) -> None:
    """A change to a closed session's marks makes its sheet stale: a new version follows."""
    updated = TrainingSession.objects.filter(pk=session_id, closed_at__isnull=False).update(
        sheet_revision=F("sheet_revision") + 1
    )
    if updated:
        transaction.on_commit(lambda: enqueue_after_change(session_id))


def _write(
    *,
    registration: Registration,
    slot: Slot,
    status: str,
    method: str,
    actor: User,
    reason: str,
    now: datetime,
    overwrite: bool,
) -> Attendance:
    """Create the mark, or change it (a correction) when `overwrite`; inside a transaction."""
    attendance = Attendance.objects.select_for_update().filter(registration=registration, slot=slot).first()
    if attendance is None:
        try:
            with transaction.atomic():
                attendance, created = Attendance.objects.update_or_create(
                    registration=registration,
                    slot=slot,
                    defaults={},
                    create_defaults={"status": status, "method": method, "set_by": actor, "set_at": now},
                )
        except IntegrityError:
            # Another tap inserted the row between our read and our insert: theirs stands,
            # and ours applies on top as any later tap would.
            attendance = Attendance.objects.select_for_update().get(registration=registration, slot=slot)
            created = False
        if created:
            _after_change(slot.session_id)
            return attendance
    if attendance.status == status or not overwrite:
        return attendance
    AttendanceCorrection.objects.create(
        attendance=attendance,
        old_status=attendance.status,
        new_status=status,
        reason=reason.strip(),
        corrected_by=actor,
        corrected_at=now,
    )
    attendance.status, attendance.method, attendance.set_by, attendance.set_at = status, method, actor, now
    attendance.save(update_fields=["status", "method", "set_by", "set_at"])
    _after_change(slot.session_id)
    return attendance


@transaction.atomic
def attendance_mark(
    *, registration: Registration, slot: Slot, status: str, actor: User, role: str, reason: str = ""
) -> Attendance:
    """The trainer or the organiser marks one person for one slot. Changing a mark already set
    is a correction: recorded with who, when, old and new status, and the reason."""
    if status not in AttendanceStatus.values:
        raise AttendanceRefused(_("Choisissez présent, absent ou excusé."))
    if registration.session_id != slot.session_id or registration.status != RegistrationStatus.CONFIRMED:
        raise AttendanceRefused(_("Cette personne n'est pas inscrite à cette session."))
    now = timezone.now()
    correcting = Attendance.objects.filter(registration=registration, slot=slot).exclude(status=status).exists()
    refusal = marking_refusal(slot=slot, role=role, correcting=correcting, reason=reason, now=now)
    if refusal:
        raise AttendanceRefused(refusal)
    return _write(
        registration=registration,
        slot=slot,
        status=status,
        method=AttendanceMethod.TRAINER,
        actor=actor,
        reason=reason,
        now=now,
        overwrite=True,
    )


# QR self sign-in. The token names the slot and a five-minute window; a photo of the code
# stops working once the window and the next one have passed.


def token_window(now: datetime | None = None) -> int:
    return int((now or timezone.now()).timestamp()) // TOKEN_WINDOW


def presence_token(slot: Slot, now: datetime | None = None) -> str:
    """The signed token that the trainer's QR code holds for this slot, now."""
    return signing.dumps({"s": slot.pk, "w": token_window(now)}, salt=TOKEN_SALT, compress=False)


def presence_token_slot(token: str, now: datetime | None = None) -> Slot:
    """The slot a scanned token is for, if it is genuine, current (this window or the one
    before, for a code scanned at the edge) and its slot is on now (from 30 minutes before the
    start to the end). Raises AttendanceRefused with a French message otherwise."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        slot_id, window = int(data["s"]), int(data["w"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise AttendanceRefused(_("Ce code n'est pas valide. Scannez le code affiché par le formateur.")) from None
    if window not in (token_window(now), token_window(now) - 1):
        raise AttendanceRefused(_("Ce code a expiré. Scannez le code affiché maintenant par le formateur."))
    slot = (
        Slot.objects.not_cancelled()
        .select_related("session__course", "session__place_organisation")
        .filter(pk=slot_id, session__cancelled_at__isnull=True)
        .first()
    )
    if slot is None or not (slot.start - OPEN_BEFORE_START <= now <= slot.end):
        raise AttendanceRefused(_("Ce code n'est valable que pendant le créneau, à partir de 30 minutes avant."))
    return slot


def presence_registration(slot: Slot, user: User) -> Registration:
    registration = Registration.objects.filter(
        session_id=slot.session_id, user=user, status=RegistrationStatus.CONFIRMED
    ).first()
    if registration is None:
        raise AttendanceRefused(_("Vous n'êtes pas inscrit à cette session : adressez-vous au formateur."))
    return registration


@transaction.atomic
def attendance_self_sign(*, token: str, user: User) -> Attendance:
    """The participant confirms their presence by the QR code. A mark the trainer already set
    stands: the trainer corrects it if need be."""
    now = timezone.now()
    slot = presence_token_slot(token, now)
    registration = presence_registration(slot, user)
    return _write(
        registration=registration,
        slot=slot,
        status=AttendanceStatus.PRESENT,
        method=AttendanceMethod.SELF,
        actor=user,
        reason="",
        now=now,
        overwrite=False,
    )


# Walk-ins and closing.


def walk_in_register(*, session: TrainingSession, user: User, actor: User) -> Registration:
    """The trainer registers, on the spot, someone who came without registering: the course's
    audience and territory rules apply, and the person is enrolled as any registration does.
    The capacity does not apply: the person is in the room."""
    from courses.services.enrolments import EnrolmentRefused, enrolment_create, self_enrolment_eligibility

    eligibility = self_enrolment_eligibility(user=user, course=session.course)
    if not eligibility.allowed:
        raise AttendanceRefused(eligibility.reason)
    with transaction.atomic():
        try:
            enrolment_create(user=user, course=session.course)
        except EnrolmentRefused as error:
            raise AttendanceRefused(str(error)) from error
        registration, created = Registration.objects.get_or_create(
            session=session,
            user=user,
            defaults={"status": RegistrationStatus.CONFIRMED, "registered_by": actor, "confirmed_at": timezone.now()},
        )
        if not created and registration.status != RegistrationStatus.CONFIRMED:
            registration.status, registration.position = RegistrationStatus.CONFIRMED, None
            registration.registered_by, registration.confirmed_at = actor, timezone.now()
            registration.cancelled_at = None
            registration.sequence += 1
            registration.save()
    return registration


def close_refusal(session: TrainingSession, now: datetime | None = None) -> str:
    if session.is_closed:
        return _("Cette session est déjà close.")
    last_end = session.slots.not_cancelled().aggregate(last=Max("end"))["last"]
    if last_end is None or last_end > (now or timezone.now()):
        return _("La session se clôt après la fin de son dernier créneau.")
    return ""


@transaction.atomic
def session_close(*, session: TrainingSession, actor: User) -> TrainingSession:
    """Freeze the attendance and queue the sheet. Closing twice changes nothing."""
    locked = TrainingSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
    refusal = close_refusal(locked)
    if refusal:
        raise AttendanceRefused(refusal)
    locked.closed_at, locked.closed_by = timezone.now(), actor
    locked.sheet_revision += 1
    locked.save(update_fields=["closed_at", "closed_by", "sheet_revision"])
    transaction.on_commit(lambda: enqueue_after_change(locked.pk))
    return locked


def enqueue_after_change(session_id: int) -> None:
    """What a closed session's attendance feeds, once the change is committed: its sheet, then
    the attestations de présence and the participants' completion (one task each, set-based)."""
    enqueue_sheet(session_id)
    enqueue_certify(session_id)
    session_closed_notify(session_id)


def enqueue_certify(session_id: int) -> None:
    """Hand the attestations and completion to the cluster; the task is idempotent, so a retry
    (or the next correction) catches up if the broker is down."""
    from django_q.tasks import async_task

    try:
        async_task("facetoface.tasks.certify_session", session_id, task_name=f"facetoface.certify:{session_id}")
    except Exception:
        logger.exception("Could not enqueue the attestations of session %s.", session_id)


def enqueue_sheet(session_id: int) -> None:
    """Hand the sheet to the cluster; if the broker is down, the next correction or a retry
    of the task catches up (the task renders whatever is stale)."""
    from django_q.tasks import async_task

    try:
        async_task("facetoface.tasks.render_sheet", session_id, task_name=f"facetoface.sheet:{session_id}")
    except Exception:
        logger.exception("Could not enqueue the attendance sheet of session %s.", session_id)


def session_certify(session_id: int) -> dict[str, int]:
    """After closing or a correction: an attestation de présence for every registration with a
    slot attended (certificates issue each subject once, so a rerun or a concurrent run adds
    none), then a completion check of the participants' enrolments in the session's course
    (hours attended count towards it). An attestation already issued is left as it is after a
    correction: it is re-issued by staff through the certificates' re-issue, which takes a reason.
    Returns {"attested": n, "completed": m}. Nothing happens for a session that is not closed."""
    from certificates.models import CertificateKind
    from certificates.services import certificate_issue_for_subject
    from certificates.subjects import subject_key
    from courses.services.progress import recheck_completion
    from facetoface.certification import SUBJECT_PREFIX
    from facetoface.selectors import registrations_to_attest, session_participant_enrolments

    session = TrainingSession.objects.filter(pk=session_id, closed_at__isnull=False).first()
    if session is None:
        return {"attested": 0, "completed": 0}
    attested = 0
    for registration_id in registrations_to_attest(session).values_list("pk", flat=True).order_by("pk"):
        certificate = certificate_issue_for_subject(
            kind=CertificateKind.PRESENCE, subject_key=subject_key(SUBJECT_PREFIX, registration_id)
        )
        attested += certificate is not None
    completed = recheck_completion(session_participant_enrolments(session))
    return {"attested": attested, "completed": len(completed)}
