from dashboards.services.refresh import dashboards_refresh


def refresh() -> int:
    """The nightly summary refresh (on the `long` cluster: it reads every enrolment)."""
    return dashboards_refresh()
