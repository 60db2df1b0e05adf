"""The allocation rule (dashboards.needs.allocation): hand-computed example, and the sum is
exactly B under floors and ceilings on any case hypothesis draws."""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.needs.allocation import AllocationRefused, Claim, allocate, wealth_factors

# The four communes of test_needs_index, with their needs, sizes and wealth factors.
CLAIMS = [
    Claim("07001", D(100), 4, D(2)),
    Claim("07002", D(0), 10, D("0.5")),
    Claim("07003", D(50), 6, D(1)),
    Claim("07004", D(60), 5, D(1)),
]


def test_the_hand_computed_example():
    """x = 800, 0, 300, 300; B·x/Σx = 57,142.86, 0, 21,428.57, 21,428.57; rounded down (99,998),
    the last 2 € go to the two highest needs (07001, then 07004)."""
    assert allocate(100_000, CLAIMS) == {"07001": 57_143, "07002": 0, "07003": 21_428, "07004": 21_429}


def test_floor_and_ceiling_share_the_remainder_again():
    """07002 is raised to the 5,000 € floor, 07001 cut to the 50,000 € ceiling, the other two
    share the rest in proportion: 22,500 € each."""
    assert allocate(100_000, CLAIMS, floor=5_000, ceiling=50_000) == {
        "07001": 50_000,
        "07002": 5_000,
        "07003": 22_500,
        "07004": 22_500,
    }


def test_the_wealth_factor_is_the_median_over_the_communes_own_figure_bounded():
    """Median 800: 400 → 2, 1,600 → 0.5, 800 → 1, 100 → bounded to 2, no figure → 1."""
    figures = {"a": D(400), "b": D(1600), "c": D(800), "d": D(100), "e": D(2000)}
    factors = wealth_factors(figures, ["a", "b", "c", "d", "e", "f"])
    assert factors == {"a": D(2), "b": D("0.5"), "c": D(1), "d": D(2), "e": D("0.5"), "f": D(1)}


def test_a_richer_commune_with_the_same_need_and_size_receives_less():
    """Same need and size; the commune above the median gets less than the one below it."""
    factors = wealth_factors({"riche": D(1500), "pauvre": D(600), "moyenne": D(900)}, ["riche", "pauvre", "moyenne"])
    claims = [Claim(code, D(40), 5, factor) for code, factor in factors.items()]
    result = allocate(90_000, claims)
    assert result["riche"] < result["moyenne"] < result["pauvre"]


def test_impossible_bounds_are_refused_in_french():
    """A floor above B ÷ n or a ceiling below it cannot be met: a clear message, no allocation."""
    with pytest.raises(AllocationRefused, match="plancher"):
        allocate(10_000, CLAIMS, floor=5_000)
    with pytest.raises(AllocationRefused, match="plafond"):
        allocate(100_000, CLAIMS, ceiling=20_000)


claims_drawn = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(0, 30), st.integers(500, 2000)), min_size=1, max_size=40
).map(
    lambda rows: [
        Claim(f"{i:05d}", D(need) / 100, size, D(wealth) / 1000) for i, (need, size, wealth) in enumerate(rows)
    ]
)


@st.composite
def cases(draw):
    """Claims, a budget, and a floor and ceiling that a plan's form would accept."""
    claims = draw(claims_drawn)
    count = len(claims)
    budget = draw(st.integers(0, 2_000_000))
    floor = draw(st.none() | st.integers(0, budget // count))
    low = floor or 0
    ceiling = draw(st.none() | st.integers(max(low, -(-budget // count)), max(low, budget) + 1))
    return claims, budget, floor, ceiling


@settings(max_examples=300, deadline=None)
@given(cases())
def test_allocations_sum_exactly_to_the_budget_within_the_bounds(case):
    """Whatever the needs, sizes, wealth, floor and ceiling: the sum is B, each amount within
    its bounds, and a higher weight never gets less than a lower one (beyond a euro)."""
    claims, budget, floor, ceiling = case
    low = floor or 0
    try:
        result = allocate(budget, claims, floor=floor, ceiling=ceiling)
    except AllocationRefused:
        # Only when every commune with a need is capped and the others sit on the floor.
        assert ceiling is not None
        return
    assert sum(result.values()) == budget
    for claim in claims:
        assert low <= result[claim.code]
        assert ceiling is None or result[claim.code] <= ceiling
    ordered = sorted(claims, key=lambda claim: claim.weight)
    for lower, higher in zip(ordered, ordered[1:], strict=False):
        assert result[higher.code] >= result[lower.code] - 1
