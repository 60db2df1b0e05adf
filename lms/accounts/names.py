"""Names as people type them, minus the invisible characters that change how they are shown.

A right-to-left override (U+202E) in a name reverses everything after it on the verification
page, in the Open Badge credential and on the printed attestation: "Jean" + U+202E + "eniram"
shows as "Jean marine". Such characters have no place in a person's or an organisation's name, so they
are removed where names come in (forms, CSV rows, the User model itself), and every page and
document shows the name as it was meant."""

import unicodedata

# Zero-width joiner and non-joiner shape Persian, Arabic and Indic scripts and cannot reorder
# text: they stay. Every other format character (Unicode category Cf) goes, among them the bidi
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E, U+200F
# and U+061C, the byte order mark and the soft hyphen.
KEPT_FORMAT_CHARACTERS = {"\u200c", "\u200d"}
# Controls (tab, line breaks, NUL…) and line or paragraph separators become a space.
SPACE_CATEGORIES = {"Cc", "Zl", "Zp"}


def clean_name(value: str | None) -> str:
    """The name without control or bidi characters, its spaces collapsed: "Jean" + U+202E + tab +
    "Dupont" → "Jean Dupont"."""
    if not value:
        return ""
    if not (value.isascii() and value.isprintable()):
        value = "".join(_kept(char) for char in value)
    return " ".join(value.split())


def _kept(char: str) -> str:
    category = unicodedata.category(char)
    if category in SPACE_CATEGORIES:
        return " "
    if category == "Cf" and char not in KEPT_FORMAT_CHARACTERS:
        return ""
    return char
