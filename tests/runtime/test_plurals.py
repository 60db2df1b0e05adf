"""Interface wording: plurals through ngettext, never "inscription(s) créée(s)"."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["certificates", "cms", "courses", "facetoface", "lms", "scenarios", "surveys", "templates", "static/js"]
# Messages for operators and developers, in English, not the interface.
NOT_INTERFACE = {"lms/settings"}
PARENTHESISED_PLURAL = re.compile(r"\w\((?:e?s|x)\)")


def test_no_parenthesised_plural_in_the_interface():
    """A count says "1 inscription créée" or "2 inscriptions créées": ngettext, not "(s)"."""
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            relative = path.relative_to(ROOT).as_posix()
            if path.suffix not in {".py", ".html", ".txt", ".js"} or "/migrations/" in relative:
                continue
            if any(relative.startswith(prefix) for prefix in NOT_INTERFACE):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if PARENTHESISED_PLURAL.search(line):
                    found.append(f"{relative}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
