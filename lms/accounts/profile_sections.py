"""Sections other apps add to the profile page (/compte/), registered in their AppConfig.ready().

Accounts knows nothing of the apps built on it (DESIGN.md §2: dependencies point one way); an
app that keeps something about a person shows it on the profile through this registry."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class ProfileSection:
    code: str
    template_name: str
    context: Callable[[HttpRequest], dict]
    order: int = 100


_SECTIONS: dict[str, ProfileSection] = {}


def register_profile_section(section: ProfileSection) -> None:
    _SECTIONS[section.code] = section


def profile_sections(request: HttpRequest) -> list[dict]:
    """Each section's template and context, in order, ready for the profile template."""
    return [
        {"template_name": section.template_name, "context": section.context(request)}
        for section in sorted(_SECTIONS.values(), key=lambda section: (section.order, section.code))
    ]
