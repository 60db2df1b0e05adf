"""CSV downloads neutralise cells a spreadsheet would run as a formula."""

import pytest

from lms.runtime.csv_export import csv_download, spreadsheet_safe


@pytest.mark.parametrize(
    "cell",
    ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx", "＝1+1", "＋CMD", "－2", "＠SUM(A1)"],
    ids=["=", "+", "-", "@", "tab", "cr", "full-width =", "full-width +", "full-width -", "full-width @"],
)
def test_cells_starting_like_a_formula_get_an_apostrophe(cell):
    """= + - @ in ASCII or full-width (U+FF1D, U+FF0B, U+FF0D, U+FF20), tab or CR: neutralised."""
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Durand", "1+1", "a=b", "", "Ａ=1", "12"])
def test_other_cells_are_written_as_they_are(cell):
    """Text that does not start like a formula is left alone, full-width letters included."""
    assert spreadsheet_safe(cell) == cell


def test_the_download_writes_neutralised_cells():
    """The streamed file carries the apostrophe before a full-width formula."""
    response = csv_download("x.csv", ["Nom"], [['＝HYPERLINK("http://x")']])
    body = b"".join(response.streaming_content).decode()
    assert body == '\ufeffNom\r\n"\'＝HYPERLINK(""http://x"")"\r\n'
