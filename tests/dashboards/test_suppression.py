"""Small-cell suppression (issue 28): primary "< 5" and complementary suppression."""

import itertools

import pytest

from dashboards.suppression import Cell, Hidden, suppress_group, suppress_value


def shown_numbers(group) -> list[int]:
    """Every number a reader sees in the group: the parent's and the visible children's."""
    cells = [group.parent, *group.children.values()]
    return [cell.value for cell in cells if not cell.hidden]


def assert_hides(group, secret: int) -> None:
    numbers = shown_numbers(group)
    assert secret not in numbers
    for first, second in itertools.combinations(numbers, 2):
        assert abs(first - second) != secret, (first, second)
    # Nor the parent minus the sum of any visible children.
    if not group.parent.hidden:
        visible = [cell.value for cell in group.children.values() if not cell.hidden]
        for size in range(1, len(visible) + 1):
            for chosen in itertools.combinations(visible, size):
                assert group.parent.value - sum(chosen) != secret


def test_communes_4_6_20_reveal_neither_4_nor_a_difference_of_4():
    """Communes of 4, 6 and 20 trained people in a département of 30: 4 is hidden, and so is 6."""
    group = suppress_group(30, {"A": 4, "B": 6, "C": 20})
    assert group.children["A"] == Cell(4, Hidden.SMALL)
    assert group.children["B"] == Cell(6, Hidden.COMPLEMENT)
    assert group.children["C"] == Cell(20)
    assert group.parent == Cell(30)
    assert_hides(group, 4)
    assert [cell.display for cell in group.children.values()] == ["< 5", "secret", "20"]


def test_primary_rule_hides_one_to_four_and_shows_zero_and_five():
    """1 to 4 people become "< 5"; 0 and 5 are shown."""
    assert [suppress_value(value).display for value in (0, 1, 4, 5)] == ["0", "< 5", "< 5", "5"]
    assert suppress_value(3).shown is None
    assert suppress_value(5).shown == 5


def test_no_complement_when_nothing_is_small():
    """Children all at 5 or more, or zero, are all shown."""
    group = suppress_group(25, {"A": 5, "B": 0, "C": 20})
    assert not any(cell.hidden for cell in group.children.values())
    assert not group.parent_hidden


def test_two_small_children_adding_to_a_revealing_total_hide_a_third():
    """Two hidden children of 1 and 1 would be pinned down by a remainder of 2: a third is hidden."""
    group = suppress_group(22, {"A": 1, "B": 1, "C": 20})
    assert group.children["C"].hidden is Hidden.COMPLEMENT
    assert_hides(group, 1)


def test_two_small_children_with_enough_room_need_no_complement():
    """Hidden 4 and 3 leave a remainder of 7, which 1+6..4+3 could make: both stay uncertain."""
    group = suppress_group(27, {"A": 4, "B": 3, "C": 20})
    assert group.children["C"].hidden is None
    assert_hides(group, 4)
    assert_hides(group, 3)


def test_zero_children_are_never_the_complement():
    """Hiding a zero would leave the remainder equal to the small child: a non-zero child is hidden."""
    group = suppress_group(24, {"A": 4, "B": 0, "C": 20})
    assert group.children["B"].hidden is None
    assert group.children["C"].hidden is Hidden.COMPLEMENT
    assert_hides(group, 4)


def test_parent_hidden_when_no_child_is_left_to_hide():
    """When hiding every non-zero child still pins one down, the parent's figure is hidden."""
    group = suppress_group(4 + 5, {"A": 4, "B": 5})
    # A of 4 and B of 5 (secret) leave a remainder of 9: A could be 1..4, B 5..8, so both are safe.
    assert not group.parent_hidden
    group = suppress_group(6, {"A": 1, "B": 5})
    # 1 + 5 = 6: the only split of 6 into 1..4 and 5.. is 1 + 5, so the parent goes.
    assert group.parent_hidden
    assert 1 not in shown_numbers(group) and 5 not in shown_numbers(group)


def test_small_parent_is_hidden_and_needs_no_complement():
    """A parent of fewer than 5 shows "< 5" and leaves nothing to subtract from."""
    group = suppress_group(4, {"A": 4, "B": 0})
    assert group.parent.display == "< 5"
    assert group.children["B"].display == "0"


def test_parent_smaller_than_its_children_sum_stays_safe():
    """A person counted in two communes makes the parent less than the sum: still nothing revealed."""
    group = suppress_group(28, {"A": 4, "B": 6, "C": 20})
    assert_hides(group, 4)


def test_the_same_cells_are_hidden_whatever_the_order_of_children():
    """Page and export compute separately: ties between equal children are broken by key."""
    first = suppress_group(40, {"A": 2, "B": 6, "C": 6, "D": 26})
    second = suppress_group(40, {"D": 26, "C": 6, "B": 6, "A": 2})
    assert first.children == second.children
    assert first.children["B"].hidden is Hidden.COMPLEMENT
    assert first.children["C"].hidden is None


@pytest.mark.parametrize("values", list(itertools.product([0, 1, 2, 4, 5, 7], repeat=3)))
def test_no_hidden_cell_is_ever_pinned_down(values):
    """Over every small combination: each hidden child keeps two possible values or more."""
    children = dict(zip("ABC", values, strict=True))
    group = suppress_group(sum(values), children)
    for key, cell in group.children.items():
        if cell.hidden:
            candidates = _candidates(group, key)
            assert len(candidates) >= 2 or group.parent_hidden, (values, candidates)


def _candidates(group, key) -> set[int]:
    """What a reader can deduce for one hidden child by brute force over the hidden cells' ranges."""
    hidden = [k for k, cell in group.children.items() if cell.hidden]
    remainder = group.parent.value - sum(c.value for c in group.children.values() if not c.hidden)
    ranges = [range(1, 5) if group.children[k].hidden is Hidden.SMALL else range(5, 40) for k in hidden]
    found = set()
    for combination in itertools.product(*ranges):
        if sum(combination) == remainder:
            found.add(combination[hidden.index(key)])
    return found
