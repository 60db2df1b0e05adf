"""Reading a member list streams it: a 5 MB file past a limit is refused with little memory,
whatever it is made of (it took 825 MB for blank lines, 270 MB for a million short rows)."""

import gc
import tracemalloc

import pytest

from lms.organisations.csv_import import MAX_BYTES, CsvRefused, parse_members_csv


def peak_while_parsing(data: bytes) -> tuple[str, int]:
    """(the refusal, peak bytes allocated while parsing)."""
    gc.collect()
    tracemalloc.start()
    try:
        with pytest.raises(CsvRefused) as refused:
            parse_members_csv(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return str(refused.value), peak


def fill(header: bytes, line: bytes) -> bytes:
    """The header, then `line` repeated up to the 5 MB an upload may weigh."""
    return header + line * ((MAX_BYTES - len(header)) // len(line))


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (fill(b"nom;prenom\n", b"\n"), "lignes vides"),
        (fill(b"nom;prenom\n", b";\r\n"), "lignes vides"),
        (fill(b"nom;prenom\n", b"a;b\n"), "Découpez-le"),
        (b";" * MAX_BYTES, "colonnes"),
        (fill(b"nom;prenom\nDurand;", b"x"), "cellule"),
    ],
    ids=["blank-lines", "separator-lines", "short-rows", "semicolon-header", "one-huge-cell"],
)
def test_a_file_past_a_limit_is_refused_with_little_memory(data, refusal):
    """The peak stays under the file's own size: no list of its lines or records is built (the
    short rows keep the 10,000 rows read before the refusal, about half the file's size)."""
    peak_while_parsing(data[:50_000])  # the French catalogue loads on the first message, not counted
    message, peak = peak_while_parsing(data)
    assert refusal in message
    assert peak < len(data), (peak, len(data))
