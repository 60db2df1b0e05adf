"""The content every side of the P benchmarks serves (stdlib only: the peers import it from
their own virtualenvs): a course of 10 lessons of about 1,000 words, each in 7 sections of a
heading and a paragraph (14 blocks, as a module page of the demo)."""

LESSONS = 10
SECTIONS = 7
WORDS = (
    "le la les un une des accueil enfant parent famille jeu lecture langage sommeil repas sécurité "
    "autonomie éveil écoute observation projet équipe relais assistante maternelle crèche activité"
).split()


def paragraph(lesson: int, section: int, words: int = 140) -> str:
    """About `words` words of French-looking text, different for each lesson and section."""
    start = lesson * 7 + section * 3
    text = " ".join(WORDS[(start + i * 5) % len(WORDS)] for i in range(words))
    return text[0].upper() + text[1:] + "."


def lesson(number: int) -> list[tuple[str, str]]:
    """(heading, paragraph) × SECTIONS: about 1,000 words."""
    return [(f"Partie {section + 1}", paragraph(number, section)) for section in range(SECTIONS)]
