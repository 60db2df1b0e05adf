from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _lazy

from facetoface.models import (
    Attendance,
    AttendanceCorrection,
    AttendanceSheet,
    Registration,
    TrainerProfile,
    TrainingSession,
)
from lms.privacy.registry import Erasure, declare
from lms.privacy.retention import register_retention_rule

SHEET_RETENTION = timedelta(days=settings.PRIVACY_SHEET_DAYS)
COUNTS = _lazy(
    "Gardées sans la personne, rattachées à une « personne supprimée » : les heures de formation de la "
    "session et les effectifs restent justes (intérêt légitime, article 6.1.f)."
)


def purge_attendance_sheets(now, period) -> int:
    """Sheets of sessions closed longer ago than the legal period: files first, then the rows."""
    old = AttendanceSheet.objects.filter(session__closed_at__lt=now - period)
    for name in old.values_list("file", flat=True):
        AttendanceSheet.file.field.storage.delete(name)
    return old.delete()[0]


def register() -> None:
    register_retention_rule(
        code="facetoface.sheets",
        label=_lazy("Feuilles d'émargement après leur durée légale"),
        setting="PRIVACY_SHEET_DAYS",
        apply=purge_attendance_sheets,
    )
    declare(
        TrainerProfile,
        user_path="user",
        export_fields=["bio", "availability", "is_active", "created_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_lazy("Vivier de formateurs : trouver qui peut animer une session sur un territoire."),
    )
    declare(
        Registration,
        user_path="user",  # registered_by and decided_by are set to NULL with their account
        export_fields=["session__course__title", "status", "created_at", "confirmed_at", "cancelled_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_lazy("Inscriptions aux sessions en présentiel : places, liste d'attente, convocations."),
    )
    declare(
        TrainingSession,
        user_path="created_by",
        export_fields=["course__title", "created_at"],
        on_erasure=Erasure.DETACH,
        kept_because=_lazy("La session reste, sans qui l'a créée."),
        retention=None,
        purpose=_lazy("Sessions en présentiel : qui les a créées, pour les organisateurs."),
    )
    declare(
        Attendance,
        user_path="registration__user",  # set_by is set to NULL with its account
        export_fields=["slot__session__course__title", "slot__start", "slot__end", "status", "method", "set_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_lazy("Présences aux sessions en présentiel : heures suivies, feuille d'émargement."),
    )
    declare(
        AttendanceCorrection,
        user_path="attendance__registration__user",  # corrected_by is set to NULL with its account
        export_fields=["old_status", "new_status", "reason", "corrected_at"],
        on_erasure=Erasure.REPOINT,
        kept_because=COUNTS,
        retention=None,
        purpose=_lazy("Corrections des présences : la trace de qui a changé quoi, pour l'organisateur."),
    )
    # The signed sheet is the organiser's legal record of the training it paid for: it keeps the
    # names for four years after closing, then the retention rules delete it.
    declare(
        AttendanceSheet,
        user_path="session__registrations__user",
        export_fields=["session__course__title", "version", "created_at"],
        on_erasure=Erasure.KEEP,
        kept_because=_lazy(
            "Les feuilles d'émargement signées sont la preuve légale de la formation pour l'organisateur : "
            "gardées avec le nom 4 ans après la clôture de la session (obligation légale, article 6.1.c)."
        ),
        retention=SHEET_RETENTION,
        purpose=_lazy("Feuilles d'émargement des sessions en présentiel closes."),
    )
