"""Summary tables of the territorial dashboards: every figure a page or an export shows, with the
decision to hide it, written by one refresh (dashboards.services.refresh) and only read after.

One row per non-zero figure: a figure without a row is zero (shown, it describes nobody). Storing
the suppression decision, not only the value, is what keeps every page and every export hiding the
same cells: the decision is made once, top-down over the whole country (issue 28).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from dashboards.suppression import Hidden
from lms.organisations.models import Territory


class TerritoryFigure(models.Model):
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territoire"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Vide : la France entière."),
    )
    measure = models.CharField(_("indicateur"), max_length=32)
    audience = models.CharField(_("public"), max_length=32, default="all")
    period = models.CharField(
        _("période"), max_length=8, blank=True, help_text=_("Un trimestre (« 2026T4 ») ; vide : depuis le début.")
    )
    value = models.BigIntegerField(_("valeur"))
    hidden = models.CharField(
        _("masquée"),
        max_length=16,
        blank=True,
        choices=[(Hidden.SMALL, _("moins de 5 personnes")), (Hidden.COMPLEMENT, _("secret (complément)"))],
        help_text=_("Pourquoi la valeur n'est jamais montrée ; vide : elle est publique."),
    )
    refreshed_at = models.DateTimeField(_("calculée le"))

    class Meta:
        verbose_name = _("chiffre d'un territoire")
        verbose_name_plural = _("chiffres des territoires")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "measure", "audience", "period"],
                condition=models.Q(territory__isnull=False),
                name="dashboards_figure_unique",
            ),
            models.UniqueConstraint(
                fields=["measure", "audience", "period"],
                condition=models.Q(territory__isnull=True),
                name="dashboards_figure_nation_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id or 'FR'} {self.measure} {self.audience} {self.period}: {self.value}"
