"""Sections other apps add to the profile page (/compte/), registered in their AppConfig.ready().

Accounts knows nothing of the apps built on it (DESIGN.md §2: dependencies point one way); an
app that keeps something about a person shows it on the profile through this registry."""

from django.http import HttpRequest

from lms.runtime.sections import Section, SectionRegistry

ProfileSection = Section

_registry = SectionRegistry()


def register_profile_section(section: Section) -> None:
    _registry.register(section)


def profile_sections(request: HttpRequest) -> list[dict]:
    return _registry.render_list(request)
