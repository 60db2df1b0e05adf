"""Reading the member lists town halls and schools keep in Excel (DESIGN.md §5 "CSV from French
offices"): UTF-8 with or without BOM, or cp1252; `;` or `,`; headers in the office's own words.

This module only reads and checks. It writes nothing, so the preview can show every row with
its line number and a French reason before the manager confirms."""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lms.accounts.models import AudienceCode, normalise_email
from lms.organisations.models import search_key

MAX_BYTES = 5 * 1024 * 1024
# An import is written in one transaction, which on SQLite holds the only write lock: 10,000
# people take about 3 s, well inside the 20 s busy timeout of every other writer.
MAX_ROWS = 10_000

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

    @property
    def ok(self) -> bool:
        return not self.errors


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
        return [row for row in self.rows if not row.ok]


def decode(data: bytes) -> tuple[str, str]:
    """The text and its encoding: UTF-8 (BOM or not) first, then cp1252, which Excel writes."""
    if len(data) > MAX_BYTES:
        raise CsvRefused(_("Le fichier dépasse 5 Mo. Découpez-le en plusieurs fichiers."))
    if not data.strip():
        raise CsvRefused(_("Le fichier est vide."))
    if b"\x00" in data[:8192]:
        raise CsvRefused(NOT_CSV)
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    first_line = text.splitlines()[0] if text.splitlines() else ""
    try:
        return csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
    except csv.Error:
        return ";" if first_line.count(";") >= first_line.count(",") else ","


def parse_members_csv(data: bytes) -> MemberFile:
    """Every row of the file, each with its line number and, if any, its errors."""
    text, encoding = decode(data)
    delimiter = sniff_delimiter(text)
    # newline="" lets the csv module handle every line ending (Excel for Mac writes bare CR).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration as error:
        raise CsvRefused(_("Le fichier est vide.")) from error
    except csv.Error as error:
        raise CsvRefused(NOT_CSV) from error
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
    rows, seen = [], {}
    try:
        records = list(_records(reader))
    except csv.Error as error:
        raise CsvRefused(NOT_CSV) from error
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvRefused(
                _("Le fichier dépasse %(max)s lignes. Découpez-le en plusieurs fichiers.") % {"max": MAX_ROWS}
            )

        def cell(name: str, cells=cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row = MemberRow(line=line, last_name=cell("last_name")[:150], first_name=cell("first_name")[:150])
        row.function = cell("function")[:120]
        if not row.last_name or not row.first_name:
            row.errors.append(_("Le nom et le prénom sont obligatoires."))
        email = normalise_email(cell("email"))
        if email:
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
    return MemberFile(encoding=encoding, delimiter=delimiter, rows=rows, ignored_headers=ignored)


def _records(reader):
    """(line where the record starts, cells): a quoted cell may span several lines."""
    line = reader.line_num + 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1
