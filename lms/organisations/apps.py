from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lms.organisations"
    label = "organisations"
    verbose_name = _("Organisations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.accounts.profile_sections import ProfileSection, register_profile_section
        from lms.notifications.kinds import NotificationKind, register_kind
        from lms.organisations import privacy
        from lms.organisations.services.home_communes import home_commune_profile_context
        from lms.organisations.services.invitations import invitation_email_context
        from lms.organisations.services.requests import request_email_context, request_received_email_context

        privacy.register()
        register_profile_section(
            ProfileSection(
                code="home_commune",
                template_name="organisations/profile_home_commune.html",
                context=home_commune_profile_context,
                order=10,
            )
        )
        register_kind(
            NotificationKind("organisations.request_decided", transactional=True, build_context=request_email_context)
        )
        register_kind(
            NotificationKind(
                "organisations.manager_erased", transactional=True, build_context=privacy.manager_erased_email_context
            )
        )
        register_kind(
            NotificationKind("organisations.invitation", transactional=True, build_context=invitation_email_context)
        )
        register_kind(
            NotificationKind(
                "organisations.request_received", transactional=True, build_context=request_received_email_context
            )
        )
