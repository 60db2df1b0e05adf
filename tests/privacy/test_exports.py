import io
import json
import zipfile
from datetime import timedelta

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

import pytest

from lms.notifications.models import OutboxMessage
from lms.privacy.exports import archive_build, data_exports_purge
from lms.privacy.models import DataExport
from lms.privacy.registry import declarations
from tests.factories import (
    CertificateFactory,
    EnrolmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


def read(archive: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


@pytest.fixture
def colleagues(db):
    """Two people of one organisation, each with an enrolment and an attestation."""
    organisation = OrganisationFactory()
    people = []
    for first, last, email in [
        ("Aurore", "Bellegarde", "aurore@exemple.fr"),
        ("Basile", "Cornouaille", "b@exemple.fr"),
    ]:
        person = UserFactory(first_name=first, last_name=last, email=email)
        MembershipFactory(user=person, organisation=organisation)
        certificate = CertificateFactory(enrolment=EnrolmentFactory(user=person, organisation=organisation))
        certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(f"%PDF {last}".encode()), save=True)
        people.append(person)
    return people


def test_the_archive_has_a_json_per_section_the_attestations_and_a_readme(colleagues):
    """Each registry section is a JSON file; the attestation PDFs and a French README come with it."""
    aurore, _basile = colleagues
    files = read(archive_build(aurore))
    assert {f"donnees/{declaration.label}.json" for declaration in declarations()} <= set(files)
    assert "LISEZMOI.txt" in files and "Vos données personnelles" in files["LISEZMOI.txt"].decode()
    user_section = json.loads(files["donnees/accounts.User.json"])
    assert user_section["enregistrements"][0]["email"] == "aurore@exemple.fr"
    assert len(json.loads(files["donnees/courses.Enrolment.json"])["enregistrements"]) == 1
    pdfs = [name for name in files if name.startswith("attestations/")]
    assert len(pdfs) == 1 and files[pdfs[0]] == b"%PDF Bellegarde"


def test_nothing_of_a_colleague_is_in_the_archive(colleagues):
    """Two people of a shared organisation: neither archive holds anything of the other."""
    for person, other in [colleagues, colleagues[::-1]]:
        blob = b"".join(read(archive_build(person)).values()).decode("utf-8", "replace")
        for word in (other.email, other.first_name, other.last_name, other.login_id):
            assert word not in blob
        assert person.last_name in blob


def test_whom_a_manager_enrolled_is_not_in_the_manager_archive(colleagues):
    """A row naming the person only as the actor (who enrolled someone) belongs to the other person."""
    aurore, basile = colleagues
    EnrolmentFactory(user=basile, enrolled_by=aurore)
    enrolments = json.loads(read(archive_build(aurore))["donnees/courses.Enrolment.json"])["enregistrements"]
    assert len(enrolments) == 1


def test_asking_builds_the_archive_mails_a_link_and_only_the_owner_downloads(
    client, colleagues, django_capture_on_commit_callbacks
):
    """From /compte/: the request builds the archive (long cluster), the e-mail links to it, only its
    owner downloads it, and it is gone once expired."""
    aurore, basile = colleagues
    client.force_login(aurore)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 302
    export = DataExport.objects.get(user=aurore)
    assert export.status == "ready" and export.expires_at - timezone.now() > timedelta(days=6)
    assert OutboxMessage.objects.filter(recipient=aurore, kind="accounts.data_export_ready").count() == 1
    url = reverse("accounts:data_export_download", args=[export.pk])
    download = client.get(url)
    assert download.status_code == 200 and "donnees/accounts.User.json" in read(b"".join(download.streaming_content))
    client.force_login(basile)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # behind sign-in
    assert data_exports_purge(now=timezone.now() + timedelta(days=8)) == 1
    assert not DataExport.objects.exists()


def test_the_profile_page_offers_the_download(client, colleagues):
    """ "Télécharger mes données" is on /compte/."""
    client.force_login(colleagues[0])
    assert "Télécharger mes données" in client.get(reverse("accounts:profile")).content.decode()
