"""Printing the personal codes of the accounts an import created, once the import is written."""

from django.db import transaction
from django.utils.translation import ngettext

from courses.models import MemberImport
from lms.accounts.models import User
from lms.organisations.models import AuditAction, Membership, Organisation
from lms.organisations.services.audit import audit_record
from lms.organisations.services.code_accounts import PrintedAccess, code_accounts_print


@transaction.atomic
def member_import_codes_print(
    *, organisation: Organisation, member_import: MemberImport, manager: User, memberships: list[Membership]
) -> list[PrintedAccess]:
    """New codes for these members (see code_accounts_awaiting), journalled with the import they
    came from. Earlier unused codes of these people stop working."""
    sheet = code_accounts_print(memberships=memberships, created_by=manager)
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.CODES,
        summary=ngettext(
            "Codes d'accès imprimés pour %(count)s compte de l'import « %(file)s »",
            "Codes d'accès imprimés pour %(count)s comptes de l'import « %(file)s »",
            len(sheet),
        )
        % {"count": len(sheet), "file": member_import.filename},
        details={"import": member_import.pk, "users": [membership.user_id for membership in memberships]},
    )
    return sheet
