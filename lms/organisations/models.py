"""Official French geography (INSEE COG): régions, départements, EPCI and communes.

Territories are their own model, not organisations: a commune belongs to one département and at
most one EPCI, and an EPCI can span départements (DESIGN.md §5).
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.validators import validate_siren, validate_siret, validate_uai


class TerritoryKind(models.TextChoices):
    REGION = "region", _("région")
    DEPARTEMENT = "departement", _("département")
    EPCI = "epci", _("intercommunalité (EPCI)")
    COMMUNE = "commune", _("commune")


def search_key(text: str) -> str:
    """Lower-case ASCII words: "Saint-Étienne-de-Lugdarès" → "saint etienne de lugdares"."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    ascii_text = ascii_text.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    return " ".join(re.split(r"[^0-9a-z]+", ascii_text.lower())).strip()


class TerritoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def search(self, query: str):
        """By name (accents, case and hyphens ignored), official code or postcode."""
        query = query.strip()
        if not query:
            return self.none()
        if query.isdigit() or re.fullmatch(r"2[ABab]\d*", query):
            found = self.filter(models.Q(code__istartswith=query) | models.Q(postcodes_text__contains=f" {query}"))
        else:
            key = search_key(query)
            if not key:
                return self.none()
            found = self.filter(search_name__contains=key)
        # Current territories first, then the most populated: "saint etienne" puts the city first.
        return found.order_by("-is_active", models.F("population").desc(nulls_last=True), "name")


class Territory(models.Model):
    code = models.CharField(
        _("code officiel"),
        max_length=12,
        help_text=_("Code INSEE (texte : « 2A004 » en Corse) ; SIREN pour une intercommunalité."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=TerritoryKind.choices)
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(_("nom pour la recherche"), max_length=200, editable=False, db_index=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    postcodes = models.JSONField(_("codes postaux"), default=list, blank=True)
    postcodes_text = models.CharField(_("codes postaux (recherche)"), max_length=400, blank=True, editable=False)
    region = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.REGION},
    )
    departement = models.ForeignKey(
        "self",
        verbose_name=_("département"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communes",
        limit_choices_to={"kind": TerritoryKind.DEPARTEMENT},
    )
    epci = models.ForeignKey(
        "self",
        verbose_name=_("intercommunalité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member_communes",
        limit_choices_to={"kind": TerritoryKind.EPCI},
    )
    is_active = models.BooleanField(
        _("en vigueur"), default=True, help_text=_("Faux pour une commune fusionnée dans une autre.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("commune nouvelle"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_communes",
        help_text=_("La commune qui a absorbé celle-ci."),
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="organisations_territory_kind_code")]
        indexes = [models.Index(fields=["kind", "is_active"], name="organisations_territory_kind")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs) -> None:
        self.fill_search_fields()
        super().save(*args, **kwargs)

    def fill_search_fields(self) -> None:
        self.search_name = search_key(self.name)
        self.postcodes_text = "".join(f" {postcode}" for postcode in self.postcodes)


class HomeCommune(models.Model):
    """The commune a person lives or works in, if they say so: optional, shown on their profile,
    and used later to suggest local sessions and to count learners by territory."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="home_commune",
    )
    commune = models.ForeignKey(
        Territory,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": TerritoryKind.COMMUNE},
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("commune de la personne")
        verbose_name_plural = _("communes des personnes")

    def __str__(self) -> str:
        return f"{self.user} · {self.commune}"


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


SCHOOL_KINDS = {OrganisationKind.ECOLE, OrganisationKind.COLLEGE, OrganisationKind.LYCEE}
AGENCY_KINDS = {OrganisationKind.NATIONAL_AGENCY, OrganisationKind.REGIONAL_AGENCY}


class Organisation(models.Model):
    """A commune, a school, a relay site (EPN, médiathèque, association) or an agency."""

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


class AuditAction(models.TextChoices):
    ENROL = "enrol", _("inscription à une formation")
    WITHDRAW = "withdraw", _("désinscription")
    INVITE = "invite", _("invitation")
    IMPORT = "import", _("import")
    EXPORT = "export", _("export")
    MEMBERSHIP = "membership", _("changement de membre")
    CODES = "codes", _("codes d'accès imprimés")


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
    details = models.JSONField(_("détails"), default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des actions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_action_display()} · {self.summary}"
