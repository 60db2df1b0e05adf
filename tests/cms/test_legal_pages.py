import pytest

from cms.models import LegalKind
from tests.factories import LegalPageFactory

pytestmark = pytest.mark.django_db
LEGAL_LINKS = ['href="/mentions-legales/"', 'href="/confidentialite/"', 'href="/accessibilite/"', 'href="/cookies/"']


@pytest.mark.parametrize(
    "path", ["/", "/formations/", "/compte/connexion/", "/verifier/", "/scenarios/", "/sessions/", "/cookies/"]
)
def test_every_page_type_links_to_the_legal_pages_in_its_footer(client, path):
    """The footer of each kind of page links to the four legal pages."""
    response = client.get(path, follow=True)
    content = response.content.decode()
    assert all(link in content for link in LEGAL_LINKS), path


@pytest.mark.parametrize("kind", LegalKind.values)
def test_each_legal_page_shows_its_default_text_until_one_is_published(client, kind):
    """Before anyone writes it in the CMS, each address answers with the default text."""
    response = client.get(f"/{kind}/")
    assert response.status_code == 200 and response.content.decode().count("<h1") == 1


def test_the_cms_page_replaces_the_default_and_the_privacy_table_comes_from_the_registry(client):
    """An edited privacy policy is shown at /confidentialite/, with the registry's table below."""
    LegalPageFactory(kind=LegalKind.PRIVACY, title="Notre politique", body="<p>Écrit par la commune.</p>")
    content = client.get("/confidentialite/").content.decode()
    assert "Notre politique" in content and "Écrit par la commune." in content
    assert "Inscriptions aux formations et leur avancement." in content  # courses.Enrolment's purpose
    assert "Feuilles d&#x27;émargement" in content or "Feuilles d'émargement" in content


def test_the_accessibility_statement_shows_the_state_and_the_audit(client):
    """The RGAA statement says its compliance state and the audit result entered in the CMS."""
    LegalPageFactory(kind=LegalKind.ACCESSIBILITY, slug="accessibilite", compliance="partial", audit_result="72 %")
    content = client.get("/accessibilite/").content.decode()
    assert "partiellement conforme" in content and "72 %" in content
