"""The privacy app's own models, declared like everyone else's."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.privacy.models import DataExport, ErasureRecord
from lms.privacy.registry import Erasure, declare


def declare_own_models() -> None:
    declare(
        DataExport,
        user_path=("user", "requested_by"),
        export_fields=["status", "created_at", "ready_at", "expires_at"],
        on_erasure=Erasure.DELETE,
        retention=timedelta(days=settings.PRIVACY_EXPORT_DAYS),
        purpose=_("Archives de ses données demandées par la personne, effacées après quelques jours."),
    )
    declare(
        ErasureRecord,
        user_path="erased_by",
        export_fields=["erased_at", "on_request"],
        on_erasure=Erasure.DETACH,
        kept_because=_(
            "La trace d'un effacement reste, sans la personne effacée ni qui l'a fait : le responsable de "
            "traitement doit pouvoir montrer qu'il a répondu (article 5.2)."
        ),
        retention=None,
        purpose=_("Trace des effacements faits par l'équipe : par qui, pourquoi, et quand."),
    )
