"""Links in rich text (issue 21, item 5): a broken one is refused when saved with a French error
next to the field, and one already stored renders as text; neither ever answers a 500."""

import json

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from cms.models import CoursePage, ModulePage
from cms.rich_text.validation import validate_rich_text_links
from tests.factories import CoursePageFactory, ModulePageFactory, UserFactory
from tests.factories.cms import paragraph_block, publish
from tests.helpers.pages import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

BROKEN_PAGE = "Ce lien mène à une page qui n'existe pas"
BROKEN_DOCUMENT = "Ce lien mène à un document qui n'existe pas"
BAD_SCHEME = "Cette adresse de lien n'est pas acceptée"
UNREADABLE = "Le contenu de ce champ n'a pas pu être lu"

# As stored: what a request built by hand, an import or a script can leave in the database.
STORED_BROKEN_LINKS = [
    '<a linktype="page" id="5x">page au numéro illisible</a>',
    '<a linktype="page" id="999999">page disparue</a>',
    '<a linktype="page" id="99999999999999999999">page au numéro démesuré</a>',
    '<a linktype="page">page sans numéro</a>',
    '<a linktype="document" id="5x">document au numéro illisible</a>',
    '<a linktype="document" id="999999">document disparu</a>',
]


@pytest.fixture
def trainer(client):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Formateurs"))
    client.force_login(user)
    client.raise_request_exception = False
    return user


@pytest.fixture
def document(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Document.objects.create(title="Guide", file=ContentFile(b"%PDF-1.4 guide", name="guide.pdf"))


def contentstate(entity_type: str, data: dict) -> str:
    """The editor's JSON for one paragraph whose first word is a link (Draftail's entity)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "abcde",
                    "text": "Voir la suite.",
                    "type": "unstyled",
                    "depth": 0,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": 4, "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": entity_type, "mutability": "MUTABLE", "data": data}},
        }
    )


def module_form(page: ModulePage, paragraph: str) -> dict:
    """The module's edit form with one paragraph, as the admin posts it."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "estimated_minutes": page.estimated_minutes,
            "is_required": "on",
            "body": streamfield([("paragraph", paragraph)]),
        }
    )


def save_module(client, page: ModulePage, paragraph: str):
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), module_form(page, paragraph))


def latest_body(page: ModulePage) -> str:
    """The body of the page's latest revision, read afresh from the database."""
    revision = ModulePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    return json.dumps(list(revision.body.raw_data), ensure_ascii=False)


def revisions(page: ModulePage | CoursePage) -> int:
    return page.revisions.count()


def errors_with(response, field: str) -> str:
    """The errors the editor shows with `field` (a StreamField's with the block they concern)."""
    errors = response.context["form"].errors.as_data()[field]
    return json.dumps(
        [error.as_json_data() if hasattr(error, "as_json_data") else error.messages for error in errors],
        ensure_ascii=False,
    )


@pytest.mark.parametrize("link", STORED_BROKEN_LINKS)
def test_a_stored_broken_link_renders_as_text(client, link):
    """The module page answers 200 for everyone; the link's words show, without an address."""
    page = publish(ModulePageFactory(body=[paragraph_block(f"<p>Lire : {link}.</p>")], live=False))
    response = client.get(page.url)
    assert response.status_code == 200
    words = link.split(">")[1].split("<")[0]
    assert f"<a>{words}</a>" in page_text(response)


def test_a_broken_link_in_the_course_objectives_renders_as_text(client):
    """The course page's own rich-text field renders the same way."""
    course = publish(CoursePageFactory(objectives='<p><a linktype="page" id="5x">Objectif</a></p>', live=False))
    response = client.get(course.url)
    assert response.status_code == 200
    assert "<a>Objectif</a>" in page_text(response)


def test_working_links_still_render_with_their_address(client, document):
    """The defensive rendering changes nothing for links that work."""
    target = publish(ModulePageFactory(live=False))
    body = f'<p><a linktype="page" id="{target.pk}">Module</a> <a linktype="document" id="{document.pk}">Guide</a></p>'
    page = publish(ModulePageFactory(body=[paragraph_block(body)], live=False))
    html = page_text(client.get(page.url))
    assert f'<a href="{target.url}">Module</a>' in html
    assert f'<a href="{document.url}">Guide</a>' in html


