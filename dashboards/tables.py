"""The suppressed tables the pages and the exports show, built from the selectors' raw figures.

Each (audience, measure) column is suppressed as its own group against the parent's figure for the
same column: columns are not additive (a person can be in several audiences), so no reader can
subtract one from another.
"""

from dataclasses import dataclass

from dashboards.selectors import AUDIENCES, MEASURES, TrainingTable
from dashboards.suppression import Cell, suppress_group
from lms.organisations.models import Territory


@dataclass(frozen=True)
class Rate:
    """A completion rate, shown only when both of its figures are: otherwise it would give back
    a hidden one from the visible one."""

    percent: int | None

    @property
    def display(self) -> str:
        return "—" if self.percent is None else f"{self.percent} %"


@dataclass
class Row:
    territory: Territory | None
    cells: dict[str, dict[str, Cell]]

    def rate(self, audience: str) -> Rate:
        enrolled, completed = self.cells[audience]["enrolled"], self.cells[audience]["completed"]
        if enrolled.hidden or completed.hidden or not enrolled.value:
            return Rate(None)
        return Rate(round(100 * completed.value / enrolled.value))

    @property
    def all(self) -> dict[str, Cell]:
        return self.cells["all"]

    @property
    def all_rate(self) -> Rate:
        return self.rate("all")


@dataclass
class SuppressedTable:
    parent: Row
    children: list[Row]


def suppress_table(territory: Territory | None, table: TrainingTable) -> SuppressedTable:
    parent_cells: dict[str, dict[str, Cell]] = {audience: {} for audience in AUDIENCES}
    child_cells: dict[int, dict[str, dict[str, Cell]]] = {
        child.pk: {audience: {} for audience in AUDIENCES} for child in table.children
    }
    for audience in AUDIENCES:
        for measure in MEASURES:
            group = suppress_group(
                getattr(table.parent[audience], measure),
                {child.pk: getattr(table.figures[child.pk][audience], measure) for child in table.children},
            )
            parent_cells[audience][measure] = group.parent
            for pk, cell in group.children.items():
                child_cells[pk][audience][measure] = cell
    return SuppressedTable(
        parent=Row(territory, parent_cells),
        children=[Row(child, child_cells[child.pk]) for child in table.children],
    )
