"""Reading the member lists town halls and schools keep in Excel (DESIGN.md §5 "CSV from French
offices"): UTF-8 with or without BOM, or cp1252; `;` or `,`; headers in the office's own words.

This module only reads and checks. It writes nothing, so the preview can show every row with
its line number and a French reason before the manager confirms."""

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lms.accounts.models import AudienceCode, normalise_email
from lms.accounts.names import clean_name
from lms.organisations.models import search_key

MAX_BYTES = 5 * 1024 * 1024
# An import is written in one transaction, which on SQLite holds the only write lock: 10,000
# people take about 3 s, well inside the 20 s busy timeout of every other writer.
MAX_ROWS = 10_000
# Excel writes the empty rows of a sheet's used range; more than this many is not a member list.
MAX_BLANK_LINES = 10_000
# A member list needs five columns; an HR export may carry a few dozen more, which are ignored.
MAX_COLUMNS = 100
MAX_CELL = 1_000
# The lengths the accounts and memberships store: a longer cell is refused on its row, never cut.
FIELD_MAX = {"last_name": 150, "first_name": 150, "function": 120, "email": 254}
# A record longer than this has more than MAX_COLUMNS columns or a cell longer than MAX_CELL. It
# stays under the csv module's own field limit (131,072), so that limit never speaks first.
MAX_RECORD_CHARS = MAX_COLUMNS * (MAX_CELL + 3)
SNIFF_CHARS = 4096

# Normalised header (lower-case ASCII words) → field.
HEADERS = {
    "last_name": {"nom", "nom de famille", "nom d usage", "last name"},
    "first_name": {"prenom", "prenoms", "first name"},
    "email": {"e mail", "email", "courriel", "adresse e mail", "adresse mail", "mail", "adresse electronique"},
    "function": {"fonction", "poste", "metier", "service"},
    "audience": {"audience", "public", "profil", "categorie"},
}
AUDIENCES = {
    AudienceCode.AGENT: {"agent", "agente", "agent municipal", "agente municipale", "agents"},
    AudienceCode.TEACHER: {
        "enseignant",
        "enseignante",
        "enseignants",
        "professeur",
        "professeure",
        "professeur des ecoles",
    },
    AudienceCode.PARENT: {"parent", "parents", "parent d eleve"},
    AudienceCode.ELECTED: {"elu", "elue", "elus", "elu municipal", "elue municipale", "conseiller municipal"},
}


NOT_CSV = _lazy(
    "Ce fichier n'est pas un CSV. Dans Excel, choisissez « Enregistrer sous », "
    "puis le type « CSV (séparateur : point-virgule) »."
)


class CsvRefused(Exception):
    """The file as a whole cannot be read; the message says why, in French."""


@dataclass
class MemberRow:
    line: int
    last_name: str = ""
    first_name: str = ""
    email: str | None = None
    function: str = ""
    audience: str = ""
    errors: list[str] = field(default_factory=list)
    duplicate_of: int | None = None  # the line this row repeats exactly: skipped, not an error

    @property
    def ok(self) -> bool:
        return not self.errors and self.duplicate_of is None


@dataclass
class MemberFile:
    encoding: str
    delimiter: str
    rows: list[MemberRow]
    ignored_headers: list[str]

    @property
    def valid_rows(self) -> list[MemberRow]:
        return [row for row in self.rows if row.ok]

    @property
    def invalid_rows(self) -> list[MemberRow]:
        return [row for row in self.rows if row.errors]


@dataclass
class CsvStart:
    encoding: str
    delimiter: str
    header: list[str]
    records: Iterator[tuple[int, list[str]]]  # (line number, cells), after the header


def header_and_records(data: bytes) -> CsvStart:
    """A French CSV file's header and, after it, its records with their line numbers, read as a
    stream within the limits above; refused (CsvRefused) when empty or past a limit. Shared by
    every import that reads a CSV (members here, the communes' wealth figures in dashboards)."""
    encoding = check_bytes(data)
    # newline="" lets the csv module handle every line ending (Excel for Mac writes bare CR).
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors="replace", newline="")
    lines = BoundedLines(stream)
    try:
        lines.delimiter = delimiter = sniff_delimiter(lines.first_line())
    except RecordTooLong as error:
        raise too_long(1, error) from None
    records = checked_records(csv.reader(lines, delimiter=delimiter), lines)
    try:
        _line, header = next(records)
    except StopIteration as error:
        raise CsvRefused(_("Le fichier est vide.")) from error
    return CsvStart(encoding, delimiter, header, records)


