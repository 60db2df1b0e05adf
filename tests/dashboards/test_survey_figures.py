"""Survey indicators of a territory: the shared definitions, the threshold of 3 responding
organisations, "données manquantes", the previous campaign and the parent side by side."""

from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

import pytest

from dashboards.survey_figures import (
    MISSING,
    SHOWN,
    SUPPRESSED,
    communes_figures,
    survey_comparison,
    survey_section,
)
from surveys.comparison import comparison_rows
from surveys.models import Response
from surveys.selectors import campaign_aggregates

pytestmark = pytest.mark.django_db


def test_departement_figures_follow_the_shared_definitions(survey_world):
    """Ratios of sums over submitted responses, shares of responding schools, top 3 needs by count then order."""
    figures = survey_comparison(survey_world.departement, today=timezone.localdate()).current
    assert figures.status == SHOWN and figures.respondents == 6
    assert figures.equipment_per_class == Decimal("2.2")  # 65 devices / 30 classes
    assert figures.screens_share == 63  # 19 / 30 classes
    assert figures.fibre_share == 50  # 3 of 6: the unconnected school counts as not fibre
    assert figures.speed_mean == Decimal("3.0")  # (4 + 2 + 5 + 1 + 3) / 5 connected schools
    assert figures.ent_share == 67
    assert figures.support_share == 67  # "jour" or "semaine": 4 of 6
    assert [(need.label, need.share) for need in figures.top_needs] == [
        ("Pédagogie et numérique", 50),
        ("Données personnelles", 33),
        ("Équipement et maintenance", 33),
    ]


def test_previous_campaign_and_region_come_side_by_side(survey_world):
    """The département's previous campaign and its région's latest figures are in the comparison."""
    comparison = survey_comparison(survey_world.departement, today=timezone.localdate())
    assert comparison.campaign == survey_world.latest and comparison.previous == survey_world.previous
    assert comparison.before.respondents == 3 and comparison.before.fibre_share == 33
    assert comparison.before.equipment_per_class == Decimal("1.0")
    assert comparison.parent == survey_world.region
    assert comparison.parent_figures.respondents == 7 and comparison.parent_figures.fibre_share == 57
    assert [heading for heading, _figures in comparison.columns] == [
        "Enquête 2026",
        "Enquête 2025",
        "Auvergne-Rhône-Alpes",
    ]


def test_fewer_than_3_organisations_hide_the_figures_and_none_is_missing(survey_world):
    """Commune A (2 schools) shows "moins de 3 réponses"; Zilhac (a draft only) "données manquantes", never 0."""
    today = timezone.localdate()
    aubenas = survey_comparison(survey_world.communes["A"], today=today).current
    assert aubenas.status == SUPPRESSED and aubenas.fibre_share is None
    assert aubenas.display("fibre_share") == "moins de 3 réponses"
    zilhac = survey_comparison(survey_world.communes["Z"], today=today).current
    assert zilhac.status == MISSING and zilhac.display("ent_share") == "données manquantes"
    assert zilhac.needs_display == "données manquantes"
    epci = survey_comparison(survey_world.epci, today=today)
    assert epci.current.status == SHOWN and epci.current.respondents == 3  # A and B together
    assert epci.parent is None and epci.parent_figures.respondents == 7  # the nation


def test_a_commune_without_answers_still_gets_its_parents_campaign(survey_world):
    """Zilhac never answered, yet its page shows the campaign, its département's column and "données manquantes"."""
    section = survey_section(AnonymousUser(), survey_world.communes["Z"], today=timezone.localdate())
    assert section["campaign"] == survey_world.latest
    cells = {row["label"]: row["cells"] for row in section["rows"]}
    assert cells["Écoles utilisant un ENT"][0] == "données manquantes"
    assert cells["Écoles utilisant un ENT"][-1] == "67 %"  # Ardèche


def test_no_closed_campaign_means_no_figures(survey_world):
    """Before any campaign closes, the section says so and computes nothing."""
    section = survey_section(AnonymousUser(), survey_world.departement, today=survey_world.previous.closes_on)
    assert section["campaign"] is None and "rows" not in section


def test_aggregates_by_every_level(survey_world):
    """campaign_aggregates groups by nation, région, commune and organisation, and within a territory."""
    latest = survey_world.latest
    assert campaign_aggregates(latest, by="nation")[""].respondents == 7
    assert campaign_aggregates(latest, by="region")["84"].respondents == 7
    by_commune = campaign_aggregates(latest, by="commune", within=survey_world.departement)
    assert {code: row.respondents for code, row in by_commune.items()} == {"07001": 2, "07002": 1, "07003": 3}
    assert campaign_aggregates(latest, by="epci")["240700001"].respondents == 3
    assert campaign_aggregates(latest)["07"].sums["nb_classes"] == 30  # the default level: départements
    schools = survey_world.schools
    one = campaign_aggregates(latest, by="organisation", organisations=[schools["A1"].pk])
    assert list(one) == [schools["A1"].slug]


def test_per_commune_figures_from_one_response_for_the_owner(survey_world):
    """At threshold 1 each responding commune is shown; at 3 only Cruas."""
    owner = dict(communes_figures(survey_world.latest, survey_world.departement, threshold=1))
    assert owner["07002"].status == SHOWN and owner["07002"].fibre_share == 0
    public = dict(communes_figures(survey_world.latest, survey_world.departement, threshold=3))
    assert [code for code, figures in public.items() if figures.shown] == ["07003"]


def test_the_organisation_comparison_still_reads_the_departement(survey_world):
    """surveys.comparison, the earlier caller of campaign_aggregates, still gets its département's figures."""
    response = Response.objects.get(campaign=survey_world.latest, organisation=survey_world.schools["C1"])
    rows = comparison_rows(response)
    assert rows["respondents"] == 6 and not rows["suppressed"]


def test_section_costs_the_same_for_1_and_20_communes(survey_world):
    """The public survey section of a département: at most 13 queries, whatever its communes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            survey_section(AnonymousUser(), survey_world.departement, today=timezone.localdate())
        return len(queries)

    before = count()
    from tests.dashboards.surveys_world import answer, school
    from tests.factories.organisations import TerritoryFactory

    for index in range(20):
        commune = TerritoryFactory(
            code=f"07{100 + index}", region=survey_world.region, departement=survey_world.departement
        )
        answer(survey_world.latest, school(commune, f"École {index}"), classes=3, tablets=1, computers=1, screens=1,
               link="fibre", speed=3, ent="oui", delay="jour")  # fmt: skip
    assert count() == before <= 13


def test_charts_compare_the_columns_in_one_sentence_each(survey_world):
    """Each chart's summary names the latest, the previous and the parent's values; the needs chart its first need."""
    section = survey_section(AnonymousUser(), survey_world.departement, today=timezone.localdate())
    summaries = [chart.summary for chart in section["charts"]]
    assert summaries == [
        "Écoles reliées par la fibre : 50 % à la dernière campagne, 33 % à la précédente, "
        "57 % pour Auvergne-Rhône-Alpes.",
        "Appareils par classe : 2,2 à la dernière campagne, 1,0 à la précédente, 2,9 pour Auvergne-Rhône-Alpes.",
        "Le besoin le plus cité est « Pédagogie et numérique », par 50 % des écoles répondantes.",
    ]
