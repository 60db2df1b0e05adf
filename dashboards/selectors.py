"""Reads for the territorial dashboards (issue 28), from the summary table only.

The figures and the decision to hide each are written by dashboards.services.refresh; a page reads
its territory's rows and its children's in two queries, whatever the number of children, and an
export reads the same rows, so the page and the export cannot differ.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, Q, QuerySet, Value, When

from dashboards.measures import ALL, AUDIENCES, Column
from dashboards.models import TerritoryFigure
from dashboards.suppression import Cell, Hidden
from lms.organisations.models import Territory, TerritoryKind

__all__ = ["ALL", "AUDIENCES", "CHILD_KIND", "MEASURES", "Dashboard", "Figures"]

MEASURES = ("enrolled", "completed", "certified")

# What a territory's page lists below it. A commune has no children.
CHILD_KIND: dict[str | None, str | None] = {
    None: TerritoryKind.REGION,
    TerritoryKind.REGION: TerritoryKind.DEPARTEMENT,
    TerritoryKind.DEPARTEMENT: TerritoryKind.COMMUNE,
    TerritoryKind.EPCI: TerritoryKind.COMMUNE,
    TerritoryKind.COMMUNE: None,
}

# Face-to-face sessions are placed on départements: their figures exist from there up.
ATTENDANCE_KINDS = (None, TerritoryKind.REGION, TerritoryKind.DEPARTEMENT)


@dataclass
class Figures:
    """One territory's stored figures (None: the nation); a figure without a row is zero."""

    territory: Territory | None
    cells: dict[Column, Cell] = field(default_factory=dict)

    def get(self, measure: str, audience: str = ALL, period: str = "") -> Cell:
        return self.cells.get((measure, audience, period), Cell(0))

    @property
    def has_attendance(self) -> bool:
        return (self.territory.kind if self.territory else None) in ATTENDANCE_KINDS


@dataclass
class Dashboard:
    own: Figures
    children: list[Figures]
    refreshed_at: datetime | None


def territory_by_kind_and_code(kind: str, code: str) -> Territory | None:
    if kind not in (TerritoryKind.REGION, TerritoryKind.DEPARTEMENT, TerritoryKind.EPCI, TerritoryKind.COMMUNE):
        return None
    # With its région, département and EPCI, for the links up.
    found = Territory.objects.active().filter(kind=kind, code=code)
    return found.select_related("region", "departement", "epci").first()


def territory_children(territory: Territory | None) -> QuerySet[Territory]:
    """The territories a page lists below `territory` (None: the nation), current ones only."""
    kind = CHILD_KIND[territory.kind if territory else None]
    if kind is None:
        return Territory.objects.none()
    children = Territory.objects.active().filter(kind=kind)
    if territory is not None:
        link: dict[str, str] = {
            TerritoryKind.REGION: "region",
            TerritoryKind.DEPARTEMENT: "departement",
            TerritoryKind.EPCI: "epci",
        }
        children = children.filter(**{link[territory.kind]: territory})
    return children.only("pk", "kind", "code", "name").order_by("name", "code")


def _cell(row: dict) -> Cell:
    return Cell(row["value"], Hidden(row["hidden"]) if row["hidden"] else None)


def _column(row: dict) -> Column:
    return (row["measure"], row["audience"], row["period"])


FIELDS = ("territory_id", "measure", "audience", "period", "value", "hidden", "refreshed_at")


def territory_dashboard(territory: Territory | None) -> Dashboard:
    """A territory's figures (None: the nation) and its children's, children in name order.
    Three queries: the children, every figure of the territory and of its children (the children
    as a subquery: a département has hundreds of communes), and the time of the last refresh
    (read apart: a territory without any figure still shows the same quarters as the others)."""
    children = list(territory_children(territory))
    own = Q(territory__isnull=True) if territory is None else Q(territory=territory)
    rows = TerritoryFigure.objects.filter(own | Q(territory__in=territory_children(territory).values("pk")))
    figures: dict[int | None, Figures] = {child.pk: Figures(child) for child in children}
    mine = Figures(territory)
    for row in rows.values(*FIELDS):
        key = row["territory_id"]
        target = mine if key == (territory.pk if territory else None) else figures.get(key)
        if target is not None:
            target.cells[_column(row)] = _cell(row)
    return Dashboard(own=mine, children=[figures[child.pk] for child in children], refreshed_at=last_refresh())


def last_refresh() -> datetime | None:
    return TerritoryFigure.objects.order_by().values_list("refreshed_at", flat=True).first()


def country_territories() -> QuerySet[Territory]:
    """Every current territory, for the nation's export: régions, départements, EPCIs, communes."""
    order = [TerritoryKind.REGION, TerritoryKind.DEPARTEMENT, TerritoryKind.EPCI, TerritoryKind.COMMUNE]
    rank = Case(*(When(kind=kind, then=Value(index)) for index, kind in enumerate(order)))
    return Territory.objects.active().filter(kind__in=order).only("pk", "kind", "code", "name").order_by(rank, "code")


def country_figures() -> Iterator[tuple[int | None, Column, Cell]]:
    """Every stored figure of the country (the nation's export), streamed."""
    rows = TerritoryFigure.objects.values(*FIELDS).order_by()
    for row in rows.iterator(chunk_size=5000):
        yield row["territory_id"], _column(row), _cell(row)
