"""Open data: a territory's figures and its children's (or the whole country's) as CSV and JSON,
Etalab 2.0 (docs/open-data.md documents every column).

The columns come from providers, each with its documentation: this app's training provider, and
any app above (surveys' figures per campaign) appends its own with `register_export_columns` in its
AppConfig.ready(). A provider is asked once per export for all its rows, so an export costs a
fixed number of queries per provider, whatever the number of territories.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

from dashboards.selectors import (
    ALL,
    AUDIENCES,
    Dashboard,
    Figures,
    country_figures,
    country_territories,
    last_refresh,
    territory_dashboard,
)
from dashboards.tables import NA, completion_rate, quarter_labels
from lms.organisations.models import Territory

# What a hidden cell reads in every export: the label the page shows, so that export equals screen.
HIDDEN_RULE = "« < 5 » si 1 à 4 personnes ; « secret » si masqué pour protéger un autre chiffre"


@dataclass(frozen=True)
class Column:
    """One exported column, as docs/open-data.md documents it."""

    name: str
    type: str  # "entier", "texte", "pourcentage"…
    unit: str
    source: str
    suppression: str
    description: str = ""


@dataclass(frozen=True)
class ColumnProvider:
    """`columns(scope)` lists the columns (they may depend on the data, e.g. one per campaign);
    `values(scope)` gives each territory's cells (key: the territory's pk, None for the nation),
    as strings or numbers, hidden cells already as their label."""

    code: str
    columns: Callable[["Scope"], list[Column]]
    values: Callable[["Scope"], dict[int | None, dict[str, object]]]
    order: int = 100


@dataclass
class Scope:
    """What one export covers: the territory (None: the nation), and the territories of its rows
    in order (the nation's export: every territory of the country). `dashboard` is set for a
    territory's export (its figures and its children's, as on its page)."""

    territory: Territory | None
    territories: list[Territory | None]
    dashboard: Dashboard | None = None
    # The survey campaign asked for (`?campagne=<id>` on the nation's export); None: the latest.
    campaign_id: int | None = None


_providers: dict[str, ColumnProvider] = {}


def register_export_columns(provider: ColumnProvider) -> None:
    """Add (or replace) a provider of export columns; apps above call it in AppConfig.ready()."""
    _providers[provider.code] = provider


def export_providers() -> list[ColumnProvider]:
    return sorted(_providers.values(), key=lambda provider: (provider.order, provider.code))


IDENTITY = [
    Column("niveau", "texte", "", "Passerelle", "aucune", "france, region, departement, epci ou commune"),
    Column("code", "texte", "", "COG (Insee) ; SIREN pour les EPCI", "aucune", "vide pour la France"),
    Column("nom", "texte", "", "COG (Insee)", "aucune"),
]


# --- The training provider (this app) ---------------------------------------------------------

AUDIENCE_SUFFIX = {ALL: "tous"}
PEOPLE_SOURCE = "Passerelle : inscriptions, par l'organisation qui suit l'inscription"


def _suffix(audience: str) -> str:
    return AUDIENCE_SUFFIX.get(audience, audience)


def _training_columns(scope: Scope) -> list[Column]:
    columns = [Column("population", "entier", "habitants", "COG (Insee), population municipale", "aucune")]
    for audience in AUDIENCES:
        public = "tous publics" if audience == ALL else f"public « {audience} »"
        columns += [
            Column(f"inscrits_{_suffix(audience)}", "entier", "personnes", PEOPLE_SOURCE, HIDDEN_RULE, public),
            Column(f"termines_{_suffix(audience)}", "entier", "personnes", PEOPLE_SOURCE, HIDDEN_RULE, public),
            Column(
                f"attestations_valides_{_suffix(audience)}",
                "entier",
                "personnes",
                "Passerelle : attestations de formation valides",
                HIDDEN_RULE,
                public,
            ),
        ]
    columns += [
        Column(
            "taux_achevement",
            "entier",
            "%",
            "termines_tous / inscrits_tous",
            "« — » si l'un des deux chiffres est masqué",
        ),
        Column("heures_en_ligne", "entier", "heures", "durée estimée des formations terminées", "comme termines_tous"),
        Column(
            "sessions_presentiel",
            "entier",
            "sessions",
            "Passerelle : sessions tenues",
            "aucune ; « — » sous le département",
        ),
        Column(
            "inscriptions_presentiel", "entier", "inscriptions", "Passerelle : inscriptions confirmées", HIDDEN_RULE
        ),
        Column("presences", "entier", "présences", "Passerelle : feuilles d'émargement", HIDDEN_RULE),
        Column("heures_presentiel", "entier", "heures", "Passerelle : heures de présence", "comme presences"),
    ]
    for label in _quarters(scope):
        columns += [
            Column(f"inscrits_{label}", "entier", "personnes", "inscrites dans le trimestre", HIDDEN_RULE),
            Column(f"termines_{label}", "entier", "personnes", "ayant terminé dans le trimestre", HIDDEN_RULE),
        ]
    return columns


def _quarters(scope: Scope) -> list[str]:
    if scope.dashboard is not None:
        return quarter_labels(scope.dashboard)
    return quarter_labels(Dashboard(Figures(None), [], last_refresh()))


def training_values(figures: Figures, quarters: list[str]) -> dict[str, object]:
    """A territory's training columns, each as the page shows it."""
    values: dict[str, object] = {"population": figures.get("population").display}
    for audience in AUDIENCES:
        values[f"inscrits_{_suffix(audience)}"] = figures.get("enrolled", audience).display
        values[f"termines_{_suffix(audience)}"] = figures.get("completed", audience).display
        values[f"attestations_valides_{_suffix(audience)}"] = figures.get("certified", audience).display
    rate = completion_rate(figures)
    values["taux_achevement"] = rate.display.removesuffix(" %")
    values["heures_en_ligne"] = figures.get("hours_online").display
    for name, measure in (
        ("sessions_presentiel", "sessions"),
        ("inscriptions_presentiel", "registrations"),
        ("presences", "present"),
        ("heures_presentiel", "hours_attended"),
    ):
        values[name] = figures.get(measure).display if figures.has_attendance else NA.display
    for label in quarters:
        values[f"inscrits_{label}"] = figures.get("enrolled", ALL, label).display
        values[f"termines_{label}"] = figures.get("completed", ALL, label).display
    return values


