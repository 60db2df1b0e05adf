from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare
from scenarios.models import ScenarioAttachment, ScenarioPage


def register() -> None:
    # A published scenario is shared under an open licence: erasing its author takes their name
    # off it (the link to the account goes with the account), the scenario stays.
    declare(
        ScenarioPage,
        user_path="authors",
        export_fields=["title", "first_published_at"],
        on_erasure=Erasure.DETACH,
        retention=None,
        purpose=_("Scénarios pédagogiques écrits par la personne : son nom et son organisation y sont affichés."),
    )
    # A file joined to a scenario goes with it, under its licence; who uploaded it is only
    # bookkeeping, and that link goes with the account.
    declare(
        ScenarioAttachment,
        user_path="uploaded_by",
        export_fields=["name", "created_at"],
        on_erasure=Erasure.DETACH,
        retention=None,
        purpose=_("Pièces jointes déposées par la personne sur un scénario pédagogique."),
    )
