from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Membership
from lms.privacy.registry import Erasure, declare


def register() -> None:
    declare(
        Membership,
        user_path=("user", "ended_by"),
        export_fields=["organisation__name", "role", "function", "start_on", "end_on"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Appartenance aux organisations : qui peut inscrire et suivre qui."),
    )
