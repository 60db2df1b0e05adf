import copy
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import Territory, TerritoryKind, search_key
from lms.organisations.services.territories import FIELDS, LINKS, territories_load

pytestmark = pytest.mark.django_db
EXTRACTS = Path(__file__).resolve().parent.parent / "data" / "territories"


def snapshot():
    return sorted(
        Territory.objects.values_list(
            "kind", "code", "name", "is_active", "successor__code", "departement__code", "epci__code", "region__code"
        )
    )


def test_loads_the_extract_with_its_links():
    """Communes point to their département, région and EPCI; codes stay text (Corsica)."""
    territories_load(data_dir=EXTRACTS / "v1")
    privas = Territory.objects.get(kind=TerritoryKind.COMMUNE, code="07186")
    assert privas.name == "Privas"
    assert privas.departement.name == "Ardèche"
    assert privas.region.name == "Auvergne-Rhône-Alpes"
    assert privas.epci.name == "CA Privas Centre Ardèche"
    assert privas.siren == "210701868"
    assert privas.postcodes == ["07000"]
    ajaccio = Territory.objects.get(kind=TerritoryKind.COMMUNE, code="2A004")
    assert ajaccio.departement.code == "2A"
    assert ajaccio.region.name == "Corse"


def test_loading_twice_changes_nothing():
    """The loader is idempotent: the second run creates and updates nothing."""
    territories_load(data_dir=EXTRACTS / "v1")
    first = snapshot()
    report = territories_load(data_dir=EXTRACTS / "v1")
    assert snapshot() == first
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0


def test_yearly_update_marks_merged_communes_inactive():
    """Next year's data merges Veyras into Privas: Veyras stays, inactive, pointing to Privas."""
    territories_load(data_dir=EXTRACTS / "v1")
    veyras_pk = Territory.objects.get(code="07340").pk
    territories_load(data_dir=EXTRACTS / "v2")
    veyras = Territory.objects.get(code="07340")
    assert veyras.pk == veyras_pk  # the same row: what points to it keeps working
    assert veyras.is_active is False
    assert veyras.successor.code == "07186"
    assert veyras.epci is None
    assert Territory.objects.get(code="07186").is_active is True
    assert Territory.objects.get(code="07186").population == 9938
    assert "07340" not in Territory.objects.active().values_list("code", flat=True)


def test_one_departement_from_the_vendored_data():
    """`load_territories --departement 2A` loads Corse-du-Sud, its région, communes and EPCI only."""
    call_command("load_territories", "--departement", "2A", stdout=StringIO())
    assert set(Territory.objects.filter(kind=TerritoryKind.REGION).values_list("name", flat=True)) == {"Corse"}
    assert set(Territory.objects.filter(kind=TerritoryKind.DEPARTEMENT).values_list("code", flat=True)) == {"2A"}
    communes = Territory.objects.filter(kind=TerritoryKind.COMMUNE, is_active=True)
    assert communes.count() > 100
    assert set(communes.values_list("departement__code", flat=True)) == {"2A"}
    assert communes.get(code="2A004").name == "Ajaccio"
    assert Territory.objects.filter(kind=TerritoryKind.EPCI, code="242010056").exists()


def big_extract(tmp_path: Path, communes: int) -> Path:
    """The v1 extract with `communes` made-up communes in Ardèche, for counting queries."""
    folder = tmp_path / f"extract-{communes}"
    folder.mkdir()
    for name in ["regions", "departements", "epci"]:
        (folder / f"{name}.json").write_text((EXTRACTS / "v1" / f"{name}.json").read_text())
    base = json.loads((EXTRACTS / "v1" / "communes.json").read_text())
    model = next(c for c in base if c["code"] == "07186")
    extra = []
    for index in range(communes):
        commune = copy.deepcopy(model)
        commune.update(code=f"07{900 + index}", nom=f"Commune d'essai {index}", siren="")
        extra.append(commune)
    (folder / "communes.json").write_text(json.dumps(base + extra))
    return folder


def test_query_count_does_not_grow_per_commune(tmp_path):
    """Loading 3 or 300 more communes costs the same queries, give or take the INSERT batches.

    Writes are set-based. The only growth allowed is one INSERT per batch: PostgreSQL takes all
    rows in one, SQLite's 999-parameter limit cuts them into batches of about 60 rows."""
    counts = []
    for size in (3, 300):
        for kind in [TerritoryKind.COMMUNE, TerritoryKind.EPCI, TerritoryKind.DEPARTEMENT, TerritoryKind.REGION]:
            Territory.objects.filter(kind=kind).delete()
        folder = big_extract(tmp_path, size)
        with CaptureQueriesContext(connection) as queries:
            territories_load(data_dir=folder)
        counts.append(len(queries))
    per_insert = connection.ops.bulk_batch_size(["code", "kind", *FIELDS, *LINKS], [Territory()] * 1000)
    insert_batches = -(-304 // per_insert) - 1  # beyond the single batch the small load needs
    assert counts[1] - counts[0] <= insert_batches
    if connection.vendor == "postgresql":
        assert counts[0] == counts[1]
    assert Territory.objects.filter(kind=TerritoryKind.COMMUNE).count() == 4 + 300


def test_search_ignores_accents_case_and_hyphens():
    """ "saint etienne" finds Saint-Étienne; so do capitals and the hyphen, on either database."""
    for code, name, population in [("42218", "Saint-Étienne", 170000), ("76297", "Gancourt-Saint-Étienne", 200)]:
        Territory.objects.create(kind=TerritoryKind.COMMUNE, code=code, name=name, population=population)
    Territory.objects.create(kind=TerritoryKind.COMMUNE, code="07186", name="Privas", postcodes=["07000"])
    for query in ["saint etienne", "SAINT-ÉTIENNE", "Saint Étienne", "etienne"]:
        names = list(Territory.objects.search(query).values_list("name", flat=True))
        assert names[0] == "Saint-Étienne", query
    assert list(Territory.objects.search("07000").values_list("name", flat=True)) == ["Privas"]
    assert list(Territory.objects.search("07186").values_list("name", flat=True)) == ["Privas"]
    assert not Territory.objects.search("   ").exists()


def test_search_key_folds_ligatures_and_punctuation():
    """Œ, apostrophes and hyphens fold to plain words."""
    assert search_key("L'Haÿ-les-Roses") == "l hay les roses"
    assert search_key("Œuilly") == "oeuilly"


def test_corsican_codes_are_text():
    """2A and 2B codes keep their letters and are searchable."""
    territories_load(data_dir=EXTRACTS / "v1")
    assert list(Territory.objects.search("2A").filter(kind=TerritoryKind.COMMUNE).values_list("code", flat=True)) == [
        "2A004"
    ]


def test_admin_lists_and_searches_territories(client):
    """Staff search territories in the Django admin the same accent-free way."""
    from tests.factories import UserFactory

    territories_load(data_dir=EXTRACTS / "v1")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/django-admin/organisations/territory/", {"q": "privas"}).content.decode()
    assert "Privas" in html
    assert "Ajaccio" not in html
