"""The national standard for places of digital inclusion (schéma des lieux de médiation
numérique), vendored as JSON from its npm package (README.md beside this file)."""

import json
from functools import cache
from pathlib import Path

from django.utils.text import slugify

STANDARD_FILE = Path(__file__).with_name("lieux-de-mediation-numerique.json")


@cache
def standard() -> dict:
    return json.loads(STANDARD_FILE.read_text(encoding="utf-8"))


def field_names() -> list[str]:
    return [field["name"] for field in standard()["fields"]]


def choices(enumeration: str) -> list[tuple[str, str]]:
    """(value, label) pairs for a form: the standard's own French wording is both, so that what a
    manager ticks is exactly what the open data says."""
    return [(value, value) for value in standard()[enumeration]]


def key(value: str) -> str:
    """The ASCII key of a value in URLs and in the directory's search tags:
    "Aide aux démarches administratives" → "aide-aux-demarches-administratives"."""
    return slugify(value)


def by_key(enumeration: str) -> dict[str, str]:
    return {key(value): value for value in standard()[enumeration]}


def join(values: list[str]) -> str:
    return standard()["list_separator"].join(values)
