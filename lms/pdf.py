"""PDF rendering: the only module that imports weasyprint (DESIGN.md §5, STYLE.md item 6).

`render_pdf(template_name, context) -> bytes` renders a Django template to HTML and writes an
accessible PDF/UA-1 file: tagged, with the document language and title that WeasyPrint reads
from `<html lang="…">` and `<title>`, so every template rendered here must set both (and give
each image an `alt`, each inline SVG a `<title>`). `render_pdf_fitting` tries several contexts
until one fits its pages; `pdf_page_count` only lays one out and counts its pages. It is slow
work for a worker, never for a learner's request; the one use in a request is staff saving an
attestation template, which is tried on a sample (certificates.rendering.template_sample_pages).
weasyprint is imported on first use, once per process (about 0.5 s), so the web processes that
import this module without rendering never pay for it.

URLs. The HTML is rendered with `base_url = settings.SITE_URL + "/"`, so templates write plain
`{% static %}` and `MEDIA_URL` paths ("/static/fonts/x.ttf" becomes
"https://passerelle.example/static/fonts/x.ttf"). `PasserelleURLFetcher` maps exactly two URL
prefixes back to files on disk, and never opens a network connection:

- `SITE_URL + STATIC_URL` (or `STATIC_URL` alone when it is absolute): the staticfiles finders
  (the source tree), then `STATIC_ROOT` (collected files);
- `SITE_URL + MEDIA_URL` (or `MEDIA_URL` alone when it is absolute): the public media (Wagtail
  images such as a certificate logo), as `lms.runtime.media` defines them for the browser too.
  The private storage is never served.

Everything else raises `URLRefused`: file:, data:, ftp: and unknown schemes, any other host or
port, a path that leaves its root (`..`, encoded or not, or a symlink out of MEDIA_ROOT), media
that is not public. A missing file raises `FileNotFoundError`. WeasyPrint catches both, logs
them on its "weasyprint" logger and renders without that resource, as it does for its own
`allowed_protocols` check: a logo deleted since gives a certificate without logo instead of a
task that fails forever.
"""

import functools
import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from lms.runtime.media import PathRefused, file_under, public_media_file, require_plain_path

PDF_VARIANT = "pdf/ua-1"
_fonts = threading.local()


class URLRefused(ValueError):
    """The PDF renderer asked for a URL outside our own static and media files."""


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` and return the bytes of a PDF/UA-1 document."""
    return _layout(template_name, context).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf_fitting(template_name: str, contexts: list[dict], *, max_pages: int = 1) -> bytes:
    """The PDF of the first context whose layout takes at most `max_pages` pages, or of the
    last one if none does: a template can try its natural sizes first, then smaller ones. Each
    try is one layout (about 0.1 s); the PDF is written once."""
    for context in contexts:
        document = _layout(template_name, context)
        if len(document.pages) <= max_pages:
            break
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_page_count(template_name: str, context: dict) -> int:
    """How many pages `render_pdf` would write for the same arguments: the same layout, without
    writing the file (a check on a sample, such as an attestation template at save)."""
    return len(_layout(template_name, context).pages)


def _layout(template_name: str, context: dict):
    """The laid-out document: what HTML.write_pdf does before writing, with the same options."""
    html = render_to_string(template_name, context)
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=html, base_url=base_url(), url_fetcher=_fetcher_class()())
    return document.render(pdf_variant=PDF_VARIANT, font_config=font_configuration())


def font_configuration():
    """One WeasyPrint FontConfiguration per thread, reused by every render: write_pdf makes a
    new one otherwise, and each keeps about 0.2 MB of native memory (fontconfig and Pango) for
    the life of the process, 100 MB over 500 attestations (benchmark B5)."""
    configuration = getattr(_fonts, "configuration", None)
    if configuration is None:
        from weasyprint.text.fonts import FontConfiguration

        configuration = _fonts.configuration = FontConfiguration()
    return configuration


def base_url() -> str:
    """The URL that relative and root-relative URLs in PDF templates resolve against."""
    return settings.SITE_URL.rstrip("/") + "/"


def resolve_url(url: str) -> Path:
    """The file on disk that `url` names, if it is one of our static or media files.

    Raises URLRefused for any other URL, FileNotFoundError for one of ours that does not exist.
    """
    parts = urlsplit(url)
    for prefix, find in ((settings.STATIC_URL, _find_static), (settings.MEDIA_URL, _find_media)):
        root = urlsplit(urljoin(base_url(), prefix))
        same_origin = (parts.scheme.lower(), parts.netloc.lower()) == (root.scheme.lower(), root.netloc.lower())
        if same_origin and parts.scheme.lower() in ("http", "https") and parts.path.startswith(root.path):
            relative = unquote(parts.path.removeprefix(root.path))
            try:
                return find(relative, url)
            except PathRefused as refused:
                raise URLRefused(f"Refused {url}: {refused}") from refused
    raise URLRefused(f"Refused URL (only our own static and media files are fetched): {url}")


def _find_static(relative: str, url: str) -> Path:
    require_plain_path(relative)  # before any lookup on disk
    found = finders.find(relative)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        return file_under(Path(settings.STATIC_ROOT), relative)
    raise FileNotFoundError(url)


def _find_media(relative: str, url: str) -> Path:
    return public_media_file(relative)


@functools.cache
def _weasyprint():
    import weasyprint  # importing it costs about 0.5 s: only processes that render pay for it

    return weasyprint


@functools.cache
def _fetcher_class():
    """Define the fetcher on first use: its base class lives in weasyprint."""
    urls = _weasyprint().urls

    class PasserelleURLFetcher(urls.URLFetcher):
        """Serves our own static and media files from disk (see the module docstring). It keeps
        URLFetcher.__init__, which sets the state WeasyPrint 70 reads (_fail_on_errors)."""

        def fetch(self, url, headers=None):
            path = resolve_url(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return urls.URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": content_type})

    PasserelleURLFetcher.__module__, PasserelleURLFetcher.__qualname__ = __name__, "PasserelleURLFetcher"
    return PasserelleURLFetcher


def __getattr__(name):
    # `from lms.pdf import PasserelleURLFetcher` works, and imports weasyprint only then.
    if name == "PasserelleURLFetcher":
        return _fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
