"""Importing a town hall's or a school's list of people (CSV), with an optional enrolment.

Two steps, both run by `import_analyse` and `import_apply` (in the request for small files, in
the `long` cluster for large ones):

1. **Analyse** reads the file and decides, row by row, what confirming would do: create an
   account with a personal code (no e-mail, if the manager asked for it), invite (e-mail), enrol
   an existing member, or skip, with a French reason. It writes only the plan, never a person.
2. **Apply**, on confirmation, decides again against the database as it is then, and writes
   every row in one transaction, by batches whose queries do not depend on their size.

Consent comes first, as for single invitations: a person with an e-mail address is invited and
joins by saying yes; the course the manager chose is applied on acceptance
(`InvitationEnrolment`). Re-importing the same file finds everyone already there and changes
nothing."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import (
    Course,
    Enrolment,
    EnrolmentStatus,
    ImportStatus,
    InvitationEnrolment,
    MemberImport,
)
from courses.services.enrolments import organisation_enrol
from lms.accounts.models import AudienceCode, User, generate_login_id
from lms.accounts.tokens import derived_token, new_nonce, token_hash
from lms.organisations.csv_import import CsvRefused, MemberFile, MemberRow, parse_members_csv
from lms.organisations.models import (
    AuditAction,
    Invitation,
    InvitationStatus,
    Membership,
    Organisation,
    OrganisationKind,
    search_key,
)
from lms.organisations.services import invitations
from lms.organisations.services.audit import audit_record
from lms.organisations.signals import invitation_accepted

BATCH_SIZE = 1000
# Up to this many rows, both steps run in the request; beyond, in the `long` cluster.
INLINE_ROWS = 300


class Action:
    CREATE = "create"
    INVITE = "invite"
    ENROL = "enrol"
    SKIP = "skip"
    ERROR = "error"


DEFAULT_AUDIENCE = {
    OrganisationKind.COMMUNE: AudienceCode.AGENT,
    OrganisationKind.EPCI: AudienceCode.AGENT,
    OrganisationKind.DEPARTEMENT: AudienceCode.AGENT,
    OrganisationKind.ECOLE: AudienceCode.TEACHER,
    OrganisationKind.COLLEGE: AudienceCode.TEACHER,
    OrganisationKind.LYCEE: AudienceCode.TEACHER,
}


@dataclass
class Decision:
    row: MemberRow
    action: str
    note: str
    user_id: int | None = None  # the existing member an ENROL is for

    def as_plan_row(self) -> list:
        name = f"{self.row.first_name} {self.row.last_name}".strip()
        return [self.row.line, name, self.row.email or "", self.action, self.note]


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Situation:
    """What the database already holds about the people of one batch of rows: four queries
    whatever the batch size."""

    def __init__(self, organisation: Organisation, rows: list[MemberRow], course: Course | None):
        keys = [row.email.lower() for row in rows if row.email]
        self.users = dict(User.objects.annotate(key=Lower("email")).filter(key__in=keys).values_list("key", "pk"))
        members = Membership.objects.current().filter(organisation=organisation)
        self.member_ids = set(members.filter(user__in=self.users.values()).values_list("user_id", flat=True))
        self.invited = set(
            Invitation.objects.annotate(key=Lower("email"))
            .filter(
                organisation=organisation,
                status=InvitationStatus.PENDING,
                expires_at__gt=timezone.now(),
                key__in=keys,
            )
            .values_list("key", flat=True)
        )
        self.enrolled_ids = set()
        if course is not None:
            self.enrolled_ids = set(
                Enrolment.objects.filter(course=course, organisation=organisation)
                .exclude(status=EnrolmentStatus.WITHDRAWN)
                .filter(user__in=members.values("user"))
                .values_list("user_id", flat=True)
            )


def code_members_by_name(organisation: Organisation) -> dict[str, list[int]]:
    """Current members without e-mail, by name: how a re-imported row without e-mail is recognised."""
    names: dict[str, list[int]] = {}
    rows = (
        Membership.objects.current()
        .filter(organisation=organisation, user__email__isnull=True)
        .values_list("user_id", "user__first_name", "user__last_name")
    )
    for user_id, first_name, last_name in rows:
        names.setdefault(search_key(f"{first_name} {last_name}"), []).append(user_id)
    return names


def decide(
    organisation: Organisation,
    rows: list[MemberRow],
    *,
    course: Course | None,
    code_accounts: bool,
    progress=None,
    batch_size: int = BATCH_SIZE,
) -> list[Decision]:
    """What confirming would do with each row, given the database as it is now."""
    decisions = []
    by_name = code_members_by_name(organisation)
    names_in_file: dict[str, int] = {}
    for batch in chunks(rows, batch_size):
        situation = Situation(organisation, [row for row in batch if row.ok], course)
        for row in batch:
            decisions.append(decide_row(row, situation, by_name, names_in_file, course, code_accounts))
        if progress:
            progress(len(decisions))
    return decisions


def decide_row(row, situation, by_name, names_in_file, course, code_accounts) -> Decision:
    if not row.ok:
        return Decision(row, Action.ERROR, " ".join(row.errors))
    if row.email:
        key = row.email.lower()
        user_id = situation.users.get(key)
        if user_id in situation.member_ids:
            return member_decision(row, user_id, situation, course)
        if key in situation.invited:
            return Decision(row, Action.SKIP, _("Invitation déjà envoyée, en attente de réponse."))
        if user_id:
            note = _("A déjà un compte : l'invitation apparaîtra dans son espace.")
        else:
            note = _("Recevra un lien pour activer son compte.")
        if course is not None:
            note += " " + _("Inscrite à la formation dès qu'elle accepte.")
        return Decision(row, Action.INVITE, note)
    if not code_accounts:
        return Decision(
            row, Action.SKIP, _("Pas d'adresse e-mail : cochez « comptes avec code » pour lui créer un compte.")
        )
    name = search_key(f"{row.first_name} {row.last_name}")
    existing = by_name.get(name, [])
    if len(existing) == 1:
        return member_decision(row, existing[0], situation, course)
    if len(existing) > 1:
        return Decision(
            row, Action.SKIP, _("Plusieurs membres sans e-mail portent ce nom : inscrivez la bonne personne à la main.")
        )
    if name in names_in_file:
        return Decision(
            row,
            Action.ERROR,
            _("Même nom que la ligne %(line)s, sans e-mail : ajoutez une adresse pour les distinguer.")
            % {"line": names_in_file[name]},
        )
    names_in_file[name] = row.line
    note = _("Compte sans e-mail, avec un code personnel à imprimer.")
    if course is not None:
        note += " " + _("Inscrite à la formation.")
    return Decision(row, Action.CREATE, note)


def member_decision(row, user_id, situation, course) -> Decision:
    if course is None:
        return Decision(row, Action.SKIP, _("Déjà membre de l'organisation."), user_id)
    if user_id in situation.enrolled_ids:
        return Decision(row, Action.SKIP, _("Déjà membre, et déjà inscrite à cette formation."), user_id)
    return Decision(row, Action.ENROL, _("Déjà membre : sera inscrite à la formation."), user_id)


def counts_of(decisions: list[Decision]) -> dict[str, int]:
    counts = dict.fromkeys((Action.CREATE, Action.INVITE, Action.ENROL, Action.SKIP, Action.ERROR), 0)
    for decision in decisions:
        counts[decision.action] += 1
    return counts


def import_start(
    *,
    organisation: Organisation,
    manager: User,
    filename: str,
    data: bytes,
    course: Course | None,
    due_on: date | None,
    code_accounts: bool,
    member_file: MemberFile | None = None,
) -> MemberImport:
    """Keep the file and check it: in the request when it is small, in the `long` cluster
    otherwise. Raises CsvRefused (with a French message) for a file that cannot be read at all;
    `member_file` is the file already parsed by the form, if it was."""
    member_file = member_file or parse_members_csv(data)
    member_import = MemberImport.objects.create(
        organisation=organisation,
        created_by=manager,
        filename=filename[:255],
        data=data,
        course=course,
        due_on=due_on,
        code_accounts=code_accounts,
        total_rows=len(member_file.rows),
    )
    if len(member_file.rows) <= INLINE_ROWS:
        import_analyse(member_import.pk)
        member_import.refresh_from_db()
    else:
        run_in_long_cluster("courses.tasks.member_import_analyse", member_import.pk)
    return member_import


def run_in_long_cluster(func: str, import_id: int) -> None:
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func, import_id, cluster="long", task_name=f"{func}:{import_id}"))


def import_analyse(import_id: int) -> None:
    """Write the plan of an import that is being checked. Progress is saved batch by batch."""
    member_import = MemberImport.objects.select_related("organisation", "course").filter(pk=import_id).first()
    if member_import is None or member_import.status != ImportStatus.ANALYSING:
        return
    try:
        member_file = parse_members_csv(bytes(member_import.data))
    except CsvRefused as error:
        MemberImport.objects.filter(pk=import_id).update(status=ImportStatus.FAILED, error=str(error))
        return

    def progress(done: int) -> None:
        MemberImport.objects.filter(pk=import_id).update(processed_rows=done)

    decisions = decide(
        member_import.organisation,
        member_file.rows,
        course=member_import.course,
        code_accounts=member_import.code_accounts,
        progress=progress,
    )
    plan = {
        "counts": counts_of(decisions),
        "rows": [decision.as_plan_row() for decision in decisions],
        "ignored_headers": member_file.ignored_headers,
        "encoding": member_file.encoding,
    }
    MemberImport.objects.filter(pk=import_id, status=ImportStatus.ANALYSING).update(
        status=ImportStatus.READY, plan=plan, processed_rows=len(decisions)
    )


def import_confirm(*, member_import: MemberImport) -> bool:
    """The manager confirms the preview. False if it was confirmed or cancelled meanwhile."""
    taken = MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.READY).update(
        status=ImportStatus.APPLYING, processed_rows=0
    )
    if not taken:
        return False
    if member_import.total_rows <= INLINE_ROWS:
        import_apply(member_import.pk)
    else:
        run_in_long_cluster("courses.tasks.member_import_apply", member_import.pk)
    return True


def import_cancel(*, member_import: MemberImport) -> bool:
    return bool(
        MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.READY).update(
            status=ImportStatus.CANCELLED, data=b"", finished_at=timezone.now()
        )
    )


def import_apply(import_id: int, *, batch_size: int = BATCH_SIZE) -> None:
    """Write a confirmed import, all or nothing. A failure leaves no person behind and the
    import marked failed, with the file kept so that it can be tried again."""
    member_import = MemberImport.objects.select_related("organisation", "course", "created_by").get(pk=import_id)
    if member_import.status != ImportStatus.APPLYING:
        return
    try:
        with transaction.atomic():
            report = write_import(member_import, batch_size=batch_size)
    except Exception:
        MemberImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED,
            error=_("L'import n'a pas pu être écrit ; rien n'a été enregistré. Réessayez ou contactez l'assistance."),
            finished_at=timezone.now(),
        )
        raise
    MemberImport.objects.filter(pk=import_id).update(
        status=ImportStatus.DONE,
        report=report,
        processed_rows=member_import.total_rows,
        data=b"",
        finished_at=timezone.now(),
    )


def write_import(member_import: MemberImport, *, batch_size: int) -> dict:
    organisation, manager, course = member_import.organisation, member_import.created_by, member_import.course
    member_file = parse_members_csv(bytes(member_import.data))
    decisions = decide(
        organisation,
        member_file.rows,
        course=course,
        code_accounts=member_import.code_accounts,
        batch_size=batch_size,
    )
    by_action: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_action.setdefault(decision.action, []).append(decision)
    audience = DEFAULT_AUDIENCE.get(organisation.kind)
    created_ids, invited = [], 0
    for batch in chunks(by_action.get(Action.CREATE, []), batch_size):
        created_ids += create_code_accounts(organisation, [decision.row for decision in batch], audience)
    for batch in chunks(by_action.get(Action.INVITE, []), batch_size):
        invited += invite_rows(
            organisation, manager, [decision.row for decision in batch], course, member_import.due_on
        )
    to_enrol = [decision.user_id for decision in by_action.get(Action.ENROL, [])] + created_ids
    enrolled = 0
    if course is not None and to_enrol:
        for batch in chunks(to_enrol, batch_size):
            report = organisation_enrol(
                organisation=organisation,
                manager=manager,
                users=list(User.objects.filter(pk__in=batch)),
                course=course,
                due_on=member_import.due_on,
            )
            enrolled += len(report.created) + len(report.attached)
    counts = counts_of(decisions)
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.IMPORT,
        summary=_(
            "Import de « %(file)s » : %(created)s compte(s) avec code, %(invited)s invitation(s), "
            "%(enrolled)s inscription(s), %(skipped)s ligne(s) ignorée(s)"
        )
        % {
            "file": member_import.filename,
            "created": len(created_ids),
            "invited": invited,
            "enrolled": enrolled,
            "skipped": counts[Action.SKIP] + counts[Action.ERROR],
        },
        details={"import": member_import.pk, "course": course.pk if course else None, **counts},
    )
    return {
        "created": len(created_ids),
        "invited": invited,
        "enrolled": enrolled,
        "skipped": counts[Action.SKIP],
        "errors": counts[Action.ERROR],
        "created_user_ids": created_ids,
    }


def create_code_accounts(organisation: Organisation, rows: list[MemberRow], audience: str | None) -> list[int]:
    """Accounts without e-mail or password, with their memberships, in a fixed number of queries.
    Their codes are printed afterwards from the report (issuing a code shows it once)."""
    login_ids = unused_login_ids(rows)
    password = make_password(None)  # unusable; they sign in with their personal code
    users = User.objects.bulk_create(
        [
            User(
                first_name=row.first_name,
                last_name=row.last_name,
                email=None,
                login_id=login_id,
                password=password,
            )
            for row, login_id in zip(rows, login_ids, strict=True)
        ]
    )
    through = User.audiences.through
    through.objects.bulk_create(
        [
            through(user_id=user.pk, audience_id=row.audience or audience)
            for user, row in zip(users, rows, strict=True)
            if row.audience or audience
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(organisation=organisation, user_id=user.pk, function=row.function)
            for user, row in zip(users, rows, strict=True)
        ]
    )
    return [user.pk for user in users]


def unused_login_ids(rows: list[MemberRow]) -> list[str]:
    """One free login id per row: candidates are drawn, then checked in one query per round."""
    chosen: list[str | None] = [None] * len(rows)
    taken: set[str] = set()
    for _round in range(20):
        missing = [index for index, value in enumerate(chosen) if value is None]
        if not missing:
            return chosen
        candidates = {}
        for index in missing:
            candidate = generate_login_id(rows[index].first_name, rows[index].last_name)
            if candidate.lower() not in taken and candidate.lower() not in candidates:
                candidates[candidate.lower()] = (index, candidate)
        in_use = set(
            User.objects.annotate(key=Lower("login_id")).filter(key__in=list(candidates)).values_list("key", flat=True)
        )
        for key, (index, candidate) in candidates.items():
            if key not in in_use:
                chosen[index] = candidate
                taken.add(key)
    raise RuntimeError("Could not find free login ids after 20 rounds.")


def invite_rows(organisation, manager, rows: list[MemberRow], course: Course | None, due_on) -> int:
    """Invitations for a batch of rows, with the course to apply on acceptance and the e-mails,
    in a fixed number of queries."""
    from lms.notifications.services.outbox import outbox_enqueue_many

    now = timezone.now()
    nonces = [new_nonce() for _row in rows]
    created = Invitation.objects.bulk_create(
        [
            Invitation(
                organisation=organisation,
                email=row.email,
                function=row.function,
                invited_by=manager,
                nonce=nonce,
                token_hash=token_hash(derived_token(invitations.PURPOSE, nonce)),
                created_at=now,
                expires_at=now + invitations.INVITATION_LIFETIME,
            )
            for row, nonce in zip(rows, nonces, strict=True)
        ]
    )
    if course is not None:
        InvitationEnrolment.objects.bulk_create(
            [InvitationEnrolment(invitation_id=invitation.pk, course=course, due_on=due_on) for invitation in created]
        )
    keys = [row.email.lower() for row in rows]
    accounts = {user.key: user for user in User.objects.annotate(key=Lower("email")).filter(key__in=keys)}
    recipients = [accounts.get(invitation.email.lower(), manager) for invitation in created]
    outbox_enqueue_many(
        kind="organisations.invitation",
        items=list(zip(recipients, created, strict=True)),
        to_emails=[invitation.email for invitation in created],
    )
    return len(created)


@receiver(invitation_accepted, dispatch_uid="courses.invitation_enrolment")
def enrol_on_acceptance(sender, invitation, user, membership, **kwargs) -> None:
    """The course chosen when inviting is applied when the person says yes."""
    pending = InvitationEnrolment.objects.select_related("course").filter(invitation=invitation).first()
    if pending is None or not pending.course.is_published:
        return
    organisation_enrol(
        organisation=invitation.organisation,
        manager=invitation.invited_by,
        users=[user],
        course=pending.course,
        due_on=pending.due_on,
    )


STALE_PREVIEW = timedelta(days=7)
STUCK_AFTER = timedelta(minutes=40)  # the long cluster's timeout (30 min) and some margin


def imports_maintain() -> dict[str, int]:
    """Hourly: a preview nobody confirmed within a week is cancelled and its file erased; an
    import whose task was lost (a broker crash) is handed to the long cluster again."""
    now = timezone.now()
    stale = MemberImport.objects.filter(status=ImportStatus.READY, created_at__lt=now - STALE_PREVIEW).update(
        status=ImportStatus.CANCELLED, data=b"", finished_at=now
    )
    stuck = MemberImport.objects.filter(
        status__in=[ImportStatus.ANALYSING, ImportStatus.APPLYING], created_at__lt=now - STUCK_AFTER
    ).values_list("pk", "status")
    for import_id, status in stuck:
        step = "analyse" if status == ImportStatus.ANALYSING else "apply"
        run_in_long_cluster(f"courses.tasks.member_import_{step}", import_id)
    return {"cancelled": stale, "resumed": len(stuck)}