def parse_members_csv(data: bytes) -> MemberFile:
    """Every row of the file, each with its line number and, if any, its errors.

    The file is read as a stream, record by record, and refused at the first limit it passes
    (size, NUL byte, columns, cell length, blank lines, rows): no list of the file's lines or
    records is ever built, and no line is split before its length is checked. Before, 5 MB of
    blank lines took 825 MB and a header of 5 million `;` a minute (issue 21)."""
    start = header_and_records(data)
    encoding, delimiter, header, records = start.encoding, start.delimiter, start.header, start.records
    columns: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(header):
        key = search_key(name)
        field_name = next((field for field, aliases in HEADERS.items() if key in aliases), None)
        if field_name and field_name not in columns:
            columns[field_name] = index
        elif name.strip():
            ignored.append(name.strip())
    if "last_name" not in columns or "first_name" not in columns:
        raise CsvRefused(
            _("La première ligne doit nommer les colonnes, dont « nom » et « prénom » (et si possible « e-mail »).")
        )
    rows: list[MemberRow] = []
    seen: dict[str, int] = {}
    seen_rows: dict[tuple[str, ...], int] = {}
    blank_lines = 0
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            blank_lines += 1
            if blank_lines > MAX_BLANK_LINES:
                raise CsvRefused(
                    _(
                        "Le fichier contient plus de %(max)s lignes vides. Supprimez-les dans votre tableur, "
                        "puis enregistrez de nouveau le fichier."
                    )
                    % {"max": MAX_BLANK_LINES}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvRefused(
                _("Le fichier dépasse %(max)s lignes. Découpez-le en plusieurs fichiers.") % {"max": MAX_ROWS}
            )

        def cell(name: str, cells=cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row = MemberRow(line=line, last_name=clean_name(cell("last_name")), first_name=clean_name(cell("first_name")))
        row.function = cell("function")
        email = normalise_email(cell("email")) or ""
        # The same person typed twice (every recognised cell equal, case aside) is skipped, and
        # says which line it repeats; two different people sharing an address stay an error.
        same = tuple(value.lower() for value in (row.last_name, row.first_name, email, row.function, cell("audience")))
        if same in seen_rows:
            row.duplicate_of = seen_rows[same]
            rows.append(row)
            continue
        seen_rows[same] = line
        if not row.last_name or not row.first_name:
            row.errors.append(_("Le nom et le prénom sont obligatoires."))
        row.errors.extend(too_long_cells(last_name=row.last_name, first_name=row.first_name, function=row.function))
        if len(email) > FIELD_MAX["email"]:
            row.errors.extend(too_long_cells(email=email))
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                row.errors.append(_("L'adresse e-mail « %(email)s » n'est pas valide.") % {"email": email})
            else:
                previous = seen.get(email.lower())
                if previous:
                    row.errors.append(_("Même adresse e-mail que la ligne %(line)s.") % {"line": previous})
                else:
                    seen[email.lower()] = line
                row.email = email
        audience = cell("audience")
        if audience:
            key = search_key(audience)
            row.audience = next((code for code, aliases in AUDIENCES.items() if key in aliases), "")
            if not row.audience:
                row.errors.append(
                    _("Public « %(value)s » inconnu : écrivez agent, enseignant, parent ou élu.") % {"value": audience}
                )
        rows.append(row)
    label = "utf-8" if encoding == "utf-8-sig" else encoding
    return MemberFile(encoding=label, delimiter=delimiter, rows=rows, ignored_headers=ignored)


def too_long_cells(**values: str) -> list[str]:
    """A French message for each value longer than what is stored for it (FIELD_MAX)."""
    labels = {
        "last_name": _lazy("Le nom"),
        "first_name": _lazy("Le prénom"),
        "function": _lazy("La fonction"),
        "email": _lazy("L'adresse e-mail"),
    }
    return [
        _(
            "%(field)s compte %(length)s caractères, pour %(max)s au plus : "
            "raccourcissez cette cellule dans votre tableur."
        )
        % {"field": labels[name], "length": len(value), "max": FIELD_MAX[name]}
        for name, value in values.items()
        if len(value) > FIELD_MAX[name]
    ]


def check_bytes(data: bytes) -> str:
    """Refuse what cannot be a member list, without copying the file; return its codec:
    UTF-8 (BOM or not) first, then cp1252, which Excel writes. UTF-8 is checked by chunks, so
    that no decoded copy of the whole file is made."""
    if len(data) > MAX_BYTES:
        raise CsvRefused(_("Le fichier dépasse 5 Mo. Découpez-le en plusieurs fichiers."))
    if not data or data.isspace():
        raise CsvRefused(_("Le fichier est vide."))
    nul = data.find(b"\x00")
    if 0 <= nul < 8192:  # a spreadsheet or another binary file
        raise CsvRefused(NOT_CSV)
    if nul > 0:  # Python's csv module reads NUL as a character, and it would end up in names.
        line = max(data.count(b"\n", 0, nul), data.count(b"\r", 0, nul)) + 1
        raise CsvRefused(
            _(
                "La ligne %(line)s contient un caractère invalide (caractère nul). Enregistrez de nouveau "
                "le fichier depuis votre tableur, au type « CSV (séparateur : point-virgule) »."
            )
            % {"line": line}
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(data), 64 * 1024):
            decoder.decode(data[start : start + 64 * 1024])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(first_line: str) -> str:
    # A bounded sample: the Sniffer's regular expressions take quadratic time on long lines.
    sample = first_line[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if sample.count(";") >= sample.count(",") else ","


class RecordTooLong(Exception):
    """A record past MAX_RECORD_CHARS, with the number of columns seen in what was read of it."""

    def __init__(self, columns: int):
        super().__init__(columns)
        self.columns = columns


class BoundedLines:
    """The stream's lines for csv.reader, each read with a bound. The reader pulls lines until
    its record is complete (a quoted cell may span several), so counting what it pulled since the
    last record bounds the record: past MAX_RECORD_CHARS, the reading stops before the csv module
    holds or splits it."""

    def __init__(self, stream):
        self.stream = stream
        self.delimiter: str | None = None
        self.pending: str | None = None
        self.record_chars = 0

    def first_line(self) -> str:
        """The first line, for sniffing the delimiter; csv.reader is given it again."""
        self.pending = self._read()
        return self.pending

    def _read(self) -> str:
        line = self.stream.readline(MAX_RECORD_CHARS - self.record_chars + 1)
        self.record_chars += len(line)
        if self.record_chars > MAX_RECORD_CHARS:
            delimiters = [self.delimiter] if self.delimiter else [";", ",", "\t"]
            raise RecordTooLong(max(line.count(delimiter) for delimiter in delimiters) + 1)
        return line

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pending is not None:
            line, self.pending = self.pending, None
        else:
            line = self._read()
        if not line:
            raise StopIteration
        return line


def checked_records(reader, lines: BoundedLines):
    """(line where the record starts, cells), each record within the columns and cell limits."""
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except RecordTooLong as error:
            raise too_long(line, error) from None
        except csv.Error as error:
            raise CsvRefused(NOT_CSV) from error
        lines.record_chars = 0
        if len(cells) > MAX_COLUMNS:
            raise too_many_columns(line)
        if any(len(cell) > MAX_CELL for cell in cells):
            raise cell_too_long(line)
        yield line, cells


def too_long(line: int, error: RecordTooLong) -> CsvRefused:
    # Longer than MAX_COLUMNS cells of MAX_CELL characters: one of the two limits is passed.
    return too_many_columns(line) if error.columns > MAX_COLUMNS else cell_too_long(line)


def too_many_columns(line: int) -> CsvRefused:
    return CsvRefused(
        _(
            "La ligne %(line)s a plus de %(max)s colonnes. Gardez les colonnes utiles (nom, prénom, e-mail, "
            "fonction, public), puis enregistrez de nouveau le fichier."
        )
        % {"line": line, "max": MAX_COLUMNS}
    )


def cell_too_long(line: int) -> CsvRefused:
    return CsvRefused(
        _("La ligne %(line)s contient une cellule de plus de %(max)s caractères. Corrigez-la dans votre tableur.")
        % {"line": line, "max": MAX_CELL}
    )
