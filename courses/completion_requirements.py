"""Completion requirements beyond the modules. A course may ask for "at least N hours attended"
(`Course.min_attended_hours`); `courses` does not count hours, the app that records attendance
does. It registers a provider here in its AppConfig.ready(), and the completion check calls every
provider explicitly, for courses that have the rule only (DESIGN.md §2: `courses` imports none of
the apps built on it).

A provider is `provider(enrolments) -> set[int]`: given enrolments (a list, each with its
`course` loaded, so `enrolment.course.min_attended_hours` and `enrolment.cycle` cost nothing),
it returns the ids of those whose requirement is MET. It answers for many enrolments in one or
two queries. An enrolment completes only when every provider counts it as met."""

from collections.abc import Callable, Iterable

from courses.models import Enrolment

_providers: dict[str, Callable[[list[Enrolment]], set[int]]] = {}


def register_completion_requirement(name: str, provider: Callable[[list[Enrolment]], set[int]]) -> None:
    """Register (or replace) the provider called `name`."""
    _providers[name] = provider


def completion_requirements() -> list[Callable[[list[Enrolment]], set[int]]]:
    return [_providers[name] for name in sorted(_providers)]


def has_requirements(enrolment: Enrolment) -> bool:
    """Whether this enrolment's course asks for more than its modules (no query: the course is loaded)."""
    return bool(enrolment.course.min_attended_hours)


def requirements_met(enrolments: Iterable[Enrolment]) -> set[int]:
    """The ids of the enrolments whose extra requirements are all met. Those of courses without
    any are met without asking anyone; a course with the rule and no provider registered never
    completes, which is safer than completing without the hours."""
    enrolments = list(enrolments)
    met = {enrolment.pk for enrolment in enrolments if not has_requirements(enrolment)}
    asked = [enrolment for enrolment in enrolments if has_requirements(enrolment)]
    if not asked:
        return met
    providers = completion_requirements()
    if not providers:
        return met
    answered = {enrolment.pk for enrolment in asked}
    for provider in providers:
        answered &= set(provider(asked))
    return met | answered
