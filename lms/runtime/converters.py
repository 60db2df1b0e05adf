"""Ids read from outside (paths, query strings, stored rich text), bounded to what an id column
holds. The `id` path converter is registered in RuntimeConfig.ready()."""

import re

# Eighteen ASCII digits always fit a signed 64-bit column (2**63 - 1 has nineteen).
MAX_ID_DIGITS = 18
ID_PATTERN = f"[0-9]{{1,{MAX_ID_DIGITS}}}"


def parse_id(value: str | None) -> int | None:
    """The id in `value`, or None when it is not one: not digits, not ASCII, or too large for
    the database, whose driver raises OverflowError (a 500) on an id past 64 bits."""
    if isinstance(value, str) and re.fullmatch(ID_PATTERN, value):
        return int(value)
    return None


class IdConverter:
    """A database id in a path: `<id:module_id>`, never Django's `<int:…>`, which takes any
    number of digits (issue 21: `/mon-espace/modules/9223372036854775808/termine/` was a 500).
    A larger id does not match the path at all: a 404, like any unknown id."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)
