"""Fail when a template shows text that gettext never sees (issue 32: English mode left French
in filters, columns and tabs). Every visible word in templates/ must sit in {% translate %} or
{% blocktranslate %}; variables, tags and comments are not text.

    python scripts/check_template_strings.py [templates ...]

Checked: text between HTML tags, and the attributes people read (alt, title, placeholder,
aria-label, aria-description, label, value of buttons is not checked). Not checked: e-mail and
PDF templates' layout-only files listed in SKIP, and text inside <script>, <style>, <code>,
<pre>. A line may opt out with the comment {# untranslated: <why> #}."""

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Words that are the same in every language: names, acronyms, units.
ALLOWED = {
    "Passerelle",
    "SIREN",
    "SHA",
    "UAI",
    "INSEE",
    "CSV",
    "PDF",
    "JSON",
    "QR",
    "ENT",
    "EPN",
    "Wagtail",
    "WebVTT",
    "RGAA",
    "WCAG",
    "FR",
    "EN",
    "Français",
    "English",
    "h",
    "min",
    "km",
}
# {% translate %}, {% blocktranslate %}…{% endblocktranslate %}, {{ … }}, {% … %}, {# … #} and
# {% comment %}…{% endcomment %}: everything Django replaces or hides.
DJANGO = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{%\s*plural\s*%}"
    r"|{%.*?%}|{{.*?}}|{#.*?#}",
    re.DOTALL,
)
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ][A-Za-zÀ-ÖØ-öø-ÿŒœ'’-]*")
READ_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "label"}
OPT_OUT = "{# untranslated:"


class TextFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre", "svg"):
            self.skipping += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value:
                self.check(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre", "svg") and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.check(data)

    def check(self, text: str):
        words = [word for word in WORD.findall(text) if word.strip("-'’") not in ALLOWED]
        if words:
            self.found.append((self.getpos()[0], " ".join(text.split())))


def untranslated(path: Path) -> list[tuple[int, str]]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    # A tag whose name is a variable (<{{ heading }} …>) is still a tag.
    source = re.sub(r"<(/?){{[^}]*}}", r"<\1span", source)
    # Replace Django syntax by spaces of the same shape, so that line numbers stay right.
    blanked = DJANGO.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), source)
    finder = TextFinder()
    finder.feed(blanked)
    finder.close()
    return [(line, text) for line, text in finder.found if OPT_OUT not in lines[line - 1]]


def main(arguments: list[str]) -> int:
    folders = [Path(argument) for argument in arguments] or [ROOT / "templates"]
    problems = []
    for folder in folders:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else [folder]:
            problems += [(path, line, text) for line, text in untranslated(path)]
    for path, line, text in problems:
        print(f"{path.relative_to(ROOT) if path.is_absolute() else path}:{line}: untranslated text: {text}")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
