"""Reads for the accounts pages."""

from django.utils import timezone

from lms.accounts.models import User
from lms.privacy.models import DataExport, DataExportStatus


def latest_data_export(user: User) -> DataExport | None:
    """The person's pending export, or their latest archive still downloadable."""
    return (
        DataExport.objects.filter(user=user)
        .exclude(status=DataExportStatus.FAILED)
        .exclude(status=DataExportStatus.READY, expires_at__lte=timezone.now())
        .order_by("-created_at", "-pk")
        .first()
    )
