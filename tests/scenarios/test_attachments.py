"""Files joined to a contributed scenario: the type read from the content, the limits, images
re-encoded, and who may download them before and after publication."""

import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from scenarios.models import AttachmentKind, ScenarioAttachment, ScenarioPage
from scenarios.models.attachments import MAX_ATTACHMENT_BYTES
from scenarios.uploads import check_upload
from tests.factories import UserFactory
from tests.scenarios.contributing import PROPOSE_URL, act, form_data, moderator, open_task, teacher

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TYPE_ERROR = "Ce type de fichier n&#x27;est pas accepté"


@pytest.fixture(autouse=True)
def private_files(tmp_path, monkeypatch):
    """The attachments' storage in a temporary folder (the field holds its storage from import)."""
    monkeypatch.setattr(ScenarioAttachment._meta.get_field("file"), "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def package(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def image_bytes(image_format: str, **save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format=image_format, **save)
    return buffer.getvalue()


class TestTypeFromContent:
    @pytest.mark.parametrize(
        ("content", "kind"),
        [
            (PDF, AttachmentKind.PDF),
            (package({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}), "odt"),
            (package({"mimetype": b"application/vnd.oasis.opendocument.presentation"}), "odp"),
            (package({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), "docx"),
            (package({"[Content_Types].xml": b"<x/>", "ppt/presentation.xml": b"<x/>"}), "pptx"),
        ],
    )
    def test_documents_are_known_by_their_content_whatever_their_name(self, content, kind):
        """The kind comes from the bytes (magic numbers, the package's parts), and the stored name
        takes the matching extension even when the file was called "photo.png"."""
        checked = check_upload(upload("photo.png", content), already=0)
        assert checked.kind == kind
        assert checked.name == f"photo.{kind}"

    @pytest.mark.parametrize(
        "content",
        [
            b"<html><script>alert(1)</script></html>",
            b"MZ\x90\x00 an executable",
            package({"readme.txt": b"just a zip"}),
            package({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
        ],
    )
    def test_anything_else_is_refused_even_named_pdf(self, content):
        """HTML, an executable, a plain zip or a spreadsheet named "fiche.pdf": refused in French."""
        with pytest.raises(ValidationError, match="Ce type de fichier n'est pas accepté"):
            check_upload(upload("fiche.pdf", content), already=0)

    def test_a_file_over_ten_megabytes_is_refused(self):
        """10 MB at most."""
        with pytest.raises(ValidationError, match="dépasse 10 Mo"):
            check_upload(upload("gros.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES), already=0)

    def test_a_sixth_file_is_refused(self):
        """5 files per scenario at most."""
        with pytest.raises(ValidationError, match="au plus 5 pièces jointes"):
            check_upload(upload("fiche.pdf", PDF), already=5)


class TestImages:
    def test_a_jpeg_is_re_encoded_without_its_metadata(self):
        """A photo is drawn again by Pillow: its EXIF (place, camera) and anything after the image are gone."""
        exif = Image.Exif()
        exif[0x010F] = "Appareil de Madame X"  # Make
        original = image_bytes("JPEG", exif=exif.tobytes()) + b"hidden payload after the image"
        checked = check_upload(upload("tableau.jpeg", original), already=0)
        assert checked.kind == AttachmentKind.JPEG and checked.name == "tableau.jpg"
        assert b"Appareil de Madame X" not in checked.content
        assert b"hidden payload" not in checked.content
        with Image.open(io.BytesIO(checked.content)) as image:
            assert image.size == (40, 30) and image.format == "JPEG"

    def test_a_png_stays_a_png(self):
        """PNG in, PNG out (re-encoded)."""
        checked = check_upload(upload("schema.png", image_bytes("PNG") + b"trailing"), already=0)
        assert checked.kind == AttachmentKind.PNG and b"trailing" not in checked.content

    def test_a_file_that_only_starts_like_an_image_is_refused(self):
        """A PNG signature followed by garbage cannot be re-encoded: refused."""
        with pytest.raises(ValidationError, match="Cette image est illisible"):
            check_upload(upload("faux.png", b"\x89PNG\r\n\x1a\n" + b"garbage" * 20), already=0)


def propose_with(client, author, attachment, **data):
    client.force_login(author)
    return client.post(PROPOSE_URL, {**form_data(**data), "attachment": attachment})


class TestTheForm:
    def test_a_refused_file_is_explained_next_to_the_field_and_nothing_typed_is_lost(self, client):
        """The error sits with the file field; the title and steps typed come back; nothing is saved."""
        response = propose_with(client, teacher(), upload("fiche.pdf", b"<html></html>"), title="Mon titre à garder")
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["attachment"]
        html = response.content.decode()
        assert TYPE_ERROR in html
        assert 'value="Mon titre à garder"' in html and 'value="Découverte"' in html
        assert ScenarioPage.objects.count() == 0

    def test_a_pdf_is_stored_privately_with_its_draft(self, client, private_files):
        """The file lands in the private storage, linked to the draft, with its size and kind."""
        response = propose_with(client, teacher(), upload("Fiche élève.pdf", PDF))
        assert response.status_code == 302
        (attachment,) = ScenarioAttachment.objects.all()
        assert attachment.kind == "pdf" and attachment.size == len(PDF) and attachment.name == "Fiche élève.pdf"
        assert (private_files / attachment.file.name).read_bytes() == PDF

    def test_removing_one_makes_room_for_another(self, client):
        """With 5 files, ticking one for removal lets a sixth in; without, it is refused."""
        author = teacher()
        propose_with(client, author, upload("a.pdf", PDF))
        page = ScenarioPage.objects.get()
        for number in range(4):
            ScenarioAttachment.objects.create(page=page, name=f"{number}.pdf", kind="pdf", size=1, file="x.pdf")
        url = f"{PROPOSE_URL}{page.pk}/"
        refused = client.post(url, {**form_data(), "attachment": upload("six.pdf", PDF)})
        assert "au plus 5 pièces jointes" in refused.content.decode()
        first = ScenarioAttachment.objects.filter(page=page).first()
        accepted = client.post(
            url, {**form_data(), "attachment": upload("six.pdf", PDF), "remove_attachments": [first.pk]}
        )
        assert accepted.status_code == 302
        names = set(ScenarioAttachment.objects.filter(page=page).values_list("name", flat=True))
        assert len(names) == 5 and "six.pdf" in names and first.name not in names


class TestDownloads:
    def test_who_may_download_before_and_after_publication(self, client):
        """A draft's or pending scenario's file: its author and the moderators, a 404 to anyone
        else; once published, everyone."""
        author, reviewer, other = teacher(), moderator(), teacher("Paul")
        propose_with(client, author, upload("fiche.pdf", PDF))
        attachment = ScenarioAttachment.objects.get()
        url = f"/scenarios/pieces-jointes/{attachment.pk}/"

        def status(user):
            client.logout()
            if user is not None:
                client.force_login(user)
            return client.get(url).status_code

        assert {"author": status(author), "moderator": status(reviewer)} == {"author": 200, "moderator": 200}
        assert [status(other), status(UserFactory()), status(None)] == [404, 404, 404]

        client.force_login(author)
        client.post(f"{PROPOSE_URL}{attachment.page_id}/", form_data(action="envoyer"))
        assert [status(other), status(None)] == [404, 404]

        act(client, reviewer, open_task(attachment.page), "approve")
        response = client.get(url)
        client.logout()
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert 'filename="fiche.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == PDF
        page_html = client.get(attachment.page.specific.url).content.decode()
        assert url in page_html
