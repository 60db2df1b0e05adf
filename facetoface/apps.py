from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacetofaceConfig(AppConfig):
    name = "facetoface"
    label = "facetoface"
    verbose_name = _("Sessions en présentiel")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from facetoface import certification, registries

        registries.register()
        certification.register()
