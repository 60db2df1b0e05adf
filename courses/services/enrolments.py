"""Enrolling in a course, withdrawing, and the eligibility rules of self-enrolment."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.completion import completion_listeners
from courses.models import Course, Enrolment, EnrolmentStatus
from courses.reminders import reminders_cancel
from courses.selectors import user_territory_ids
from lms.accounts.models import User
from lms.notifications.services.outbox import outbox_enqueue_many
from lms.organisations.models import AuditAction, Organisation
from lms.organisations.services.audit import audit_record


class EnrolmentRefused(Exception):
    """Self-enrolment is not open to this person; the message says why, in French."""


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reason: str = ""


def self_enrolment_eligibility(*, user: User, course: Course) -> Eligibility:
    if not course.is_published:
        return Eligibility(False, _("Cette formation n'est plus proposée."))
    course_audiences = {audience.pk for audience in course.audiences.all()}
    user_audiences = set(user.audiences.values_list("code", flat=True))
    if course_audiences and not course_audiences & user_audiences:
        labels = ", ".join(str(audience) for audience in course.audiences.all())
        return Eligibility(
            False,
            _(
                "Cette formation s'adresse à : %(audiences)s. Si c'est votre cas, cochez-le dans votre profil, "
                "puis revenez vous inscrire."
            )
            % {"audiences": labels},
        )
    if (
        course.territory_id
        and course.territory_id not in user_territory_ids(user)
        and (territory := course.territory) is not None  # loaded only to name it in the refusal
    ):
        return Eligibility(
            False,
            _(
                "Cette formation est réservée au territoire « %(territory)s ». Si vous y habitez ou y travaillez, "
                "indiquez votre commune dans votre profil, puis revenez vous inscrire."
            )
            % {"territory": territory.name},
        )
    return Eligibility(True)


@transaction.atomic
def enrolment_create(
    *,
    user: User,
    course: Course,
    enrolled_by: User | None = None,
    organisation: Organisation | None = None,
    due_on: date | None = None,
) -> Enrolment:
    """Enrol the person, once. A self-enrolment checks the audiences and the territory; a
    manager's does not. Enrolling again after withdrawing reopens the same enrolment, with its
    progress."""
    if enrolled_by is None:
        eligibility = self_enrolment_eligibility(user=user, course=course)
        if not eligibility.allowed:
            raise EnrolmentRefused(eligibility.reason)
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                user=user,
                course=course,
                defaults={
                    "enrolled_by": enrolled_by,
                    "organisation": organisation,
                    "due_on": due_on,
                    "course_version": course.content_version,
                    "seen_version": course.content_version,
                },
            )
    except IntegrityError:  # the same person enrolled a moment ago, in another request
        enrolment, created = Enrolment.objects.get(user=user, course=course), False
    if not created and enrolment.status == EnrolmentStatus.WITHDRAWN:
        Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.ACTIVE, withdrawn_at=None)
        enrolment.refresh_from_db()
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment) -> bool:
    """Leave an active course; its progress is kept for a later return. Pending reminders go."""
    withdrawn = bool(
        Enrolment.objects.active()
        .filter(pk=enrolment.pk)
        .update(status=EnrolmentStatus.WITHDRAWN, withdrawn_at=timezone.now())
    )
    if withdrawn:
        reminders_cancel([enrolment.pk])
    return withdrawn


@transaction.atomic
def organisation_withdraw(*, organisation: Organisation, manager: User, enrolment: Enrolment) -> bool:
    """A manager withdraws someone from a course the organisation follows; the journal records
    it. False, and nothing recorded, if the enrolment was no longer active."""
    withdrawn = enrolment_withdraw(enrolment=enrolment)
    if withdrawn:
        audit_record(
            organisation=organisation,
            actor=manager,
            action=AuditAction.WITHDRAW,
            summary=_("%(name)s désinscrit(e) de « %(title)s »")
            % {"name": enrolment.user, "title": enrolment.course.title},
            details={"enrolment": enrolment.pk},
        )
    return withdrawn


def enrolment_content_seen(*, enrolment: Enrolment) -> None:
    """The learner has opened the course page since its content changed: the "nouveau contenu"
    badge goes. One conditional UPDATE, so no transaction of its own: the page view that calls
    it stays a read otherwise."""
    if enrolment.seen_version < enrolment.course.content_version:
        Enrolment.objects.filter(pk=enrolment.pk).update(seen_version=enrolment.course.content_version)


@transaction.atomic
def enrolment_new_cycle(*, enrolment: Enrolment) -> Enrolment:
    """Start the course again for a renewal: the cycle goes up, so progress, quiz attempts and
    the attestation of the new cycle start fresh while those of earlier cycles stay."""
    locked = Enrolment.objects.select_for_update(of=("self",)).select_related("course").get(pk=enrolment.pk)
    if locked.status != EnrolmentStatus.COMPLETED:
        raise ValidationError(_("Seule une formation terminée peut être recommencée."))
    locked.cycle += 1
    locked.status = EnrolmentStatus.ACTIVE
    locked.completed_at = None
    locked.last_module = None
    locked.due_on = None
    locked.course_version = locked.seen_version = locked.course.content_version
    locked.last_activity_at = timezone.now()
    locked.save(
        update_fields=[
            "cycle",
            "status",
            "completed_at",
            "last_module",
            "due_on",
            "course_version",
            "seen_version",
            "last_activity_at",
        ]
    )
    return locked


def enrolment_complete(*, enrolment: Enrolment) -> None:
    """Mark the cycle complete and run the completion listeners, in the caller's transaction
    (module_completion_record holds the enrolment's row lock)."""
    now = timezone.now()
    Enrolment.objects.filter(pk=enrolment.pk).update(status=EnrolmentStatus.COMPLETED, completed_at=now)
    enrolment.status, enrolment.completed_at = EnrolmentStatus.COMPLETED, now
    reminders_cancel([enrolment.pk])
    for listener in completion_listeners():
        listener(enrolment=enrolment)


@dataclass
class EnrolReport:
    created: list[Enrolment] = field(default_factory=list)
    attached: list[Enrolment] = field(default_factory=list)  # self-enrolled before: now followed by the organisation
    already: list[Enrolment] = field(default_factory=list)  # already followed by this organisation
    elsewhere: list[Enrolment] = field(default_factory=list)  # followed by another organisation: left alone

    @property
    def notified(self) -> list[Enrolment]:
        return self.created + self.attached


@transaction.atomic
def organisation_enrol(
    *, organisation: Organisation, manager: User | None, users: list[User], course: Course, due_on: date | None = None
) -> EnrolReport:
    """A manager enrols members in a course, in bulk. Someone already self-enrolled is attached
    to the organisation and told; someone already attached is left as is. Everyone concerned
    gets an e-mail through the outbox, and the journal records the action. `manager` is None
    when the account that acted is gone (an invitation's inviter, deleted before the newcomer
    accepted): the enrolments and the journal entry then name nobody."""
    report = EnrolReport()
    by_user = {user.pk: user for user in users}

    def classify(existing: Iterable[Enrolment]) -> list[Enrolment]:
        """Sort existing enrolments into the report; return those the organisation takes on."""
        to_attach: list[Enrolment] = []
        for enrolment in existing:
            if enrolment.status == EnrolmentStatus.WITHDRAWN or enrolment.organisation_id is None:
                to_attach.append(enrolment)  # self-enrolled, or withdrawn here or elsewhere
            elif enrolment.organisation_id == organisation.pk:
                report.already.append(enrolment)
            else:
                report.elsewhere.append(enrolment)
        return to_attach

    locked = {e.user_id: e for e in Enrolment.objects.select_for_update().filter(course=course, user_id__in=by_user)}
    to_attach = classify(locked.values())
    newcomers = [user for user_id, user in by_user.items() if user_id not in locked]
    Enrolment.objects.bulk_create(
        [
            Enrolment(
                user=user,
                course=course,
                enrolled_by=manager,
                organisation=organisation,
                due_on=due_on,
                course_version=course.content_version,
                seen_version=course.content_version,
            )
            for user in newcomers
        ],
        ignore_conflicts=True,  # a row inserted meanwhile by another request is sorted below
    )
    fresh = list(
        Enrolment.objects.select_for_update().filter(course=course, user_id__in=[user.pk for user in newcomers])
    )
    report.created = [enrolment for enrolment in fresh if enrolment.organisation_id == organisation.pk]
    to_attach += classify(enrolment for enrolment in fresh if enrolment.organisation_id != organisation.pk)
    if to_attach:
        ids = [enrolment.pk for enrolment in to_attach]
        Enrolment.objects.filter(pk__in=ids).update(organisation=organisation, due_on=due_on)
        # Only a withdrawn enrolment becomes active again; a completed one stays completed.
        Enrolment.objects.filter(pk__in=ids, status=EnrolmentStatus.WITHDRAWN).update(
            status=EnrolmentStatus.ACTIVE, withdrawn_at=None
        )
        report.attached = list(Enrolment.objects.filter(pk__in=ids))
    outbox_enqueue_many(
        kind="courses.enrolled_by_organisation",
        items=[(by_user[enrolment.user_id], enrolment) for enrolment in report.notified],
    )
    if not report.notified:
        return report  # nothing changed: nothing to log
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.ENROL,
        summary=ngettext(
            "%(count)s personne inscrite à « %(title)s »",
            "%(count)s personnes inscrites à « %(title)s »",
            len(report.created) + len(report.attached),
        )
        % {"count": len(report.created) + len(report.attached), "title": course.title},
        details={
            "course": course.pk,
            "created": [e.user_id for e in report.created],
            "attached": [e.user_id for e in report.attached],
            "already": [e.user_id for e in report.already],
            "due_on": due_on.isoformat() if due_on else None,
        },
    )
    return report
