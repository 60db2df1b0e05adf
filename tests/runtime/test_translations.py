"""The English translation is complete and compiled (the UI is French first, English kept up to date)."""

from pathlib import Path

from django.conf import settings

import polib

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_french_string_has_an_english_translation():
    """No untranslated or fuzzy entry is left in the English catalogue."""
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


def test_compiled_catalogue_matches_the_source():
    """The committed .mo holds exactly the .po's translations (run `make messages` after editing)."""
    source = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(PO)).translated_entries()}
    compiled = {(e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(PO.with_suffix(".mo"))) if e.msgid}
    assert compiled == source
