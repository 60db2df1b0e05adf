"""The PDF renderer's URL fetcher (lms/pdf.py): our static and public media files, nothing else.
Split from test_pdf.py, which renders whole attestations."""

from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

import pytest

import lms.pdf
from lms.pdf import URLRefused


@pytest.fixture
def fetcher():
    return lms.pdf.PasserelleURLFetcher()


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/x.png",
        "https://evil.test/a.css",
        "{site}/static/../../../etc/passwd",
        "{site}/static/fonts/../../../../etc/passwd",
        "{site}/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "{site}/static/fonts%2f..%2f..%2fmanage.py",
        "{site}/static//etc/passwd",
        "{site}/media/../../etc/passwd",
        "{site}/media/%2E%2E/%2E%2E/etc/passwd",
        "{site}/etc/passwd",
        "{site}/staticfonts/DejaVuSerifCondensed.ttf",
        "http://evil.test/static/fonts/DejaVuSerifCondensed.ttf",
        "http://user@{host}/static/fonts/DejaVuSerifCondensed.ttf",
        "ftp://{host}/static/fonts/DejaVuSerifCondensed.ttf",
        "gopher://{host}/static/fonts/DejaVuSerifCondensed.ttf",
        "data:text/css,body{background:url(file:///etc/passwd)}",
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_anything_but_our_files(fetcher, url):
    """Other schemes, hosts and paths, and paths that climb out of their root, raise URLRefused."""
    url = url.replace("{site}", settings.SITE_URL).replace("{host}", settings.SITE_URL.split("://", 1)[1])
    with pytest.raises(URLRefused):
        fetcher.fetch(url)


def test_the_fetcher_serves_a_vendored_font(fetcher):
    """A font under STATIC_URL comes from the source tree, byte for byte."""
    url = settings.SITE_URL + static("fonts/DejaVuSerifCondensed.ttf")
    response = fetcher.fetch(url)
    try:
        assert (
            response.read() == (Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSerifCondensed.ttf").read_bytes()
        )
        assert response.url == url
    finally:
        response.close()


def test_the_fetcher_reports_a_missing_file(fetcher):
    """A static file that does not exist is an error, not an empty file."""
    with pytest.raises(FileNotFoundError):
        fetcher.fetch(settings.SITE_URL + static("fonts/absent.ttf"))


def test_the_fetcher_serves_media_but_not_a_symlink_out_of_it(fetcher, settings, tmp_path):
    """A file under MEDIA_ROOT is served; a symlink there to /etc/passwd is refused."""
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"\x89PNG fake")
    (tmp_path / "sneaky.png").symlink_to("/etc/passwd")
    response = fetcher.fetch(settings.SITE_URL + settings.MEDIA_URL + "logo.png")
    assert response.read() == b"\x89PNG fake"
    response.close()
    with pytest.raises(URLRefused):
        fetcher.fetch(settings.SITE_URL + settings.MEDIA_URL + "sneaky.png")


def test_the_fetcher_refuses_media_that_is_not_public(fetcher, settings, tmp_path):
    """The renderer reaches what a browser reaches at MEDIA_URL: not documents, not private files."""
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "media" / "private"
    for name in ("documents/fiche.pdf", "private/attestations/camille.pdf"):
        (settings.MEDIA_ROOT / name).parent.mkdir(parents=True)
        (settings.MEDIA_ROOT / name).write_bytes(b"%PDF-1.7")
        with pytest.raises(URLRefused):
            fetcher.fetch(settings.SITE_URL + settings.MEDIA_URL + name)
