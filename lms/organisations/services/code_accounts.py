"""Accounts without e-mail, created by a manager for agents who have none."""

from dataclasses import dataclass

from django.db import transaction

from lms.accounts.models import AudienceCode, User
from lms.accounts.services.access_codes import access_code_issue, access_codes_issue_many
from lms.organisations.models import Membership, Organisation
from lms.organisations.services.memberships import membership_add


@dataclass(frozen=True)
class PrintedAccess:
    name: str
    function: str
    login_id: str
    code: str


@transaction.atomic
def code_accounts_create(
    *, organisation: Organisation, people: list[dict], created_by: User, audience: str = AudienceCode.AGENT
) -> list[PrintedAccess]:
    """Create an account (no e-mail, no password), a membership and a code for each person.

    Returns what the printable sheet shows; the codes are not kept anywhere else."""
    sheet = []
    for person in people:
        user = User(first_name=person["first_name"].strip(), last_name=person["last_name"].strip(), email=None)
        user.set_unusable_password()
        user.save()
        user.audiences.add(audience)
        membership_add(organisation=organisation, user=user, function=person.get("function", "").strip())
        sheet.append(_printed(user, person.get("function", ""), access_code_issue(user=user, created_by=created_by)))
    return sheet


@transaction.atomic
def code_accounts_print(*, memberships: list[Membership], created_by: User) -> list[PrintedAccess]:
    """New codes for a whole sheet at once (earlier unused codes of these people stop working)."""
    codes = access_codes_issue_many(users=[membership.user for membership in memberships], created_by=created_by)
    return [_printed(membership.user, membership.function, codes[membership.user_id]) for membership in memberships]


@transaction.atomic
def code_account_renew(*, membership: Membership, created_by: User) -> PrintedAccess:
    """A new code for a member without e-mail who lost theirs (the old one stops working)."""
    return _printed(
        membership.user, membership.function, access_code_issue(user=membership.user, created_by=created_by)
    )


def _printed(user: User, function: str, code: str) -> PrintedAccess:
    return PrintedAccess(name=user.get_full_name(), function=function.strip(), login_id=user.login_id, code=code)
