"""Sections other apps add to a territory's dashboard page (/territoires/…): the relays app shows
the territory's shared experiences there, the surveys app its courses' ratings. `dashboards`
sits below `relays` and never imports it (DESIGN.md §2); an app above registers its sections in
its AppConfig.ready(), and the page renders each one with its own context."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from lms.organisations.models import Territory


@dataclass(frozen=True)
class TerritorySection:
    code: str
    template_name: str
    # The section's context for this territory (None: the nation), or None to leave it out.
    context: Callable[[HttpRequest, Territory | None], dict | None]
    order: int = 100


_sections: dict[str, TerritorySection] = {}


def register_territory_section(section: TerritorySection) -> None:
    _sections[section.code] = section


def territory_sections(request: HttpRequest, territory: Territory | None) -> list[dict]:
    """Each section's template and context, in order, ready for `{% include … only %}`."""
    rendered = []
    for section in sorted(_sections.values(), key=lambda section: (section.order, section.code)):
        context = section.context(request, territory)
        if context is not None:
            rendered.append({"code": section.code, "template_name": section.template_name, "context": context})
    return rendered
