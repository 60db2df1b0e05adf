"""The imports' hourly upkeep: previews nobody confirmed, tasks a crash lost, and previews
kept past their time (declared in the privacy registry)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import ImportStatus, MemberImport
from courses.services.imports.steps import MAX_ATTEMPTS, forget_file, run_in_long_cluster

STALE_PREVIEW = timedelta(days=7)
STUCK_AFTER = timedelta(minutes=40)  # the long cluster's timeout (30 min) and some margin
PREVIEW_KEPT = timedelta(days=30)


def imports_maintain() -> dict[str, int]:
    """Hourly upkeep:
    - a preview nobody confirmed within a week is cancelled, its file and rows erased;
    - an import whose task was lost (a broker crash, a killed worker) is handed to the long
      cluster again, up to MAX_ATTEMPTS, then marked failed and its file erased;
    - the row-by-row preview of a finished import is erased after 30 days (the counts stay)."""
    now = timezone.now()
    stale = 0
    for member_import in MemberImport.objects.filter(
        status=ImportStatus.READY, status_changed_at__lt=now - STALE_PREVIEW
    ).only("pk", "plan"):
        stale += MemberImport.objects.filter(pk=member_import.pk, status=ImportStatus.READY).update(
            **forget_file(status=ImportStatus.CANCELLED, plan={"counts": member_import.plan.get("counts", {})})
        )
    resumed = 0
    stuck = MemberImport.objects.filter(
        status__in=[ImportStatus.ANALYSING, ImportStatus.APPLYING], status_changed_at__lt=now - STUCK_AFTER
    ).only("pk", "status", "attempts", "plan")
    for member_import in stuck:
        if member_import.attempts + 1 >= MAX_ATTEMPTS:
            MemberImport.objects.filter(pk=member_import.pk, status=member_import.status).update(
                **forget_file(
                    status=ImportStatus.FAILED,
                    plan={"counts": member_import.plan.get("counts", {})},
                    error=_("L'import n'a pas abouti ; rien n'a été enregistré et le fichier a été effacé."),
                )
            )
            continue
        MemberImport.objects.filter(pk=member_import.pk, status=member_import.status).update(
            attempts=member_import.attempts + 1, status_changed_at=now
        )
        step = "analyse" if member_import.status == ImportStatus.ANALYSING else "apply"
        run_in_long_cluster(f"courses.tasks.member_import_{step}", member_import.pk)
        resumed += 1
    expired = 0
    for member_import in MemberImport.objects.filter(
        status=ImportStatus.DONE, finished_at__lt=now - PREVIEW_KEPT, plan__has_key="rows"
    ).only("pk", "plan"):
        expired += MemberImport.objects.filter(pk=member_import.pk).update(
            plan={"counts": member_import.plan.get("counts", {})}
        )
    return {"cancelled": stale, "resumed": resumed, "previews_erased": expired}
