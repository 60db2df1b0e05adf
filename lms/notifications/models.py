"""The e-mail outbox: one row per (recipient, kind, object, step), sent exactly once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")
    CANCELLED = "cancelled", _("annulé")


class OutboxQuerySet(models.QuerySet):
    def due(self, now):
        """Pending rows whose time has come (retries wait for their back-off)."""
        return self.filter(status=OutboxStatus.PENDING, send_after__lte=now)

    def claim_expired(self, before):
        return self.filter(status=OutboxStatus.SENDING, claimed_at__lt=before)


class OutboxMessage(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="outbox_messages",
        db_index=False,  # the unique key below starts with the recipient
    )
    to_email = models.EmailField(_("adresse d'envoi"), help_text=_("L'adresse au moment de la demande."))
    kind = models.CharField(_("type"), max_length=64)
    object_type = models.CharField(
        _("type d'objet"), max_length=64, blank=True, help_text=_("Par exemple « courses.enrolment ».")
    )
    object_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    step = models.CharField(
        _("étape"),
        max_length=64,
        blank=True,
        help_text=_("Distingue les envois successifs d'un même rappel."),
    )
    context = models.JSONField(_("données du message"), default=dict, blank=True)
    status = models.CharField(
        _("état"), max_length=16, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )  # indexed with send_after below: every index is paid for by each reminder the sweeps insert
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    send_after = models.DateTimeField(_("envoyer à partir de"))
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    objects = OutboxQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail de la file d'envoi")
        verbose_name_plural = _("file d'envoi des e-mails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_type", "object_id", "step"],
                name="notifications_outbox_one_per_step",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="notifications_outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to_email} ({self.get_status_display()})"


class NotificationPreference(models.Model):
    """A person's choice for one preference group; no row means the group's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    group = models.CharField(_("groupe"), max_length=32)
    enabled = models.BooleanField(_("activé"))
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "group"], name="notifications_preference_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.group}: {self.enabled}"
