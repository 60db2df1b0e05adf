"""Creating, changing, cancelling and deleting a session.

Slots are matched to the existing ones (same times first, then in order), so that a slot moved
by an hour keeps its row and therefore its calendar UIDs: calendars replace the event instead of
adding a second one. A slot removed stays as a cancelled row, so that calendars are told to drop
its event. Any change that registered people must know about raises the session's sequence and
tells them, with the calendar file and, in plain words, what changed."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from cms.cache import page_cache_invalidate
from facetoface.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationStatus,
    Slot,
    TrainerProfile,
    TrainingSession,
    validate_slots,
)
from facetoface.services.registrations import _end, _notify, first_start, lock_session, promote_waiting
from lms.accounts.models import User


def _when(start: datetime, end: datetime) -> str:
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    return _("%(day)s de %(start)s à %(end)s") % {
        "day": formats.date_format(local_start, "l j F Y"),
        "start": local_start.strftime("%H:%M"),
        "end": local_end.strftime("%H:%M"),
    }


def _place_label(session: TrainingSession) -> str:
    from facetoface.ics import place_text

    return place_text(session)


def _course_pages_refresh() -> None:
    """The course page lists its upcoming sessions, and visitors get it from the page cache:
    turn the cache over (once committed) so that a new, changed or cancelled session shows at
    once rather than up to cms.cache.TIMEOUT later."""
    page_cache_invalidate()


def _slots_update(
    session: TrainingSession, old_slots: list[Slot], slots: list[tuple[datetime, datetime]], *, announce: bool
) -> list[str]:
    """Bring the session's slots to `slots` and say what changed. A slot whose times are kept
    keeps its row; the others are paired in order, so that a moved slot keeps its row too; the
    old ones left over are cancelled, the new ones left over created."""
    kept = {(slot.start, slot.end) for slot in old_slots} & set(slots)
    moved_from = [slot for slot in old_slots if (slot.start, slot.end) not in kept]
    moved_to = [pair for pair in sorted(slots) if pair not in kept]
    changes: list[str] = []
    for slot, (start, end) in zip(moved_from, moved_to, strict=False):
        changes.append(
            _("Créneau déplacé : %(old)s → %(new)s") % {"old": _when(slot.start, slot.end), "new": _when(start, end)}
        )
        slot.start, slot.end = start, end
        slot.save(update_fields=["start", "end"])
    for start, end in moved_to[len(moved_from) :]:
        Slot.objects.create(session=session, start=start, end=end)
        if announce:
            changes.append(_("Créneau ajouté : %(when)s") % {"when": _when(start, end)})
    for slot in moved_from[len(moved_to) :]:
        changes.append(_("Créneau supprimé : %(when)s") % {"when": _when(slot.start, slot.end)})
        # Kept, marked cancelled: the calendar file sent with this change must still carry the
        # slot's event, with its UID and STATUS:CANCELLED, or calendars would keep it.
        slot.cancelled_at = timezone.now()
        slot.save(update_fields=["cancelled_at"])
    return changes


@transaction.atomic
def session_save(
    *,
    session: TrainingSession,
    slots: list[tuple[datetime, datetime]],
    trainers: list[TrainerProfile],
    actor: User,
) -> TrainingSession:
    """Create the session, or save its changes and tell the people registered."""
    errors = validate_slots(slots)
    if not slots:
        errors.append(_("Une session a au moins un créneau."))
    elif session.registration_deadline and session.registration_deadline > min(slots)[0]:
        errors.append(_("La date limite d'inscription doit précéder le premier créneau."))
    if errors:
        raise ValidationError(errors)
    session.full_clean(exclude=["course", "organiser", "territory", "trainers"])
    creating = session.pk is None
    changes: list[str] = []
    if creating:
        session.created_by = actor
        session.save()
        old_slots: list[Slot] = []
    else:
        before = lock_session(session.pk)
        if before.is_cancelled:
            raise ValidationError(_("Une session annulée ne se modifie plus."))
        if _place_label(before) != _place_label(session):
            changes.append(_("Lieu : %(place)s") % {"place": _place_label(session)})
        if before.capacity != session.capacity:
            changes.append(_("Nombre de places : %(count)s") % {"count": session.capacity})
        old_slots = list(before.slots.not_cancelled().order_by("start", "pk"))
        session.sequence = before.sequence
    changes += _slots_update(session, old_slots, slots, announce=not creating)
    session.trainers.set(trainers)
    if changes:
        session.sequence += 1
    session.save()
    if changes:
        for registration in Registration.objects.filter(session=session, status__in=ACTIVE_STATUSES).select_related(
            "user"
        ):
            registration.session = session
            if registration.status != RegistrationStatus.WAITLISTED:
                _notify(registration, "facetoface.changed", changes=changes)
        promote_waiting(session)
    _course_pages_refresh()
    return session


@transaction.atomic
def session_cancel(*, session: TrainingSession, reason: str, actor: User) -> TrainingSession:
    """Cancel with a reason: everyone registered or waiting is told and freed."""
    if not reason.strip():
        raise ValidationError({"reason": _("Indiquez le motif de l'annulation : il est envoyé aux inscrits.")})
    locked = lock_session(session.pk)
    if locked.is_cancelled:
        return locked
    locked.cancelled_at = timezone.now()
    locked.cancel_reason = reason.strip()
    locked.sequence += 1
    locked.save(update_fields=["cancelled_at", "cancel_reason", "sequence"])
    for registration in Registration.objects.filter(session=locked, status__in=ACTIVE_STATUSES).select_related("user"):
        registration.session = locked
        _end(registration, RegistrationStatus.CANCELLED)
        _notify(registration, "facetoface.cancelled", by_session=True, reason=locked.cancel_reason)
    _course_pages_refresh()
    return locked


@transaction.atomic
def session_delete(*, session: TrainingSession) -> None:
    """Only a session that has not started and has nobody registered goes for good; otherwise it
    is cancelled, so that the registered are told and the record stays."""
    locked = lock_session(session.pk)
    start = first_start(locked)
    if start is not None and start <= timezone.now():
        raise ValidationError(_("Une session commencée ne peut pas être supprimée."))
    if Registration.objects.filter(session=locked, status__in=ACTIVE_STATUSES).exists():
        raise ValidationError(_("Des personnes sont inscrites : annulez la session pour les prévenir."))
    locked.delete()
    _course_pages_refresh()
