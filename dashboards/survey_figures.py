"""Survey indicators of a territory (issue 28), from the school questionnaire's submitted
responses (surveys.defaults.SCHOOL_FAMILY): equipment, screens, connectivity, ENT, support and
the top training needs, for the latest closed campaign, the one before and the parent territory.

Survey figures describe organisations, not people: on public pages a figure shows only from
SMALL_CELL (3) responding organisations; the campaign's agency and a manager see theirs from 1
(dashboards.access). A territory without any response shows "données manquantes", never zero.

The definitions are shared with the needs index (issue 29): ratios of sums over the submitted
responses, shares of responding schools.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.access import is_town_hall, may_see_communes_survey, organisations_managed_in
from dashboards.exports import Column as ExportColumn
from dashboards.exports import ColumnProvider, Scope, register_export_columns
from lms.accounts.models import User
from lms.charts import Chart, bar_chart, grouped_bar_chart
from lms.organisations.models import Organisation, Territory, TerritoryKind
from surveys.defaults import SCHOOL_FAMILY, TRAINING_THEMES
from surveys.models import Campaign
from surveys.selectors import (
    SMALL_CELL,
    TerritoryAggregate,
    campaign_aggregates,
    closed_campaign,
    closed_campaigns_answered_within,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

PUBLIC_THRESHOLD = SMALL_CELL  # responding organisations before a figure shows on a public page
OWNER_THRESHOLD = 1  # the campaign's agency, a manager for their own organisation

SHOWN, SUPPRESSED, MISSING = "shown", "suppressed", "missing"
TOP_NEEDS = 3


def _share(part: int, whole: int) -> int | None:
    return int((Decimal(100 * part) / whole).quantize(Decimal(1), ROUND_HALF_UP)) if whole else None


def _ratio(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return (numerator / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP) if denominator else None


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{value} %"


def _decimal(value: Decimal | None) -> str:
    return "—" if value is None else number_format(value, decimal_pos=1, use_l10n=True)


@dataclass(frozen=True)
class Need:
    slug: str  # a course theme's slug (surveys.defaults.TRAINING_THEMES)
    label: str
    share: int  # percent of the responding schools


@dataclass(frozen=True)
class SurveyFigures:
    """One territory's indicators for one campaign, as a reader may see them: every value is None
    unless `status` is SHOWN."""

    respondents: int
    status: str
    equipment_per_class: Decimal | None = None  # Σ(tablettes + ordinateurs) / Σ nb_classes
    screens_share: int | None = None  # Σ ecrans_interactifs / Σ nb_classes, percent of classes
    fibre_share: int | None = None  # schools connected by the fibre, percent of responding schools
    speed_mean: Decimal | None = None  # mean of debit_ressenti (1–5) where answered
    ent_share: int | None = None  # schools answering ent = "oui"
    support_share: int | None = None  # assistance_delai "jour" or "semaine"
    top_needs: list[Need] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return self.status == SHOWN

    @property
    def status_display(self) -> str:
        if self.status == MISSING:
            return _("données manquantes")
        if self.status == SUPPRESSED:
            return _("moins de 3 réponses")
        return ""

    def display(self, name: str) -> str:
        """A value as the page and the exports show it, hidden and missing ones by their label."""
        if not self.shown:
            return self.status_display
        value = getattr(self, name)
        return _decimal(value) if name in DECIMALS else _percent(value)

    @property
    def needs_display(self) -> str:
        if not self.shown:
            return self.status_display
        return " ; ".join(f"{need.label} ({need.share} %)" for need in self.top_needs) or "—"


DECIMALS = {"equipment_per_class", "speed_mean"}


def need_labels() -> dict[str, str]:
    """The training needs' labels, from the questionnaire's defaults (slugs are course themes)."""
    return dict(TRAINING_THEMES)


def figures_from(aggregate: TerritoryAggregate | None, *, threshold: int, labels: dict[str, str]) -> SurveyFigures:
    if aggregate is None or aggregate.respondents == 0:
        return SurveyFigures(respondents=0, status=MISSING)
    respondents = aggregate.respondents
    if respondents < threshold:
        return SurveyFigures(respondents=respondents, status=SUPPRESSED)
    sums, choices = aggregate.sums, aggregate.choices
    classes = sums.get("nb_classes", Decimal(0))
    devices = sums.get("tablettes", Decimal(0)) + sums.get("ordinateurs", Decimal(0))
    screens = _ratio(sums.get("ecrans_interactifs", Decimal(0)) * 100, classes)
    delays = choices.get("assistance_delai", {})
    needs = choices.get("besoins_formation", {})
    order = list(labels)
    # Most chosen first; ties in the questionnaire's order, so the page and the export agree.
    ranked = sorted(needs.items(), key=lambda item: (-item[1], order.index(item[0]) if item[0] in order else 99))
    return SurveyFigures(
        respondents=respondents,
        status=SHOWN,
        equipment_per_class=_ratio(devices, classes),
        screens_share=int(screens.quantize(Decimal(1), ROUND_HALF_UP)) if screens is not None else None,
        fibre_share=_share(choices.get("connexion", {}).get("fibre", 0), respondents),
        speed_mean=aggregate.means.get("debit_ressenti"),
        ent_share=_share(choices.get("ent", {}).get("oui", 0), respondents),
        support_share=_share(delays.get("jour", 0) + delays.get("semaine", 0), respondents),
        top_needs=[
            Need(slug, labels.get(slug, slug), _share(count, respondents) or 0) for slug, count in ranked[:TOP_NEEDS]
        ],
    )


# --- What a territory's page compares


@dataclass(frozen=True)
class Indicator:
    name: str  # SurveyFigures attribute, and the export column
    label: "StrOrPromise"
    unit: str
    percent: bool  # drawn in the grouped bar chart of shares


INDICATORS = [
    Indicator("equipment_per_class", gettext_lazy("Tablettes et ordinateurs par classe"), "appareils/classe", False),
    Indicator("screens_share", gettext_lazy("Classes équipées d'un écran interactif"), "%", True),
    Indicator("fibre_share", gettext_lazy("Écoles reliées par la fibre"), "%", True),
    Indicator("speed_mean", gettext_lazy("Débit ressenti (de 1 à 5)"), "note moyenne", False),
    Indicator("ent_share", gettext_lazy("Écoles utilisant un ENT"), "%", True),
    Indicator("support_share", gettext_lazy("Écoles dépannées dans la semaine"), "%", True),
]


def parent_of(territory: Territory | None) -> Territory | None:
    """The territory compared with: a commune's département, a département's région, a région's
    (and an EPCI's, which may span départements) the nation (None)."""
    if territory is None:
        return None
    if territory.kind == TerritoryKind.COMMUNE:
        return territory.departement
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return territory.region
    return None


def level_of(territory: Territory | None) -> str:
    return territory.kind if territory is not None else "nation"


def code_of(territory: Territory | None) -> str:
    return territory.code if territory is not None else ""


@dataclass
class SurveyComparison:
    """The territory's figures for the latest and the previous campaign, and its parent's for the
    latest: `columns` in that order, each (heading, figures)."""

    campaign: Campaign | None
    previous: Campaign | None
    territory: Territory | None
    parent: Territory | None
    current: SurveyFigures
    before: SurveyFigures | None
    parent_figures: SurveyFigures | None

    @property
    def columns(self) -> list[tuple[str, SurveyFigures]]:
        columns = [(self.campaign.title if self.campaign else "", self.current)]
        if self.previous is not None and self.before is not None:
            columns.append((self.previous.title, self.before))
        if self.parent_figures is not None:
            columns.append((self.parent.name if self.parent else _("France"), self.parent_figures))
        return columns


def survey_comparison(territory: Territory | None, *, today: date) -> SurveyComparison:
    """The public comparison: threshold PUBLIC_THRESHOLD everywhere. At most 10 queries whatever
    the number of territories: the campaigns, then three per aggregate (latest, previous, parent)."""
    parent = parent_of(territory)
    has_parent = territory is not None
    # The campaigns the parent answered, so that a commune without answers still sees the
    # campaign it was part of, its own figures "données manquantes".
    campaigns = closed_campaigns_answered_within(SCHOOL_FAMILY, today=today, territory=parent if has_parent else None)
    latest = campaigns[0] if campaigns else None
    previous = campaigns[1] if len(campaigns) > 1 else None
    labels = need_labels()

    def figures(campaign: Campaign | None, place: Territory | None) -> SurveyFigures:
        if campaign is None:
            return SurveyFigures(respondents=0, status=MISSING)
        aggregates = campaign_aggregates(campaign, by=level_of(place), within=place)
        return figures_from(aggregates.get(code_of(place)), threshold=PUBLIC_THRESHOLD, labels=labels)

    return SurveyComparison(
        campaign=latest,
        previous=previous,
        territory=territory,
        parent=parent,
        current=figures(latest, territory),
        before=figures(previous, territory) if previous else None,
        parent_figures=figures(latest, parent) if has_parent else None,
    )


def communes_figures(campaign: Campaign, territory: Territory, *, threshold: int) -> list[tuple[str, SurveyFigures]]:
    """Per commune of a département or EPCI that answered `campaign`: (commune code, figures),
    in code order. Three queries."""
    labels = need_labels()
    aggregates = campaign_aggregates(campaign, by=TerritoryKind.COMMUNE, within=territory)
    return [(code, figures_from(aggregates[code], threshold=threshold, labels=labels)) for code in sorted(aggregates)]


def organisation_figures(
    campaign: Campaign, organisations: list[Organisation]
) -> list[tuple[Organisation, SurveyFigures]]:
    """Each organisation's own figures for `campaign` (threshold 1: for its managers only).
    Three queries."""
    labels = need_labels()
    aggregates = campaign_aggregates(campaign, by="organisation", organisations=[item.pk for item in organisations])
    return [
        (item, figures_from(aggregates.get(item.slug), threshold=OWNER_THRESHOLD, labels=labels))
        for item in organisations
    ]


# --- Open data: the survey columns of the exports (docs/open-data.md, section "Enquêtes")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # "entier", "décimal", "texte"
    unit: str
    source: str
    suppression: str


_RULE = "« moins de 3 réponses » sous 3 organisations répondantes ; « données manquantes » sans réponse"
SURVEY_COLUMNS = [
    Column("enquete_campagne", "texte", "", "titre de la dernière campagne close", "aucune"),
    Column("enquete_repondants", "entier", "organisations", "réponses envoyées", _RULE),
    Column(
        "equipement_par_classe",
        "décimal",
        "appareils par classe",
        "Σ(tablettes + ordinateurs) / Σ nb_classes",
        _RULE,
    ),
    Column("ecrans_interactifs_pct", "entier", "% des classes", "Σ ecrans_interactifs / Σ nb_classes", _RULE),
    Column("fibre_pct", "entier", "% des écoles", "connexion = fibre (non reliée : pas la fibre)", _RULE),
    Column("debit_ressenti_moyen", "décimal", "note de 1 à 5", "moyenne de debit_ressenti", _RULE),
    Column("ent_pct", "entier", "% des écoles", "ent = oui", _RULE),
    Column("assistance_semaine_pct", "entier", "% des écoles", "assistance_delai = jour ou semaine", _RULE),
    Column(
        "besoins_formation", "texte", "thèmes (% des écoles)", "les 3 choix de besoins_formation les plus cités", _RULE
    ),
]

_NAMES: dict[str, str] = {
    "equipement_par_classe": "equipment_per_class",
    "ecrans_interactifs_pct": "screens_share",
    "fibre_pct": "fibre_share",
    "debit_ressenti_moyen": "speed_mean",
    "ent_pct": "ent_share",
    "assistance_semaine_pct": "support_share",
}


def respondents_display(figures: SurveyFigures) -> str:
    """How many organisations responded, only where the figures show (1 or 2 would tell whose)."""
    return str(figures.respondents) if figures.shown else figures.status_display


def export_cells(campaign: Campaign | None, figures: SurveyFigures) -> list[str]:
    """One territory's survey cells, in SURVEY_COLUMNS' order, as the page shows them."""
    cells = [campaign.title if campaign else "", respondents_display(figures)]
    for column in SURVEY_COLUMNS[2:-1]:
        cells.append(figures.display(_NAMES[column.name]))
    cells.append(figures.needs_display)
    return cells


def survey_values(
    campaign: Campaign | None, *, level: str, within: Territory | None = None
) -> Callable[[str], list[str]]:
    """The exports' provider: for one campaign, a function giving a territory code's cells (level
    `level`, AGGREGATE_LEVELS), suppression applied as on the public pages. Three queries."""
    labels = need_labels()
    aggregates = campaign_aggregates(campaign, by=level, within=within) if campaign else {}

    def cells(code: str) -> list[str]:
        return export_cells(campaign, figures_from(aggregates.get(code), threshold=PUBLIC_THRESHOLD, labels=labels))

    return cells


def export_campaign(scope: Scope, *, today: date) -> Campaign | None:
    """The campaign of an export: the one asked for (the nation's file, one per campaign), else
    the latest the territory's page shows."""
    if scope.campaign_id is not None:
        return closed_campaign(SCHOOL_FAMILY, scope.campaign_id, today=today)
    place = parent_of(scope.territory) if scope.territory is not None else None
    campaigns = closed_campaigns_answered_within(SCHOOL_FAMILY, today=today, territory=place, limit=1)
    return campaigns[0] if campaigns else None


def _export_columns(scope: Scope) -> list[ExportColumn]:
    return [ExportColumn(c.name, c.type, c.unit, c.source, c.suppression) for c in SURVEY_COLUMNS]


def _export_values(scope: Scope) -> dict[int | None, dict[str, object]]:
    """Each row's survey cells: three queries per level of territory in the file."""
    campaign = export_campaign(scope, today=timezone.localdate())
    by_level: dict[str, list[Territory | None]] = {}
    for territory in scope.territories:
        by_level.setdefault(level_of(territory), []).append(territory)
    within = scope.territory if scope.territory is not None and scope.territory.kind != TerritoryKind.COMMUNE else None
    values: dict[int | None, dict[str, object]] = {}
    for level, territories in by_level.items():
        own_row = scope.territory is not None and level == scope.territory.kind
        cells = survey_values(campaign, level=level, within=None if own_row else within)
        for territory in territories:
            row = cells(code_of(territory))
            values[territory.pk if territory else None] = {
                column.name: cell for column, cell in zip(SURVEY_COLUMNS, row, strict=True)
            }
    return values


def register_export_provider() -> None:
    """Called from DashboardsConfig.ready(): the exports then carry the survey columns."""
    register_export_columns(ColumnProvider("surveys", _export_columns, _export_values, order=20))


# --- The survey section of a territory's page


def _column_headings(comparison: SurveyComparison) -> list[str]:
    headings = [
        _("Dernière campagne (close le %(date)s)")
        % {"date": date_format(comparison.campaign.closes_on, "SHORT_DATE_FORMAT") if comparison.campaign else ""}
    ]
    if comparison.previous is not None:
        headings.append(
            _("Campagne précédente (close le %(date)s)")
            % {"date": date_format(comparison.previous.closes_on, "SHORT_DATE_FORMAT")}
        )
    if comparison.parent_figures is not None:
        headings.append(comparison.parent.name if comparison.parent else _("France"))
    return headings


def _compared(comparison: SurveyComparison, figures: list[SurveyFigures], name: str) -> str:
    """ "51 % à la dernière campagne, 29 % à la précédente, 52 % pour Auvergne-Rhône-Alpes": the
    summary sentence's comparison, in the columns' order."""
    places = [_("à la dernière campagne")]
    if comparison.previous is not None:
        places.append(_("à la précédente"))
    if comparison.parent_figures is not None:
        places.append(_("pour %(place)s") % {"place": comparison.parent.name if comparison.parent else _("la France")})
    return ", ".join(f"{item.display(name)} {place}" for item, place in zip(figures, places, strict=True))


def _charts(comparison: SurveyComparison, headings: list[str]) -> list[Chart]:
    figures = [column for _heading, column in comparison.columns]
    shares = [indicator for indicator in INDICATORS if indicator.percent]
    grouped = grouped_bar_chart(
        _("Équipement, connexion, ENT et assistance, en %"),
        [
            (
                str(indicator.label),
                [
                    (heading, getattr(item, indicator.name), item.display(indicator.name))
                    for heading, item in zip(headings, figures, strict=True)
                ],
            )
            for indicator in shares
        ],
        series=headings,
        maximum=100,
        summary=_("Écoles reliées par la fibre : %(values)s.")
        % {"values": _compared(comparison, figures, "fibre_share")},
    )
    equipment = bar_chart(
        _("Tablettes et ordinateurs par classe"),
        [
            (heading, item.equipment_per_class, item.display("equipment_per_class"))
            for heading, item in zip(headings, figures, strict=True)
        ],
        value_header=_("Appareils par classe"),
        label_header=_("Campagne ou territoire"),
        summary=_("Appareils par classe : %(values)s.")
        % {"values": _compared(comparison, figures, "equipment_per_class")},
        by_series=True,
    )
    charts = [grouped, equipment]
    needs = comparison.current.top_needs if comparison.current.shown else []
    if needs:
        chart = bar_chart(
            _("Besoins de formation les plus cités (dernière campagne)"),
            [(need.label, need.share, f"{need.share} %") for need in needs],
            value_header=_("Part des écoles répondantes"),
            label_header=_("Thème"),
            maximum=100,
            summary=_("Le besoin le plus cité est « %(label)s », par %(share)s %% des écoles répondantes.")
            % {"label": needs[0].label, "share": needs[0].share},
        )
        charts.append(chart)
    return charts


def _rows(columns: list[SurveyFigures]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = [
        {"label": _("Écoles répondantes"), "cells": [respondents_display(item) for item in columns]}
    ]
    for indicator in INDICATORS:
        rows.append({"label": indicator.label, "cells": [item.display(indicator.name) for item in columns]})
    rows.append({"label": _("Besoins de formation les plus cités"), "cells": [item.needs_display for item in columns]})
    return rows


def survey_section(user: User | AnonymousUser, territory: Territory | None, *, today: date) -> dict:
    """The context of templates/dashboards/_survey.html: the public comparison and its charts,
    then what this reader may see beyond it (dashboards.access)."""
    comparison = survey_comparison(territory, today=today)
    headings = _column_headings(comparison)
    columns = [item for _heading, item in comparison.columns]
    section: dict = {"comparison": comparison, "campaign": comparison.campaign}
    if comparison.campaign is None:
        return section
    section.update(headings=headings, rows=_rows(columns), charts=_charts(comparison, headings))
    if may_see_communes_survey(user, territory, comparison.campaign):
        assert territory is not None  # noqa: S101  (may_see_communes_survey says so)
        per_commune = communes_figures(comparison.campaign, territory, threshold=OWNER_THRESHOLD)
        names = dict(
            Territory.objects.filter(
                kind=TerritoryKind.COMMUNE, code__in=[code for code, _f in per_commune]
            ).values_list("code", "name")
        )
        section["communes"] = [
            {
                "code": code,
                "name": names.get(code, code),
                "figures": figures,
                "cells": [figures.display(indicator.name) for indicator in INDICATORS],
            }
            for code, figures in per_commune
        ]
        section["communes"].sort(key=lambda row: (row["name"], row["code"]))
        section["indicators"] = INDICATORS
    managed = organisations_managed_in(user, territory)
    if managed:
        own: list[tuple[str, SurveyFigures]] = [
            (organisation.name, figures) for organisation, figures in organisation_figures(comparison.campaign, managed)
        ]
        if any(is_town_hall(organisation) for organisation in managed) and territory is not None:
            aggregates = campaign_aggregates(comparison.campaign, by=TerritoryKind.COMMUNE, within=territory)
            commune = figures_from(aggregates.get(territory.code), threshold=OWNER_THRESHOLD, labels=need_labels())
            own.append((_("Écoles de la commune"), commune))
        section["own"] = {"headings": [name for name, _figures in own], "rows": _rows([item for _name, item in own])}
    return section
