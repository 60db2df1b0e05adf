"""Attestations: issued once per (enrolment, cycle) on completion, frozen at issue, verifiable by
anyone with the code (DESIGN.md §2, "The main chain"). An attestation de présence is issued once
per subject (a registration to a session, named by its `subject_key`) through the registry of
certificates/subjects.py: it has no enrolment and is never renewed."""

import secrets
from datetime import date

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import AudienceCode

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 26  # 128 random bits, 5 bits per character
# Crockford base32 reads the letters people confuse with digits as those digits.
CONFUSABLE = str.maketrans({"I": "1", "L": "1", "O": "0"})

colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Écrivez une couleur sous la forme #1d4e89."))


def new_code() -> str:
    """128 random bits in Crockford base32: 26 characters."""
    number = secrets.randbits(128)
    return "".join(CROCKFORD[(number >> (5 * index)) & 31] for index in reversed(range(CODE_LENGTH)))


def normalise_code(typed: str) -> str | None:
    """A code as typed (any case, with or without spaces, dashes, dots or other separators, O for
    0, I or L for 1), or None if it cannot be one."""
    code = "".join(character for character in typed if character.isalnum()).upper().translate(CONFUSABLE)
    if len(code) != CODE_LENGTH or any(character not in CROCKFORD for character in code):
        return None
    return code


CODE_GROUP = 4


def code_groups(code: str) -> str:
    """A verification code in dash-separated groups of 4, easy to read aloud and type: a
    26-character code reads 4-4-4-4-4-4-2. Crockford base32 ignores dashes when decoding, and
    `normalise_code` any separator, so the grouped form is also valid input."""
    code = "".join(character for character in code if character.isalnum()).upper()
    return "-".join(code[start : start + CODE_GROUP] for start in range(0, len(code), CODE_GROUP))


def private_storage():
    """Attestations are served by a view that checks who asks, never by the media URL."""
    return storages["private"]


