"""The English translation is complete and compiled (the UI is French first, English kept up to
date), and the French catalogue translates every source string to itself."""

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext, ngettext, override

import polib
import pytest

LOCALE = Path(settings.BASE_DIR) / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
FRENCH = LOCALE / "fr" / "LC_MESSAGES" / "django.po"


def test_every_french_string_has_an_english_translation():
    """No untranslated or fuzzy entry is left in the English catalogue."""
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


@pytest.mark.parametrize("po", [PO, FRENCH], ids=["en", "fr"])
def test_compiled_catalogue_matches_the_source(po):
    """The committed .mo holds exactly the .po's translations (run `make messages` after editing)."""
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(po)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(po.with_suffix(".mo"))) if e.msgid}
    assert compiled == source


def test_the_french_catalogue_holds_every_string_as_written():
    english = {(e.msgctxt, e.msgid) for e in polib.pofile(str(PO))}
    french = polib.pofile(str(FRENCH))
    assert {(e.msgctxt, e.msgid) for e in french} == english
    for entry in french:
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid


def test_french_is_ours_even_where_other_catalogues_translate_the_same_words():
    """Wagtail's French would turn our tab "Import" into "Importer"; zero is singular in French."""
    with override("fr"):
        assert gettext("Import") == "Import"
        assert ngettext("%(total)s ligne ignorée", "%(total)s lignes ignorées", 0) == "%(total)s ligne ignorée"
        assert ngettext("%(total)s ligne ignorée", "%(total)s lignes ignorées", 2) == "%(total)s lignes ignorées"
