"""A relay's public profile: what the directory, the relay page and the open data show."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import SCHOOL_KINDS, Organisation, OrganisationKind
from relays.standard import key, standard

# Relays by nature; a commune or a school joins the directory by publishing a profile (issue 30).
RELAY_KINDS = {OrganisationKind.EPN, OrganisationKind.MEDIATHEQUE, OrganisationKind.ASSOCIATION}
PROFILE_KINDS = RELAY_KINDS | {OrganisationKind.COMMUNE} | SCHOOL_KINDS

# The standard's enumeration each list field draws from (relays/standard/).
LIST_FIELDS = {
    "services": "services",
    "audiences": "publics_specifiquement_adresses",
    "support": "prise_en_charge_specifique",
}
TAG_PREFIXES = {"services": "s", "audiences": "p", "support": "a"}


def _validate_values(enumeration: str):
    def validate(values) -> None:
        allowed = set(standard()[enumeration])
        if not isinstance(values, list) or any(value not in allowed for value in values):
            raise ValidationError(_("Choisissez parmi les valeurs du standard national."))

    return validate


def validate_services(values) -> None:
    _validate_values("services")(values)


def validate_audiences(values) -> None:
    _validate_values("publics_specifiquement_adresses")(values)


def validate_support(values) -> None:
    _validate_values("prise_en_charge_specifique")(values)


class RelayProfileQuerySet(models.QuerySet):
    def published(self):
        """Shown in the directory, on relay pages and in the open data: published by its managers,
        of an active organisation of a kind that may be a relay."""
        return self.filter(is_published=True, organisation__is_active=True, organisation__kind__in=PROFILE_KINDS)

    def with_tag(self, field: str, value_key: str):
        return self.filter(search_tags__contains=f" {TAG_PREFIXES[field]}:{value_key} ")


class RelayProfile(models.Model):
    """One per organisation. Its contact fields are the organisation's, never a person's."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="relay_profile"
    )
    is_published = models.BooleanField(
        _("publié dans l'annuaire"),
        default=False,
        help_text=_(
            "Tant que la case n'est pas cochée, le profil n'apparaît ni dans l'annuaire ni dans les données ouvertes."
        ),
    )
    summary = models.CharField(
        _("présentation courte"),
        max_length=280,
        blank=True,
        help_text=_("Une ou deux phrases : ce que le lieu propose."),
    )
    street = models.CharField(_("adresse"), max_length=200, blank=True, help_text=_("Numéro et voie."))
    address_complement = models.CharField(_("complément d'adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    opening_hours = models.TextField(
        _("horaires d'ouverture"),
        max_length=1000,
        blank=True,
        help_text=_("Par exemple : mardi et jeudi 14 h – 18 h ; samedi 9 h – 12 h."),
    )
    step_free_access = models.BooleanField(_("accès de plain-pied ou par rampe"), default=False)
    hearing_loop = models.BooleanField(_("boucle magnétique pour les personnes malentendantes"), default=False)
    acces_libre_url = models.URLField(
        _("fiche Accès libre"), blank=True, help_text=_("L'adresse de la fiche du lieu sur acceslibre.beta.gouv.fr.")
    )
    services = models.JSONField(_("services proposés"), default=list, blank=True, validators=[validate_services])
    audiences = models.JSONField(_("publics accueillis"), default=list, blank=True, validators=[validate_audiences])
    support = models.JSONField(
        _("accompagnements spécifiques"), default=list, blank=True, validators=[validate_support]
    )
    contact_email = models.EmailField(
        _("e-mail de contact"),
        blank=True,
        help_text=_("Une adresse du lieu (accueil, contact), pas une adresse personnelle."),
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    website = models.URLField(_("site web"), blank=True)
    recommended_courses = models.ManyToManyField(
        "courses.Course",
        verbose_name=_("formations recommandées"),
        blank=True,
        related_name="+",
        help_text=_("Les formations en ligne que le lieu conseille à son public."),
    )
    # Filled on save from the lists above, so that the directory filters with a plain `contains`
    # on SQLite and PostgreSQL alike (JSON containment is PostgreSQL-only).
    search_tags = models.CharField(_("étiquettes de recherche"), max_length=2000, blank=True, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = RelayProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil de relais")
        verbose_name_plural = _("profils de relais")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return self.organisation.name

    def save(self, *args, **kwargs) -> None:
        self.fill_search_tags()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_tags", "updated_at"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        # The national standard requires an address of every place it lists (relays/standard/).
        if self.is_published and not (self.street and self.postcode):
            raise ValidationError(_("Pour publier le profil, indiquez l'adresse et le code postal du lieu."))

    def fill_search_tags(self) -> None:
        tags = [f"{TAG_PREFIXES[field]}:{key(value)}" for field in LIST_FIELDS for value in getattr(self, field)]
        self.search_tags = " " + " ".join(tags) + " " if tags else ""
