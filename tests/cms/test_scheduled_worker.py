"""Scheduled publishing end to end: the schedule row, a real `qcluster`, Wagtail's command, and
the publishing signal that fills the tracking row."""

from datetime import timedelta

from django.utils import timezone

import pytest
from django_q.models import Schedule

from courses.models import Course
from lms.runtime.schedules import schedules_sync
from tests.factories import CoursePageFactory

pytestmark = pytest.mark.worker


def test_the_cluster_publishes_a_scheduled_course(qcluster):
    page = CoursePageFactory(live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    # The hour has passed.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    schedules_sync()
    schedule = Schedule.objects.get(name="cms.publish_scheduled")
    assert (schedule.func, schedule.minutes) == ("cms.tasks.publish_scheduled", 1)
    Schedule.objects.filter(pk=schedule.pk).update(next_run=timezone.now())
    with qcluster("default") as worker:
        worker.wait_for(lambda: Course.objects.filter(source_page_id=page.pk, is_published=True).exists(), timeout=90)
    page.refresh_from_db()
    assert page.live
