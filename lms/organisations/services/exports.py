"""The members file of the manager space: journalled when it is asked for, then streamed."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.organisations.models import AuditAction, MemberGroup, Organisation
from lms.organisations.selectors import organisation_members
from lms.organisations.services.audit import audit_record
from lms.runtime.csv_export import CsvFile


def members_export(
    *,
    organisation: Organisation,
    manager: User,
    query: str = "",
    role: str = "",
    audience: str = "",
    state: str = "",
    group: MemberGroup | None = None,
    filters: dict,
) -> CsvFile:
    """Exactly the members the Membres tab shows for the same filters. `filters` are the
    parameters as asked, kept in the journal."""
    members = organisation_members(
        organisation, query=query, role=role, audience=audience, state=state, group=group
    ).prefetch_related("user__audiences")
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.EXPORT,
        summary=_("Export des membres (CSV)"),
        details={"filters": filters},
    )
    header = [
        _("Nom"),
        _("Prénom"),
        _("E-mail ou identifiant"),
        _("Fonction"),
        _("Rôle"),
        _("Publics"),
        _("Depuis le"),
        _("Dernière connexion"),
    ]

    def rows() -> Iterator[tuple]:
        for membership in members.iterator(chunk_size=2000):
            user = membership.user
            yield (
                user.last_name,
                user.first_name,
                user.email or user.login_id,
                membership.function,
                membership.get_role_display(),
                ", ".join(str(audience.label) for audience in user.audiences.all()),
                membership.start_on.isoformat(),
                timezone.localtime(user.last_login).date().isoformat() if user.last_login else "",
            )

    return CsvFile(f"membres-{organisation.slug}-{timezone.localdate().isoformat()}.csv", header, rows())
