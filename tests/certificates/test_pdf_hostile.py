"""Hostile text in attestations: each line of tests/data/hostile-names.txt as a name, a course
title and a body is printed as typed, never interpreted. Split from test_pdf.py."""

import re

import pytest

from certificates.rendering import certificate_context, certificate_pdf
from tests.certificates.pdf_tools import (
    CODE,
    COURSE,
    HOLDER,
    HOSTILE_FILE,
    VERIFY_URL,
    font_urls,
    make_snapshot,
    needs_poppler,
    pdf_objects,
    pdf_text,
    recording_fetches,
    run,
    squashed,
)


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
