"""The import's steps, as a state machine on its `MemberImport` row:

    start → ANALYSING → (analyse) → READY → (confirm) → APPLYING → (apply) → DONE
                                      ↘ (cancel) CANCELLED        ↘ (fail) READY again, or FAILED

Each step moves the row with a conditional update on its status, so that two requests, or a
task delivered twice, never take the same step twice. Small files run every step in the
request; large ones hand `analyse` and `apply` to the `long` cluster."""

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from courses.models import Course, ImportStatus, InvitationEnrolment, MemberImport
from courses.services.enrolments import organisation_enrol
from courses.services.imports.plan import Action, Decision, batch_size, chunks, counts_of, decide
from courses.services.imports.report import report_lines
from lms.accounts.models import User
from lms.organisations.csv_import import CsvRefused, MemberFile, parse_members_csv
from lms.organisations.models import AuditAction, Organisation
from lms.organisations.services.audit import audit_record
from lms.organisations.services.code_accounts import code_accounts_create_many
from lms.organisations.services.invitations import invitation_create_many

logger = logging.getLogger(__name__)

# Up to this many rows, both steps run in the request; beyond, in the `long` cluster.
INLINE_ROWS = 300
MAX_ATTEMPTS = 3


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
        summary=ngettext(
            "Fichier « %(file)s » déposé pour import (%(rows)s ligne)",
            "Fichier « %(file)s » déposé pour import (%(rows)s lignes)",
            member_import.total_rows,
        )
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
    """Enqueue a step for the `long` cluster once the current transaction commits."""
    from django_q.tasks import async_task

    transaction.on_commit(lambda: async_task(func, import_id, cluster="long", task_name=f"{func}:{import_id}"))


def forget_file(**extra: object) -> dict[str, object]:
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
                organisation=member_import.organisation,
                rows=member_file.rows,
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
    """Whether confirming this preview would write anything at all."""
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
    """A write that failed wrote nothing: the manager may confirm again, up to MAX_ATTEMPTS."""
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
    """Decide every row again against the database as it is now, and write the decisions by
    batches whose queries do not depend on their size. Returns the import's report."""
    organisation, course = member_import.organisation, member_import.course
    manager = member_import.confirmed_by or member_import.created_by
    member_file = parse_members_csv(bytes(member_import.data))
    decisions = decide(
        organisation=organisation,
        rows=member_file.rows,
        course=course,
        code_accounts=member_import.code_accounts,
        size=size,
    )
    by_action: dict[str, list[Decision]] = {}
    for decision in decisions:
        by_action.setdefault(decision.action, []).append(decision)
    created_ids: list[int] = []
    invited = 0
    for batch in chunks(by_action.get(Action.CREATE, []), size):
        users = code_accounts_create_many(
            organisation=organisation, people=[decision.as_new_member() for decision in batch]
        )
        created_ids += [user.pk for user in users]
    for batch in chunks(by_action.get(Action.INVITE, []), size):
        if manager is None:
            # An invitation's e-mail hangs on its inviter until the newcomer has an account
            # (invitation_create_many). With the accounts that uploaded and confirmed both gone,
            # SQLite's INSERT OR IGNORE would drop those e-mails without a word (PostgreSQL would
            # fail on the NOT NULL): write nothing, and let another manager confirm again.
            raise ValueError(f"Import {member_import.pk}: no manager left to send its invitations.")
        invitations = invitation_create_many(
            organisation=organisation, invited_by=manager, people=[decision.as_new_member() for decision in batch]
        )
        if course is not None:  # applied on acceptance (courses.services.invitation_enrolments)
            InvitationEnrolment.objects.bulk_create(
                [
                    InvitationEnrolment(invitation_id=invitation.pk, course=course, due_on=member_import.due_on)
                    for invitation in invitations
                ]
            )
        invited += len(invitations)
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
        for user_ids in chunks(to_enrol, size):
            report = organisation_enrol(
                organisation=organisation,
                manager=manager,
                users=list(User.objects.filter(pk__in=user_ids)),
                course=course,
                due_on=member_import.due_on,
            )
            enrolled += len(report.created) + len(report.attached)
    counts = counts_of(decisions)
    written = {
        "created": len(created_ids),
        "invited": invited,
        "enrolled": enrolled,
        "pending_enrolments": len(pending),
        "skipped": counts[Action.SKIP],
        "errors": counts[Action.ERROR],
    }
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.IMPORT,
        summary=_("Import de « %(file)s » : %(report)s")
        % {"file": member_import.filename, "report": " ; ".join(report_lines(written))},
        details={"import": member_import.pk, "course": course.pk if course else None, **counts},
    )
    return {**written, "created_user_ids": created_ids}
