from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelaysConfig(AppConfig):
    """The network of local relays (issue 30): public profiles, the directory and shared
    experiences. At the top of the dependency order, above dashboards: it fills the dashboards'
    section registry in ready() and reads the lower apps through their selectors."""

    name = "relays"
    label = "relays"
    verbose_name = _("Réseau des relais")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lms.organisations.slugs import reserve_slugs
        from relays import profile_tab, registries

        # /relais/imprimer/ and /relais/experiences/ sit where a relay's /relais/<slug>/ would.
        reserve_slugs("imprimer", "experiences")
        profile_tab.register()
        registries.register()
