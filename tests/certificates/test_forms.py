"""The attestation template form (certificates.forms), through the Wagtail snippet views: a
text that would push an attestation onto a second page is refused at save."""

from django.urls import reverse

import pytest

from certificates.models import CertificateTemplate
from tests.factories import UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

PARAGRAPH = "Cette formation s’inscrit dans le plan de formation des agents de la commune. "
TITLE = "Attestation des agents (essai)"  # the migrations create one template per audience
ADD_URL = reverse("wagtailsnippets_certificates_certificatetemplate:add")


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def template_form(body: str) -> dict:
    return {
        "title": TITLE,
        "audience": "",
        "body": body,
        "signatory_name": "Claire Martin",
        "signatory_title": "Directrice de l'agence régionale",
        "logo": "",
        "primary_color": "#1d4e89",
        "accent_color": "#b34700",
    }


def test_a_body_too_long_for_one_page_is_refused(staff):
    """A body that would spill the attestation onto a second page is refused with a French error
    on the field, and nothing is saved."""
    response = staff.post(ADD_URL, template_form((PARAGRAPH * 40)[:3000]))
    assert response.status_code == 200
    assert "l'attestation ne tiendrait pas sur une page" in response.context["form"].errors["body"][0]
    assert "Raccourcissez-le." in page_text(response)
    assert not CertificateTemplate.objects.filter(title=TITLE).exists()


def test_placeholders_count_with_the_longest_values(staff):
    """{nom} and {formation} are tried with the longest name and title: a text that fits as typed
    but not once they are filled in is refused."""
    fits_as_typed = (PARAGRAPH * 20)[:900]
    filled = fits_as_typed + " {nom} " * 2 + " {formation} " * 2
    assert staff.post(ADD_URL, template_form(fits_as_typed)).status_code == 302
    response = staff.post(ADD_URL, template_form(filled))
    assert "body" in response.context["form"].errors


def test_a_normal_body_is_saved(staff):
    """A template of usual length is saved."""
    body = "Formation suivie par {nom} dans le cadre du plan de formation de {organisation} ({duree})."
    response = staff.post(ADD_URL, template_form(body))
    assert response.status_code == 302
    assert CertificateTemplate.objects.get(title=TITLE).body == body
