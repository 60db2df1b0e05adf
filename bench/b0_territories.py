"""B0: loading the whole country's territories (régions, départements, EPCI, communes and the
merged communes) from the vendored COG data, against bulk_create of the same rows."""

from django.db import connection, transaction

from bench.core import Result, benchmark, counted, timer
from lms.organisations.models import Territory, TerritoryKind
from lms.organisations.services.territories import read_dataset, territories_load

TARGET = 2.0
ALL = 101  # départements: the whole country


def _wipe() -> None:
    """Empty the table (but for territories another benchmark's organisation or course uses)."""
    from courses.models import Course
    from lms.organisations.models import HomeCommune, Organisation

    used = set(Organisation.objects.values_list("territory_id", flat=True))
    used |= set(Course.objects.exclude(territory=None).values_list("territory_id", flat=True))
    used |= set(HomeCommune.objects.values_list("commune_id", flat=True))
    with transaction.atomic():
        Territory.objects.exclude(pk__in=used)._raw_delete(connection.alias)


def peer_load(departements: list[str] | None = None) -> int:
    """The floor: read the same JSON, compute the same columns, bulk_create the rows kind by kind
    (each kind needs the keys of the one before), the merged communes last."""
    regions, deps = read_dataset("regions"), read_dataset("departements")
    epcis, communes = read_dataset("epci"), read_dataset("communes")
    if departements:
        wanted = set(departements)
        deps = [d for d in deps if d["code"] in wanted]
        regions = [r for r in regions if r["code"] in {d["region"] for d in deps}]
        communes = [c for c in communes if c.get("departement") in wanted]
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    current_codes = {c["code"] for c in current}
    epcis = [e for e in epcis if any(member["code"] in current_codes for member in e["membres"])]

    def create(kind: str, rows: dict[str, dict]) -> dict[str, int]:
        objects = [Territory(kind=kind, code=code, **values) for code, values in rows.items()]
        for territory in objects:
            territory.fill_search_fields()
        Territory.objects.bulk_create(objects, batch_size=1000)
        if objects and objects[0].pk is None:  # no RETURNING on this backend
            return dict(Territory.objects.filter(kind=kind).values_list("code", "pk"))
        return {territory.code: territory.pk for territory in objects}

    with transaction.atomic():
        region_pks = create(TerritoryKind.REGION, {r["code"]: {"name": r["nom"]} for r in regions})
        dep_pks = create(
            TerritoryKind.DEPARTEMENT,
            {d["code"]: {"name": d["nom"], "region_id": region_pks.get(d["region"])} for d in deps},
        )
        epci_pks = create(
            TerritoryKind.EPCI,
            {e["code"]: {"name": e["nom"], "siren": e["code"], "population": e.get("populationTotale")} for e in epcis},
        )
        epci_of = {member["code"]: epci_pks[e["code"]] for e in epcis for member in e["membres"]}
        commune_pks = create(
            TerritoryKind.COMMUNE,
            {
                c["code"]: {
                    "name": c["nom"],
                    "siren": c.get("siren", ""),
                    "population": c.get("population"),
                    "postcodes": sorted(c.get("codesPostaux", [])),
                    "region_id": region_pks.get(c.get("region")),
                    "departement_id": dep_pks.get(c.get("departement")),
                    "epci_id": epci_of.get(c["code"]),
                }
                for c in current
            },
        )
        successor_of = {old: c["code"] for c in current for old in c.get("anciensCodes", [])}
        named = {
            c["code"]: c
            for c in communes
            if c["type"] in {"commune-deleguee", "commune-associee"} and c["code"] in successor_of
        }
        merged = create(
            TerritoryKind.COMMUNE,
            {
                old: {
                    "name": named[old]["nom"],
                    "region_id": region_pks.get(named[old].get("region")),
                    "departement_id": dep_pks.get(named[old].get("departement")),
                    "is_active": False,
                    "successor_id": commune_pks[successor_of[old]],
                }
                for old in successor_of
                if old in named and old not in commune_pks
            },
        )
    return len(region_pks) + len(dep_pks) + len(epci_pks) + len(commune_pks) + len(merged)


@benchmark("B0", "territory load", full=ALL, quick=8, tiny=1)
def run(size: int) -> Result:
    """`size` is a number of départements (the first ones by code); the whole country from 101."""
    codes = sorted(d["code"] for d in read_dataset("departements"))
    departements = None if size >= len(codes) else codes[:size]
    _wipe()
    with counted() as ours_queries, timer() as ours_time:
        territories_load(departements=departements)
    ours_rows = Territory.objects.count()
    _wipe()
    with counted() as peer_queries, timer() as peer_time:
        peer_load(departements)
    peer_rows = Territory.objects.count()
    ours, peer = ours_time(), peer_time()
    ratio = ours / peer
    return Result(
        id="B0",
        workload="load_territories, "
        + ("whole country" if departements is None else f"{size} département(s)")
        + f", {ours_rows} rows",
        size=size,
        ours=ours,
        peer=peer,
        ratio=ratio,
        target=f"≤ {TARGET:g}× peer",
        met=ratio <= TARGET and ours_rows == peer_rows,
        queries=f"ours {len(ours_queries)}, peer {len(peer_queries)}",
        note="" if ours_rows == peer_rows else f"row counts differ: ours {ours_rows}, peer {peer_rows}",
    )
