"""The dashboards' summary refresh: every territory's figures, computed set-based from the lower
apps' selectors, the suppression decided once over the whole country, written in one transaction.

Run nightly on the `long` cluster (dashboards.tasks.refresh, scheduled in apps.py), by
`manage.py refresh_dashboards`, by `seed_demo`, and after a session closes (facetoface.closing,
a registry dashboards fills in ready()). A campaign closes by its date, with no event: its
figures show after the next night (or the command).

Idempotent: the table is replaced, not added to, so two runs on the same data leave the same rows.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from certificates.selectors import territory_certified_counts
from courses.selectors import territory_training_counts, territory_training_quarters
from dashboards.measures import ALL, AUDIENCES, PEOPLE, Column, quarter_label, recent_quarters
from dashboards.models import TerritoryFigure
from dashboards.suppression import Hidden, suppress_all
from facetoface.selectors import territory_attendance_totals
from lms.audiences import AudienceCode
from lms.organisations.models import Territory, TerritoryKind

# (territory pk or None for the nation, (measure, audience, period))
CellKey = tuple[int | None, Column]

# Figures derived from people without counting them: hidden exactly where the count they come
# from is (hours of 3 people would give the 3 back, given the course's duration).
MIRRORS: dict[Column, Column] = {
    ("hours_online", ALL, ""): ("completed", ALL, ""),
    ("hours_attended", ALL, ""): ("present", ALL, ""),
}
# Counts of marks, not of people: hidden on their own under 5, and also wherever the people they
# come from are (one person at a six-slot session makes six presence marks).
ALSO_WITH: dict[Column, Column] = {
    ("present", ALL, ""): ("registrations", ALL, ""),
}
# Not about people, never hidden: sessions held, and the census population.
PUBLIC = {"sessions", "population"}
LEVELS: list[str | None] = [
    None,
    TerritoryKind.REGION,
    TerritoryKind.DEPARTEMENT,
    TerritoryKind.EPCI,
    TerritoryKind.COMMUNE,
]


@dataclass(frozen=True)
class Node:
    pk: int
    kind: str
    region_id: int | None
    departement_id: int | None
    epci_id: int | None
    population: int | None


def _nodes() -> dict[int, Node]:
    rows = Territory.objects.active().values_list("pk", "kind", "region_id", "departement_id", "epci_id", "population")
    return {row[0]: Node(*row) for row in rows.iterator(chunk_size=5000)}


def collect(nodes: dict[int, Node], now: datetime) -> dict[int | None, dict[Column, int]]:
    """Every territory's raw figures (people counts, hours, sessions, population). Six queries per
    level for training, two for attendance, none for populations (read with the nodes)."""
    raw: dict[int | None, dict[Column, int]] = defaultdict(dict)

    def put(territory: int | None, column: Column, value: int | Decimal | None) -> None:
        if value and (territory is None or territory in nodes):
            raw[territory][column] = int(value)

    since = recent_quarters(now)[0][1]
    for level in LEVELS:
        for row in territory_training_counts(level, by_audience=True):
            if row["audience"] in AudienceCode.values:
                put(row["territory"], ("enrolled", row["audience"], ""), row["enrolled"])
                put(row["territory"], ("completed", row["audience"], ""), row["completed"])
        for row in territory_training_counts(level, by_audience=False):
            put(row["territory"], ("enrolled", ALL, ""), row["enrolled"])
            put(row["territory"], ("completed", ALL, ""), row["completed"])
            put(row["territory"], ("hours_online", ALL, ""), round((row["minutes"] or 0) / 60))
        for by_audience in (True, False):
            for row in territory_certified_counts(level, by_audience=by_audience):
                audience = row["audience"] if by_audience else ALL
                if audience in AUDIENCES:
                    put(row["territory"], ("certified", audience, ""), row["certified"])
        for row in territory_training_quarters(level, since=since):
            put(
                row["territory"],
                (row["measure"], ALL, quarter_label(timezone.localtime(row["quarter"]))),
                row["people"],
            )
    # Face-to-face sessions are placed on a département: régions and the nation add theirs up
    # (sessions are distinct; registrations and presence marks are counted per session).
    for row in territory_attendance_totals():
        node = nodes.get(row["departement"])
        if node is None:
            continue
        for target in (node.pk, node.region_id, None):
            for measure, value in (
                ("sessions", row["sessions"]),
                ("registrations", row["registrations"]),
                ("present", row["present_marks"]),
                ("hours_attended", round(row["hours"])),
            ):
                column = (measure, ALL, "")
                if target is None or target in nodes:
                    raw[target][column] = raw[target].get(column, 0) + int(value)
    # Populations: communes' and EPCIs' from the COG data; départements', régions' and the
    # nation's summed from their communes.
    for node in nodes.values():
        if node.kind in (TerritoryKind.COMMUNE, TerritoryKind.EPCI):
            put(node.pk, ("population", ALL, ""), node.population)
        if node.kind == TerritoryKind.COMMUNE and node.population:
            for target in (node.departement_id, node.region_id, None):
                if target is None or target in nodes:
                    column = ("population", ALL, "")
                    raw[target][column] = raw[target].get(column, 0) + node.population
    return raw


def groups(nodes: dict[int, Node], raw: dict[int | None, dict[Column, int]]) -> list[tuple[CellKey, list[CellKey]]]:
    """The groups a reader can subtract in, top-down: the nation and its régions, each région and
    its départements, each département and its communes, each EPCI and its communes (an EPCI can
    cross départements), then each territory's total and its quarters, and its total and its
    audiences. Only children with a
    figure are listed (zero children are shown and add nothing)."""
    children: dict[tuple[str, int | None], list[int]] = defaultdict(list)
    for node in nodes.values():
        if node.kind == TerritoryKind.REGION:
            children[("region", None)].append(node.pk)
        elif node.kind == TerritoryKind.DEPARTEMENT and node.region_id:
            children[("departement", node.region_id)].append(node.pk)
        elif node.kind == TerritoryKind.COMMUNE:
            if node.departement_id:
                children[("commune", node.departement_id)].append(node.pk)
            if node.epci_id:
                children[("commune-epci", node.epci_id)].append(node.pk)
    order = {"region": 0, "departement": 1, "commune": 2, "commune-epci": 3}
    columns = sorted({column for figures in raw.values() for column in figures if _suppressed(column)})
    result: list[tuple[CellKey, list[CellKey]]] = []
    for (_kind, parent), members in sorted(children.items(), key=lambda item: (order[item[0][0]], item[0][1] or 0)):
        for column in columns:
            present = [pk for pk in members if column in raw.get(pk, {})]
            if present:
                result.append(((parent, column), [(pk, column) for pk in sorted(present)]))
    for territory, figures in raw.items():
        for measure in ("enrolled", "completed"):
            quarters = sorted(column for column in figures if column[0] == measure and column[2])
            if quarters:
                result.append(((territory, (measure, ALL, "")), [(territory, column) for column in quarters]))
        # A territory's total and its audiences: "12 in all, 9 teachers" would give the parents.
        for measure in PEOPLE:
            audiences = sorted(
                column for column in figures if column[0] == measure and column[1] != ALL and not column[2]
            )
            if audiences:
                result.append(((territory, (measure, ALL, "")), [(territory, column) for column in audiences]))
    return result


def _suppressed(column: Column) -> bool:
    return column[0] not in PUBLIC and column not in MIRRORS


def decide(nodes: dict[int, Node], raw: dict[int | None, dict[Column, int]]) -> dict[CellKey, Hidden]:
    values = {(territory, column): value for territory, figures in raw.items() for column, value in figures.items()}
    people = {key: value for key, value in values.items() if _suppressed(key[1])}
    hidden = suppress_all(people, groups(nodes, raw))
    for (territory, column), value in values.items():
        source = ALSO_WITH.get(column)
        if source and (territory, source) in hidden and value and (territory, column) not in hidden:
            hidden[(territory, column)] = hidden[(territory, source)]
    for (territory, column), value in values.items():
        source = MIRRORS.get(column)
        if source and (territory, source) in hidden and value:
            hidden[(territory, column)] = hidden[(territory, source)]
    return hidden


def dashboards_refresh(*, now: datetime | None = None) -> int:
    """Recompute every figure and its suppression, and replace the summary table. Returns the
    number of rows written."""
    now = now or timezone.now()
    nodes = _nodes()
    raw = collect(nodes, now)
    hidden = decide(nodes, raw)
    rows = [
        TerritoryFigure(
            territory_id=territory,
            measure=column[0],
            audience=column[1],
            period=column[2],
            value=value,
            hidden=hidden.get((territory, column), ""),
            refreshed_at=now,
        )
        for territory, figures in raw.items()
        for column, value in figures.items()
    ]
    with transaction.atomic():
        TerritoryFigure.objects.all().delete()
        TerritoryFigure.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
