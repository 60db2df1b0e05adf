"""What relays adds to the lower apps' pages, e-mails and registries (DESIGN.md §2): nothing
below imports relays. Called from RelaysConfig.ready()."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Territory

SECTION_SIZE = 5


def territory_experiences_context(request: HttpRequest, territory: Territory | None) -> dict | None:
    """The shared experiences of a territory and of the territories inside it; none on the
    national page (the listing /relais/experiences/ is the national view)."""
    from relays.experiences_selectors import territory_experiences

    if territory is None:
        return None
    return {"territory": territory, "experiences": territory_experiences(territory, limit=SECTION_SIZE)}


def register_experiences() -> None:
    from dashboards.sections import TerritorySection, register_territory_section
    from lms.organisations.manager_tabs import ManagerTab, register_manager_tab
    from relays import experiences_notifications, experiences_privacy

    experiences_privacy.register()
    experiences_notifications.register()
    register_territory_section(
        TerritorySection(
            code="relays.experiences",
            template_name="relays/experiences/territory_section.html",
            context=territory_experiences_context,
            order=50,
        )
    )
    register_manager_tab(
        ManagerTab(
            code="experiences",
            label=_("Retours d'expérience"),
            url_name="relays:organisation_experiences",
            order=70,
        )
    )


def register() -> None:
    register_experiences()
