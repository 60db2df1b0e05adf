"""Certificate PDFs (certificates.rendering through lms.pdf): what a reader, a screen reader and an
attacker get out of them. A render costs about 0.1 s once weasyprint is loaded, so the file
renders a handful of PDFs, not one per case."""

import os
import re
import shutil
import subprocess
import sys
from types import SimpleNamespace

from django.conf import settings
from django.template.loader import render_to_string
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
from tests.certificates.pdf_tools import (
    CODE,
    COURSE,
    HOLDER,
    VERIFY_URL,
    font_urls,
    make_snapshot,
    needs_poppler,
    one_line,
    pdf_info,
    pdf_objects,
    pdf_text,
    recording_fetches,
    run,
    squashed,
)


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
        "7K3M-9QXR-2TBW-4HZ6-N8PD-FGAJ-5C",
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
    for expected in (name, title, body, "Délivrée le", "7K3M-9QXR-2TBW-4HZ6-N8PD-FGAJ-5C"):
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


def test_a_code_reads_in_groups_of_four():
    """26 Crockford characters show as 4-4-4-4-4-4-2; case and existing separators do not matter."""
    assert code_groups(CODE) == "7K3M-9QXR-2TBW-4HZ6-N8PD-FGAJ-5C"
    assert code_groups("7k3m9-qxr2t-bw4h-z6n8-pdfg-aj5c") == "7K3M-9QXR-2TBW-4HZ6-N8PD-FGAJ-5C"
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
