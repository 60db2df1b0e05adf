from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScenariosConfig(AppConfig):
    name = "scenarios"
    label = "scenarios"
    verbose_name = _("Scénarios pédagogiques")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from courses.dashboard_sections import register_dashboard_section
        from scenarios import notifications, privacy
        from scenarios.dashboard import my_scenarios_section
        from scenarios.moderation import connect_moderation_signals

        privacy.register()
        notifications.register()
        connect_moderation_signals()
        register_dashboard_section(my_scenarios_section)
