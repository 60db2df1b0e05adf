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
        from dashboards import course_ratings, survey_figures
        from dashboards.needs.sections import register_needs_sections
        from dashboards.tasks import enqueue_refresh
        from facetoface.closing import register_session_closed
        from lms.runtime.schedules import register_schedule

        register_needs_sections()
        course_ratings.register()
        survey_figures.register_export_provider()
        # Nightly, and after a session closes: the figures change slowly and the refresh reads
        # every enrolment. A campaign closes by its date: the night after, its figures show.
        register_session_closed("dashboards.refresh", enqueue_refresh)
        register_schedule(name="dashboards.refresh", func="dashboards.tasks.refresh", minutes=24 * 60, cluster="long")
