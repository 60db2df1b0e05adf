from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lms.accounts"
    label = "accounts"
    verbose_name = _("Comptes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.accounts import notifications, privacy, retention
        from lms.runtime.schedules import register_schedule

        notifications.register()
        privacy.register()
        retention.register()
        # The retention rules of every app (lms.privacy.retention), registered here because
        # lms.privacy sits beside lms.runtime and may not import it.
        register_schedule(name="privacy.retention", func="lms.privacy.tasks.retention", minutes=1440)
