"""Organisations (communes, schools, relays, agencies) and who belongs to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models.territories import Territory
from lms.organisations.slugs import is_reserved
from lms.organisations.validators import validate_siren, validate_siret, validate_uai


class OrganisationKind(models.TextChoices):
    NATIONAL_AGENCY = "national_agency", _("agence nationale")
    REGIONAL_AGENCY = "regional_agency", _("agence régionale")
    DEPARTEMENT = "departement", _("conseil départemental")
    COMMUNE = "commune", _("commune")
    EPCI = "epci", _("intercommunalité")
    ECOLE = "ecole", _("école")
    COLLEGE = "college", _("collège")
    LYCEE = "lycee", _("lycée")
    EPN = "epn", _("espace public numérique (EPN)")
    MEDIATHEQUE = "mediatheque", _("médiathèque")
    ASSOCIATION = "association", _("association")
    # An association of elected officials (a département's association of mayors, for example):
    # it relays what its member communes tried (relays' shared experiences, issue 30).
    ASSOCIATION_ELUS = "association_elus", _("association d'élus")


SCHOOL_KINDS = {OrganisationKind.ECOLE, OrganisationKind.COLLEGE, OrganisationKind.LYCEE}
AGENCY_KINDS = {OrganisationKind.NATIONAL_AGENCY, OrganisationKind.REGIONAL_AGENCY}


RESERVED_SLUG = _("Cette adresse courte est réservée par le site : choisissez-en une autre.")


class Organisation(models.Model):
    """A commune, a school, a relay site (EPN, médiathèque, association), an association of elected
    officials or an agency."""

    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("adresse courte"), max_length=80, unique=True, allow_unicode=False)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("La commune d'implantation, ou le territoire couvert pour une agence."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("organisation de rattachement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("Pour une agence régionale, l'agence nationale, par exemple."),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    uai = models.CharField(
        _("numéro UAI"),
        max_length=8,
        blank=True,
        validators=[validate_uai],
        help_text=_("Pour un établissement scolaire : 7 chiffres et une lettre (ex-RNE)."),
    )
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    address = models.TextField(_("adresse postale"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["uai"], condition=~models.Q(uai=""), name="organisations_organisation_unique_uai"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.uai = self.uai.strip().upper()
        if is_reserved(self.slug):
            raise ValidationError({"slug": RESERVED_SLUG})
        if self.kind in SCHOOL_KINDS and not self.uai:
            raise ValidationError({"uai": _("Un établissement scolaire est identifié par son numéro UAI.")})
        if self.uai and self.kind not in SCHOOL_KINDS:
            raise ValidationError({"uai": _("Seuls les établissements scolaires ont un numéro UAI.")})
        if self.siret and self.siren and not self.siret.startswith(self.siren):
            raise ValidationError({"siret": _("Le SIRET doit commencer par le SIREN de l'organisation.")})


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("membre")
    MANAGER = "manager", _("gestionnaire")


class MembershipQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(models.Q(end_on__isnull=True) | models.Q(end_on__gt=today), start_on__lte=today)

    def managers(self):
        return self.filter(role=MembershipRole.MANAGER)


class Membership(models.Model):
    """Who belongs to or manages an organisation. Ended memberships stay, for the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=16, choices=MembershipRole.choices, default=MembershipRole.MEMBER)
    function = models.CharField(
        _("fonction"), max_length=120, blank=True, help_text=_("Par exemple : maire, secrétaire de mairie, directrice.")
    )
    start_on = models.DateField(_("depuis le"), default=timezone.localdate)
    end_on = models.DateField(_("jusqu'au"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("terminée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        ordering = ["organisation", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(end_on__isnull=True),
                name="organisations_one_open_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"
