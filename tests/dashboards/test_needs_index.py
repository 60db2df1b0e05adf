"""The needs index (dashboards.needs.index) on a hand-computed example of four communes."""

from decimal import Decimal as D

from django.test import override_settings

from dashboards.needs.index import CommuneInputs, needs_index


def values(equipment, fibre, speed, ent, support, training):
    return {
        "equipment": D(equipment),
        "fibre": D(fibre),
        "speed": D(speed),
        "ent": D(ent),
        "support": D(support),
        "training": D(training),
    }


EXAMPLE = [
    CommuneInputs("07001", "Aubenas", values(0, 0, 1, 0, 0, 0), size=4),  # worst everywhere
    CommuneInputs("07002", "Bourg", values(2, 1, 5, 1, 1, 10), size=10),  # best everywhere
    CommuneInputs("07003", "Cruas", values(1, "0.5", 3, 1, 0, 5), size=6),
    CommuneInputs("07004", "Davézieux", values("0.5", 1, 2, 0, 1, 0), size=5),
]


def by_code(results):
    return {result.code: result for result in results}


def test_the_four_commune_example_gives_the_hand_computed_needs_and_ranks():
    """Deficits are min–max across the département; the need is 100 × their weighted mean
    (docs/indice-besoins.md): A 100, D 60, C 50, B 0."""
    results = by_code(needs_index(EXAMPLE))
    assert results["07001"].need == D("100.00")
    assert results["07002"].need == D("0.00")
    # C: 0.3×0.5 + 0.15×0.5 + 0.1×0.5 + 0.15×0 + 0.15×1 + 0.15×0.5 = 0.5
    assert results["07003"].need == D("50.00")
    assert results["07003"].deficits == {
        "equipment": D("0.500"),
        "fibre": D("0.500"),
        "speed": D("0.500"),
        "ent": D("0.000"),
        "support": D("1.000"),
        "training": D("0.500"),
    }
    # D: 0.3×0.75 + 0 + 0.1×0.75 + 0.15×1 + 0 + 0.15×1 = 0.6
    assert results["07004"].need == D("60.00")
    assert [result.code for result in needs_index(EXAMPLE)] == ["07001", "07004", "07003", "07002"]
    assert [results[code].rank for code in ("07001", "07004", "07003", "07002")] == [1, 2, 3, 4]


def test_a_commune_without_answers_is_neither_first_nor_last():
    """No survey answer: no need and no rank, listed after the ranked ones as « données manquantes »."""
    results = needs_index([*EXAMPLE, CommuneInputs("07005", "Alba", None)])
    missing = by_code(results)["07005"]
    assert missing.need is None and missing.rank is None and missing.missing
    ranked = [result for result in results if result.rank is not None]
    assert ranked[0].code == "07001" and ranked[-1].code == "07002"
    assert len(ranked) == 4


def test_equal_values_tell_nobody_apart():
    """A component on which every commune is equal counts 0.5 for all."""
    same = [CommuneInputs(str(i), str(i), values(1, 1, 3, 1, 1, 0)) for i in range(3)]
    assert {result.need for result in needs_index(same)} == {D("50.00")}


@override_settings(NEEDS_INDEX_WEIGHTS={"equipment": 1, "fibre": 0, "speed": 0, "ent": 0, "support": 0, "training": 0})
def test_the_weights_are_a_setting():
    """With only equipment weighed, the need is the equipment deficit × 100."""
    results = by_code(needs_index(EXAMPLE))
    assert results["07003"].need == D("50.00")
    assert results["07004"].need == D("75.00")
