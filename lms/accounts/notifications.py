"""The e-mails the accounts app sends, registered with lms.notifications."""

from django.utils.translation import gettext_lazy as _

from lms.accounts.services.data_export import data_export_email_context
from lms.accounts.services.email_change import email_changed_email_context, email_taken_email_context
from lms.accounts.services.magic_links import magic_link_email_context
from lms.accounts.services.passwords import password_reset_email_context
from lms.notifications.kinds import NotificationKind, PreferenceGroup, register_group, register_kind


def register() -> None:
    register_group(
        PreferenceGroup(
            code="actualites",
            label=_("Conseils et nouveautés"),
            description=_("Des conseils pour bien démarrer et les nouveautés de Passerelle, rarement."),
        )
    )
    register_kind(NotificationKind("accounts.magic_link", transactional=True, build_context=magic_link_email_context))
    register_kind(
        NotificationKind("accounts.signup_confirmation", transactional=True, build_context=magic_link_email_context)
    )
    register_kind(
        NotificationKind("accounts.signup_existing", transactional=True, build_context=magic_link_email_context)
    )
    register_kind(
        NotificationKind("accounts.password_reset", transactional=True, build_context=password_reset_email_context)
    )
    register_kind(NotificationKind("accounts.email_change", transactional=True, build_context=magic_link_email_context))
    register_kind(
        NotificationKind("accounts.email_changed", transactional=True, build_context=email_changed_email_context)
    )
    register_kind(NotificationKind("accounts.email_taken", transactional=True, build_context=email_taken_email_context))
    register_kind(NotificationKind("accounts.inactivity_notice", transactional=True))
    register_kind(
        NotificationKind("accounts.data_export_ready", transactional=True, build_context=data_export_email_context)
    )
    register_kind(NotificationKind("accounts.welcome", transactional=False, group="actualites"))
