"""Importing a town hall's or a school's list of people (CSV), with an optional enrolment.

Two steps, both run by `import_analyse` and `import_apply` (in the request for small files, in
the `long` cluster for large ones):

1. **Analyse** reads the file and decides, row by row, what confirming would do: create an
   account with a personal code (no e-mail, if the manager asked for it), invite (e-mail), enrol
   an existing member, or skip, with a French reason. It writes only the plan, never a person.
2. **Apply**, on confirmation, decides again against the database as it is then, and writes
   every row in one transaction, by batches whose queries do not depend on their size. The
   import's own row is locked in that transaction and marked done in it, so a task run twice
   (a resumed worker) writes once.

Consent comes first, as for single invitations: a person with an e-mail address is invited and
joins by saying yes; the course the manager chose is applied on acceptance
(`InvitationEnrolment`). Someone who declined an invitation is not invited again. Re-importing
the same file finds everyone already there and changes nothing.

The file is erased once the import is written, cancelled or failed; the row-by-row preview is
kept 30 days after the import (declared in the privacy registry), the counts for good."""

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.utils import timezone, translation
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

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
# Up to this many rows, both steps run in the request; beyond, in the `long` cluster.
INLINE_ROWS = 300
MAX_ATTEMPTS = 3
STALE_PREVIEW = timedelta(days=7)
STUCK_AFTER = timedelta(minutes=40)  # the long cluster's timeout (30 min) and some margin
PREVIEW_KEPT = timedelta(days=30)


class Action:
    CREATE = "create"
    INVITE = "invite"
    ENROL = "enrol"
    SKIP = "skip"
    ERROR = "error"


ACTIONS = (Action.CREATE, Action.INVITE, Action.ENROL, Action.SKIP, Action.ERROR)

DEFAULT_AUDIENCE = {
    OrganisationKind.COMMUNE: AudienceCode.AGENT,
    OrganisationKind.EPCI: AudienceCode.AGENT,
    OrganisationKind.DEPARTEMENT: AudienceCode.AGENT,
    OrganisationKind.ECOLE: AudienceCode.TEACHER,
    OrganisationKind.COLLEGE: AudienceCode.TEACHER,
    OrganisationKind.LYCEE: AudienceCode.TEACHER,
}


def batch_size() -> int:
    """Rows per batch: 1,000, or fewer where the database takes fewer bound parameters (a
    batch's lookups send one parameter per row, plus a few)."""
    limit = connection.features.max_query_params
    return BATCH_SIZE if limit is None else max(1, min(BATCH_SIZE, limit - 20))


@dataclass
class Decision:
    row: MemberRow
    action: str
    note: str
    user_id: int | None = None  # the existing member an ENROL is for
    invitation_id: int | None = None  # the pending invitation an ENROL adds the course to

    def as_plan_row(self) -> list:
        name = f"{self.row.first_name} {self.row.last_name}".strip()
        return [self.row.line, name, self.row.email or "", self.action, self.note]


def chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def name_key(first_name: str, last_name: str) -> str:
    """How a row without e-mail is matched with a member: accents and case aside. A name in a
    script without ASCII letters keeps its own letters rather than becoming empty."""
    raw = f"{first_name} {last_name}"
    return search_key(raw) or " ".join(raw.casefold().split())


