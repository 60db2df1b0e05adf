"""Reading the wealth figures agency staff import (docs/indice-besoins.md, « Fichier des
potentiels financiers »): the same French CSV reading as the member import (UTF-8 with or without
BOM or cp1252, `;` or `,`, bounded records), one French error per bad row. Reads only."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from lms.organisations.csv_import import CsvRefused, header_and_records
from lms.organisations.models import search_key

MAX_ROWS = 40_000  # every commune of France fits
HEADERS = {
    "code": {"code insee", "code commune", "code", "insee", "codgeo", "code officiel"},
    "potential": {
        "potentiel financier par habitant",
        "potentiel financier",
        "pf par habitant",
        "pfh",
        "potentiel financier par hab",
    },
    "year": {"annee", "exercice", "year"},
    "source": {"source", "origine"},
}
CODE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


@dataclass
class WealthRow:
    line: int
    code: str = ""
    potential: Decimal | None = None
    year: int | None = None
    source: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class WealthFile:
    rows: list[WealthRow]

    @property
    def valid_rows(self) -> list[WealthRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def invalid_rows(self) -> list[WealthRow]:
        return [row for row in self.rows if row.errors]


def french_decimal(text: str) -> Decimal | None:
    """ "1 234,56 €" → 1234.56; None when it is not a number."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", text).replace(",", ".")
    if not re.fullmatch(r"\d+(\.\d+)?", cleaned):
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def parse_wealth_csv(data: bytes) -> WealthFile:
    start = header_and_records(data)
    header, records = start.header, start.records
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = search_key(name)
        found = next((column for column, aliases in HEADERS.items() if key in aliases), None)
        if found and found not in columns:
            columns[found] = index
    if not {"code", "potential", "year"} <= columns.keys():
        raise CsvRefused(
            _(
                "La première ligne doit nommer les colonnes « code INSEE », « potentiel financier par habitant », "
                "« année » et « source »."
            )
        )
    rows: list[WealthRow] = []
    seen: dict[tuple[str, int], int] = {}
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise CsvRefused(_("Le fichier dépasse %(max)s lignes.") % {"max": MAX_ROWS})

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        row = WealthRow(line=line, code=cell("code").upper(), source=cell("source")[:200])
        if not CODE.match(row.code):
            row.errors.append(
                _("Le code INSEE « %(code)s » n'est pas valide : cinq caractères, par exemple 07186.")
                % {"code": row.code}
            )
        row.potential = french_decimal(cell("potential"))
        if row.potential is None or row.potential <= 0 or row.potential >= Decimal("100000000"):
            row.errors.append(
                _("Le potentiel financier « %(value)s » n'est pas un montant en euros, par exemple 812,40.")
                % {"value": cell("potential")}
            )
            row.potential = None
        year = cell("year")
        if re.fullmatch(r"\d{4}", year) and 2000 <= int(year) <= 2100:
            row.year = int(year)
        else:
            row.errors.append(_("L'année « %(value)s » n'est pas valide, par exemple 2025.") % {"value": year})
        if not row.errors and row.year is not None:
            previous = seen.get((row.code, row.year))
            if previous:
                row.errors.append(
                    _("La commune %(code)s a déjà un chiffre pour %(year)s à la ligne %(line)s.")
                    % {"code": row.code, "year": row.year, "line": previous}
                )
            else:
                seen[(row.code, row.year)] = line
        rows.append(row)
    return WealthFile(rows=rows)
