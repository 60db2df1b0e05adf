"""scripts/check_template_strings.py, run by the lint stage: every visible word of a template
goes through gettext (issue 32: English mode left French in the interface)."""

import runpy
from pathlib import Path

from django.conf import settings

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "check_template_strings.py"
untranslated = runpy.run_path(str(SCRIPT))["untranslated"]


def test_bare_text_and_read_attributes_are_found_with_their_line(tmp_path):
    """Text outside {% translate %}, and an aria-label or alt in plain French, are reported by line."""
    template = tmp_path / "page.html"
    template.write_text(
        '{% load i18n %}\n<h2>{% translate "Suivi" %}</h2>\n<th scope="col">État du compte</th>\n'
        '<div role="region" aria-label="Liste des membres">{{ value }}</div>\n'
        "{% blocktranslate count total=n %}{{ total }} ligne{% plural %}{{ total }} lignes{% endblocktranslate %}\n"
        '<{{ heading }} class="titre">{{ title }}</{{ heading }}> — SHA-256 · Passerelle\n'
        "<script>const label = 'Bonjour';</script>\n",
        encoding="utf-8",
    )
    assert untranslated(template) == [(3, "État du compte"), (4, "Liste des membres")]


def test_the_project_templates_have_no_untranslated_text():
    """Every template under templates/ passes the check."""
    problems = []
    for path in sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html")):
        problems += [f"{path.name}:{line}: {text}" for line, text in untranslated(path)]
    assert problems == []
