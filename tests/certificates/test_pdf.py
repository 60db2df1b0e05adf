"""Certificate PDFs (certificates.rendering through lms.pdf): what a reader, a screen reader and an
attacker get out of them. A render costs about 0.1 s once weasyprint is loaded, so the file
renders a handful of PDFs, not one per case."""

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zlib
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.test import override_settings
from django.utils import translation

import pytest
from PIL import Image

import lms.pdf
from certificates.rendering import (
    DEFAULT_ACCENT_COLOR,
    DEFAULT_PRIMARY_COLOR,
    TEMPLATE_NAME,
    certificate_context,
    certificate_pdf,
    code_groups,
    french_date,
    qr_svg,
)
from lms.pdf import URLRefused

HOSTILE_FILE = Path(__file__).resolve().parents[1] / "data" / "hostile-names.txt"
FONT_FILES = ["DejaVuSerifCondensed.ttf", "DejaVuSerifCondensed-Italic.ttf", "DejaVuSerifCondensed-Bold.ttf"]
CODE = "7K3M9QXR2TBW4HZ6N8PDFGAJ5C"
VERIFY_URL = f"https://passerelle.example/attestations/verifier/{CODE}/?source=qr&v=1"
HOLDER = "Éloïse Œdipe-Çà N’Guessan"
COURSE = "Œuvrer ensemble : protéger les données « sensibles » des administrés"

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext, pdfinfo) is not installed"
)


def make_snapshot(**changes):
    """The snapshot shape frozen at issue by the certificates services, with `changes` applied."""
    snapshot = {
        "holder_name": HOLDER,
        "course_title": COURSE,
        "course_version": 3,
        "duration_minutes": 150,
        "completed_on": "2026-11-25",
        "score": 85,
        "issued_on": "2026-11-25",
        "expires_on": "2028-12-01",
        "issuer": {
            "organisation": "Mairie de Privas",
            "signatory_name": "Claire Martin",
            "signatory_title": "Directrice de l'agence régionale",
        },
        "template": {
            "id": 1,
            "title": "Attestation agents",
            "body": "Formation suivie dans le cadre du plan de formation.\nElle a été validée par un quiz final.",
            "primary_color": "#1d4e89",
            "accent_color": "#c8553d",
            "logo": None,
        },
    }
    snapshot["template"].update(changes.pop("template", {}))
    snapshot.update(changes)
    return snapshot


@contextmanager
def recording_fetches():
    """Every URL the PDF renderer asks the fetcher for, in order."""
    fetcher = lms.pdf.PasserelleURLFetcher
    original = fetcher.fetch
    calls = []

    def fetch(self, url, headers=None):
        calls.append(url)
        return original(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fetcher, "fetch", fetch)
        yield calls


