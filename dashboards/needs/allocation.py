"""The aid plan's allocation rule (docs/indice-besoins.md, « Répartition »): pure, exact arithmetic.

aᵢ = B · xᵢ / Σⱼ xⱼ with xᵢ = nᵢ · sᵢ · wᵢ, then floors and ceilings: a commune below the floor is
raised to it, one above the ceiling is cut to it, and what that frees or costs is shared again
among the others in the same proportions. That is exactly aᵢ = clamp(λ · xᵢ, floor, ceiling) for
the one λ at which the allocations sum to B, which we solve with fractions (no rounding drift).
Each allocation is then rounded down to the euro and the euros left over go, one each, to the
highest needs that are below their ceiling, so that the sum is exactly B.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from statistics import median

from django.utils.translation import gettext as _

WEALTH_BOUNDS = (Decimal("0.5"), Decimal("2"))


class AllocationRefused(ValueError):
    """The parameters admit no allocation (a French message for the form)."""


@dataclass(frozen=True)
class Claim:
    code: str
    need: Decimal
    size: int
    wealth: Decimal  # the wealth factor wᵢ

    @property
    def weight(self) -> Fraction:
        return Fraction(self.need) * self.size * Fraction(self.wealth)


def wealth_factors(figures: dict[str, Decimal], codes: list[str]) -> dict[str, Decimal]:
    """wᵢ = median of the département's figures ÷ the commune's own, within [0.5, 2], to 3 decimals;
    1 for a commune without a figure (or with a figure of zero or less)."""
    known = [value for value in figures.values() if value > 0]
    middle = Decimal(median(known)) if known else None
    factors = {}
    for code in codes:
        own = figures.get(code)
        if middle is None or own is None or own <= 0:
            factors[code] = Decimal(1)
            continue
        factor = min(max(middle / own, WEALTH_BOUNDS[0]), WEALTH_BOUNDS[1])
        factors[code] = factor.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    return factors


def _clamped_total(lam: Fraction, weights: list[Fraction], low: Fraction, high: Fraction | None) -> Fraction:
    total = Fraction(0)
    for weight in weights:
        value = max(lam * weight, low)
        total += min(value, high) if high is not None else value
    return total


def _exact_shares(budget: int, weights: list[Fraction], low: int, high: int | None) -> list[Fraction]:
    count = len(weights)
    floor_, ceiling = Fraction(low), (Fraction(high) if high is not None else None)
    if sum(weights) == 0:
        # Nobody has a need: the budget is shared equally (within the bounds, checked by the caller).
        return [Fraction(budget, count)] * count
    # S(λ) = Σ clamp(λ·xᵢ) is piecewise linear and non-decreasing in λ, with its kinks where a
    # commune reaches the floor or the ceiling: find the piece that reaches B and solve on it.
    kinks = {floor_ / w for w in weights if w > 0}
    if ceiling is not None:
        kinks |= {ceiling / w for w in weights if w > 0}
    target = Fraction(budget)
    before, total_before = Fraction(0), _clamped_total(Fraction(0), weights, floor_, ceiling)
    lam = None
    if total_before >= target:
        lam = Fraction(0)
    for point in sorted(kinks):
        if lam is not None:
            break
        total = _clamped_total(point, weights, floor_, ceiling)
        if total >= target:
            lam = before + (target - total_before) * (point - before) / (total - total_before)
        before, total_before = point, total
    if lam is None:
        # Past the last kink every commune with a need grows freely (no ceiling), or all are capped.
        slope = sum(weights) if ceiling is None else Fraction(0)
        if slope == 0:
            raise AllocationRefused(_("Le plafond ne permet pas de répartir tout le budget : relevez le plafond."))
        lam = before + (target - total_before) / slope
    shares = []
    for weight in weights:
        value = max(lam * weight, floor_)
        shares.append(min(value, ceiling) if ceiling is not None else value)
    return shares


def allocate(
    budget: int, claims: list[Claim], *, floor: int | None = None, ceiling: int | None = None
) -> dict[str, int]:
    """Whole euros per commune code, summing exactly to `budget`."""
    if not claims:
        return {}
    low = floor or 0
    count = len(claims)
    if budget < 0:
        raise AllocationRefused(_("Le budget doit être positif."))
    if ceiling is not None and ceiling < low:
        raise AllocationRefused(_("Le plafond doit être supérieur ou égal au plancher."))
    if low * count > budget:
        raise AllocationRefused(
            _(
                "Le plancher de %(floor)s € pour %(count)s communes dépasse le budget : "
                "baissez le plancher ou augmentez le budget."
            )
            % {"floor": low, "count": count}
        )
    if ceiling is not None and ceiling * count < budget:
        raise AllocationRefused(
            _(
                "Le plafond de %(ceiling)s € pour %(count)s communes ne permet pas de répartir tout le budget : "
                "relevez le plafond."
            )
            % {"ceiling": ceiling, "count": count}
        )
    shares = _exact_shares(budget, [claim.weight for claim in claims], low, ceiling)
    euros = [share.numerator // share.denominator for share in shares]
    left = budget - sum(euros)
    # The last euros to the highest needs, then the largest remainders, then by code, one each.
    order = sorted(
        range(count),
        key=lambda i: (-claims[i].need, -(shares[i] - euros[i]), claims[i].code),
    )
    for i in order:
        if left == 0:
            break
        if ceiling is None or euros[i] + 1 <= ceiling:
            euros[i] += 1
            left -= 1
    return {claim.code: amount for claim, amount in zip(claims, euros, strict=True)}
