"""Files a contributor joins to a scenario (a worksheet, slides, a photo of the board). They are
kept in the private storage and handed out by scenarios.views.attachments, which checks who asks:
a draft's or a pending scenario's files are nobody's business but its authors' and moderators'."""

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def private_storage():
    # A callable, so that tests overriding STORAGES reach the storage they set.
    return storages["private"]


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    ODT = "odt", _("Texte OpenDocument (ODT)")
    DOCX = "docx", _("Texte Word (DOCX)")
    ODP = "odp", _("Présentation OpenDocument (ODP)")
    PPTX = "pptx", _("Présentation PowerPoint (PPTX)")
    PNG = "png", _("Image PNG")
    JPEG = "jpg", _("Image JPEG")


CONTENT_TYPES = {
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.ODT: "application/vnd.oasis.opendocument.text",
    AttachmentKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AttachmentKind.ODP: "application/vnd.oasis.opendocument.presentation",
    AttachmentKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPEG: "image/jpeg",
}


class ScenarioAttachment(models.Model):
    page = models.ForeignKey(
        "scenarios.ScenarioPage",
        verbose_name=_("scénario"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("fichier"), storage=private_storage, upload_to="scenarios/attachments/%Y/%m/")
    name = models.CharField(
        _("nom du fichier"), max_length=200, help_text=_("Le nom sous lequel le fichier est proposé au téléchargement.")
    )
    kind = models.CharField(_("type"), max_length=8, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe d'un scénario")
        verbose_name_plural = _("pièces jointes des scénarios")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[AttachmentKind(self.kind)]
