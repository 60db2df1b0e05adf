"""The layout's fixed parts, computed once (issue 35, bench P1: the layout's dozen `{% url %}`
and its two language switches were a tenth of a module page's time)."""

import threading

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.safestring import SafeString

register = template.Library()

_reversed: dict[tuple, str] = {}
_lock = threading.Lock()
SWITCH_TEMPLATE = "includes/language_switch.html"


@register.simple_tag
def fixed_url(name: str, *args) -> str:
    """`{% url name args %}` for the layout's links, whose arguments are fixed in the template:
    reversed once per URL configuration, script prefix and language (what a reverse depends
    on), then read from this process's copy. The set of keys is bounded by the templates."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language(), name, args)
    url = _reversed.get(key)
    if url is None:
        url = reverse(name, args=args)
        with _lock:
            _reversed[key] = url
    return url


@register.simple_tag(takes_context=True)
def language_switch(context) -> SafeString:
    """includes/language_switch.html, rendered once per page: the header and the footer show the
    same link (the current address in the other language)."""
    rendered = context.render_context.get(SWITCH_TEMPLATE)
    if rendered is None:
        with context.push():
            rendered = context.template.engine.get_template(SWITCH_TEMPLATE).render(context)
        context.render_context[SWITCH_TEMPLATE] = rendered
    return rendered
