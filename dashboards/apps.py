from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Territorial dashboards and their open data (issue 28): at the top of the dependency order,
    it reads the lower apps through their selectors and writes only its own summary tables."""

    name = "dashboards"
    label = "dashboards"
    verbose_name = _("Tableaux de bord territoriaux")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from dashboards import course_ratings
        from dashboards.needs.sections import register_needs_sections

        register_needs_sections()
        course_ratings.register()