class Situation:
    """What the database already holds about the people of one batch of rows, in a fixed
    number of queries whatever the batch size."""

    def __init__(self, organisation: Organisation, rows: list[MemberRow], course: Course | None):
        keys = [row.email.lower() for row in rows if row.email]
        self.users = dict(User.objects.annotate(key=Lower("email")).filter(key__in=keys).values_list("key", "pk"))
        members = Membership.objects.current().filter(organisation=organisation)
        self.member_ids = set(members.filter(user__in=self.users.values()).values_list("user_id", flat=True))
        self.pending, self.declined = {}, set()
        answered = (
            Invitation.objects.annotate(key=Lower("email"))
            .filter(organisation=organisation, key__in=keys)
            .filter(
                Q(status=InvitationStatus.PENDING, expires_at__gt=timezone.now()) | Q(status=InvitationStatus.DECLINED)
            )
            .values_list("key", "pk", "status")
        )
        for key, pk, status in answered:
            if status == InvitationStatus.PENDING:
                self.pending[key] = pk
            else:
                self.declined.add(key)
        self.invitation_courses = {}  # pending invitation → the course it will apply on acceptance
        if course is not None and self.pending:
            self.invitation_courses = dict(
                InvitationEnrolment.objects.filter(invitation__in=self.pending.values()).values_list(
                    "invitation_id", "course_id"
                )
            )
        self.enrolments = {}  # member id → organisation following their enrolment (None: self-enrolled)
        if course is not None:
            self.enrolments = dict(
                Enrolment.objects.filter(course=course, user__in=members.values("user"))
                .exclude(status=EnrolmentStatus.WITHDRAWN)
                .values_list("user_id", "organisation_id")
            )


def members_by_name(organisation: Organisation) -> dict[str, list[int]]:
    """Current members by name: how a row without e-mail is recognised on re-import, whether or
    not the person has added an address since."""
    names: dict[str, list[int]] = {}
    rows = (
        Membership.objects.current()
        .filter(organisation=organisation)
        .values_list("user_id", "user__first_name", "user__last_name")
    )
    for user_id, first_name, last_name in rows:
        names.setdefault(name_key(first_name, last_name), []).append(user_id)
    return names


def decide(
    organisation: Organisation,
    rows: list[MemberRow],
    *,
    course: Course | None,
    code_accounts: bool,
    progress=None,
    size: int | None = None,
) -> list[Decision]:
    """What confirming would do with each row, given the database as it is now."""
    decisions = []
    by_name = members_by_name(organisation) if code_accounts else {}
    names_in_file: dict[str, int] = {}
    for batch in chunks(rows, size or batch_size()):
        situation = Situation(organisation, [row for row in batch if row.ok], course)
        for row in batch:
            decisions.append(decide_row(row, situation, by_name, names_in_file, course, code_accounts, organisation))
        if progress:
            progress(len(decisions))
    return decisions


def decide_row(row, situation, by_name, names_in_file, course, code_accounts, organisation) -> Decision:
    if not row.ok:
        return Decision(row, Action.ERROR, " ".join(row.errors))
    if row.email:
        key = row.email.lower()
        user_id = situation.users.get(key)
        if user_id in situation.member_ids:
            return member_decision(row, user_id, situation, course, organisation)
        if key in situation.declined:
            return Decision(
                row, Action.SKIP, _("A décliné une invitation de l'organisation : pas de nouvelle invitation.")
            )
        if key in situation.pending:
            invitation_id = situation.pending[key]
            planned = situation.invitation_courses.get(invitation_id)
            if course is not None and planned is not None and planned != course.pk:
                return Decision(
                    row, Action.SKIP, _("Invitation déjà en attente pour une autre formation : inscrivez-la après.")
                )
            if course is not None and planned is None:
                return Decision(
                    row,
                    Action.ENROL,
                    _("Invitation déjà en attente : la formation s'y ajoute, l'inscription se fera à l'acceptation."),
                    invitation_id=invitation_id,
                )
            return Decision(row, Action.SKIP, _("Invitation déjà envoyée, en attente de réponse."))
        if user_id:
            note = _("A déjà un compte : l'invitation apparaîtra dans son espace.")
        else:
            note = _("Recevra un lien pour activer son compte.")
        if course is not None:
            note += " " + _("Inscription à la formation dès l'acceptation.")
        return Decision(row, Action.INVITE, note)
    if not code_accounts:
        return Decision(
            row, Action.SKIP, _("Pas d'adresse e-mail : cochez « comptes avec code » pour lui créer un compte.")
        )
    name = name_key(row.first_name, row.last_name)
    existing = by_name.get(name, [])
    if len(existing) == 1:
        return member_decision(row, existing[0], situation, course, organisation)
    if len(existing) > 1:
        return Decision(
            row, Action.SKIP, _("Plusieurs membres portent ce nom : inscrivez la bonne personne à la main.")
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
        note += " " + _("Inscription à la formation.")
    return Decision(row, Action.CREATE, note)


def member_decision(row, user_id, situation, course, organisation) -> Decision:
    if course is None:
        return Decision(row, Action.SKIP, _("Déjà membre de l'organisation."), user_id)
    if user_id in situation.enrolments:
        followed_by = situation.enrolments[user_id]
        if followed_by == organisation.pk:
            return Decision(row, Action.SKIP, _("Déjà membre, et déjà dans cette formation."), user_id)
        if followed_by is not None:
            return Decision(
                row, Action.SKIP, _("Déjà dans cette formation, suivie par une autre organisation."), user_id
            )
        return Decision(
            row, Action.ENROL, _("Inscription faite par la personne elle-même : l'organisation la suivra."), user_id
        )
    return Decision(row, Action.ENROL, _("Déjà membre : inscription à la formation."), user_id)


def counts_of(decisions: list[Decision]) -> dict[str, int]:
    counts = dict.fromkeys(ACTIONS, 0)
    for decision in decisions:
        counts[decision.action] += 1
    return counts


# --- Steps -------------------------------------------------------------------------------


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
        language=translation.get_language() or "fr",
    )
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.IMPORT,
        summary=_("Fichier « %(file)s » déposé pour import (%(rows)s ligne(s))")
        % {"file": member_import.filename, "rows": member_import.total_rows},
        details={"import": member_import.pk},
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


