from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def accessible_widget(field: BoundField) -> SafeString:
    """Render a field's widget linked to its help text and errors (aria-describedby, aria-invalid).

    The ids match templates/includes/field.html, so a screen reader announces the error with the
    field, as RGAA criterion 11.10 asks.
    """
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_aide")
    attrs: dict[str, str | bool] = {}
    if field.errors:
        described_by.append(f"{field.auto_id}_erreurs")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