def run(*command, pdf):
    return subprocess.run(command, input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_text(pdf: bytes) -> str:
    # -raw: in drawing order, and without the default mode's joining of words hyphenated at a
    # line end, which would drop the hyphens of a long "Jean-Baptiste-…" name.
    return run("pdftotext", "-raw", "-enc", "UTF-8", "-", "-", pdf=pdf)


def pdf_info(pdf: bytes, *options: str) -> str:
    return run("pdfinfo", *options, "-", pdf=pdf)


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated, to search its dictionaries."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:  # a decompressor object ignores the end-of-line bytes that follow the data
            parts.append(zlib.decompressobj().decompress(match.group(1)))
        except zlib.error:
            continue  # not a Flate stream
    return b"\n".join(parts)


def squashed(text: str) -> str:
    """Text without spaces, line breaks or invisible format characters, to compare wrapped text."""
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def one_line(text: str) -> str:
    return " ".join(text.split())  # also folds the non-breaking spaces of "85 %", "« … »"


def font_urls():
    return {settings.SITE_URL + static(f"fonts/{name}") for name in FONT_FILES}


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """One full certificate with a logo, rendered while English is the active language."""
    media = tmp_path_factory.mktemp("media")
    (media / "original_images").mkdir()
    Image.new("RGB", (120, 60), "#1d4e89").save(media / "original_images" / "logo.png")
    snapshot = make_snapshot(template={"logo": "original_images/logo.png"})
    lms.pdf._fonts.__dict__.pop("configuration", None)  # this thread's first render: the fonts are fetched
    with override_settings(MEDIA_ROOT=media), translation.override("en"), recording_fetches() as fetched:
        pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    return SimpleNamespace(pdf=pdf, fetched=fetched, text=pdf_text(pdf) if shutil.which("pdftotext") else "")


def test_the_output_is_a_pdf(sample):
    """certificate_pdf returns the bytes of a PDF file."""
    assert sample.pdf.startswith(b"%PDF-")


@needs_poppler
def test_it_is_one_a4_landscape_page(sample):
    """The certificate is a single A4 page in landscape."""
    info = pdf_info(sample.pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    assert "841.89 x 595.276 pts (A4)" in info


@needs_poppler
def test_names_titles_and_french_dates_keep_their_accents(sample):
    """Holder, course, dates and figures read back exactly, in French, with ligatures and guillemets."""
    text = one_line(sample.text)
    for expected in [
        "ATTESTATION DE FORMATION",
        HOLDER,
        "a suivi la formation",
        f"« {COURSE} »",
        "version 3 du programme",
        "2 h 30",
        "25 novembre 2026",
        "85 %",
        "Formation suivie dans le cadre du plan de formation. Elle a été validée par un quiz final.",
        "Délivrée le 25 novembre 2026",
        "Claire Martin",
        "Directrice de l'agence régionale",
        "Mairie de Privas",
        "Valable jusqu’au 1er décembre 2028",
        "7K3M9-QXR2T-BW4H-Z6N8-PDFG-AJ5C",
    ]:
        assert expected in text
    assert squashed(VERIFY_URL) in squashed(sample.text)


@needs_poppler
def test_the_pdf_declares_pdf_ua_and_is_tagged(sample):
    """PDF/UA-1 identification, a structure tree, the French language and a displayed title."""
    assert 'pdfuaid:part="1"' in pdf_info(sample.pdf, "-meta")
    info = pdf_info(sample.pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert f"Title:           Attestation de formation de {HOLDER} : {COURSE}" in info
    objects = pdf_objects(sample.pdf)
    assert b"/Lang (fr)" in objects
    assert b"/DisplayDocTitle true" in objects


@needs_poppler
def test_the_logo_and_the_qr_code_have_alternative_text(sample):
    """Both figures (logo and QR code) carry an /Alt text for screen readers."""
    objects = pdf_objects(sample.pdf)
    assert objects.count(b"/S /Figure") == 2
    assert objects.count(b"/Alt ") == 2
    assert len(run("pdfimages", "-list", "-", pdf=sample.pdf).splitlines()) == 3  # header, rule, the logo


@needs_poppler
def test_the_only_link_is_the_verification_url(sample):
    """The verification URL is a link (once per line it wraps on), and nothing else is."""
    uris = set(re.findall(rb"/URI \(([^)]*)\)", pdf_objects(sample.pdf)))
    assert uris == {VERIFY_URL.encode()}


@needs_poppler
def test_the_vendored_fonts_are_embedded(sample):
    """Every font in the PDF is one of ours, embedded and subset (no system fallback)."""
    lines = run("pdffonts", "-", pdf=sample.pdf).splitlines()[2:]
    assert len(lines) == 3
    assert all("Passerelle-Serif" in line and re.search(r"yes\s+yes\s+yes", line) for line in lines)


def test_only_our_fonts_and_the_logo_are_fetched(sample):
    """The renderer asks for our three fonts and the logo from MEDIA_URL, nothing else."""
    logo = settings.SITE_URL + settings.MEDIA_URL + "original_images/logo.png"
    assert set(sample.fetched) == font_urls() | {logo}


@needs_poppler
def test_the_longest_values_the_models_accept_fit_on_one_page():
    """A 301-character name, a 255-character title and a long body stay on one page, uncut."""
    name = ("Marie-Éloïse Anne-Sophie Œdipe-Çà " * 5)[:150] + " " + ("N’Guessan de la Tour d’Auvergne " * 5)[:146]
    name += " Fin"
    title = ("Protéger les données des administrés et sécuriser les échanges de la collectivité " * 4)[:250] + " Fin"
    body = ("Cette formation s’inscrit dans le plan de formation des agents de la commune. " * 15)[:1100]
    snapshot = make_snapshot(holder_name=name, course_title=title, template={"body": body})
    pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    assert re.search(r"^Pages:\s+1$", pdf_info(pdf), re.M)
    text = squashed(pdf_text(pdf))
    for expected in (name, title, body, "Délivrée le", "7K3M9-QXR2T-BW4H-Z6N8-PDFG-AJ5C"):
        assert squashed(expected) in text


@needs_poppler
def test_a_body_set_larger_than_fits_is_set_smaller():
    """A body just under the length that sets it smallest, with the longest name, title and
    organisation, took two pages at the size chosen by length: the next sizes are tried."""
    from certificates.rendering import SAMPLE_COURSE, SAMPLE_HOLDER, SAMPLE_ORGANISATION

    body = ("Cette formation s’inscrit dans le plan de formation des agents de la commune. " * 15)[:800]
    snapshot = make_snapshot(
        holder_name=SAMPLE_HOLDER,
        course_title=SAMPLE_COURSE,
        issuer={"organisation": SAMPLE_ORGANISATION, "signatory_name": "Claire Martin", "signatory_title": "Maire"},
        template={"body": body},
    )
    pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    assert re.search(r"^Pages:\s+1$", pdf_info(pdf), re.M)
    assert squashed(body) in squashed(pdf_text(pdf))


def word_boxes(pdf: bytes) -> list[tuple[str, float, float, float, float]]:
    """Every word of the PDF with its box (x min, y min, x max, y max), from pdftotext -bbox."""
    html = run("pdftotext", "-bbox", "-enc", "UTF-8", "-", "-", pdf=pdf)
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(word, *map(float, box)) for *box, word in re.findall(pattern, html)]


@needs_poppler
def test_no_text_overlaps_with_the_longest_values():
    """A 200-character organisation and a long signatory title make the closing taller: it
    pushes the page's end down instead of printing over the award's last lines."""
    from certificates.rendering import SAMPLE_COURSE, SAMPLE_HOLDER, SAMPLE_ORGANISATION

    body = ("Cette formation s’inscrit dans le plan de formation des agents de la commune. " * 15)[:1000]
    title = "Directrice de l'agence régionale pour le numérique éducatif et l'inclusion numérique des familles"
    snapshot = make_snapshot(
        holder_name=SAMPLE_HOLDER,
        course_title=SAMPLE_COURSE,
        issuer={"organisation": SAMPLE_ORGANISATION, "signatory_name": "Claire Martin", "signatory_title": title},
        template={"body": body},
    )
    pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    assert re.search(r"^Pages:\s+1$", pdf_info(pdf), re.M)
    words = word_boxes(pdf)
    overlapping = [
        (first[0], second[0])
        for index, first in enumerate(words)
        for second in words[index + 1 :]
        # Boxes that share more than a hairline (0.5 pt) both ways.
        if min(first[3], second[3]) - max(first[1], second[1]) > 0.5
        and min(first[4], second[4]) - max(first[2], second[2]) > 0.5
    ]
    assert overlapping == []


def test_the_template_sample_counts_the_pages_of_its_smallest_sizes():
    """The sample a template is tried on at save: one page for a long body that still fits, two
    for one that cannot fit even at the smallest sizes."""
    from certificates.models import CertificateTemplate
    from certificates.rendering import template_sample_pages

    paragraph = "Cette formation s’inscrit dans le plan de formation des agents de la commune. "
    template = CertificateTemplate(body=(paragraph * 40)[:1000], signatory_name="Claire Martin", signatory_title="")
    assert template_sample_pages(template) == 1
    template.body = (paragraph * 40)[:2000]
    assert template_sample_pages(template) == 2


@needs_poppler
def test_a_certificate_without_optional_values_leaves_them_out():
    """No score, duration, expiry, organisation, logo or body: none of their labels shows."""
    snapshot = make_snapshot(
        score=None,
        duration_minutes=None,
        expires_on=None,
        issuer={"organisation": None, "signatory_name": "Claire Martin", "signatory_title": "Formatrice"},
        template={"body": "", "logo": None},
    )
    with recording_fetches() as fetched:
        pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    text = pdf_text(pdf)
    assert HOLDER in text and "Formatrice" in text
    for absent in ("DURÉE", "RÉSULTAT", "Valable", "Mairie", "Logo"):
        assert absent not in text
    assert set(fetched) <= font_urls()  # the fonts only, if this thread has not loaded them yet


@needs_poppler
def test_the_next_render_reuses_the_fonts_and_still_embeds_them():
    """Each thread keeps one font configuration (B5: a new one per PDF kept 0.25 MB of native
    memory each): the next PDF fetches no font, and embeds the same three."""
    certificate_pdf(snapshot=make_snapshot(), code=CODE, verify_url=VERIFY_URL)
    with recording_fetches() as fetched:
        pdf = certificate_pdf(snapshot=make_snapshot(holder_name="Zoé Ânes"), code=CODE, verify_url=VERIFY_URL)
    assert not any(url in font_urls() for url in fetched)
    lines = run("pdffonts", "-", pdf=pdf).splitlines()[2:]
    assert len(lines) == 3
    assert all("Passerelle-Serif" in line and re.search(r"yes\s+yes\s+yes", line) for line in lines)
    assert "Zoé Ânes" in pdf_text(pdf)


# The fetcher: our static and media files, nothing else.


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


# Hostile input: each line of tests/data/hostile-names.txt as a name, a course title and a body.


def hostile_lines():
    lines = HOSTILE_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("# ")]


def hostile_triples():
    lines = hostile_lines()
    return [lines[i : i + 3] for i in range(0, len(lines), 3)]


def test_the_hostile_corpus_is_big_enough():
    """The corpus covers the cases listed in its header (a guard against an emptied file)."""
    lines = hostile_lines()
    assert len(lines) >= 25
    assert any("<script>" in line for line in lines) and any("\u202e" in line for line in lines)


@needs_poppler
@pytest.mark.parametrize("triple", hostile_triples(), ids=lambda triple: triple[0][:30])
def test_hostile_text_is_printed_never_interpreted(triple):
    """Markup in a name, title or body is shown as typed: nothing fetched, no link, no image."""
    name, title, body = (triple + [HOLDER, COURSE])[:3]
    snapshot = make_snapshot(holder_name=name, course_title=title, template={"body": body})
    with recording_fetches() as fetched:
        pdf = certificate_pdf(snapshot=snapshot, code=CODE, verify_url=VERIFY_URL)
    assert set(fetched) <= font_urls()
    text = squashed(pdf_text(pdf))
    for value in (name, title, body):
        # Bidi overrides are dropped on purpose (certificates.rendering.BIDI_CONTROLS).
        assert squashed(value) in text
    assert set(re.findall(rb"/URI \(([^)]*)\)", pdf_objects(pdf))) == {VERIFY_URL.encode()}
    assert len(run("pdfimages", "-list", "-", pdf=pdf).splitlines()) == 2  # header and rule only


def test_bidi_overrides_cannot_reverse_a_name():
    """'Ange \\u202egnp.exe' is printed in the order it was typed, not as 'Ange exe.png'."""
    context = certificate_context(snapshot=make_snapshot(holder_name="Ange \u202egnp.exe"), code=CODE, verify_url="x")
    assert context["holder_name"] == "Ange gnp.exe"


def test_colours_that_are_not_hex_fall_back_to_the_defaults():
    """Only #rrggbb reaches the stylesheet; anything else is replaced by the default colours."""
    hostile = "red;}@import url(file:///etc/passwd);{"
    snapshot = make_snapshot(template={"primary_color": hostile, "accent_color": "#12345"})
    with translation.override("fr"):
        html = render_to_string(TEMPLATE_NAME, certificate_context(snapshot=snapshot, code=CODE, verify_url="x"))
    assert "file:///etc/passwd" not in html and "#12345;" not in html
    assert f"solid {DEFAULT_PRIMARY_COLOR}" in html and f"solid {DEFAULT_ACCENT_COLOR}" in html


def test_staff_colours_are_used():
    """Valid template colours are the ones the certificate is drawn with."""
    snapshot = make_snapshot(template={"primary_color": "#0A7F3b", "accent_color": "#aa00ff"})
    with translation.override("fr"):
        html = render_to_string(TEMPLATE_NAME, certificate_context(snapshot=snapshot, code=CODE, verify_url="x"))
    assert "solid #0A7F3b" in html and "solid #aa00ff" in html


# Small helpers.


def test_a_code_reads_in_groups_of_four_or_five():
    """26 Crockford characters show as 5-5-4-4-4-4; case and existing dashes do not matter."""
    assert code_groups(CODE) == "7K3M9-QXR2T-BW4H-Z6N8-PDFG-AJ5C"
    assert code_groups("7k3m9-qxr2t-bw4h-z6n8-pdfg-aj5c") == "7K3M9-QXR2T-BW4H-Z6N8-PDFG-AJ5C"
    assert code_groups("ABCD") == "ABCD"


def test_dates_are_french_whatever_the_active_language():
    """Dates read as French prose, with '1er' for the first of the month, even in English."""
    with translation.override("en"):
        assert french_date("2026-11-25") == "25 novembre 2026"
        assert french_date("2026-12-01") == "1er décembre 2026"
        assert french_date("2027-02-10") == "10 février 2027"


def test_the_qr_code_is_inline_svg_with_a_title():
    """No XML declaration, a <title> for the PDF's alternative text, the URL escaped."""
    svg = qr_svg("https://passerelle.example/v/?a=1&b=<2>")
    assert svg.startswith("<svg") and "<?xml" not in svg
    assert re.search(r"<title>[^<]*https://passerelle\.example/v/\?a=1&amp;b=&lt;2&gt;</title>", svg)


def test_importing_the_renderer_does_not_load_weasyprint():
    """Web processes import lms.pdf without paying for weasyprint (about 0.5 s)."""
    code = (
        "import sys, django; django.setup(); import lms.pdf, certificates.rendering; print('weasyprint' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lms.settings.test"},
    )
    assert result.stdout.strip() == "False"
