"""Helpers for the certificate PDF tests: a sample snapshot, poppler's tools, text comparison."""

import re
import shutil
import subprocess
import unicodedata
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static

import pytest

import lms.pdf

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
