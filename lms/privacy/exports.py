"""The archive of a person's data (GDPR article 15): one JSON file per registry section, their
attestation PDFs and a README in French. Format documented in docs/privacy.md."""

import io
import json
import zipfile
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lms.privacy.models import DataExport, DataExportStatus
from lms.privacy.registry import declarations, export_file_providers


def _readme(user, sections: list[tuple[str, str, int]]) -> str:
    lines = [
        _("Vos données personnelles sur Passerelle"),
        "",
        _("Archive préparée le %(date)s pour le compte %(login)s.")
        % {"date": timezone.localtime().strftime("%d/%m/%Y %H:%M"), "login": user.login_id},
        "",
        _(
            "Le dossier « donnees » contient un fichier JSON par catégorie de données : chacun est une liste "
            "d'enregistrements, un par ligne de notre base, avec les champs qui vous concernent. Les dates "
            "sont au format ISO 8601, en temps universel (UTC)."
        ),
        _("Le dossier « attestations » contient les PDF de vos attestations."),
        "",
        _("Catégories :"),
    ]
    lines += [f"- {filename} : {purpose} ({count})" for filename, purpose, count in sections]
    lines += [
        "",
        _(
            "Pour faire corriger ou supprimer vos données, rendez-vous sur la page « Mon compte » ou écrivez "
            "à la personne responsable du traitement indiquée dans la politique de confidentialité."
        ),
    ]
    return "\n".join(lines) + "\n"


def archive_build(user) -> bytes:
    """The ZIP of everything the registry declares about this person, and nothing else."""
    buffer = io.BytesIO()
    sections = []
    with translation.override("fr"), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for declaration in declarations():
            rows = list(declaration.owned_rows(user).values(*declaration.export_fields))
            filename = f"donnees/{declaration.label}.json"
            section = {
                "categorie": str(declaration.model._meta.verbose_name_plural),
                "finalite": str(declaration.purpose),
                "enregistrements": rows,
            }
            archive.writestr(filename, json.dumps(section, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
            sections.append((filename, str(declaration.purpose), len(rows)))
        for provider in export_file_providers():
            for path, content in provider(user):
                archive.writestr(path, content)
        archive.writestr("LISEZMOI.txt", _readme(user, sections))
    return buffer.getvalue()


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build the archive of a pending export, once (a task delivered twice finds it ready)."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.status != DataExportStatus.PENDING:
            return None
        content = archive_build(export.user)
        now = timezone.now()
        export.file.save(f"donnees-{export.pk}-{now:%Y%m%d}.zip", ContentFile(content), save=False)
        export.status = DataExportStatus.READY
        export.ready_at = now
        export.expires_at = now + timedelta(days=settings.PRIVACY_EXPORT_DAYS)
        export.save(update_fields=["file", "status", "ready_at", "expires_at"])
    return export


def data_exports_purge(*, now=None) -> int:
    """Delete archives past their expiry, files first (set-based: one query for the rows)."""
    now = now or timezone.now()
    # Past their expiry, or never built (a failed or lost task) within the period.
    too_old = now - timedelta(days=settings.PRIVACY_EXPORT_DAYS)
    expired = DataExport.objects.filter(Q(expires_at__lt=now) | Q(expires_at__isnull=True, created_at__lt=too_old))
    for name in expired.exclude(file="").values_list("file", flat=True):
        DataExport.file.field.storage.delete(name)
    return expired.delete()[0]
