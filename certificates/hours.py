"""Hours attended in person, shown on the course attestation next to the online estimate.
`certificates` does not count them: the app that records attendance (facetoface) registers a
provider here in its AppConfig.ready(), and the snapshot asks every provider explicitly at issue
(DESIGN.md §2: `certificates` imports none of the apps built on it).

A provider is `provider(*, user, course) -> Decimal | float | int`: the hours this person
attended for this course (0 when none). The snapshot freezes the sum."""

from collections.abc import Callable
from decimal import Decimal

_providers: dict[str, Callable[..., Decimal | float | int]] = {}


def register_hours_provider(name: str, provider: Callable[..., Decimal | float | int]) -> None:
    """Register (or replace) the provider called `name`."""
    _providers[name] = provider


def attended_hours(*, user, course) -> Decimal:
    """The hours attended in person, summed over the registered providers, to the tenth of an hour."""
    total = Decimal(0)
    for name in sorted(_providers):
        total += Decimal(str(_providers[name](user=user, course=course) or 0))
    return total.quantize(Decimal("0.1"))
