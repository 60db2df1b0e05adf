from django.utils.translation import gettext_lazy as _

from lms.organisations.models import AuditEntry, HomeCommune, Invitation, ManagerRequest, Membership
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
    declare(
        ManagerRequest,
        user_path=("requester", "reviewed_by"),
        export_fields=["name", "organisation__name", "function", "status", "reason", "created_at", "reviewed_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Demandes pour gérer une organisation, et leur décision."),
    )
    declare(
        Invitation,
        user_path=("user", "invited_by"),
        export_fields=["organisation__name", "email", "status", "created_at", "responded_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Invitations à rejoindre une organisation, et la réponse donnée."),
    )
    declare(
        HomeCommune,
        user_path="user",
        export_fields=["commune__name", "commune__code", "updated_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Commune indiquée par la personne sur son profil, facultative."),
    )
    declare(
        AuditEntry,
        user_path="actor",
        export_fields=["organisation__name", "action", "summary", "created_at"],
        on_erasure=Erasure.ANONYMISE,
        anonymise=lambda entries: entries.update(actor=None),
        retention=None,
        purpose=_("Journal des actions des gestionnaires : qui a fait quoi, et quand."),
    )