def forget_file(**extra) -> dict:
    """What to write when an import will not be written: no file, and no row-by-row preview
    (names and e-mails) kept for nothing."""
    return {"data": b"", "finished_at": timezone.now(), "status_changed_at": timezone.now(), **extra}


def import_analyse(import_id: int) -> None:
    """Write the plan of an import that is being checked. Progress is saved batch by batch."""
    member_import = MemberImport.objects.select_related("organisation", "course").filter(pk=import_id).first()
    if member_import is None or member_import.status != ImportStatus.ANALYSING:
        return
    with translation.override(member_import.language):
        try:
            member_file = parse_members_csv(bytes(member_import.data))

            def progress(done: int) -> None:
                MemberImport.objects.filter(pk=import_id).update(processed_rows=done)

            decisions = decide(
                member_import.organisation,
                member_file.rows,
                course=member_import.course,
                code_accounts=member_import.code_accounts,
                progress=progress,
            )
        except CsvRefused as error:
            MemberImport.objects.filter(pk=import_id).update(
                **forget_file(status=ImportStatus.FAILED, error=str(error))
            )
            return
        except Exception:
            logger.exception("Checking import %s failed.", import_id)
            MemberImport.objects.filter(pk=import_id).update(
                **forget_file(
                    status=ImportStatus.FAILED,
                    error=_("Le fichier n'a pas pu être vérifié ; rien n'a été enregistré. Déposez-le à nouveau."),
                )
            )
            return
    plan = {
        "counts": counts_of(decisions),
        "rows": [decision.as_plan_row() for decision in decisions],
        "ignored_headers": member_file.ignored_headers,
        "encoding": member_file.encoding,
    }
    MemberImport.objects.filter(pk=import_id, status=ImportStatus.ANALYSING).update(
        status=ImportStatus.READY, plan=plan, processed_rows=len(decisions), status_changed_at=timezone.now()
    )


def writes_something(member_import: MemberImport) -> bool:
    counts = member_import.plan.get("counts", {})
    return any(counts.get(action, 0) for action in (Action.CREATE, Action.INVITE, Action.ENROL))


