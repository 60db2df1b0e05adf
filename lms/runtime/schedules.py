"""Recurring tasks. Apps declare theirs in AppConfig.ready(); `sync_schedules` writes the rows.

django-q2 keeps schedules as database rows checked by the default cluster's scheduler. They are
created idempotently by name, with catch-up off, so that downtime never produces a burst.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from django_q.models import Schedule


@dataclass(frozen=True)
class RecurringTask:
    name: str
    func: str
    minutes: int
    cluster: str | None = None  # None: the default cluster


_registry: dict[str, RecurringTask] = {}


def register_schedule(*, name: str, func: str, minutes: int, cluster: str | None = None) -> None:
    _registry[name] = RecurringTask(name=name, func=func, minutes=minutes, cluster=cluster)


def registered_schedules() -> list[RecurringTask]:
    return sorted(_registry.values(), key=lambda task: task.name)


# Schedules whose function lives in these packages are ours: one no longer registered (renamed or
# removed) is deleted, so that the scheduler never calls a function that is gone.
OWN_PACKAGES = ("lms.", "courses.", "certificates.", "facetoface.", "surveys.", "dashboards.", "cms.", "demo.")


@transaction.atomic
def schedules_sync() -> tuple[int, int]:
    """Create or update one Schedule row per registered task, and delete our stale ones.
    Returns (created, updated)."""
    created = updated = 0
    ours = Q()
    for package in OWN_PACKAGES:
        ours |= Q(func__startswith=package)
    Schedule.objects.filter(ours).exclude(name__in=_registry).delete()
    existing = {schedule.name: schedule for schedule in Schedule.objects.filter(name__in=_registry)}
    for task in registered_schedules():
        wanted = {
            "func": task.func,
            "schedule_type": Schedule.MINUTES,
            "minutes": task.minutes,
            "repeats": -1,
            "cluster": task.cluster,
        }
        schedule = existing.get(task.name)
        if schedule is None:
            Schedule.objects.create(name=task.name, **wanted)
            created += 1
        elif any(getattr(schedule, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(schedule, field, value)
            schedule.save()
            updated += 1
    return created, updated
