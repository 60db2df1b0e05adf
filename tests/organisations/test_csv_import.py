"""Reading member lists as French offices export them: encodings, separators, headers, and a
line number with a French reason for every bad row. Reading writes nothing."""

from pathlib import Path

import pytest

from lms.organisations.csv_import import (
    MAX_BLANK_LINES,
    MAX_BYTES,
    MAX_CELL,
    MAX_COLUMNS,
    MAX_ROWS,
    CsvRefused,
    parse_members_csv,
)

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "exemple-import-membres.csv"


def test_excel_cp1252_with_semicolons():
    data = "Nom;Prénom;Courriel;Fonction\nLégaré;Hélène;helene@Mairie.FR;Agent d'accueil\n".encode("cp1252")
    parsed = parse_members_csv(data)
    assert (parsed.encoding, parsed.delimiter) == ("cp1252", ";")
    (row,) = parsed.rows
    assert (row.last_name, row.first_name, row.email, row.function) == (
        "Légaré",
        "Hélène",
        "helene@mairie.fr",
        "Agent d'accueil",
    )
    assert row.ok


def test_utf8_with_bom_and_commas_and_other_header_words():
    data = "\ufeffNOM DE FAMILLE,Prénoms,Adresse e-mail,Public,Service\nDurand,Élise,elise@exemple.fr,Enseignante,CE2\n"
    parsed = parse_members_csv(data.encode("utf-8"))
    assert (parsed.encoding, parsed.delimiter) == ("utf-8", ",")
    (row,) = parsed.rows
    assert (row.last_name, row.first_name, row.email, row.audience, row.function) == (
        "Durand",
        "Élise",
        "elise@exemple.fr",
        "teacher",
        "CE2",
    )


def test_broken_rows_get_their_line_and_a_reason():
    data = (
        "Nom;Prénom;E-mail;Public\n"
        "Martin;Paul;paul@exemple.fr;agent\n"
        ";Sans nom;;\n"
        "Petit;Zoé;pas-une-adresse;\n"
        "Blanc;Léo;;astronaute\n"
        ";;;\n"
        "Court\n"
    ).encode()
    parsed = parse_members_csv(data)
    assert [row.line for row in parsed.valid_rows] == [2]
    reasons = {row.line: row.errors for row in parsed.invalid_rows}
    assert reasons[3] == ["Le nom et le prénom sont obligatoires."]
    assert reasons[4] == ["L'adresse e-mail « pas-une-adresse » n'est pas valide."]
    assert reasons[5] == ["Public « astronaute » inconnu : écrivez agent, enseignant, parent ou élu."]
    assert 6 not in reasons, "blank lines are skipped"
    assert reasons[7] == ["Le nom et le prénom sont obligatoires."]


def test_duplicates_name_the_first_line():
    data = "Nom;Prénom;Courriel\nA;Anne;anne@exemple.fr\nB;Bea;ANNE@EXEMPLE.FR\nC;Cid;\nD;Dan;\n".encode()
    parsed = parse_members_csv(data)
    assert [row.errors for row in parsed.rows] == [[], ["Même adresse e-mail que la ligne 2."], [], []]
    assert sum(1 for row in parsed.rows if row.email is None) == 2, "rows without e-mail are kept (code accounts)"


def test_a_huge_file_is_refused():
    data = b"Nom;Pr\xc3\xa9nom\n" + b"Martin;Paul\n" * (MAX_BYTES // 12 + 1)
    with pytest.raises(CsvRefused, match="dépasse 5 Mo"):
        parse_members_csv(data)


def test_a_binary_file_is_refused():
    with pytest.raises(CsvRefused, match="n'est pas un CSV"):
        parse_members_csv(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)))


def test_a_file_without_the_name_columns_is_refused():
    with pytest.raises(CsvRefused, match="« nom » et « prénom »"):
        parse_members_csv(b"Colonne A;Colonne B\n1;2\n")


def test_the_sample_shipped_in_docs_reads_cleanly():
    parsed = parse_members_csv(SAMPLE.read_bytes())
    assert len(parsed.rows) == 7 and not parsed.invalid_rows
    assert parsed.rows[0].email is None and parsed.rows[0].audience == "agent"


def test_excel_for_mac_line_endings_are_read():
    parsed = parse_members_csv(b"nom;prenom;e-mail\rDurand;Lea;lea@exemple.fr\rMartin;Zoe;\r")
    assert [(row.line, row.last_name) for row in parsed.rows] == [(2, "Durand"), (3, "Martin")]


def test_line_numbers_follow_cells_spanning_several_lines():
    data = b'nom;prenom;fonction\nDurand;Lea;"Agent\nde voirie"\n;Zoe;\n'
    parsed = parse_members_csv(data)
    assert [(row.line, row.function) for row in parsed.rows] == [(2, "Agent\nde voirie"), (4, "")]
    assert parsed.rows[1].errors == ["Le nom et le prénom sont obligatoires."]


@pytest.mark.parametrize(
    "data",
    [
        b"nom;prenom\nDurand;" + b"x" * 200_000 + b"\n",  # a cell beyond the csv module's limit
        b'nom;prenom\n"Durand\x00;Lea\n',  # a NUL byte in the first 8 KiB
    ],
    ids=["huge-cell", "nul-byte"],
)
def test_malformed_files_are_refused_with_a_reason_not_a_crash(data):
    with pytest.raises(CsvRefused):
        parse_members_csv(data)


