"""Registering for a session, the waiting list, approval and cancellation.

Capacity holds under concurrency: every write that counts seats first locks the session row
(`select_for_update()`; on SQLite the immediate transaction already serialises writers), then
counts (DESIGN.md §2). Twenty people clicking for the last seat get one seat and nineteen places
on the waiting list.

A freed seat goes to the first person waiting. Closer than 24 h to the start, nobody can be
assumed to still be free: the place is offered, to confirm within 12 h or until 2 h before the
start, whichever comes first, and passes to the next person if it is not (see offers_expire).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.services.enrolments import (
    EnrolmentRefused,
    enrolment_create,
    organisation_enrol,
    self_enrolment_eligibility,
)
from facetoface.models import SEAT_STATUSES, Registration, RegistrationStatus, TrainingSession
from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue
from lms.organisations.models import Membership, Organisation

CONFIRM_BEFORE_START = timedelta(hours=24)  # a promotion closer than this asks to confirm
OFFER_DURATION = timedelta(hours=12)
OFFER_MARGIN = timedelta(hours=2)  # an offer never runs later than this before the start


class RegistrationRefused(Exception):
    """The registration or the change is not possible; the message says why, in French."""


def lock_session(session_id: int) -> TrainingSession:
    return TrainingSession.objects.select_for_update(of=("self",)).select_related("course").get(pk=session_id)


def first_start(session: TrainingSession) -> datetime | None:
    return session.slots.not_cancelled().aggregate(first=Min("start"))["first"]


def registration_closed_reason(session: TrainingSession, now: datetime | None = None) -> str:
    """Why nobody can register now, or "" when registration is open."""
    now = now or timezone.now()
    if session.is_cancelled:
        return _("Cette session est annulée.")
    start = first_start(session)
    if start is None or start <= now:
        return _("Cette session a commencé : on ne s'y inscrit plus.")
    if session.registration_deadline <= now:
        return _("Les inscriptions à cette session sont closes.")
    return ""


def self_registration_refusal(*, user: User, session: TrainingSession) -> str:
    """The course's rules (audiences, territory) and the session's state, as a French reason."""
    closed = registration_closed_reason(session)
    if closed:
        return closed
    eligibility = self_enrolment_eligibility(user=user, course=session.course)
    return "" if eligibility.allowed else eligibility.reason


def seats_taken(session: TrainingSession) -> int:
    return Registration.objects.filter(session=session, status__in=SEAT_STATUSES).count()


def _notify(registration: Registration, kind: str, **context: object) -> None:
    outbox_enqueue(
        recipient=registration.user,
        kind=kind,
        obj=registration,
        step=f"v{registration.calendar_sequence}-{registration.status}",
        context=dict(context),
    )


def _place(session: TrainingSession, user: User, *, registered_by: User | None) -> Registration:
    """Give the person a seat or a place on the waiting list; the session is locked."""
    existing = Registration.objects.filter(session=session, user=user).first()
    if existing is not None and existing.status in (*SEAT_STATUSES, RegistrationStatus.WAITLISTED):
        return existing
    now = timezone.now()
    registration = existing or Registration(session=session, user=user)
    registration.session = session
    registration.registered_by = registered_by
    registration.cancelled_at = registration.offer_expires_at = None
    if existing is not None:
        registration.sequence += 1  # its calendar events said CANCELLED: the new version replaces them
    if seats_taken(session) < session.capacity:
        # A manager's registration is the approval.
        needs_approval = session.requires_manager_approval and registered_by is None
        registration.status = RegistrationStatus.PENDING_APPROVAL if needs_approval else RegistrationStatus.CONFIRMED
        registration.position = None
        registration.confirmed_at = None if needs_approval else now
    else:
        last = Registration.objects.filter(session=session).aggregate(last=Max("position"))["last"] or 0
        registration.status = RegistrationStatus.WAITLISTED
        registration.position = last + 1
    registration.save()
    if registration.status == RegistrationStatus.CONFIRMED:
        _notify(registration, "facetoface.confirmed", promoted=False)
    else:
        _notify(registration, "facetoface.status", status=registration.status)
    return registration


@transaction.atomic
def registration_create(*, user: User, session: TrainingSession) -> Registration:
    """The person registers themselves: the course's audiences and territory apply, and they are
    enrolled in the course through the enrolment service if they were not."""
    locked = lock_session(session.pk)
    refusal = self_registration_refusal(user=user, session=locked)
    if refusal:
        raise RegistrationRefused(refusal)
    try:
        enrolment_create(user=user, course=locked.course)
    except EnrolmentRefused as error:  # the rules changed between the check and now
        raise RegistrationRefused(str(error)) from error
    return _place(locked, user, registered_by=None)


@dataclass
class BulkReport:
    confirmed: list[Registration] = field(default_factory=list)
    waitlisted: list[Registration] = field(default_factory=list)
    already: list[Registration] = field(default_factory=list)


@transaction.atomic
def registrations_bulk_create(
    *, organisation: Organisation, manager: User, users: list[User], session: TrainingSession
) -> BulkReport:
    """A manager registers members of their organisation, as bulk enrolment does (no audience
    check: the manager decides), enrolling them through organisation_enrol. Beyond the seats
    left, people go on the waiting list in the order given."""
    locked = lock_session(session.pk)
    closed = registration_closed_reason(locked)
    if closed:
        raise RegistrationRefused(closed)
    members = set(Membership.objects.current().filter(organisation=organisation).values_list("user_id", flat=True))
    outsiders = [user for user in users if user.pk not in members]
    if outsiders:
        raise RegistrationRefused(_("Seuls les membres de l'organisation peuvent être inscrits par elle."))
    before = {
        registration.user_id: registration.status
        for registration in Registration.objects.filter(session=locked, user__in=users)
    }
    organisation_enrol(organisation=organisation, manager=manager, users=users, course=locked.course)
    report = BulkReport()
    for user in users:
        registration = _place(locked, user, registered_by=manager)
        if before.get(user.pk) in (*SEAT_STATUSES, RegistrationStatus.WAITLISTED):
            report.already.append(registration)
        elif registration.status == RegistrationStatus.WAITLISTED:
            report.waitlisted.append(registration)
        else:
            report.confirmed.append(registration)
    return report


def promote_waiting(session: TrainingSession) -> list[Registration]:
    """Fill free seats from the waiting list, in order; the session is locked by the caller."""
    now = timezone.now()
    start = first_start(session)
    if session.is_cancelled or start is None or start <= now:
        return []
    promoted = []
    free = session.capacity - seats_taken(session)
    waiting = Registration.objects.filter(session=session, status=RegistrationStatus.WAITLISTED).order_by(
        "position", "pk"
    )
    for registration in waiting.select_related("user")[: max(free, 0)]:
        registration.session = session
        registration.position = None
        if start - now >= CONFIRM_BEFORE_START:
            needs_approval = session.requires_manager_approval and registration.registered_by_id is None
            if needs_approval:
                registration.status = RegistrationStatus.PENDING_APPROVAL
            else:
                registration.status, registration.confirmed_at = RegistrationStatus.CONFIRMED, now
        else:
            expires = min(now + OFFER_DURATION, start - OFFER_MARGIN)
            if expires <= now:
                break  # too close to the start: nobody can be asked any more
            registration.status, registration.offer_expires_at = RegistrationStatus.OFFERED, expires
        registration.save()
        # Promotion e-mails are transactional: quiet hours do not hold a place someone must confirm.
        if registration.status == RegistrationStatus.CONFIRMED:
            _notify(registration, "facetoface.confirmed", promoted=True)
        else:
            _notify(registration, "facetoface.status", status=registration.status, promoted=True)
        promoted.append(registration)
    return promoted


def may_cancel(registration: Registration, now: datetime | None = None) -> bool:
    """A seat can be given back online until the deadline; a place on the waiting list or a
    request always."""
    now = now or timezone.now()
    if registration.status not in (*SEAT_STATUSES, RegistrationStatus.WAITLISTED):
        return False
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration.session.registration_deadline > now and not registration.session.is_cancelled
    return True


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration:
    """The learner gives back their place. After the deadline a confirmed seat is not given back
    online: the organiser must be told (they may have planned for the person)."""
    locked_session = lock_session(registration.session_id)
    current = Registration.objects.select_related("user").get(pk=registration.pk)
    current.session = locked_session
    if not may_cancel(current):
        raise RegistrationRefused(
            _("La date limite est passée : prévenez l'organisateur, %(name)s, que vous ne viendrez pas.")
            % {"name": locked_session.organiser.name}
        )
    held_seat = current.holds_seat
    _end(current, RegistrationStatus.CANCELLED)
    _notify(current, "facetoface.cancelled", by_session=False)
    if held_seat:
        promote_waiting(locked_session)
    return current


def _end(registration: Registration, status: str) -> None:
    registration.status = status
    registration.position = None
    registration.offer_expires_at = None
    registration.cancelled_at = timezone.now()
    registration.sequence += 1
    registration.save()


@transaction.atomic
def offer_accept(*, registration: Registration) -> Registration:
    session = lock_session(registration.session_id)
    current = Registration.objects.select_related("user").get(pk=registration.pk)
    current.session = session
    expires = current.offer_expires_at
    if current.status != RegistrationStatus.OFFERED or expires is None or expires <= timezone.now():
        raise RegistrationRefused(_("Cette proposition de place n'est plus valable."))
    current.status, current.confirmed_at, current.offer_expires_at = RegistrationStatus.CONFIRMED, timezone.now(), None
    current.save()
    _notify(current, "facetoface.confirmed", promoted=True)
    return current


def offers_expire() -> int:
    """Scheduled: offers not confirmed in time go, and the seat passes to the next person. One
    transaction per session, so that one session's lock never waits on another's."""
    now = timezone.now()
    session_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "session_id", flat=True
        )
    )
    expired = 0
    for session_id in session_ids:
        with transaction.atomic():
            session = lock_session(session_id)
            for registration in Registration.objects.filter(
                session=session, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            ).select_related("user"):
                registration.session = session
                _end(registration, RegistrationStatus.CANCELLED)
                _notify(registration, "facetoface.status", status="expired")
                expired += 1
            promote_waiting(session)
    return expired


@transaction.atomic
def registration_decide(*, registration: Registration, manager: User, approve: bool) -> Registration:
    """A manager approves or refuses a request; the learner is told. A refusal frees the seat."""
    session = lock_session(registration.session_id)
    current = Registration.objects.select_related("user").get(pk=registration.pk)
    current.session = session
    if current.status != RegistrationStatus.PENDING_APPROVAL:
        raise RegistrationRefused(_("Cette demande a déjà été traitée."))
    current.decided_by = manager
    if approve:
        current.status, current.confirmed_at = RegistrationStatus.CONFIRMED, timezone.now()
        current.save()
        _notify(current, "facetoface.confirmed", promoted=False)
    else:
        _end(current, RegistrationStatus.REFUSED)
        _notify(current, "facetoface.status", status=RegistrationStatus.REFUSED)
        promote_waiting(session)
    return current
