"""Accounts without e-mail, created by a manager for agents who have none."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

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


def code_account_renewable(*, membership: Membership, manager: User) -> bool:
    """A manager may print a new code only for a current member without e-mail who is not staff
    and belongs to no organisation this manager does not manage: a code signs its holder in, so it
    must never reach an account that matters elsewhere."""
    person = membership.user
    if person.email or person.is_staff or person.is_superuser or membership.end_on is not None:
        return False
    managed = Membership.objects.current().managers().filter(user=manager).values("organisation")
    return not Membership.objects.current().filter(user=person).exclude(organisation__in=managed).exists()


def code_accounts_awaiting(*, organisation: Organisation, manager: User, user_ids: list[int]):
    """Those of these people who are current members without e-mail, have never signed in, and
    belong to no organisation this manager does not manage: one query."""
    managed = Membership.objects.current().managers().filter(user=manager).values("organisation")
    elsewhere = Membership.objects.current().filter(user=OuterRef("user")).exclude(organisation__in=managed)
    return (
        Membership.objects.current()
        .filter(
            organisation=organisation,
            user_id__in=user_ids,
            user__email__isnull=True,
            user__last_login__isnull=True,
            user__is_staff=False,
            user__is_superuser=False,
        )
        .exclude(Exists(elsewhere))
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )


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
