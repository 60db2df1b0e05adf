"""What the accounts app keeps about people, for the privacy registry (lms.privacy)."""

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import AccessCode, AccountDeletionRequest, MagicLink, User
from lms.privacy.registry import Erasure, declare


def register() -> None:
    declare(
        User,
        user_path=(),
        export_fields=[
            "login_id",
            "email",
            "first_name",
            "last_name",
            "preferred_language",
            "date_joined",
            "last_login",
            "audiences__code",
        ],
        # The account row goes last, once what stays has moved to the person's stand-in.
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Compte : se connecter, suivre ses formations, recevoir ses attestations."),
    )
    declare(
        MagicLink,
        user_path="user",
        export_fields=["purpose", "email", "created_at", "used_at"],
        on_erasure=Erasure.DELETE,
        # Deleted by the retention rule "accounts.links", PRIVACY_LINK_DAYS after they expired.
        retention=timedelta(days=settings.PRIVACY_LINK_DAYS),
        purpose=_("Liens de connexion envoyés par e-mail."),
    )
    declare(
        AccountDeletionRequest,
        user_path="user",
        export_fields=["status", "requested_at", "processed_at"],
        on_erasure=Erasure.DELETE,
        retention=None,
        purpose=_("Suivi des demandes de suppression de compte."),
    )
    declare(
        AccessCode,
        user_path=("user", "created_by"),
        export_fields=["created_at", "expires_at", "used_at"],
        on_erasure=Erasure.DELETE,
        retention=timedelta(days=settings.PRIVACY_LINK_DAYS),
        purpose=_("Codes d'accès imprimés pour les personnes sans e-mail."),
    )
