from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lms.privacy"
    label = "privacy"
    verbose_name = _("Données personnelles")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.privacy.declarations import declare_own_models
        from lms.privacy.third_party import declare_third_party_models

        declare_third_party_models()
        declare_own_models()