def import_confirm(*, member_import: MemberImport, by: User) -> str | None:
    """The manager confirms the preview. Returns a French reason if it cannot be written now."""
    course = member_import.course
    if course is not None and not course.is_published:
        return _("La formation choisie n'est plus publiée : annulez cet import et déposez le fichier à nouveau.")
    if member_import.due_on and member_import.due_on < timezone.localdate():
        return _("La date limite choisie est passée : annulez cet import et déposez le fichier à nouveau.")
    if not writes_something(member_import):
        return _("Cet import n'a rien à enregistrer.")
    taken = MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.READY).update(
        status=ImportStatus.APPLYING, processed_rows=0, confirmed_by=by, status_changed_at=timezone.now(), error=""
    )
    if not taken:
        return _("Cet import a déjà été confirmé ou annulé.")
    if member_import.total_rows <= INLINE_ROWS:
        import_apply(member_import.pk)
    else:
        run_in_long_cluster("courses.tasks.member_import_apply", member_import.pk)
    return None


def import_cancel(*, member_import: MemberImport, by: User) -> bool:
    """Cancel before writing (also while the file is being checked): the file and the preview go."""
    counts = member_import.plan.get("counts", {})
    cancelled = MemberImport.objects.filter(
        pk=member_import.pk, status__in=[ImportStatus.READY, ImportStatus.ANALYSING]
    ).update(**forget_file(status=ImportStatus.CANCELLED, plan={"counts": counts}))
    if cancelled:
        audit_record(
            organisation=member_import.organisation,
            actor=by,
            action=AuditAction.IMPORT,
            summary=_("Import de « %(file)s » annulé : rien n'a été enregistré") % {"file": member_import.filename},
            details={"import": member_import.pk},
        )
    return bool(cancelled)


def import_apply(import_id: int, *, size: int | None = None) -> None:
    """Write a confirmed import, all or nothing, exactly once. A failure writes nothing: the
    manager may confirm again, up to MAX_ATTEMPTS, after which the import is marked failed."""
    member_import = MemberImport.objects.filter(pk=import_id, status=ImportStatus.APPLYING).first()
    if member_import is None:
        return
    with translation.override(member_import.language):
        try:
            with transaction.atomic():
                locked = (
                    MemberImport.objects.select_for_update(of=("self",))
                    .select_related("organisation", "course", "created_by", "confirmed_by")
                    .filter(pk=import_id, status=ImportStatus.APPLYING)
                    .first()
                )
                if locked is None:
                    return  # written meanwhile by another run of the same task
                # Two imports into one organisation at once must not both decide "not there yet".
                Organisation.objects.select_for_update().filter(pk=locked.organisation_id).first()
                report = write_import(locked, size=size or batch_size())
                MemberImport.objects.filter(pk=import_id).update(
                    status=ImportStatus.DONE,
                    report=report,
                    processed_rows=locked.total_rows,
                    data=b"",
                    finished_at=timezone.now(),
                    status_changed_at=timezone.now(),
                )
        except Exception:
            logger.exception("Writing import %s failed.", import_id)
            import_failed(member_import)


def import_failed(member_import: MemberImport) -> None:
    attempts = member_import.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        MemberImport.objects.filter(pk=member_import.pk).update(
            **forget_file(
                status=ImportStatus.FAILED,
                attempts=attempts,
                plan={"counts": member_import.plan.get("counts", {})},
                error=_(
                    "L'import n'a pas pu être écrit après %(count)s tentatives ; rien n'a été enregistré et le "
                    "fichier a été effacé. Contactez l'assistance."
                )
                % {"count": attempts},
            )
        )
    else:
        MemberImport.objects.filter(pk=member_import.pk).update(
            status=ImportStatus.READY,
            attempts=attempts,
            status_changed_at=timezone.now(),
            error=_("L'import n'a pas pu être écrit ; rien n'a été enregistré. Vous pouvez confirmer à nouveau."),
        )


