from dashboards.services.refresh import dashboards_refresh


def refresh() -> int:
    """The nightly summary refresh (on the `long` cluster: it reads every enrolment)."""
    return dashboards_refresh()


def enqueue_refresh(session_id: int) -> None:
    """A session closed (or its attendance was corrected): refresh on the `long` cluster, so the
    dashboards show its attendance without waiting for the night."""
    from django_q.tasks import async_task

    async_task("dashboards.tasks.refresh", cluster="long", task_name=f"dashboards.refresh:session-{session_id}")
