from typing import TYPE_CHECKING

from django import template
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


@register.simple_tag(takes_context=True)
def module_block(context, block):
    """{% include_block block with block_id=block.id %} for a module page's body, with the blocks
    that are the same for every learner rendered once per revision (cms/block_cache.py)."""
    from cms.block_cache import rendered_block

    return rendered_block(context, context["page"], block)
