"""Wagtail's page and document links, read so that an id that is not one never reaches a query,
and the Draftail editor, for which anything posted that is not its JSON is a form error."""

from html import escape

from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.admin.rich_text.editors.draftail import DraftailRichTextArea
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.rich_text.pages import PageLinkHandler

from draftjs_exporter.error import ExporterException

from cms.rich_text.validation import UnreadableInput
from lms.runtime.converters import parse_id


class SafeIdsMixin:
    """Reads a link's id with parse_id: one that is not an id (`5x`, or past 64 bits, which
    SQLite's driver refuses with OverflowError) counts as a missing target, and renders as `<a>`
    without an address, as Wagtail renders a link to a deleted page."""

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list:
        return super().get_many([{**attrs, "id": parse_id(attrs.get("id"))} for attrs in attrs_list])  # type: ignore[misc]

    @classmethod
    def extract_references(cls, attrs):
        # The reference index, updated on every save, reads attrs["id"] too.
        if parse_id(attrs.get("id")) is not None:
            yield from super().extract_references(attrs)  # type: ignore[misc]


class SafePageLinkHandler(SafeIdsMixin, PageLinkHandler):
    """Wagtail's page links, with ids read safely."""


class SafeDocumentLinkHandler(SafeIdsMixin, DocumentLinkHandler):
    """Wagtail's document links, with ids read safely."""


class SafePageLinkElementHandler(PageLinkElementHandler):
    """Opening a page in the editor: a link whose id is not one is kept as a broken page link,
    as Wagtail keeps a link to a deleted page, so that saving the page again names it."""

    def get_attribute_data(self, attrs):
        if parse_id(attrs.get("id")) is None:
            return {"id": attrs.get("id", ""), "url": None, "parentId": None}
        return super().get_attribute_data(attrs)


def register_link_features(features) -> None:
    """Replace Wagtail's page and document link handlers (called by a `register_rich_text_features`
    hook that runs after Wagtail's own registrations)."""
    features.register_link_type(SafePageLinkHandler)
    features.register_link_type(SafeDocumentLinkHandler)
    features.register_converter_rule(
        "contentstate",
        "link",
        {
            "from_database_format": {
                "a[href]": ExternalLinkElementHandler("LINK"),
                'a[linktype="page"]': SafePageLinkElementHandler("LINK"),
            },
            "to_database_format": {"entity_decorators": {"LINK": link_entity}},
        },
    )


class SafeDraftailRichTextArea(DraftailRichTextArea):
    """Wagtail's Draftail editor (WAGTAILADMIN_RICH_TEXT_EDITORS), for which anything posted that
    is not its JSON (raw HTML, JSON of another shape) is an error rather than a 500."""

    # What the JSON parser and the exporter raise on hostile input; the exporter is not written
    # for it (a missing entity key is a KeyError deep inside, a list instead of a dict an
    # AttributeError, a link without address a TypeError in Wagtail's check_url).
    UNREADABLE_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError, ExporterException)

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except self.UNREADABLE_ERRORS:
            posted = data.get(name) or ""
            return UnreadableInput(escape(posted)) if posted.strip() else ""
