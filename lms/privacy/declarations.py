"""The privacy app's own models, declared like everyone else's."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.privacy.models import DataExport, ErasureRecord
from lms.privacy.registry import Erasure, declare
from lms.privacy.retention import register_retention_rule


def _purge_exports(now, period) -> int:
    from lms.privacy.exports import data_exports_purge

    return data_exports_purge(now=now)


def declare_own_models() -> None:
    register_retention_rule(
        code="privacy.exports",
        label=_("Archives de données personnelles expirées"),
        setting="PRIVACY_EXPORT_DAYS",
        apply=_purge_exports,
    )
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
