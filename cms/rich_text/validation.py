"""Saving rich text from the editor's forms: what the editor could not read, and links that lead
nowhere, are errors next to the field, in French."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.documents import get_document_model
from wagtail.models import Page

from lms.html import URL_SCHEMES, clean_rich_text
from lms.runtime.converters import parse_id

BROKEN_PAGE = _(
    "Ce lien mène à une page qui n'existe pas (ou plus) : « %(text)s ». "
    "Choisissez la page de nouveau, ou retirez le lien."
)
BROKEN_DOCUMENT = _(
    "Ce lien mène à un document qui n'existe pas (ou plus) : « %(text)s ». "
    "Choisissez le document de nouveau, ou retirez le lien."
)
BAD_ADDRESS = _(
    "Cette adresse de lien n'est pas acceptée : « %(text)s ». "
    "Une adresse commence par https://, http://, mailto: ou tel:."
)
UNKNOWN_LINK = _("Ce lien n'est pas d'un type connu : « %(text)s ». Retirez-le, puis créez-le de nouveau.")
UNREADABLE = _(
    "Le contenu de ce champ n'a pas pu être lu. Rechargez la page, puis saisissez-le de nouveau dans l'éditeur."
)
LINK_TEXT_SHOWN = 60


class _Links(HTMLParser):
    """The attributes and words of each <a> in a fragment, entities decoded as a browser does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[dict, str]] = []
        self._open: list[tuple[dict, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            # The first of two same-named attributes wins, as in a browser and in nh3.
            self._open.append(({name: value or "" for name, value in reversed(attrs)}, []))

    def handle_data(self, data):
        for _attrs, words in self._open:
            words.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            attrs, words = self._open.pop()
            self.links.append((attrs, " ".join("".join(words).split())))

    def close(self):
        super().close()
        while self._open:
            self.handle_endtag("a")


def links_in(html: str) -> list[tuple[dict, str]]:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.links


def is_accepted_address(href: str) -> bool:
    """An address of one of the schemes the cleaner keeps, or one within the site (/…, #…)."""
    if not href.strip():
        return False
    try:
        scheme = urlsplit(href.strip()).scheme  # drops tabs and newlines, as browsers do
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return not scheme or scheme.lower() in URL_SCHEMES


def validate_rich_text_links(html: str) -> None:
    """Every link leads somewhere: an existing page or document, or an accepted address.

    Both the HTML as posted and as it will be stored are read: the first still has the
    addresses nh3 would drop without a word, the second is what Wagtail will render."""
    if not html:
        return
    errors: dict[str, ValidationError] = {}

    def refuse(message, text: str) -> None:
        error = ValidationError(message, code="link", params={"text": text[:LINK_TEXT_SHOWN] or "…"})
        errors.setdefault(str(error.messages[0]), error)

    pages: dict[int | None, list[str]] = {}
    documents: dict[int | None, list[str]] = {}
    for attrs, text in links_in(html) + links_in(clean_rich_text(html)):
        linktype = attrs.get("linktype")
        if linktype == "page":
            pages.setdefault(parse_id(attrs.get("id")), []).append(text)
        elif linktype == "document":
            documents.setdefault(parse_id(attrs.get("id")), []).append(text)
        elif linktype is not None:
            refuse(UNKNOWN_LINK, text)
        elif not is_accepted_address(attrs.get("href", "")):
            refuse(BAD_ADDRESS, text)
    for model, links, message in [(Page, pages, BROKEN_PAGE), (get_document_model(), documents, BROKEN_DOCUMENT)]:
        existing = set(model.objects.filter(pk__in=[pk for pk in links if pk is not None]).values_list("pk", flat=True))
        for pk, texts in links.items():
            if pk not in existing:
                for text in texts:
                    refuse(message, text)
    if errors:
        raise ValidationError(list(errors.values()))


class UnreadableInput(str):
    """What the editor widget returns when the posted value is not the editor's JSON: the posted
    text, escaped, which RichTextFormField refuses with an error next to the field.

    The widget cannot raise the error itself: Django reads the widget's value again to show the
    form back, and an exception there would be the very 500 this avoids. The text is escaped, so
    that a rich-text field that does not refuse it would store it as text, never as markup."""


class RichTextFormField(forms.CharField):
    """The form field of every rich text of the site (SanitisedRichTextField, SanitisedRichTextBlock):
    what the editor could not read, and links that lead nowhere, are form errors."""

    default_validators = [validate_rich_text_links]

    def to_python(self, value):
        if isinstance(value, UnreadableInput):
            raise ValidationError(UNREADABLE, code="unreadable")
        return super().to_python(value)
