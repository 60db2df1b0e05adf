from django.core.management import call_command

import pytest
from django_q.models import Schedule

from lms.runtime.schedules import registered_schedules

pytestmark = pytest.mark.django_db


def test_sync_schedules_is_idempotent_and_removes_stale_ones():
    """Running it twice gives one row per registered task; a renamed task's old row goes."""
    Schedule.objects.create(name="accounts.old_name", func="lms.accounts.tasks.gone", schedule_type=Schedule.DAILY)
    Schedule.objects.create(name="someone-else", func="thirdparty.tasks.run", schedule_type=Schedule.DAILY)
    call_command("sync_schedules", stdout=open("/dev/null", "w"))
    call_command("sync_schedules", stdout=open("/dev/null", "w"))
    names = set(Schedule.objects.values_list("name", flat=True))
    assert names == {task.name for task in registered_schedules()} | {"someone-else"}
    heartbeat = Schedule.objects.get(name="runtime.heartbeat")
    assert (heartbeat.schedule_type, heartbeat.minutes, heartbeat.repeats) == (Schedule.MINUTES, 1, -1)
