from django.utils.translation import gettext_lazy as _

from lms.organisations.models import AuditEntry, HomeCommune, Invitation, ManagerRequest, Membership
from lms.privacy.registry import Erasure, declare, register_erasure_check, register_erasure_listener
from lms.privacy.retention import register_retention_rule


def last_manager_warnings(user) -> list[str]:
    from lms.organisations.selectors import organisations_left_without_manager

    return [
        _(
            "Dernière personne à gérer « %(name)s » : l'organisation n'aura plus de gestionnaire, "
            "l'agence sera prévenue."
        )
        % {"name": organisation.name}
        for organisation in organisations_left_without_manager(user)
    ]


def on_erasure(*, user, stand_in) -> None:
    """Tell the agency about organisations left without a manager, and delete the invitations
    sent to the person's address before they had an account."""
    from lms.notifications.services.outbox import outbox_enqueue
    from lms.organisations.selectors import agency_staff_for, organisations_left_without_manager

    for organisation in organisations_left_without_manager(user):
        for staff in agency_staff_for(organisation.territory, excluding=user.pk):
            outbox_enqueue(recipient=staff, kind="organisations.manager_erased", obj=organisation)
    if user.email:
        Invitation.objects.filter(email__iexact=user.email).delete()


def manager_erased_email_context(message) -> dict:
    from lms.organisations.models import Organisation

    return {"organisation": Organisation.objects.get(pk=message.object_id)}


def purge_invitations(now, period) -> int:
    """Invitations never answered, once expired for the period (answered ones go with the account)."""
    return Invitation.objects.filter(status="pending", expires_at__lt=now - period).delete()[0]


def register() -> None:
    register_retention_rule(
        code="organisations.invitations",
        label=_("Invitations expirées"),
        setting="PRIVACY_LINK_DAYS",
        apply=purge_invitations,
    )
    register_erasure_check(last_manager_warnings)
    register_erasure_listener(on_erasure)
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
        on_erasure=Erasure.REPOINT,
        kept_because=_(
            "Le journal reste pour l'organisation, avec un identifiant pseudonyme à la place de la personne."
        ),
        retention=None,
        purpose=_("Journal des actions des gestionnaires : qui a fait quoi, et quand."),
    )
