from django.utils.translation import gettext_lazy as _lazy

from facetoface.models import Attendance, AttendanceCorrection, Registration, TrainerProfile, TrainingSession
from lms.privacy.registry import Erasure, declare


def register() -> None:
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
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_lazy("Inscriptions aux sessions en présentiel : places, liste d'attente, convocations."),
    )
    declare(
        TrainingSession,
        user_path="created_by",
        export_fields=["course__title", "created_at"],
        on_erasure=Erasure.DETACH,
        retention=None,
        purpose=_lazy("Sessions en présentiel : qui les a créées, pour les organisateurs."),
    )
    declare(
        Attendance,
        user_path="registration__user",  # set_by is set to NULL with its account
        export_fields=["slot__session__course__title", "slot__start", "slot__end", "status", "method", "set_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_lazy("Présences aux sessions en présentiel : heures suivies, feuille d'émargement."),
    )
    declare(
        AttendanceCorrection,
        user_path="attendance__registration__user",  # corrected_by is set to NULL with its account
        export_fields=["old_status", "new_status", "reason", "corrected_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_lazy("Corrections des présences : la trace de qui a changé quoi, pour l'organisateur."),
    )
