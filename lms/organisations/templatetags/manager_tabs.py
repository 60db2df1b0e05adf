from django import template

from lms.organisations.manager_tabs import manager_tabs

register = template.Library()


@register.simple_tag
def registered_manager_tabs(slug: str) -> list[dict]:
    return manager_tabs(slug)
