"""B2: a member import of N rows through the real service (file kept and parsed, plan, confirm,
write: code accounts, invitations, memberships, enrolments, audit), against bulk_create of the
same rows."""

import uuid
from contextlib import ExitStack
from unittest import mock

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from bench.core import Result, benchmark, counted, timer
from courses.models import Course, Enrolment, ImportStatus, InvitationEnrolment
from courses.services import imports
from courses.services.imports import steps
from lms.accounts.models import AudienceCode, User
from lms.accounts.tokens import derived_token, new_nonce, token_hash
from lms.notifications.models import OutboxMessage
from lms.organisations.models import Invitation, Membership, Organisation, Territory, TerritoryKind
from lms.organisations.services import invitations

TARGET = 3.0
EMAIL_EVERY = 5  # one row in five has an e-mail (an invitation); the others get a code account


def _csv(tag: str, rows: int) -> bytes:
    lines = ["nom;prenom;email;fonction"]
    for i in range(rows):
        email = f"b2-{tag}-{i}@example.org" if i % EMAIL_EVERY == 0 else ""
        lines.append(f"Nom{i};Prenom{tag}x{i};{email};Agent")
    return ("\n".join(lines) + "\n").encode()


def _organisation(tag: str, label: str) -> tuple[Organisation, User, Course]:
    territory = Territory.objects.create(kind=TerritoryKind.COMMUNE, code=f"Z{tag}{label}"[:12], name=f"B2 {tag}")
    organisation = Organisation.objects.create(
        kind="commune", name=f"B2 {label} {tag}", slug=f"b2-{label}-{tag}", territory=territory
    )
    manager = User.objects.create(login_id=f"b2-{label}-{tag}-manager", email=f"b2-{label}-{tag}@example.org")
    course = Course.objects.create(title=f"B2 {label} {tag}", is_published=True)
    return organisation, manager, course


def _no_tasks():
    """The service hands large files to the `long` cluster and e-mails to the default one; here
    the steps are called in-process as the tasks would, and nothing else is run."""
    stack = ExitStack()
    stack.enter_context(mock.patch.object(steps, "INLINE_ROWS", 0))
    stack.enter_context(mock.patch.object(steps, "run_in_long_cluster", lambda func, import_id: None))
    stack.enter_context(mock.patch("django_q.tasks.async_task", lambda *args, **kwargs: None))
    return stack


def ours_import(tag: str, label: str, rows: int, size: int) -> tuple[float, int, int, dict]:
    """Seconds, statements in all, statements of import_apply, and the import's report."""
    organisation, manager, course = _organisation(tag, label)
    data = _csv(tag + label, rows)
    with _no_tasks():
        with counted() as preparing, timer() as prepare_time:
            member_import = imports.import_start(
                organisation=organisation,
                manager=manager,
                filename="agents.csv",
                data=data,
                course=course,
                due_on=None,
                code_accounts=True,
            )
            imports.import_analyse(member_import.pk)
            member_import.refresh_from_db()
            refused = imports.import_confirm(member_import=member_import, by=manager)
            assert refused is None, refused
        with counted() as applying, timer() as apply_time:
            imports.import_apply(member_import.pk, size=size)
    member_import.refresh_from_db()
    assert member_import.status == ImportStatus.DONE, (member_import.status, member_import.error)
    return prepare_time() + apply_time(), len(preparing) + len(applying), len(applying), member_import.report


def peer_import(tag: str, rows: int) -> int:
    """The floor: the same rows (accounts, their audience, memberships, enrolments; invitations
    with their token, course and e-mail) by bulk_create, in one transaction."""
    organisation, manager, course = _organisation(tag, "peer")
    password, now = make_password(None), timezone.now()
    with transaction.atomic():
        plain = [i for i in range(rows) if i % EMAIL_EVERY]
        users = User.objects.bulk_create(
            [
                User(first_name=f"Prenom{tag}x{i}", last_name=f"Nom{i}", login_id=f"b2p-{tag}-{i}", password=password)
                for i in plain
            ]
        )
        User.audiences.through.objects.bulk_create(
            [User.audiences.through(user_id=user.pk, audience_id=AudienceCode.AGENT) for user in users]
        )
        Membership.objects.bulk_create(
            [Membership(organisation=organisation, user_id=user.pk, function="Agent") for user in users]
        )
        Enrolment.objects.bulk_create(
            [
                Enrolment(user_id=user.pk, course=course, organisation=organisation, enrolled_by=manager)
                for user in users
            ]
        )
        nonces = [new_nonce() for i in range(rows) if i % EMAIL_EVERY == 0]
        invited = Invitation.objects.bulk_create(
            [
                Invitation(
                    organisation=organisation,
                    email=f"b2p-{tag}-{n}@example.org",
                    function="Agent",
                    invited_by=manager,
                    nonce=nonce,
                    token_hash=token_hash(derived_token(invitations.PURPOSE, nonce)),
                    created_at=now,
                    expires_at=now + invitations.INVITATION_LIFETIME,
                )
                for n, nonce in enumerate(nonces)
            ]
        )
        InvitationEnrolment.objects.bulk_create(
            [InvitationEnrolment(invitation_id=invitation.pk, course=course) for invitation in invited]
        )
        OutboxMessage.objects.bulk_create(
            [
                OutboxMessage(
                    recipient=manager,
                    kind="organisations.invitation",
                    object_type="organisations.invitation",
                    object_id=str(invitation.pk),
                    to_email=invitation.email,
                    context={},
                    send_after=now,
                )
                for invitation in invited
            ]
        )
    return len(users) + len(invited)


@benchmark("B2", "bulk enrolment (member import)", full=10000, quick=1000, tiny=100)
def run(size: int) -> Result:
    tag = uuid.uuid4().hex[:6]
    small = max(10, size // 10)
    _t, _all_small, apply_small, _report = ours_import(tag, "s", small, small)
    ours, ours_all, apply_full, report = ours_import(tag, "n", size, size)
    with counted() as peer_queries, timer() as peer_time:
        written = peer_import(tag, size)
    peer = peer_time()
    ratio = ours / peer
    ours_written = report["created"] + report["invited"]
    same_rows = ours_written == written and report["enrolled"] == report["created"]
    return Result(
        id="B2",
        workload=f"member import, {size} rows ({report['created']} code accounts + enrolments, "
        f"{report['invited']} invitations)",
        size=size,
        ours=ours,
        peer=peer,
        ratio=ratio,
        target=f"≤ {TARGET:g}× peer; import_apply queries same at {small} and {size} rows (size = rows)",
        met=ratio <= TARGET and apply_small == apply_full and same_rows,
        queries=f"import_apply {small}: {apply_small}, {size}: {apply_full}; whole import {ours_all}; "
        f"peer {len(peer_queries)}",
        note="" if same_rows else f"rows differ: ours {report}, peer {written}",
    )
