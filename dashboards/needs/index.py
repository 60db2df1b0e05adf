"""The needs index of the communes of one département (docs/indice-besoins.md): pure, no database.

Each commune with at least one submitted school response has five measured components. Each is
turned into a *deficit* between 0 and 1 by a min–max normalisation across the département's
communes with data: the best-placed commune has deficit 0, the worst 1, and when every commune has
the same value all have 0.5 (nobody is told apart by it). The need is 100 × the weighted mean of
the deficits. A commune without an answer has no index: it is "données manquantes", never ranked.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

FORMULA_VERSION = "besoins-2026.1"

# Needs are higher where each of these is LOWER. The keys are those of docs/indice-besoins.md.
COMPONENTS = ("equipment", "fibre", "speed", "ent", "support", "training")
DEFAULT_WEIGHTS: dict[str, Decimal] = {
    "equipment": Decimal("0.30"),
    "fibre": Decimal("0.15"),
    "speed": Decimal("0.10"),
    "ent": Decimal("0.15"),
    "support": Decimal("0.15"),
    "training": Decimal("0.15"),
}
TIE = Decimal("0.5")


def index_weights() -> dict[str, Decimal]:
    """The weights from the setting NEEDS_INDEX_WEIGHTS (a dict of some components), over the defaults."""
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in getattr(settings, "NEEDS_INDEX_WEIGHTS", {}).items():
        if key in weights:
            weights[key] = Decimal(str(value))
    return weights


@dataclass
class CommuneInputs:
    """What the index reads for one commune. `values` is None when no school answered."""

    code: str
    name: str
    values: dict[str, Decimal] | None
    size: int = 0  # Σ nb_classes over the commune's submitted responses


@dataclass
class CommuneNeed:
    code: str
    name: str
    values: dict[str, Decimal] | None
    size: int
    deficits: dict[str, Decimal] = field(default_factory=dict)  # component → 0..1, 3 decimals
    need: Decimal | None = None  # 0..100, 2 decimals; None: données manquantes
    rank: int | None = None  # 1 = highest need

    @property
    def missing(self) -> bool:
        return self.need is None


def _q(value: Decimal, places: str) -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def needs_index(communes: list[CommuneInputs], weights: dict[str, Decimal] | None = None) -> list[CommuneNeed]:
    """Every commune with its deficits, need and rank; sorted by rank, then missing ones by name."""
    weights = weights or index_weights()
    total_weight = sum((weights[key] for key in COMPONENTS), Decimal(0))
    measured = [commune for commune in communes if commune.values is not None]
    bounds = {
        key: (min(c.values[key] for c in measured), max(c.values[key] for c in measured))  # type: ignore[index]
        for key in COMPONENTS
        if measured
    }
    results: list[CommuneNeed] = []
    for commune in communes:
        result = CommuneNeed(commune.code, commune.name, commune.values, commune.size)
        if commune.values is not None and total_weight > 0:
            weighted = Decimal(0)
            for key in COMPONENTS:
                low, high = bounds[key]
                deficit = TIE if high == low else (high - commune.values[key]) / (high - low)
                result.deficits[key] = _q(deficit, "0.001")
                weighted += weights[key] * deficit
            result.need = _q(100 * weighted / total_weight, "0.01")
        results.append(result)
    ranked = sorted((r for r in results if r.need is not None), key=lambda r: (-r.need, r.name, r.code))  # type: ignore[operator]
    for position, result in enumerate(ranked, start=1):
        result.rank = position
    missing = sorted((r for r in results if r.need is None), key=lambda r: (r.name, r.code))
    return ranked + missing
