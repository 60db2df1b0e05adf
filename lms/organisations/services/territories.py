"""Loading the official geography from the vendored `@etalab/decoupage-administratif` JSON.

Set-based: each kind is read once, compared with what is stored in one query per batch, then
written with bulk_create and bulk_update. Loading a département or the whole country costs a
number of queries that depends on the batch count, never on one query per commune.
"""

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from lms.organisations.models import Territory, TerritoryKind

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "decoupage-administratif"
BATCH = 1000
FIELDS = ["name", "search_name", "siren", "population", "postcodes", "postcodes_text", "is_active"]
LINKS = ["region_id", "departement_id", "epci_id", "successor_id"]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    merged: int = 0

    def lines(self) -> list[str]:
        kinds = [kind for kind in TerritoryKind.values if kind in self.created or kind in self.updated]
        return [
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated" for kind in kinds
        ] + [f"merged communes (inactive, linked to their successor): {self.merged}"]


def read_dataset(name: str, data_dir: Path = DATA_DIR) -> list[dict]:
    plain, packed = data_dir / f"{name}.json", data_dir / f"{name}.json.gz"
    if plain.exists():
        return json.loads(plain.read_text(encoding="utf-8"))
    with gzip.open(packed, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def _chunks(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _upsert(kind: str, wanted: dict[str, dict], report: LoadReport) -> dict[str, int]:
    """Create or update the territories of one kind; returns {code: pk} for all of them."""
    codes = list(wanted)
    existing: dict[str, Territory] = {}
    for chunk in _chunks(codes):
        existing.update({t.code: t for t in Territory.objects.filter(kind=kind, code__in=chunk)})
    to_create, to_update = [], []
    for code, values in wanted.items():
        territory = existing.get(code)
        if territory is None:
            territory = Territory(kind=kind, code=code, **values)
            territory.fill_search_fields()
            to_create.append(territory)
            continue
        before = {name: getattr(territory, name) for name in FIELDS + LINKS}
        for name, value in values.items():
            setattr(territory, name, value)
        territory.fill_search_fields()
        if any(getattr(territory, name) != before[name] for name in before):
            to_update.append(territory)
    Territory.objects.bulk_create(to_create, batch_size=BATCH)
    Territory.objects.bulk_update(to_update, FIELDS + LINKS, batch_size=BATCH)
    report.created[kind] = report.created.get(kind, 0) + len(to_create)
    report.updated[kind] = report.updated.get(kind, 0) + len(to_update)
    if to_create:  # bulk_create does not return primary keys on every backend: read them back
        for chunk in _chunks(codes):
            existing.update({t.code: t for t in Territory.objects.filter(kind=kind, code__in=chunk)})
    return {code: territory.pk for code, territory in existing.items()}


@transaction.atomic
def territories_load(*, departements: list[str] | None = None, data_dir: Path = DATA_DIR) -> LoadReport:
    """Load the régions, départements, EPCI and communes; all of them, or those of some départements.

    Idempotent. Communes merged into a new one (listed in its `anciensCodes`) become inactive
    and point to their successor; the named communes déléguées and associées are kept that way.
    """
    report = LoadReport()
    regions = read_dataset("regions", data_dir)
    deps = read_dataset("departements", data_dir)
    epcis = read_dataset("epci", data_dir)
    communes = read_dataset("communes", data_dir)
    if departements:
        wanted = set(departements)
        deps = [d for d in deps if d["code"] in wanted]
        regions = [r for r in regions if r["code"] in {d["region"] for d in deps}]
        communes = [c for c in communes if c.get("departement") in wanted]
    current = [c for c in communes if c["type"] == "commune-actuelle"]
    current_codes = {c["code"] for c in current}
    epcis = [e for e in epcis if any(member["code"] in current_codes for member in e["membres"])]

    region_pks = _upsert(
        TerritoryKind.REGION, {r["code"]: {"name": r["nom"], "is_active": True} for r in regions}, report
    )
    dep_pks = _upsert(
        TerritoryKind.DEPARTEMENT,
        {d["code"]: {"name": d["nom"], "region_id": region_pks.get(d["region"]), "is_active": True} for d in deps},
        report,
    )
    epci_pks = _upsert(
        TerritoryKind.EPCI,
        {
            e["code"]: {
                "name": e["nom"],
                "siren": e["code"],
                "population": e.get("populationTotale"),
                "is_active": True,
            }
            for e in epcis
        },
        report,
    )
    epci_of = {member["code"]: epci_pks[e["code"]] for e in epcis for member in e["membres"]}
    commune_pks = _upsert(
        TerritoryKind.COMMUNE,
        {
            c["code"]: {
                "name": c["nom"],
                "siren": c.get("siren", ""),
                "population": c.get("population"),
                "postcodes": sorted(c.get("codesPostaux", [])),
                "region_id": region_pks.get(c.get("region", "")),
                "departement_id": dep_pks.get(c.get("departement", "")),
                "epci_id": epci_of.get(c["code"]),
                "is_active": True,
                "successor_id": None,
            }
            for c in current
        },
        report,
    )
    report.merged = _mark_merged(current, communes, commune_pks, region_pks, dep_pks, report)
    return report


def _mark_merged(
    current: list[dict],
    communes: list[dict],
    commune_pks: dict[str, int],
    region_pks: dict[str, int],
    dep_pks: dict[str, int],
    report: LoadReport,
) -> int:
    """Old communes absorbed by a commune nouvelle: inactive, pointing to it."""
    successor_of = {old: c["code"] for c in current for old in c.get("anciensCodes", [])}
    if not successor_of:
        return 0
    names = {
        c["code"]: c
        for c in communes
        if c["type"] in {"commune-deleguee", "commune-associee"} and c["code"] in successor_of
    }
    stored: set[str] = set()
    for chunk in _chunks(list(successor_of)):
        stored.update(
            Territory.objects.filter(kind=TerritoryKind.COMMUNE, code__in=chunk).values_list("code", flat=True)
        )
    wanted: dict[str, dict] = {}
    for old, new in successor_of.items():
        if old not in stored and old not in names:
            continue  # never stored and nothing to name it by: nothing to keep
        values = {"is_active": False, "successor_id": commune_pks[new], "epci_id": None}
        if old in names:
            entry = names[old]
            values.update(
                name=entry["nom"],
                region_id=region_pks.get(entry.get("region", "")),
                departement_id=dep_pks.get(entry.get("departement", "")),
            )
        wanted[old] = values
    if not wanted:
        return 0
    missing_names = [code for code in wanted if "name" not in wanted[code]]
    if missing_names:  # stored earlier under their own name: keep it
        current_names = dict(
            Territory.objects.filter(kind=TerritoryKind.COMMUNE, code__in=missing_names).values_list("code", "name")
        )
        for code in missing_names:
            wanted[code]["name"] = current_names[code]
    _upsert(TerritoryKind.COMMUNE, wanted, report)
    return len(wanted)
