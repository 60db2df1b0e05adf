"""Who belongs to an organisation: adding people, changing roles, ending memberships."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import AudienceCode, User
from lms.organisations.models import AuditAction, Membership, MembershipRole, Organisation, OrganisationKind

# Kinds whose people share one audience; the others have none by default (see default_audience).
DEFAULT_AUDIENCES: dict[str, str] = {
    OrganisationKind.COMMUNE: AudienceCode.AGENT,
    OrganisationKind.EPCI: AudienceCode.AGENT,
    OrganisationKind.DEPARTEMENT: AudienceCode.AGENT,
    OrganisationKind.ECOLE: AudienceCode.TEACHER,
    OrganisationKind.COLLEGE: AudienceCode.TEACHER,
    OrganisationKind.LYCEE: AudienceCode.TEACHER,
    OrganisationKind.ASSOCIATION_ELUS: AudienceCode.ELECTED,
}


def default_audience(organisation: Organisation) -> str | None:
    """The audience of a person a manager brings into this organisation, when nobody said which
    (a CSV row's « public » column says which). The same rule on every way in: the CSV import,
    the code-account form, and an invitation accepted by a newcomer.

    - A commune, an intercommunalité or a département employs territorial agents: *agent*.
    - A school, a collège or a lycée brings in its teaching staff: *teacher*.
    - An association of elected officials brings in mayors and councillors: *elected official*.
    - A relay (EPN, médiathèque, association) brings in the public it helps and its own
      mediators, who may be parents, élus, agents or none of these: no audience; each person
      ticks theirs in their profile.
    - An agency's staff read aggregates and are not a learner category: no audience.

    Someone who already has an account keeps the audiences they chose: this only fills in the
    audience of an account created on the way in."""
    return DEFAULT_AUDIENCES.get(organisation.kind)


@dataclass(frozen=True)
class NewMember:
    """Someone a manager brings into an organisation, as typed in a form or a CSV row: invited
    when they have an e-mail address, given an account with a printed code when they have none."""

    first_name: str = ""
    last_name: str = ""
    email: str | None = None
    function: str = ""
    audience: str = ""  # empty: the organisation's default_audience


@transaction.atomic
def membership_add(
    *, organisation: Organisation, user: User, role: str = MembershipRole.MEMBER, function: str = ""
) -> Membership:
    """Open a membership, or update the role of the open one. Ended ones stay as history."""
    membership = (
        Membership.objects.select_for_update().filter(organisation=organisation, user=user, end_on__isnull=True).first()
    )
    if membership is None:
        return Membership.objects.create(organisation=organisation, user=user, role=role, function=function)
    changed = []
    if membership.role != role:
        membership.role = role
        changed.append("role")
    if function and membership.function != function:
        membership.function = function
        changed.append("function")
    if changed:
        membership.save(update_fields=changed)
    return membership


def _lock_organisation(organisation: Organisation) -> None:
    # Two managers ending each other's memberships at once must not both succeed: the
    # organisation row serialises decisions about its managers.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _ensure_another_manager(membership: Membership) -> None:
    """The last manager cannot leave or step down: someone must stay in charge."""
    others = Membership.objects.current().managers().filter(organisation=membership.organisation)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(
            _("%(name)s est le dernier gestionnaire : nommez d'abord un autre gestionnaire.")
            % {"name": membership.user}
        )


@transaction.atomic
def membership_end(*, membership: Membership, ended_by: User | None = None) -> Membership:
    """End a membership today. The last manager cannot leave: someone must stay in charge."""
    _lock_organisation(membership.organisation)
    membership.refresh_from_db()
    if membership.end_on is not None:
        return membership
    if membership.role == MembershipRole.MANAGER:
        _ensure_another_manager(membership)
    membership.end_on = timezone.localdate()
    membership.ended_by = ended_by
    membership.save(update_fields=["end_on", "ended_by"])
    if ended_by is not None:
        from lms.organisations.services.audit import audit_record

        audit_record(
            organisation=membership.organisation,
            actor=ended_by,
            action=AuditAction.MEMBERSHIP,
            summary=_("%(name)s ne fait plus partie de l'organisation") % {"name": membership.user},
            details={"membership": membership.pk},
        )
    return membership


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by: User | None = None) -> Membership:
    """Make a member co-manager, or a manager a member again (never the last manager)."""
    _lock_organisation(membership.organisation)
    membership.refresh_from_db()
    if membership.role == MembershipRole.MANAGER and role != MembershipRole.MANAGER:
        _ensure_another_manager(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    if by is not None:
        from lms.organisations.services.audit import audit_record

        audit_record(
            organisation=membership.organisation,
            actor=by,
            action=AuditAction.MEMBERSHIP,
            summary=_("%(name)s est maintenant %(role)s")
            % {"name": membership.user, "role": membership.get_role_display()},
            details={"membership": membership.pk, "role": role},
        )
    return membership
