"""The manager's exports: each is journalled when it is asked for, then streamed."""

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.selectors import organisation_enrolments_export
from lms.accounts.models import User
from lms.organisations.models import AuditAction, MemberGroup, Organisation
from lms.organisations.services.audit import audit_record
from lms.runtime.csv_export import CsvFile


def enrolments_export(
    *,
    organisation: Organisation,
    manager: User,
    course_id: int | None,
    filters: dict,
    group: MemberGroup | None = None,
) -> CsvFile:
    """The enrolments the Inscriptions tab shows for the same course, with the modules each has
    done. `filters` are the parameters as asked, kept in the journal."""
    enrolments = organisation_enrolments_export(organisation, course_id=course_id, group=group)
    audit_record(
        organisation=organisation,
        actor=manager,
        action=AuditAction.EXPORT,
        summary=_("Export des inscriptions (CSV)"),
        details={"filters": filters},
    )
    header = [
        _("Nom"),
        _("Prénom"),
        _("E-mail ou identifiant"),
        _("Formation"),
        _("État"),
        _("Modules terminés"),
        _("À terminer avant le"),
        _("Inscrite le"),
        _("Terminée le"),
    ]

    def rows() -> Iterator[tuple]:
        for enrolment in enrolments.iterator(chunk_size=2000):
            user = enrolment.user
            yield (
                user.last_name,
                user.first_name,
                user.email or user.login_id,
                enrolment.course.title,
                enrolment.get_progress_state_display(),
                enrolment.modules_done,  # type: ignore[attr-defined]  # annotated by the selector
                enrolment.due_on.isoformat() if enrolment.due_on else "",
                timezone.localtime(enrolment.enrolled_at).date().isoformat(),
                timezone.localtime(enrolment.completed_at).date().isoformat() if enrolment.completed_at else "",
            )

    return CsvFile(f"inscriptions-{organisation.slug}-{timezone.localdate().isoformat()}.csv", header, rows())
