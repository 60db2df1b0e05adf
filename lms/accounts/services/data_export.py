"""A person's request for their data: filed here, built on the `long` cluster, announced by e-mail."""

from django.db import transaction

from lms.accounts.models import User
from lms.notifications.models import OutboxMessage
from lms.privacy.exports import data_export_build
from lms.privacy.models import DataExport, DataExportStatus


def data_export_request(*, user: User, requested_by: User | None = None) -> DataExport:
    """File an export; a pending one is reused, so that a double click builds one archive."""
    pending = DataExport.objects.filter(user=user, status=DataExportStatus.PENDING).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(user=user, requested_by=requested_by or user)
    export_id = export.pk
    transaction.on_commit(lambda: _enqueue(export_id))
    return export


def _enqueue(export_id: int) -> None:
    from django_q.tasks import async_task

    func = "lms.accounts.tasks.build_data_export"
    async_task(func, export_id, cluster="long", task_name=f"{func}:{export_id}")


def data_export_complete(*, export_id: int) -> DataExport | None:
    """Build the archive, then tell the person when they asked for it themselves (staff who run
    it for someone download it from the admin)."""
    from lms.notifications.services.outbox import outbox_enqueue

    with transaction.atomic():
        export = data_export_build(export_id=export_id)
        if export is not None and export.requested_by_id in (None, export.user_id):
            outbox_enqueue(recipient=export.user, kind="accounts.data_export_ready", obj=export)
    return export


def data_export_email_context(message: OutboxMessage) -> dict:
    from django.conf import settings
    from django.urls import reverse

    export = DataExport.objects.get(pk=message.object_id)
    return {
        "export": export,
        "download_url": settings.SITE_URL + reverse("accounts:data_export_download", args=[export.pk]),
    }
