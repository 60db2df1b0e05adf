"""The organisation's journal of what its managers did."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models.organisations import Organisation


class AuditAction(models.TextChoices):
    ENROL = "enrol", _("inscription à une formation")
    WITHDRAW = "withdraw", _("désinscription")
    INVITE = "invite", _("invitation")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")
    MEMBERSHIP = "membership", _("changement de membre")
    CODES = "codes", _("codes d'accès imprimés")
    REMIND = "remind", _("relance")
    GROUP = "group", _("groupe")
    PROFILE = "profile", _("profil public")


class AuditEntry(models.Model):
    """What a manager did in their organisation's space: who, what, when."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=16, choices=AuditAction.choices)
    summary = models.CharField(_("résumé"), max_length=300)
    # The summary is a record, written once in the language of the person who acted; the Journal
    # marks it with this code when the reader's language differs, so screen readers read it right.
    language = models.CharField(_("langue du résumé"), max_length=8, default="fr")
    details = models.JSONField(_("détails"), default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des actions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_action_display()} · {self.summary}"
