"""What a territory's page shows, built from the stored figures (dashboards.selectors): the
indicators, the per-audience table, the quarterly trend and the sortable children's table.
Every hidden cell keeps the label the refresh decided ("< 5", "secret"); no value is recomputed
here but the completion rate, shown only when both of its figures are."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dashboards.measures import QUARTERS, recent_quarters
from dashboards.selectors import ALL, AUDIENCES, Dashboard, Figures
from dashboards.suppression import Cell
from lms.audiences import AudienceCode


@dataclass(frozen=True)
class Rate:
    """A completion rate, shown only when both of its figures are: otherwise it would give back
    a hidden one from the visible one."""

    percent: int | None

    @property
    def display(self) -> str:
        return "—" if self.percent is None else f"{self.percent} %"

    @property
    def hidden(self) -> bool:
        return False

    @property
    def shown(self) -> int | None:
        return self.percent


def completion_rate(figures: Figures, audience: str = ALL) -> Rate:
    enrolled, completed = figures.get("enrolled", audience), figures.get("completed", audience)
    if enrolled.hidden or completed.hidden or not enrolled.value:
        return Rate(None)
    return Rate(round(100 * Decimal(completed.value) / enrolled.value))


@dataclass(frozen=True)
class NotApplicable:
    """A figure that does not exist at this level (sessions of a commune: they are placed on
    départements)."""

    display = "—"
    hidden = False
    shown = None
    value = None


NA = NotApplicable()


def audience_label(audience: str) -> str:
    return str(_("Tous publics")) if audience == ALL else str(AudienceCode(audience).label)


@dataclass(frozen=True)
class ChildColumn:
    """A column of the children's table: `key` is its `?tri=` value."""

    key: str
    label: str
    measure: str | None  # None: the completion rate
    people: bool = True  # a count of people (suppressed); else population, rate, hours, sessions

    def cell(self, figures: Figures) -> Cell | Rate | NotApplicable:
        if self.measure is None:
            return completion_rate(figures)
        if self.measure in ("sessions", "hours_attended") and not figures.has_attendance:
            return NA
        return figures.get(self.measure)


def child_columns(children: list[Figures]) -> list[ChildColumn]:
    columns = [
        ChildColumn("population", str(_("Population")), "population", people=False),
        ChildColumn("inscrits", str(_("Inscrites")), "enrolled"),
        ChildColumn("termines", str(_("Ont terminé")), "completed"),
        ChildColumn("attestations", str(_("Attestation valide")), "certified"),
        ChildColumn("taux", str(_("Taux d'achèvement")), None, people=False),
        ChildColumn("heures", str(_("Heures en ligne")), "hours_online", people=False),
    ]
    if children and children[0].has_attendance:
        columns.append(ChildColumn("sessions", str(_("Sessions en présentiel")), "sessions", people=False))
    return columns


@dataclass
class ChildRow:
    figures: Figures
    cells: list
    columns: list[ChildColumn]
    url: str = ""

    @property
    def shown(self) -> list[tuple[str, str]]:
        """For the template, each cell's class (empty for a count of people) and text, computed
        here: a département has hundreds of rows, and template lookups cost per cell."""
        return [
            ("" if column.people else f"figure-{column.key}", cell.display)
            for cell, column in zip(self.cells, self.columns, strict=True)
        ]


@dataclass
class ChildTable:
    columns: list[dict]  # key, label, aria_sort, next_order (for the header link)
    rows: list[ChildRow]


def _sort_value(cell) -> tuple[int, int | str]:
    """Hidden and missing cells sort as unknown: after every known value, in either order."""
    shown = cell.shown if not isinstance(cell, Cell) or not cell.hidden else None
    return (1, 0) if shown is None else (0, shown)


def child_table(dashboard: Dashboard, sort: str | None, order: str | None) -> ChildTable:
    """The children's rows sorted by `sort` (a column key, or "nom"; unknown: by name) in `order`
    ("asc" or "desc"). A hidden cell sorts last whichever the order, never by its value."""
    columns = child_columns(dashboard.children)
    by_key = {column.key: column for column in columns}
    descending = order == "desc"
    # One reverse() for all rows: {% url %} per row cost 0.4 ms each, most of a département's page.
    base = reverse("dashboards:national")
    rows = [
        ChildRow(
            figures,
            [column.cell(figures) for column in columns],
            columns,
            f"{base}{figures.territory.kind}/{figures.territory.code}/" if figures.territory else "",
        )
        for figures in dashboard.children
    ]
    if sort in by_key:
        index = columns.index(by_key[sort])
        known = [row for row in rows if _sort_value(row.cells[index])[0] == 0]
        unknown = [row for row in rows if _sort_value(row.cells[index])[0] == 1]
        known.sort(key=lambda row: _sort_value(row.cells[index])[1], reverse=descending)
        rows = known + unknown
    else:
        sort = "nom"
        if descending:
            rows.reverse()
    headers = [{"key": "nom", "label": str(_("Territoire"))}] + [
        {"key": column.key, "label": column.label} for column in columns
    ]
    for header in headers:
        current = header["key"] == sort
        header["aria_sort"] = ("descending" if descending else "ascending") if current else ""
        header["next_order"] = "asc" if current and descending else ("desc" if current else "asc")
    return ChildTable(columns=headers, rows=rows)


@dataclass
class AudienceRow:
    audience: str
    label: str
    enrolled: Cell
    completed: Cell
    certified: Cell
    rate: Rate


def audience_rows(figures: Figures) -> list[AudienceRow]:
    return [
        AudienceRow(
            audience,
            audience_label(audience),
            figures.get("enrolled", audience),
            figures.get("completed", audience),
            figures.get("certified", audience),
            completion_rate(figures, audience),
        )
        for audience in AUDIENCES
    ]


def quarter_labels(dashboard: Dashboard) -> list[str]:
    """The trend's quarters, oldest first: those of the last refresh (the same for every page)."""
    if dashboard.refreshed_at is None:
        return []
    return [label for label, _start in recent_quarters(dashboard.refreshed_at, QUARTERS)]


@dataclass
class QuarterRow:
    quarter: str
    enrolled: Cell
    completed: Cell


def quarter_rows(dashboard: Dashboard) -> list[QuarterRow]:
    """Per-quarter counts of people who enrolled and who completed in that quarter: never a
    running total (a cumulative series would let a reader subtract two visible quarters)."""
    own = dashboard.own
    return [
        QuarterRow(label, own.get("enrolled", ALL, label), own.get("completed", ALL, label))
        for label in quarter_labels(dashboard)
    ]
