"""CSV downloads the way French offices open them (DESIGN.md §5): UTF-8 with a BOM so that Excel
reads the accents, semicolons, and cells a spreadsheet would run as formulas neutralised.
Rows are streamed, so memory stays flat whatever their number."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass

from django.http import StreamingHttpResponse

# Some spreadsheets (Excel with East Asian settings) also read the full-width forms, which an input
# method types (U+FF1D, U+FF0B, U+FF0D, U+FF20), as the start of a formula (issue 21).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def spreadsheet_safe(value) -> str:
    """A cell a spreadsheet will not run: text starting with = + - @ (ASCII or full-width), or a
    tab or carriage return, gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


class Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class CsvFile:
    """What an export service hands its view: the rows are a generator, read as the response
    streams."""

    filename: str
    header: list[str]
    rows: Iterable[Iterable]


def csv_download(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    writer = csv.writer(Echo(), delimiter=";")

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
