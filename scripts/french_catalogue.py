"""Fill the French catalogue with the French source strings themselves.

French is the source language, so the French catalogue translates each string to itself. Without
it, Django would borrow the French of other catalogues for identical msgids (Wagtail turns our
tab "Import" into "Importer") and count plurals the English way ("0 lignes ignorées" instead of
"0 ligne ignorée"). `make messages` runs this after makemessages, then compiles both catalogues.
"""

import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def fill(path: Path = PO) -> int:
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Language"] = "fr"
    catalogue.metadata["Plural-Forms"] = "nplurals=2; plural=(n > 1);"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    catalogue.save(str(path))
    return len(catalogue)


if __name__ == "__main__":
    print(f"{fill()} French entries", file=sys.stderr)
