"""Small-cell suppression for figures about people (issue 28, "privacy by construction").

Pure functions, no database: the dashboards' pages and exports both go through `suppress_group`,
so they can never disagree on what is hidden.

Two rules, applied to one group at a time (a parent territory's figure and its children's figures
for the same measure):

- primary: a figure computed from 1 to 4 people (fewer than `THRESHOLD`) is replaced by "< 5".
  Zero is shown: it describes nobody, and the figure "nobody" is the one a territory needs.
- complementary: a reader who sees the parent's figure can subtract the visible children's figures
  and learn what the hidden ones add up to. Knowing that primary cells lie in 1..4 and that
  complementary ones lie in 5.., each hidden cell must still have at least two possible values;
  while one does not, the smallest visible non-zero child is hidden too ("secret"). When no child
  is left to hide, the parent's figure is hidden instead (`parent_hidden`).

The reader's arithmetic assumes children add up to the parent. They need not (a person trained in
two communes counts once in their département; an agency's learners belong to the département but
to none of its communes), so the check is made on what a reader would compute, which is the
conservative choice.
"""

from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5

K = TypeVar("K", bound=Hashable)


class Hidden(StrEnum):
    """Why a figure is hidden. The two are shown differently: "< 5" on a cell of 6 would be false."""

    SMALL = "small"  # primary: 1 to 4 people
    COMPLEMENT = "complement"  # complementary: hidden so that the parent cannot reveal a small one


LABELS = {Hidden.SMALL: _("< 5"), Hidden.COMPLEMENT: _("secret")}


@dataclass(frozen=True)
class Cell:
    """A figure as shown: its value is only for the code that decided to hide it, never printed
    when `hidden` is set (`display` is what pages and exports show)."""

    value: int
    hidden: Hidden | None = None

    @property
    def display(self) -> str:
        return str(LABELS[self.hidden]) if self.hidden else str(self.value)

    @property
    def shown(self) -> int | None:
        """The value if it may be shown, else None: what numeric exports write."""
        return None if self.hidden else self.value


@dataclass(frozen=True)
class SuppressedGroup(Generic[K]):
    parent: Cell
    children: dict[K, Cell]

    @property
    def parent_hidden(self) -> bool:
        return self.parent.hidden is not None


def is_small(value: int) -> bool:
    return 0 < value < THRESHOLD


def suppress_value(value: int) -> Cell:
    """A figure on its own (no children shown beside it): the primary rule only."""
    return Cell(value, Hidden.SMALL if is_small(value) else None)


def _possible_values(remainder: int, own_range: tuple[int, int | None], others: list[tuple[int, int | None]]) -> int:
    """How many values a hidden cell can take, knowing the hidden cells add up to `remainder`:
    its own range, narrowed by the least and the most the other hidden cells can add up to."""
    low, high = own_range
    others_min = sum(lower for lower, _upper in others)
    others_max: int | None = 0
    for _lower, upper in others:
        others_max = None if upper is None or others_max is None else others_max + upper
    low = max(low, remainder - others_max) if others_max is not None else low
    high_from_sum = remainder - others_min
    high = high_from_sum if high is None else min(high, high_from_sum)
    return max(0, high - low + 1)


def _range(cell: Cell) -> tuple[int, int | None]:
    return (1, THRESHOLD - 1) if cell.hidden is Hidden.SMALL else (THRESHOLD, None)


def _revealing(parent_value: int, cells: Collection[Cell]) -> bool:
    """Whether a reader subtracting the visible children from the parent pins down a hidden one."""
    hidden = [cell for cell in cells if cell.hidden]
    if not hidden:
        return False
    remainder = parent_value - sum(cell.value for cell in cells if not cell.hidden)
    ranges = [_range(cell) for cell in hidden]
    for index, own in enumerate(ranges):
        others = ranges[:index] + ranges[index + 1 :]
        if _possible_values(remainder, own, others) < 2:
            return True
    return False


def suppress_group(
    parent_value: int,
    children: Mapping[K, int],
    *,
    parent_hidden: Hidden | None = None,
    hidden: Mapping[K, Hidden] | None = None,
) -> SuppressedGroup[K]:
    """Apply both rules to a parent's figure and its children's figures for one measure.

    `parent_hidden` and `hidden` carry decisions already taken in other groups (the parent hidden
    in the table above it, a commune hidden in its EPCI's table): they stay hidden here, and count
    as hidden for the reader's arithmetic, so that every group agrees (dashboards.services.refresh).

    Children are hidden in a stable order (smallest first, then by key) so that the decision does
    not depend on the order the figures came in."""
    known = hidden or {}
    parent = Cell(parent_value, parent_hidden) if parent_hidden else suppress_value(parent_value)
    cells: dict[K, Cell] = {
        key: Cell(value, known[key]) if key in known else suppress_value(value) for key, value in children.items()
    }

    def hide_smallest() -> bool:
        candidates = sorted(
            (key for key, cell in cells.items() if not cell.hidden and cell.value > 0),
            key=lambda key: (cells[key].value, str(key)),
        )
        if candidates:
            cells[candidates[0]] = Cell(cells[candidates[0]].value, Hidden.COMPLEMENT)
        return bool(candidates)

    if parent.hidden:
        # No number to subtract from; but adding up the visible children would give the hidden
        # parent back: keep at least one non-zero child hidden.
        if not any(cell.hidden for cell in cells.values() if cell.value):
            hide_smallest()
        return SuppressedGroup(parent, cells)
    while _revealing(parent_value, list(cells.values())):
        if not hide_smallest():
            return SuppressedGroup(Cell(parent_value, Hidden.COMPLEMENT), cells)
    return SuppressedGroup(parent, cells)


def suppress_all(
    values: Mapping[K, int], groups: Iterable[tuple[K, list[K]]], *, max_passes: int = 50
) -> dict[K, Hidden]:
    """Decide once which cells are hidden, over every group at the same time: a cell belongs to
    several groups (a commune to its département's and its EPCI's, a département as a child in
    its région's and as the parent of its communes'), and is hidden everywhere as soon as one
    group hides it. Groups go in the order given (top-down: nation, régions, départements, then
    communes and EPCIs) and are run again until no decision changes, since a cell hidden late
    can call for another complement in a group already seen. Cells absent from `values` are 0.

    Returns the hidden cells and why; every other cell is shown."""
    hidden: dict[K, Hidden] = {key: Hidden.SMALL for key, value in values.items() if is_small(value)}
    groups = list(groups)
    for _pass in range(max_passes):
        changed = False
        for parent, children in groups:
            group = suppress_group(
                values.get(parent, 0),
                {child: values.get(child, 0) for child in children},
                parent_hidden=hidden.get(parent),
                hidden={child: hidden[child] for child in children if child in hidden},
            )
            decided = [(parent, group.parent), *group.children.items()]
            for key, cell in decided:
                if cell.hidden and key not in hidden:
                    hidden[key] = cell.hidden
                    changed = True
        if not changed:
            break
    return hidden
