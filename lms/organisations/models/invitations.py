"""Requests to manage an organisation, and invitations to join one."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models.organisations import Organisation, OrganisationKind
from lms.organisations.models.territories import Territory
from lms.organisations.validators import validate_siren, validate_uai


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    APPROVED = "approved", _("acceptée")
    REFUSED = "refused", _("refusée")


class ManagerRequest(models.Model):
    """Someone asks to manage an organisation, existing or to be created. Agency staff for its
    territory decide; until then nothing of the organisation is visible to the requester."""

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("demandeur"), on_delete=models.CASCADE, related_name="manager_requests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="manager_requests",
        help_text=_("Vide si la demande porte sur une organisation à créer."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices, blank=True)
    name = models.CharField(_("nom"), max_length=200, blank=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territoire"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    uai = models.CharField(_("numéro UAI"), max_length=8, blank=True, validators=[validate_uai])
    function = models.CharField(_("fonction"), max_length=120)
    status = models.CharField(_("état"), max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    reason = models.TextField(_("motif"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("examinée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("demande de gestion")
        verbose_name_plural = _("demandes de gestion")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requester", "organisation"],
                condition=models.Q(status="pending", organisation__isnull=False),
                name="organisations_one_pending_request_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation is not None else self.name

    @property
    def place(self) -> Territory | None:
        return self.organisation.territory if self.organisation is not None else self.territory


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    ACCEPTED = "accepted", _("acceptée")
    DECLINED = "declined", _("déclinée")
    WITHDRAWN = "withdrawn", _("retirée")


class Invitation(models.Model):
    """A manager invites someone by e-mail. Nobody joins without saying yes: a person with an
    account accepts on /organisations/, a new person through a single-use activation link."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse e-mail"))
    function = models.CharField(_("fonction"), max_length=120, blank=True)
    personal_fields = ("email",)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("invitée par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        help_text=_("Le compte qui a répondu."),
    )
    status = models.CharField(
        _("état"), max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    nonce = models.CharField(_("aléa"), max_length=64, unique=True)
    token_hash = models.CharField(_("empreinte du jeton"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("envoyée le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    responded_at = models.DateTimeField(_("réponse ou retrait le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
