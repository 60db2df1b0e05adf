"""The attestations section of /mon-espace/ right after finishing: shown at once as "en
préparation", then its download, through a status only its holder can read."""

import pytest

from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_render
from courses.services.enrolments import enrolment_create
from tests.certificates.conftest import finish
from tests.factories import UserFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db

STATUS = "/mon-espace/attestations/etat/"


def test_an_attestation_shows_as_in_preparation_until_its_pdf_is_ready(client, published):
    """Between finishing and the worker's issue, then its PDF: a card that says so, a status
    the page's script polls, and the download once ready."""
    learner = UserFactory(audiences=["parent"])
    enrolment = enrolment_create(user=learner, course=published.course)
    finish(published, enrolment)  # the on-commit issue task has not run yet
    assert not Certificate.objects.exists()
    client.force_login(learner)
    response = client.get("/mon-espace/")
    html = response.content.decode()
    text = page_text(response)
    assert "Attestation en préparation" in text and published.course.title in text
    assert "Vos attestations apparaîtront ici" not in text
    assert f'data-certificates-status="{STATUS}"' in html and "js/certificates-status.js" in html
    before = client.get(STATUS).json()
    assert before["pending"] == 1
    before = before["state"]

    enrolment.refresh_from_db()
    certificate = certificate_issue(enrolment_id=enrolment.pk, cycle=enrolment.cycle)  # the PDF is not rendered
    state = client.get(STATUS).json()
    assert state["pending"] == 1 and "PDF en préparation" in state["html"]
    assert state["state"] != before, "the script swaps the section in when what it shows changes"
    assert f"/verifier/{certificate.code}/" in state["html"]
    assert "Valide" in page_text(client.get(f"/verifier/{certificate.code}/"))  # works from issue

    certificate_render(certificate_id=certificate.pk)
    state = client.get(STATUS).json()
    assert state["pending"] == 0 and "Télécharger le PDF" in state["html"]
    assert "data-certificates-status" not in state["html"] and "certificates-status.js" not in state["html"]
    assert "data-certificates-status" not in client.get("/mon-espace/").content.decode()


def test_the_status_shows_only_ones_own_attestations(client, published):
    """Someone else polling reads their own, empty, section; a visitor is sent to sign in."""
    learner = UserFactory(audiences=["parent"])
    finish(published, enrolment_create(user=learner, course=published.course))
    assert client.get(STATUS)["Location"].startswith("/compte/connexion/")
    client.force_login(UserFactory())
    state = client.get(STATUS).json()
    assert state["pending"] == 0 and published.course.title not in state["html"]
