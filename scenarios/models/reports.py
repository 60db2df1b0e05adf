"""A problem reported on a published scenario (wrong content, rights, personal data), waiting
in the moderators' queue in the admin."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scenarios.choices import ReportReason, ReportStatus


class ScenarioReport(models.Model):
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        on_delete=models.CASCADE,
        related_name="scenario_reports",
    )
    scenario = models.ForeignKey(
        "scenarios.ScenarioPage", verbose_name=_("scénario"), on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("motif"), max_length=16, choices=ReportReason.choices)
    text = models.TextField(_("description du problème"), max_length=3000)
    status = models.CharField(
        _("état"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.scenario} · {self.get_reason_display()}"
