"""The suppressed tables the pages and the exports show, built from the selectors' raw figures.

Each (audience, measure) column is suppressed as its own group against the parent's figure for the
same column: columns are not additive (a person can be in several audiences), so no reader can
subtract one from another.
"""

from dataclasses import dataclass

from dashboards.selectors import AUDIENCES, MEASURES, TrainingTable, training_children
from dashboards.suppression import Cell, suppress_group
from lms.organisations.models import Territory, TerritoryKind


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


def _groups_above(territory: Territory) -> list[Territory | None]:
    """The tables a territory's own figure appears in as a child: the région's in the nation's,
    a département's in its région's, a commune's in its département's and its EPCI's."""
    if territory.kind == TerritoryKind.REGION:
        return [None]
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return [territory.region] if territory.region_id else []
    if territory.kind == TerritoryKind.COMMUNE:
        return [parent for parent in (territory.departement, territory.epci) if parent is not None]
    return []


def territory_dashboard(territory: Territory | None) -> SuppressedTable:
    """A territory's suppressed table, its own figures also hidden wherever the tables above it
    hide them: a commune shown "secret" on its département's page must not show its number on
    its own page. A fixed number of queries (one `training_children` per table above).

    Not yet complete: decisions are not carried further up or across (a département hidden as a
    complement on its région's page still shows its own figure in its communes' group total);
    see docs/dashboards-progress.md."""
    own = suppress_table(territory, training_children(territory))
    if territory is None:
        return own
    for above in _groups_above(territory):
        siblings = suppress_table(above, training_children(above))
        row = next((row for row in siblings.children if row.territory and row.territory.pk == territory.pk), None)
        if row is None:
            continue
        for audience, measures in row.cells.items():
            for measure, cell in measures.items():
                mine = own.parent.cells[audience][measure]
                if cell.hidden and not mine.hidden:
                    own.parent.cells[audience][measure] = Cell(mine.value, cell.hidden)
    return own


# Open data columns, one row per territory and audience (docs/open-data.md is still to write).
CSV_HEADER = ["niveau", "code", "nom", "public", "inscrits", "termines", "attestations_valides"]


def csv_rows(table: SuppressedTable) -> list[list[str]]:
    """The table's figures as they appear on the page: the territory first (the nation as
    "france"), then its children, each for every audience; hidden cells keep their label."""
    rows = []
    for row in [table.parent, *table.children]:
        territory = row.territory
        level, code, name = (territory.kind, territory.code, territory.name) if territory else ("france", "", "France")
        for audience in AUDIENCES:
            cells = row.cells[audience]
            rows.append([level, code, name, audience, *(cells[measure].display for measure in MEASURES)])
    return rows
