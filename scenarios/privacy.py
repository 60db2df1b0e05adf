from django.utils.translation import gettext_lazy as _

from lms.privacy.registry import Erasure, declare
from scenarios.models import ScenarioPage


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