def _training_values(scope: Scope) -> dict[int | None, dict[str, object]]:
    quarters = _quarters(scope)
    if scope.dashboard is not None:
        every = [scope.dashboard.own, *scope.dashboard.children]
        return {(f.territory.pk if f.territory else None): training_values(f, quarters) for f in every}
    # The nation's export: every territory's figures in one streamed read.
    figures: dict[int | None, Figures] = {
        (territory.pk if territory else None): Figures(territory) for territory in scope.territories
    }
    for key, column, cell in country_figures():
        if key in figures:
            figures[key].cells[column] = cell
    return {key: training_values(value, quarters) for key, value in figures.items()}


register_export_columns(ColumnProvider("training", _training_columns, _training_values, order=10))


# --- Assembling an export --------------------------------------------------------------------


def territory_scope(territory: Territory | None, dashboard: Dashboard | None = None) -> Scope:
    """A territory's export: itself and its children, as on its page."""
    dashboard = dashboard or territory_dashboard(territory)
    return Scope(territory, [territory, *(child.territory for child in dashboard.children)], dashboard)


def country_scope(campaign_id: int | None = None) -> Scope:
    """The nation's export: France, then every territory of the country (one file per survey
    campaign: `campaign_id`, or the latest)."""
    return Scope(None, [None, *country_territories()], campaign_id=campaign_id)


def export_columns(scope: Scope) -> list[Column]:
    return IDENTITY + [column for provider in export_providers() for column in provider.columns(scope)]


def export_rows(scope: Scope) -> tuple[list[Column], Iterator[dict[str, object]]]:
    """The export's columns and its rows (dicts keyed by column name), in the scope's order."""
    columns = export_columns(scope)
    values = [provider.values(scope) for provider in export_providers()]

    def rows() -> Iterator[dict[str, object]]:
        for territory in scope.territories:
            key = territory.pk if territory else None
            row: dict[str, object] = {
                "niveau": territory.kind if territory else "france",
                "code": territory.code if territory else "",
                "nom": territory.name if territory else "France",
            }
            for provided in values:
                row.update(provided.get(key, {}))
            yield {column.name: row.get(column.name, "") for column in columns}

    return columns, rows()


def csv_table(scope: Scope) -> tuple[list[str], Iterable[list[object]]]:
    columns, rows = export_rows(scope)
    names = [column.name for column in columns]
    return names, ([row[name] for name in names] for row in rows)


LICENCE = {
    "nom": "Licence Ouverte / Open Licence 2.0 (Etalab)",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def json_document(scope: Scope) -> dict:
    """The JSON export: the licence, the columns' documentation, then the rows. A figure is a
    number, or the label of a hidden cell ("< 5", "secret"), or "—" where it does not apply."""
    columns, rows = export_rows(scope)
    return {
        "licence": LICENCE,
        "source": str(_("Passerelle, tableaux de bord territoriaux")),
        "colonnes": [asdict(column) for column in columns],
        "lignes": [
            {name: value if name in IDENTITY_NAMES else _number(value) for name, value in row.items()} for row in rows
        ],
    }


IDENTITY_NAMES = {column.name for column in IDENTITY}


def _number(value: object) -> object:
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return value
