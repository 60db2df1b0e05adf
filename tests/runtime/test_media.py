"""Public media with debug off (`make run`): Wagtail's images are served from MEDIA_ROOT; the
private folder, documents, folders and paths that climb out are a French 404."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.test import override_settings

import pytest

from lms.runtime.media import check_private_media_outside_media

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n-not-decoded-by-the-view"
CERTIFICATE = b"%PDF-1.7 attestation de Camille"


@pytest.fixture
def roots(settings, tmp_path) -> tuple[Path, Path]:
    """MEDIA_ROOT and PRIVATE_MEDIA_ROOT as siblings, as in var/: an image and an attestation."""
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "images").mkdir(parents=True)
    (media / "images" / "tablette.max-960x720.png").write_bytes(PNG)
    (private / "attestations").mkdir(parents=True)
    (private / "attestations" / "camille.pdf").write_bytes(CERTIFICATE)
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = media, private
    return media, private


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_french_404(response) -> None:
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page introuvable" in html
    assert "URLconf" not in html and "Traceback" not in html  # not Django's technical page
    assert CERTIFICATE.decode() not in html


def test_an_image_rendition_is_served_with_debug_off(client, settings, roots):
    """A file under MEDIA_ROOT answers 200 at MEDIA_URL, with its type and a Last-Modified."""
    assert settings.DEBUG is False
    response = client.get("/media/images/tablette.max-960x720.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Length"] == str(len(PNG))
    assert "Last-Modified" in response
    assert body(response) == PNG


def test_an_unchanged_image_is_not_sent_again(client, roots):
    """If-Modified-Since with the file's date answers 304, without the bytes."""
    last_modified = client.get("/media/images/tablette.max-960x720.png")["Last-Modified"]
    response = client.get("/media/images/tablette.max-960x720.png", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert response.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/attestations/camille.pdf",
        "/media/%2E%2E/private/attestations/camille.pdf",
        "/media/%2e%2e%2fprivate%2fattestations%2fcamille.pdf",
        "/media/images/../../private/attestations/camille.pdf",
        "/media/images/%2E%2E/%2E%2E/private/attestations/camille.pdf",
        "/media/..%5Cprivate%5Cattestations%5Ccamille.pdf",
        "/media//etc/passwd",
        "/media/images/./tablette.max-960x720.png",
        "/media/images/tablette.max-960x720.png%00.txt",
    ],
)
def test_a_path_that_climbs_out_of_media_is_a_404(client, roots, path):
    """`..`, typed or percent-encoded, and any other path that is not plain, answers the French 404."""
    assert_french_404(client.get(path))


def test_a_symlink_to_the_private_folder_is_a_404(client, roots):
    """A link inside MEDIA_ROOT that leads to an attestation is refused once resolved."""
    media, private = roots
    (media / "images" / "raccourci.pdf").symlink_to(private / "attestations" / "camille.pdf")
    (media / "attestations").symlink_to(private / "attestations", target_is_directory=True)
    assert_french_404(client.get("/media/images/raccourci.pdf"))
    assert_french_404(client.get("/media/attestations/camille.pdf"))


def test_the_private_folder_inside_media_is_still_not_served(client, settings, roots):
    """Even when PRIVATE_MEDIA_ROOT is misconfigured inside MEDIA_ROOT, its files are a 404."""
    media, _private = roots
    inside = media / "private"
    (inside / "attestations").mkdir(parents=True)
    (inside / "attestations" / "camille.pdf").write_bytes(CERTIFICATE)
    settings.PRIVATE_MEDIA_ROOT = inside
    assert_french_404(client.get("/media/private/attestations/camille.pdf"))


def test_a_folder_is_not_listed(client, roots):
    """A folder under MEDIA_ROOT answers 404, never a listing of its files."""
    assert_french_404(client.get("/media/images/"))
    assert_french_404(client.get("/media/images"))


def test_documents_are_served_only_by_wagtail(client, roots):
    """A document answers at its Wagtail URL, which checks the collection's privacy, and not
    straight from MEDIA_ROOT, which would skip that check."""
    from wagtail.documents.models import Document

    document = Document.objects.create(title="Fiche", file=ContentFile(b"Fiche pratique", name="fiche.txt"))
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == b"Fiche pratique"
    assert_french_404(client.get("/media/" + document.file.name))