class CertificateTemplate(models.Model):
    """How an attestation looks and who signs it. One default per audience; staff edit them in
    the Wagtail admin (Snippets). Issued attestations keep a copy of what they used."""

    title = models.CharField(_("titre"), max_length=120)
    audience = models.CharField(
        _("public"),
        max_length=16,
        choices=AudienceCode.choices,
        blank=True,
        help_text=_("Le public pour lequel ce modèle sert par défaut ; vide pour tous les publics."),
    )
    is_default = models.BooleanField(
        _("modèle par défaut"), default=False, help_text=_("Un seul modèle par défaut par public.")
    )
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Texte de l'attestation. Vous pouvez utiliser : {nom}, {formation}, {duree}, {date} et {organisation}."
        ),
    )
    signatory_name = models.CharField(_("nom du signataire"), max_length=150)
    signatory_title = models.CharField(_("qualité du signataire"), max_length=200)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    primary_color = models.CharField(_("couleur principale"), max_length=7, default="#1d4e89", validators=[colour])
    accent_color = models.CharField(_("couleur d'accent"), max_length=7, default="#b34700", validators=[colour])

    class Meta:
        verbose_name = _("modèle d'attestation")
        verbose_name_plural = _("modèles d'attestation")
        ordering = ["audience", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["audience"],
                condition=models.Q(is_default=True),
                name="certificates_one_default_template_per_audience",
                violation_error_message=_("Ce public a déjà un modèle par défaut."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class PdfStatus(models.TextChoices):
    PENDING = "pending", _("en préparation")
    READY = "ready", _("prêt")


class CertificateKind(models.TextChoices):
    COURSE = "course", _("attestation de formation")
    PRESENCE = "presence", _("attestation de présence")


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("valide")
    EXPIRED = "expired", _("expirée")
    REVOKED = "revoked", _("révoquée")
    SUPERSEDED = "superseded", _("remplacée")


class CertificateQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def shown_to_holder(self):
        """What the learner keeps: current, not replaced by a newer one (revoked ones stay, marked)."""
        return self.filter(is_current=True, superseded_by__isnull=True)

    def with_status(self, status: str):
        """Those whose `Certificate.status` is `status`, decided in SQL by the same rule (revoked
        first, then superseded, then expired by date); any other value leaves them all."""
        today = timezone.localdate()
        live = models.Q(revoked_at__isnull=True, superseded_by__isnull=True)
        conditions: dict[str, models.Q] = {
            CertificateStatus.REVOKED: models.Q(revoked_at__isnull=False),
            CertificateStatus.SUPERSEDED: models.Q(revoked_at__isnull=True, superseded_by__isnull=False),
            CertificateStatus.EXPIRED: live & models.Q(expires_on__lt=today),
            CertificateStatus.VALID: live & (models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=today)),
        }
        return self.filter(conditions.get(status, models.Q()))


class Certificate(models.Model):
    """One attestation. Its `snapshot` holds everything shown on it, frozen at issue: later edits
    of the course, the template or the person's name never change it."""

    code = models.CharField(_("code de vérification"), max_length=CODE_LENGTH, unique=True, default=new_code)
    kind = models.CharField(_("type"), max_length=16, choices=CertificateKind.choices, default=CertificateKind.COURSE)
    # What a presence attestation attests, as "<app>.<model>:<id>" (certificates/subjects.py);
    # empty for course attestations, which the enrolment and cycle identify.
    subject_key = models.CharField(_("objet"), max_length=120, blank=True, default="")
    enrolment = models.ForeignKey(
        "courses.Enrolment",
        verbose_name=_("inscription"),
        on_delete=models.SET_NULL,  # the attestation outlives the account: verification still answers
        null=True,
        blank=True,
        related_name="certificates",
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titulaire"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("formation"), on_delete=models.PROTECT, related_name="certificates"
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("modèle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
    )
    is_current = models.BooleanField(_("en vigueur"), default=True)
    issued_at = models.DateTimeField(_("délivrée le"), default=timezone.now)
    expires_on = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    snapshot = models.JSONField(_("contenu figé"), default=dict)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to="attestations/", blank=True)
    pdf_sha256 = models.CharField(_("empreinte SHA-256 du PDF"), max_length=64, blank=True)
    pdf_status = models.CharField(_("état du PDF"), max_length=16, choices=PdfStatus.choices, default=PdfStatus.PENDING)
    pdf_attempts = models.PositiveSmallIntegerField(_("tentatives de rendu"), default=0)
    pdf_error = models.TextField(_("dernière erreur de rendu"), blank=True)
    revoked_at = models.DateTimeField(_("révoquée le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("révoquée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("remplacée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "cycle"],
                condition=models.Q(is_current=True, kind="course"),
                name="certificates_one_current_per_enrolment_cycle",
            ),
            # A re-issue makes the old one not current before creating its successor.
            models.UniqueConstraint(
                fields=["kind", "subject_key"],
                condition=models.Q(is_current=True) & ~models.Q(subject_key=""),
                name="certificates_one_current_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.snapshot.get('holder_name', '')} · {self.snapshot.get('course_title', '')} ({self.code})"

    @property
    def is_presence(self) -> bool:
        return self.kind == CertificateKind.PRESENCE

    @property
    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def completed_on(self) -> date | None:
        value = self.snapshot.get("completed_on")
        return date.fromisoformat(value) if value else None

    @property
    def grouped_code(self) -> str:
        """The code as people read it, in groups of 4 (`code_groups`)."""
        return code_groups(self.code)

    def get_status_display(self) -> str:
        return str(CertificateStatus(self.status).label)

    @property
    def status(self) -> str:
        """valid, expired, revoked or superseded, as the verification page says it."""
        if self.revoked_at:
            return CertificateStatus.REVOKED
        if self.superseded_by_id:
            return CertificateStatus.SUPERSEDED
        return CertificateStatus.EXPIRED if self.is_expired else CertificateStatus.VALID


class CertificateEventKind(models.TextChoices):
    ISSUED = "issued", _("délivrée")
    REVOKED = "revoked", _("révoquée")
    REISSUED = "reissued", _("réémise")
    RENEWED = "renewed", _("renouvelée")


class CertificateEvent(models.Model):
    """The audit trail of an attestation: who revoked, re-issued or renewed it, when and why."""

    certificate = models.ForeignKey(
        Certificate, verbose_name=_("attestation"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("action"), max_length=16, choices=CertificateEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("motif"), blank=True)
    related = models.ForeignKey(
        Certificate,
        verbose_name=_("attestation liée"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("L'attestation qui remplace celle-ci, ou celle qu'elle remplace."),
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("événement d'attestation")
        verbose_name_plural = _("événements d'attestation")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.certificate.code} · {self.get_kind_display()}"
