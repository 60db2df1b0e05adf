"""Official French geography (INSEE COG): régions, départements, EPCI and communes, and the
commune a person calls home.

Territories are their own model, not organisations: a commune belongs to one département and at
most one EPCI, and an EPCI can span départements (DESIGN.md §5).
"""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
