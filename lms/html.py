"""Cleaning stored HTML with nh3 (DESIGN.md §2 "Text"). Only fields that hold HTML go through
here; plain text is stored as typed and escaped on output."""

import nh3

# Wagtail's stored rich-text format: <a linktype="page" id="3"> for internal links, <embed> for
# images in rich text (not enabled in our editors, so dropped), plain tags for the rest.
RICH_TEXT_TAGS = {"p", "br", "b", "i", "strong", "em", "ul", "ol", "li", "h3", "h4", "a"}
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def clean_rich_text(html: str) -> str:
    """Keep the tags our editors produce; drop scripts, styles, event handlers and odd schemes."""
    if not html:
        return html
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