def test_a_nul_byte_after_the_first_8_kib_is_refused_with_its_line():
    """A NUL byte anywhere refuses the file (Python's csv module would keep it in the name)."""
    data = b"nom;prenom\n" + b"Martin;Paul\n" * 1000 + b"Dur\x00and;Lea\n"
    assert data.index(b"\x00") > 8192
    with pytest.raises(CsvRefused, match=r"La ligne 1002 contient un caractère invalide \(caractère nul\)"):
        parse_members_csv(data)


def test_a_row_with_more_columns_than_the_limit_is_refused_with_its_line():
    """More than MAX_COLUMNS cells on a row refuses the file and names the line."""
    header = "nom;prenom" + ";autre" * (MAX_COLUMNS - 2)
    assert parse_members_csv(f"{header}\nDurand;Lea\n".encode()).rows[0].last_name == "Durand"
    wide = "Durand;Lea" + ";x" * (MAX_COLUMNS - 1)
    with pytest.raises(CsvRefused, match=f"La ligne 3 a plus de {MAX_COLUMNS} colonnes"):
        parse_members_csv(f"{header}\nMartin;Paul\n{wide}\n".encode())


def test_a_header_of_five_million_semicolons_is_refused_before_it_is_split():
    """A first line of 5 million `;` is refused on its columns (it used to take 8 s to split)."""
    with pytest.raises(CsvRefused, match=f"La ligne 1 a plus de {MAX_COLUMNS} colonnes"):
        parse_members_csv(b";" * 5_000_000 + b"\nnom;prenom\n")


def test_a_cell_longer_than_the_limit_is_refused_with_its_line():
    """A cell of more than MAX_CELL characters refuses the file and names the line, on one line
    or spread over several inside quotes; MAX_CELL characters are accepted."""
    fits = "é" * MAX_CELL
    assert parse_members_csv(f"nom;prenom\n{fits};Lea\n".encode()).rows[0].last_name == fits  # refused, not cut
    message = f"La ligne 3 contient une cellule de plus de {MAX_CELL} caractères"
    with pytest.raises(CsvRefused, match=message):
        parse_members_csv(f"nom;prenom\nMartin;Paul\nDurand;{fits}x\n".encode())
    spread = "\n".join(["x" * 500] * 300)
    with pytest.raises(CsvRefused, match=message):
        parse_members_csv(f'nom;prenom;fonction\nMartin;Paul;\nDurand;Lea;"{spread}"\n'.encode())
    with pytest.raises(CsvRefused, match=f"La ligne 2 contient une cellule de plus de {MAX_CELL} caractères"):
        parse_members_csv(b"nom;prenom\nDurand;" + b"x" * 200_000 + b"\n")


def test_more_blank_lines_than_the_limit_are_refused():
    """Blank lines (empty or only separators) are skipped up to MAX_BLANK_LINES, then refuse the file."""
    blanks = "\n;\n" * (MAX_BLANK_LINES // 2)
    assert len(parse_members_csv(f"nom;prenom\nDurand;Lea\n{blanks}Martin;Paul\n".encode()).rows) == 2
    with pytest.raises(CsvRefused, match=f"plus de {MAX_BLANK_LINES} lignes vides"):
        parse_members_csv(f"nom;prenom\nDurand;Lea\n{blanks}\nMartin;Paul\n".encode())


def test_a_file_of_blank_lines_only_is_empty():
    """Five megabytes of line breaks are an empty file, said at once."""
    with pytest.raises(CsvRefused, match="Le fichier est vide"):
        parse_members_csv(b"\r\n" * (MAX_BYTES // 2))


def test_names_lose_bidi_and_control_characters():
    """A right-to-left override typed in a name never reaches the account (lms.accounts.names)."""
    data = "nom;prenom\nDur\u202eand;\u2066Léa\u2069\n".encode()
    (row,) = parse_members_csv(data).rows
    assert (row.last_name, row.first_name) == ("Durand", "Léa")


def test_more_rows_than_an_import_writes_at_once_are_refused():
    data = "nom;prenom\n" + "Durand;Lea\n" * (MAX_ROWS + 1)
    with pytest.raises(CsvRefused, match="Découpez-le"):
        parse_members_csv(data.encode())


def test_an_over_long_name_is_refused_on_its_row_not_cut():
    """A 400-character name is an error on its row, in French, and is kept whole (never cut to 150)."""
    long_name = "Martin" + "e" * 394
    parsed = parse_members_csv(f"Nom;Prénom;Fonction\n{long_name};Paul;{'x' * 121}\nPetit;Zoé;\n".encode())
    first, second = parsed.rows
    assert first.errors == [
        "Le nom compte 400 caractères, pour 150 au plus : raccourcissez cette cellule dans votre tableur.",
        "La fonction compte 121 caractères, pour 120 au plus : raccourcissez cette cellule dans votre tableur.",
    ]
    assert len(first.last_name) == 400
    assert second.ok


def test_an_exact_duplicate_row_names_the_line_it_repeats_and_is_no_error():
    """The same person typed twice is a duplicate of the first line, not a row in error."""
    data = "Nom;Prénom;Courriel\nA;Anne;anne@exemple.fr\na;ANNE;Anne@exemple.fr\nB;Bea;anne@exemple.fr\n".encode()
    parsed = parse_members_csv(data)
    assert [(row.duplicate_of, row.errors) for row in parsed.rows] == [
        (None, []),
        (2, []),
        (None, ["Même adresse e-mail que la ligne 2."]),
    ]
