"""Wealth figures and equipment aid plans (issue 29, docs/indice-besoins.md).

A plan is simulated as a draft any number of times; publishing freezes it: its lines keep the
inputs (need and its components, size, wealth figure and factor) and the results as they were,
with the parameters and the formula version, so later answers or figures never change it."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.organisations.models import Organisation, Territory
from surveys.models import Campaign


class WealthFigure(models.Model):
    """A commune's potentiel financier par habitant for one year, imported by agency staff."""

    commune = models.ForeignKey(
        Territory, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="wealth_figures"
    )
    year = models.PositiveSmallIntegerField(_("année"))
    potential = models.DecimalField(_("potentiel financier par habitant (€)"), max_digits=10, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_by = models.ForeignKey(
        Organisation,
        verbose_name=_("importé par l'agence"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)

    class Meta:
        verbose_name = _("potentiel financier")
        verbose_name_plural = _("potentiels financiers")
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="dashboards_wealth_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year}: {self.potential}"


class AidPlanStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    PUBLISHED = "published", _("publié")


class AidPlanQuerySet(models.QuerySet):
    def published(self) -> "AidPlanQuerySet":
        return self.filter(status=AidPlanStatus.PUBLISHED)


class AidPlan(models.Model):
    """A budget shared between the communes of a département by the published formula."""

    agency = models.ForeignKey(
        Organisation, verbose_name=_("agence"), on_delete=models.PROTECT, related_name="aid_plans"
    )
    territory = models.ForeignKey(
        Territory, verbose_name=_("département"), on_delete=models.PROTECT, related_name="aid_plans"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campagne d'enquête"), on_delete=models.PROTECT, related_name="aid_plans"
    )
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("adresse"), max_length=120, unique=True, allow_unicode=False)
    budget = models.PositiveBigIntegerField(_("budget (€)"))
    floor = models.PositiveBigIntegerField(
        _("plancher par commune (€)"), null=True, blank=True, help_text=_("Facultatif.")
    )
    ceiling = models.PositiveBigIntegerField(
        _("plafond par commune (€)"), null=True, blank=True, help_text=_("Facultatif.")
    )
    status = models.CharField(_("état"), max_length=16, choices=AidPlanStatus.choices, default=AidPlanStatus.DRAFT)
    parameters = models.JSONField(
        _("paramètres"),
        default=dict,
        blank=True,
        help_text=_("Les poids de l'indice et la médiane des potentiels financiers, tels qu'au dernier calcul."),
    )
    formula_version = models.CharField(_("version de la formule"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    simulated_at = models.DateTimeField(_("calculé le"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)

    objects = AidPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'aide à l'équipement")
        verbose_name_plural = _("plans d'aide à l'équipement")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_published(self) -> bool:
        return self.status == AidPlanStatus.PUBLISHED


class AidPlanLine(models.Model):
    """One commune's line of a plan: its inputs and its allocation as computed. A commune with no
    survey answer has a line with no need and no allocation (« données manquantes »)."""

    plan = models.ForeignKey(AidPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="lines")
    commune = models.ForeignKey(
        Territory, verbose_name=_("commune"), on_delete=models.PROTECT, related_name="aid_plan_lines"
    )
    code = models.CharField(_("code INSEE"), max_length=12)
    name = models.CharField(_("nom"), max_length=200)
    rank = models.PositiveIntegerField(_("rang"), null=True, blank=True)
    need = models.DecimalField(_("besoin (0 à 100)"), max_digits=5, decimal_places=2, null=True, blank=True)
    deficits = models.JSONField(_("composantes"), default=dict, blank=True)
    size = models.PositiveIntegerField(_("classes"), null=True, blank=True)
    wealth_potential = models.DecimalField(
        _("potentiel financier par habitant (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    wealth_factor = models.DecimalField(_("facteur de richesse"), max_digits=5, decimal_places=3, default=1)
    allocation = models.PositiveBigIntegerField(_("montant attribué (€)"), null=True, blank=True)

    class Meta:
        verbose_name = _("ligne de plan d'aide")
        verbose_name_plural = _("lignes de plan d'aide")
        constraints = [
            models.UniqueConstraint(fields=["plan", "commune"], name="dashboards_plan_line_once_per_commune"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.code}"

    @property
    def missing(self) -> bool:
        return self.need is None
