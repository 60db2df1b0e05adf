"""What the dashboards count: the measures' names, the audiences, the quarters of the trend. Read
by the refresh that writes the summary table and by the pages that read it, apart from both."""

from datetime import datetime

from django.utils import timezone

from lms.audiences import AudienceCode

ALL = "all"
AUDIENCES: list[str] = [ALL, *AudienceCode.values]
PEOPLE = ("enrolled", "completed", "certified")
QUARTERS = 8  # the trend's length, the current quarter included

# (territory pk or None for the nation, (measure, audience, period))
Column = tuple[str, str, str]


def quarter_label(moment: datetime) -> str:
    return f"{moment.year}T{(moment.month - 1) // 3 + 1}"


def recent_quarters(now: datetime, count: int = QUARTERS) -> list[tuple[str, datetime]]:
    """The last `count` quarters, oldest first, each with its first instant (local time)."""
    local = timezone.localtime(now)
    year, quarter = local.year, (local.month - 1) // 3
    result = []
    for _index in range(count):
        start = local.replace(month=quarter * 3 + 1, day=1, hour=0, minute=0, second=0, microsecond=0, year=year)
        result.append((quarter_label(start), start))
        quarter -= 1
        if quarter < 0:
            year, quarter = year - 1, 3
    return result[::-1]
