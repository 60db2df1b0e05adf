"""Who may reach what in the accounts app: anything not the person's own is a 404."""

from django.http import Http404
from django.utils import timezone

from lms.accounts.models import User
from lms.privacy.models import DataExport, DataExportStatus


def access_data_export(user: User, export_id: int) -> DataExport:
    """The person's own archive, ready and not expired; any other id is a 404."""
    export = DataExport.objects.filter(
        pk=export_id, user=user, status=DataExportStatus.READY, expires_at__gt=timezone.now()
    ).first()
    if export is None:
        raise Http404
    return export
