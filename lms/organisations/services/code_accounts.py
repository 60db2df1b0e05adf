"""Accounts without e-mail, created by a manager for people who have none (agents, the public
of an EPN): one at a time from the manager's form, or by the thousand from a CSV import. Both
ways share the login ids, the audience (default_audience) and the memberships."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower

from lms.accounts.models import User, generate_login_id
from lms.accounts.names import clean_name
from lms.accounts.services.access_codes import access_code_issue, access_codes_issue_many
from lms.organisations.models import Membership, Organisation
from lms.organisations.services.memberships import NewMember, default_audience

LOGIN_ID_ROUNDS = 20


@dataclass(frozen=True)
class PrintedAccess:
    name: str
    function: str
    login_id: str
    code: str


@transaction.atomic
def code_accounts_create(*, organisation: Organisation, people: list[dict], created_by: User) -> list[PrintedAccess]:
    """Create an account (no e-mail, no password), a membership and a code for each person of
    the manager's form.

    Returns what the printable sheet shows; the codes are not kept anywhere else."""
    newcomers = [
        NewMember(first_name=person["first_name"], last_name=person["last_name"], function=person.get("function", ""))
        for person in people
    ]
    users = code_accounts_create_many(organisation=organisation, people=newcomers)
    codes = access_codes_issue_many(users=users, created_by=created_by)
    return [_printed(user, newcomer.function, codes[user.pk]) for user, newcomer in zip(users, newcomers, strict=True)]


@transaction.atomic(savepoint=False)  # inside an import's transaction: no savepoint statements
def code_accounts_create_many(*, organisation: Organisation, people: Sequence[NewMember]) -> list[User]:
    """Accounts without e-mail or password, with their audience and their memberships, in a
    fixed number of queries whatever their number (a CSV import writes thousands). Issues no
    code: the form prints them at once, an import from its report afterwards (issuing a code
    shows it once)."""
    if not people:
        return []
    first_names = [clean_name(person.first_name) for person in people]
    last_names = [clean_name(person.last_name) for person in people]
    login_ids = unused_login_ids(list(zip(first_names, last_names, strict=True)))
    password = make_password(None)  # unusable; they sign in with their personal code
    users = User.objects.bulk_create(
        [
            User(first_name=first_name, last_name=last_name, email=None, login_id=login_id, password=password)
            for first_name, last_name, login_id in zip(first_names, last_names, login_ids, strict=True)
        ]
    )
    audience = default_audience(organisation)
    through = User.audiences.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, audience_id=person.audience or audience)
            for user, person in zip(users, people, strict=True)
            if person.audience or audience
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(organisation=organisation, user_id=user.pk, function=person.function.strip())
            for user, person in zip(users, people, strict=True)
        ]
    )
    return users


def unused_login_ids(names: list[tuple[str, str]]) -> list[str]:
    """One free login id per (first name, last name): candidates are drawn, then checked in one
    query per round, whatever their number."""
    chosen: list[str | None] = [None] * len(names)
    taken: set[str] = set()
    for _round in range(LOGIN_ID_ROUNDS):
        missing = [index for index, value in enumerate(chosen) if value is None]
        if not missing:
            return [login_id for login_id in chosen if login_id is not None]
        candidates: dict[str, tuple[int, str]] = {}
        for index in missing:
            candidate = generate_login_id(*names[index])
            if candidate.lower() not in taken and candidate.lower() not in candidates:
                candidates[candidate.lower()] = (index, candidate)
        in_use = set(
            User.objects.annotate(key=Lower("login_id")).filter(key__in=list(candidates)).values_list("key", flat=True)
        )
        for key, (index, candidate) in candidates.items():
            if key not in in_use:
                chosen[index] = candidate
                taken.add(key)
    raise RuntimeError(f"Could not find free login ids after {LOGIN_ID_ROUNDS} rounds.")


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
