"""The attendance sheet (feuille d'émargement): a frozen PDF/UA per version of a closed session.

`sheet_render` is the task's body and is idempotent: it stores a version only when the latest
one is older than the session's sheet_revision, so a task run twice, or two workers at once,
store one version (the unique constraint on (session, version) settles a race)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from facetoface.ics import place_text
from facetoface.models import AttendanceSheet, TrainerProfile, TrainingSession
from facetoface.selectors import session_sheet


def sheet_context(session: TrainingSession, version: int) -> dict:
    slots, rows = session_sheet(session)
    return {
        "session": session,
        "course": session.course,
        "place": place_text(session),
        "territory": session.territory,
        "trainers": [str(trainer) for trainer in session.trainers.all()],
        "slots": slots,
        "rows": rows,
        "version": version,
        "closed_at": session.closed_at,
        "generated_at": timezone.now(),
    }


def sheet_pdf(session: TrainingSession, version: int) -> bytes:
    from lms.pdf import render_pdf

    return render_pdf("facetoface/pdf/sheet.html", sheet_context(session, version))


def sheet_render(session_id: int) -> AttendanceSheet | None:
    """Store the sheet's next version if the stored one is stale; None when nothing to do."""
    session = (
        TrainingSession.objects.select_related("course", "place_organisation", "territory", "organiser")
        .prefetch_related(Prefetch("trainers", queryset=TrainerProfile.objects.select_related("user")))
        .filter(pk=session_id, closed_at__isnull=False)
        .first()
    )
    if session is None:
        return None
    latest = AttendanceSheet.objects.filter(session=session).aggregate(version=Max("version"), revision=Max("revision"))
    if (latest["revision"] or 0) >= session.sheet_revision:
        return None
    # The marks are read now, so this version shows every change up to session.sheet_revision
    # (several corrections before the task runs make one new version, not several).
    version = (latest["version"] or 0) + 1
    data = sheet_pdf(session, version)
    sheet = AttendanceSheet(
        session=session, version=version, revision=session.sheet_revision, sha256=hashlib.sha256(data).hexdigest()
    )
    sheet.file.save(f"session-{session.pk}-v{version}.pdf", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError:  # another worker stored this version first: keep theirs
        sheet.file.storage.delete(sheet.file.name)
        return None
    return sheet
