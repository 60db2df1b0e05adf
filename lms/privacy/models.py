"""What the privacy work itself records: export archives, erasures done, retention runs."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage():
    """Export archives are personal data: never served as media, only through the signed-in view."""
    return storages["private"]


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("en préparation")
    READY = "ready", _("prête")
    FAILED = "failed", _("échec")


class DataExport(models.Model):
    """One archive of a person's data (GDPR article 15), kept a few days then deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide ou la personne elle-même : demandée depuis son compte ; sinon, le membre de l'équipe."),
    )
    status = models.CharField(
        _("état"), max_length=16, choices=DataExportStatus.choices, default=DataExportStatus.PENDING
    )
    file = models.FileField(_("archive"), storage=private_storage, upload_to="exports/", blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    ready_at = models.DateTimeField(_("prête le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"), null=True, blank=True)

    class Meta:
        verbose_name = _("export de données personnelles")
        verbose_name_plural = _("exports de données personnelles")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk} · {self.get_status_display()}"


class ErasureRecord(models.Model):
    """The trace of one erasure, without the person: their stand-in's id, who did it and why,
    and what was done (counts per model), for the controller's accountability (article 5.2)."""

    stand_in = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("identifiant pseudonyme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("effacée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    on_request = models.BooleanField(_("à la demande de la personne"), default=False)
    requested_at = models.DateTimeField(_("demandée le"), null=True, blank=True)
    erased_at = models.DateTimeField(_("effacée le"), auto_now_add=True)
    counts = models.JSONField(_("lignes traitées"), default=dict, blank=True)

    class Meta:
        verbose_name = _("effacement de données personnelles")
        verbose_name_plural = _("effacements de données personnelles")
        ordering = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"{self.stand_in_id} · {self.erased_at:%Y-%m-%d}"


class RetentionRun(models.Model):
    """One run of the daily retention rules, with what each rule removed."""

    ran_at = models.DateTimeField(_("exécutée le"))
    counts = models.JSONField(_("lignes traitées par règle"), default=dict, blank=True)

    class Meta:
        verbose_name = _("passage des règles de conservation")
        verbose_name_plural = _("passages des règles de conservation")
        ordering = ["-ran_at", "-id"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M}"