def test_nothing_is_served_when_the_proxy_serves_media(client, settings, roots):
    """With PASSERELLE_SERVE_MEDIA off (production default), Django leaves /media/ to the proxy."""
    settings.PASSERELLE_SERVE_MEDIA = False
    assert_french_404(client.get("/media/images/tablette.max-960x720.png"))


def test_only_get_and_head_are_allowed(client, roots):
    """Media is read-only: a POST answers 405."""
    assert client.head("/media/images/tablette.max-960x720.png").status_code == 200
    assert client.post("/media/images/tablette.max-960x720.png").status_code == 405


def test_the_system_check_refuses_private_media_inside_media(tmp_path):
    """Start-up fails when PRIVATE_MEDIA_ROOT lies inside MEDIA_ROOT, where a proxy would serve it."""
    with override_settings(MEDIA_ROOT=tmp_path / "media", PRIVATE_MEDIA_ROOT=tmp_path / "media" / "private"):
        assert [error.id for error in check_private_media_outside_media()] == ["runtime.E001"]
    with override_settings(MEDIA_ROOT=tmp_path / "media", PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        assert check_private_media_outside_media() == []


def test_the_default_folders_pass_the_system_check():
    """var/private sits beside var/media, not inside it."""
    assert check_private_media_outside_media() == []


# --- Byte ranges: Chromium seeks in a video by asking for ranges of it ------------------------

VIDEO = bytes(range(256)) * 4  # 1,024 bytes, each offset recognisable


@pytest.fixture
def video_url(roots) -> str:
    from wagtail.documents.models import Document

    return Document.objects.create(title="Vidéo", file=ContentFile(VIDEO, name="reglages.webm")).url


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=1000-", 1000, 1023), ("bytes=-24", 1000, 1023), ("bytes=1000-5000", 1000, 1023)],
)
def test_a_video_answers_a_byte_range(client, video_url, header, first, last):
    """One range of a document answers 206 with exactly those bytes and where they sit."""
    response = client.get(video_url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(VIDEO)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "video/webm"
    assert body(response) == VIDEO[first : last + 1]


def test_a_whole_video_says_it_accepts_ranges(client, video_url):
    """Without a Range, the whole file comes with Accept-Ranges, which tells the player it may seek."""
    response = client.get(video_url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == VIDEO


def test_a_range_past_the_end_is_unsatisfiable(client, video_url):
    """A range that starts past the end answers 416 with the file's size."""
    response = client.get(video_url, HTTP_RANGE="bytes=1024-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(VIDEO)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=9-5", "bytes=-", "octets=0-1", "bytes=abc"])
def test_other_ranges_get_the_whole_file(client, video_url, header):
    """Several ranges, a reversed or malformed one: the whole file, which HTTP always allows."""
    response = client.get(video_url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert body(response) == VIDEO


def test_if_range_for_another_version_gets_the_whole_file(client, video_url):
    """A range asked for with an older version's ETag gets the current file whole, not a mix."""
    etag = client.get(video_url)["ETag"]
    assert client.get(video_url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag).status_code == 206
    response = client.get(video_url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"ancienne-version"')
    assert response.status_code == 200
    assert body(response) == VIDEO


def test_a_range_does_not_open_a_restricted_document(client, roots):
    """A document in a collection restricted to signed-in people stays closed to a Range request."""
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    collection = Collection.get_first_root_node().add_child(name="Réservé")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = Document.objects.create(title="Réservé", collection=collection, file=ContentFile(VIDEO, name="r.webm"))
    response = client.get(document.url, HTTP_RANGE="bytes=0-9")
    assert response.status_code == 302
    assert "Content-Range" not in response


def test_an_image_answers_a_byte_range_too(client, roots):
    """The public media view answers ranges the same way."""
    response = client.get("/media/images/tablette.max-960x720.png", HTTP_RANGE="bytes=0-7")
    assert response.status_code == 206
    assert body(response) == PNG[:8]
