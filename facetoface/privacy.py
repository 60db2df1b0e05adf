from django.utils.translation import gettext_lazy as _lazy

from facetoface.models import Registration, TrainerProfile, TrainingSession
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
