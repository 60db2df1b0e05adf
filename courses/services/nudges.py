"""A manager's "relancer": one reminder e-mail now about one course, through the outbox.

At most one a day per person and course, whatever the pages show: the outbox row's unique key
(recipient, kind, enrolment, day) holds it in the database, and the check below, under the
enrolment's row lock, turns a second click into a clear refusal rather than a silent no-op."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Enrolment
from courses.reminder_kinds import ENROLMENT_TYPE, NUDGE
from lms.accounts.models import User
from lms.notifications.models import OutboxMessage
from lms.notifications.services.outbox import outbox_enqueue
from lms.organisations.models import AuditAction, Organisation
from lms.organisations.services.audit import audit_record


class NudgeRefused(Exception):
    """No reminder sent; the message says why, in French."""


@transaction.atomic
def enrolment_nudge(
    *, organisation: Organisation, manager: User, enrolment: Enrolment, today: date | None = None
) -> OutboxMessage:
    """Queue the reminder and record it in the journal. The enrolment is an active one the
    organisation follows (courses.access.access_organisation_enrolment)."""
    day = (today or timezone.localdate()).isoformat()
    locked = Enrolment.objects.select_for_update().select_related("user", "course").get(pk=enrolment.pk)
    already = OutboxMessage.objects.filter(
        kind=NUDGE, object_type=ENROLMENT_TYPE, object_id=str(locked.pk), step=day
    ).exists()
    if already:
        raise NudgeRefused(_("Une relance est déjà partie aujourd'hui pour cette formation : réessayez demain."))
    message = outbox_enqueue(recipient=locked.user, kind=NUDGE, obj=locked, step=day)
    if message is None:
        raise NudgeRefused(
            _("%(name)s n'a pas d'adresse e-mail ou a désactivé les rappels : aucune relance envoyée.")
            % {"name": locked.user}
        )
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.REMIND,
        summary=_("Relance envoyée à %(name)s pour « %(title)s ».")
        % {"name": locked.user, "title": locked.course.title},
        details={"enrolment": locked.pk},
    )
    return message
