"""A manager makes, changes and deletes the organisation's groups of members; the journal keeps
each change."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import User
from lms.organisations.models import AuditAction, MemberGroup, Membership, Organisation
from lms.organisations.services.audit import audit_record


@transaction.atomic
def member_group_save(
    *,
    organisation: Organisation,
    manager: User,
    name: str,
    memberships: Iterable[Membership],
    group: MemberGroup | None = None,
) -> MemberGroup:
    """Create the group, or rename it and replace its members. Only the organisation's own
    memberships may be put in it."""
    chosen = list(memberships)
    if any(membership.organisation_id != organisation.pk for membership in chosen):
        raise ValidationError(_("Seuls les membres de l'organisation peuvent faire partie de ses groupes."))
    creating = group is None
    group = group or MemberGroup(organisation=organisation)
    group.name = name.strip()
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError as error:
        raise ValidationError({"name": _("Un groupe porte déjà ce nom.")}) from error
    group.memberships.set(chosen)
    count = len(chosen)
    summary = (
        ngettext("Groupe « %(name)s » créé (%(count)s membre)", "Groupe « %(name)s » créé (%(count)s membres)", count)
        if creating
        else ngettext(
            "Groupe « %(name)s » modifié (%(count)s membre)", "Groupe « %(name)s » modifié (%(count)s membres)", count
        )
    )
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.GROUP,
        summary=summary % {"name": group.name, "count": len(chosen)},
        details={"group": group.pk},
    )
    return group


@transaction.atomic
def member_group_delete(*, organisation: Organisation, manager: User, group: MemberGroup) -> None:
    """Delete the group; its members stay in the organisation and keep their enrolments."""
    name, pk = group.name, group.pk
    group.delete()
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.GROUP,
        summary=_("Groupe « %(name)s » supprimé") % {"name": name},
        details={"group": pk},
    )
