"""Page sections contributed by other apps, so that an app never imports the apps built on it
(DESIGN.md §2: dependencies point one way). A page owns a registry; apps register sections in
their AppConfig.ready(); the page renders each section's template with its own context."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class Section:
    code: str
    template_name: str
    context: Callable[[HttpRequest], dict]
    order: int = 100


class SectionRegistry:
    def __init__(self) -> None:
        self._sections: dict[str, Section] = {}

    def register(self, section: Section) -> None:
        self._sections[section.code] = section

    def render_list(self, request: HttpRequest) -> list[dict]:
        """Each section's template and context, in order, ready for `{% include … only %}`."""
        return [
            {"code": section.code, "template_name": section.template_name, "context": section.context(request)}
            for section in sorted(self._sections.values(), key=lambda section: (section.order, section.code))
        ]