@pytest.mark.parametrize("link", STORED_BROKEN_LINKS)
def test_the_editor_opens_a_page_with_a_stored_broken_link(client, trainer, link):
    """The trainer can open the page to repair it."""
    page = publish(ModulePageFactory(body=[paragraph_block(f"<p>Lire : {link}.</p>")], live=False))
    response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("entity_type", "data", "message"),
    [
        ("LINK", {"id": "5x"}, BROKEN_PAGE),
        ("LINK", {"id": 999999}, BROKEN_PAGE),
        ("LINK", {"id": "99999999999999999999"}, BROKEN_PAGE),
        ("DOCUMENT", {"id": 999999}, BROKEN_DOCUMENT),
        ("DOCUMENT", {"id": "5x"}, BROKEN_DOCUMENT),
        ("DOCUMENT", {}, BROKEN_DOCUMENT),
        ("LINK", {"url": "ftp://exemple.fr/fichier"}, BAD_SCHEME),
        ("LINK", {"url": "javascript:alert(1)"}, BAD_SCHEME),
        ("LINK", {"url": "data:text/html,<script>alert(1)</script>"}, BAD_SCHEME),
        ("LINK", {}, UNREADABLE),
        ("LINK", {"url": 5}, UNREADABLE),
    ],
)
def test_saving_a_broken_link_is_refused_with_an_error(client, trainer, entity_type, data, message):
    """The edit form comes back (200) with the French error; nothing of the link is saved."""
    page = publish(ModulePageFactory(live=False))
    saved = revisions(page)
    response = save_module(client, page, contentstate(entity_type, data))
    assert response.status_code == 200
    assert message in errors_with(response, "body")
    assert '"blockErrors": {"0"' in errors_with(response, "body")
    assert revisions(page) == saved


@pytest.mark.parametrize(
    "posted",
    [
        "<p>Du HTML brut, <a href='https://exemple.fr'>avec un lien</a>.</p>",
        "Du texte, sans balise ni JSON.",
        "[]",
        '"une chaîne JSON"',
        '{"blocks": "pas une liste"}',
        '{"blocks": [{"text": "a", "entityRanges": [{"offset": 0, "length": 1, "key": 9}]}], "entityMap": {}}',
    ],
)
def test_raw_html_instead_of_the_editor_json_is_a_form_error(client, trainer, posted):
    """Whatever is posted where the editor sends its JSON, the answer is the form with an error."""
    page = publish(ModulePageFactory(live=False))
    saved = revisions(page)
    response = save_module(client, page, posted)
    assert response.status_code == 200
    assert UNREADABLE in errors_with(response, "body")
    assert revisions(page) == saved


def test_raw_html_in_the_course_objectives_is_a_form_error(client, trainer):
    """The page-level rich-text field answers the same way."""
    course = publish(CoursePageFactory(live=False))
    saved = revisions(course)
    data = nested_form_data(
        {
            "title": course.title,
            "slug": course.slug,
            "summary": course.summary,
            "level": course.level,
            "estimated_minutes": course.estimated_minutes,
            "objectives": "<ul><li>Du HTML brut</li></ul>",
            "prerequisites": "",
            "cover_alt": "",
            "pass_mark": course.pass_mark,
            "authors-TOTAL_FORMS": 0,
            "authors-INITIAL_FORMS": 0,
            "authors-MIN_NUM_FORMS": 0,
            "authors-MAX_NUM_FORMS": 1000,
        }
    )
    data["audiences"] = ["parent"]
    response = client.post(reverse("wagtailadmin_pages:edit", args=(course.pk,)), data)
    assert response.status_code == 200
    assert UNREADABLE in errors_with(response, "objectives")
    assert revisions(course) == saved


def test_working_links_are_saved(client, trainer, document):
    """A page link and a document link chosen in the editor save as before."""
    target = publish(ModulePageFactory(live=False))
    page = publish(ModulePageFactory(live=False))
    html = (
        f'<p><a linktype="page" id="{target.pk}">Module</a>, <a linktype="document" id="{document.pk}">Guide</a>, '
        '<a href="https://exemple.fr/">site</a>, <a href="mailto:contact@exemple.fr">écrire</a></p>'
    )
    response = save_module(client, page, rich_text(html, features=["link", "document-link"]))
    assert response.status_code == 302
    body = latest_body(page)
    assert f'id=\\"{target.pk}\\"' in body and f'id=\\"{document.pk}\\"' in body
    assert "https://exemple.fr/" in body and "mailto:contact@exemple.fr" in body


@pytest.mark.parametrize(
    "html",
    [
        '<p><a href="https://exemple.fr/">site</a></p>',
        '<p><a href="http://exemple.fr/">site</a></p>',
        '<p><a href="mailto:a@exemple.fr">écrire</a> <a href="tel:+33100000000">appeler</a></p>',
        '<p><a href="/formations/">catalogue</a> <a href="#suite">plus bas</a></p>',
        "<p>Pas de lien du tout.</p>",
        "",
    ],
)
def test_links_the_site_accepts(html):
    validate_rich_text_links(html)


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("<p><a href='java&#9;script:alert(1)'>x</a></p>", BAD_SCHEME),
        ('<p><a href=" JavaScript:alert(1)">x</a></p>', BAD_SCHEME),
        ("<p><a linktype='page' id='5x'>x</a></p>", BROKEN_PAGE),
        ('<p><a linktype="image" id="1">x</a></p>', "Ce lien n'est pas d'un type connu"),
    ],
)
def test_links_the_site_refuses(html, message):
    """However the attribute is written: nh3 would otherwise rewrite it into a link that breaks."""
    with pytest.raises(ValidationError) as error:
        validate_rich_text_links(html)
    assert any(message in text for text in error.value.messages)