def write_import(member_import: MemberImport, *, size: int) -> dict:
    organisation, course = member_import.organisation, member_import.course
    manager = member_import.confirmed_by or member_import.created_by
    member_file = parse_members_csv(bytes(member_import.data))
    decisions = decide(
        organisation, member_file.rows, course=course, code_accounts=member_import.code_accounts, size=size
    )
    by_action: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_action.setdefault(decision.action, []).append(decision)
    audience = DEFAULT_AUDIENCE.get(organisation.kind)
    created_ids, invited = [], 0
    for batch in chunks(by_action.get(Action.CREATE, []), size):
        created_ids += create_code_accounts(organisation, [decision.row for decision in batch], audience)
    for batch in chunks(by_action.get(Action.INVITE, []), size):
        invited += invite_rows(
            organisation, manager, [decision.row for decision in batch], course, member_import.due_on
        )
    enrol_decisions = by_action.get(Action.ENROL, [])
    pending = [decision.invitation_id for decision in enrol_decisions if decision.invitation_id]
    if course is not None and pending:
        InvitationEnrolment.objects.bulk_create(
            [InvitationEnrolment(invitation_id=pk, course=course, due_on=member_import.due_on) for pk in pending],
            ignore_conflicts=True,
        )
    to_enrol = [decision.user_id for decision in enrol_decisions if decision.user_id] + created_ids
    enrolled = 0
    if course is not None and to_enrol:
        for batch in chunks(to_enrol, size):
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
        "pending_enrolments": len(pending),
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
    # A newcomer has no account yet: the outbox row hangs on the manager, addressed to the newcomer.
    recipients = [accounts.get(invitation.email.lower(), manager) for invitation in created]
    outbox_enqueue_many(
        kind="organisations.invitation",
        items=list(zip(recipients, created, strict=True)),
        to_emails=[invitation.email for invitation in created],
    )
    return len(created)


def imports_maintain() -> dict[str, int]:
    """Hourly upkeep:
    - a preview nobody confirmed within a week is cancelled, its file and rows erased;
    - an import whose task was lost (a broker crash, a killed worker) is handed to the long
      cluster again, up to MAX_ATTEMPTS, then marked failed and its file erased;
    - the row-by-row preview of a finished import is erased after 30 days (the counts stay)."""
    now = timezone.now()
    stale = 0
    for member_import in MemberImport.objects.filter(
        status=ImportStatus.READY, status_changed_at__lt=now - STALE_PREVIEW
    ).only("pk", "plan"):
        stale += MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.READY).update(
            **forget_file(status=ImportStatus.CANCELLED, plan={"counts": member_import.plan.get("counts", {})})
        )
    resumed = 0
    stuck = MemberImport.objects.filter(
        status__in=[ImportStatus.ANALYSING, ImportStatus.APPLYING], status_changed_at__lt=now - STUCK_AFTER
    ).only("pk", "status", "attempts", "plan")
    for member_import in stuck:
        if member_import.attempts + 1 >= MAX_ATTEMPTS:
            MemberImport.objects.filter(pk=member_import.pk, status=member_import.status).update(
                **forget_file(
                    status=ImportStatus.FAILED,
                    plan={"counts": member_import.plan.get("counts", {})},
                    error=_("L'import n'a pas abouti ; rien n'a été enregistré et le fichier a été effacé."),
                )
            )
            continue
        MemberImport.objects.filter(pk=member_import.pk, status=member_import.status).update(
            attempts=member_import.attempts + 1, status_changed_at=now
        )
        step = "analyse" if member_import.status == ImportStatus.ANALYSING else "apply"
        run_in_long_cluster(f"courses.tasks.member_import_{step}", member_import.pk)
        resumed += 1
    expired = 0
    for member_import in MemberImport.objects.filter(
        status=ImportStatus.DONE, finished_at__lt=now - PREVIEW_KEPT, plan__has_key="rows"
    ).only("pk", "plan"):
        expired += MemberImport.objects.filter(pk=member_import.pk).update(
            plan={"counts": member_import.plan.get("counts", {})}
        )
    return {"cancelled": stale, "resumed": resumed, "previews_erased": expired}


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
