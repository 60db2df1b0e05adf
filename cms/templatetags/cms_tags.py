from typing import TYPE_CHECKING

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()


@register.filter
def duration(minutes: int | None) -> str:
    """45 → "45 min", 90 → "1 h 30", 120 → "2 h"."""
    if not minutes:
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)02d") % {"hours": hours, "minutes": rest}


@register.filter
def audience_label(code: str) -> "StrOrPromise":
    from lms.accounts.models import AudienceCode

    return AudienceCode(code).label if code in AudienceCode.values else ""


@register.filter
def get_item(mapping, key):
    """`mapping|get_item:key` for dicts in templates; None when absent."""
    return mapping.get(key) if hasattr(mapping, "get") else None


_state_badges: dict[tuple, SafeString] = {}


@register.simple_tag
def module_state(state: str) -> SafeString:
    """cms/includes/module_state.html for `state`: rendered once per state and language in each
    process (a module list showed one include per module, a twentieth of a module page's time);
    afresh when templates reload (DEBUG)."""
    key = (translation.get_language(), state)
    badge = None if settings.DEBUG else _state_badges.get(key)
    if badge is None:
        badge = render_to_string("cms/includes/module_state.html", {"state": state})
        _state_badges[key] = badge
    return badge


@register.simple_tag(takes_context=True)
def module_body(context, page):
    """The module page's body, block after block as {% include_block block with block_id=block.id %}
    would render it, with the blocks that are the same for every learner rendered once per
    revision, and those kept not even converted (cms/block_cache.py)."""
    from cms.block_cache import rendered_body

    return rendered_body(context, page)
