"""Collections of scenarios: a person's own (private), or an organisation's (public at
/scenarios/collections/<slug>/, kept by its managers). Exactly one owner each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ScenarioCollection(models.Model):
    title = models.CharField(_("titre"), max_length=120)
    slug = models.SlugField(_("adresse"), max_length=140, unique=True)
    description = models.TextField(_("description"), max_length=1000, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("propriétaire"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scenario_collections",
        help_text=_("Une collection personnelle n'est visible que de cette personne."),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Une collection d'organisation est publique ; ses responsables la tiennent à jour."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("collection de scénarios")
        verbose_name_plural = _("collections de scénarios")
        ordering = ["title", "pk"]
        constraints = [
            # Personal or an organisation's, never both nor neither: the access rules read one.
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False, organisation__isnull=True)
                | models.Q(owner__isnull=True, organisation__isnull=False),
                name="scenarios_collection_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.organisation_id is not None


class ScenarioCollectionItem(models.Model):
    collection = models.ForeignKey(
        ScenarioCollection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="items"
    )
    scenario = models.ForeignKey(
        "scenarios.ScenarioPage", verbose_name=_("scénario"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ajouté par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("scénario d'une collection")
        verbose_name_plural = _("scénarios d'une collection")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "scenario"], name="scenarios_collection_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.collection} · {self.scenario}"
