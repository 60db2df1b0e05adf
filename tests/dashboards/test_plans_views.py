"""Aid plan pages (dashboards.views.plans): access, the public page and its exports, the
sections on territory pages, the query count."""

import csv
import io
import json
import re

from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from dashboards.models import AidPlan, AidPlanLine, AidPlanStatus, WealthFigure
from dashboards.services.plans import aid_plan_create, aid_plan_publish
from lms.organisations.models import TerritoryKind
from tests.dashboards.needs_fixtures import needs_departement  # noqa: F401
from tests.factories import UserFactory
from tests.factories.dashboards import AidPlanFactory, AidPlanLineFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def published(data, **parameters):
    plan = aid_plan_create(
        agency=data["agency"],
        departement=data["departement"],
        campaign=data["campaign"],
        name="Plan écoles 2027",
        budget=100_000,
        **parameters,
    )
    return aid_plan_publish(plan=plan)


def page_rows(html: str) -> dict[str, list[str]]:
    """The plan table's rows, by commune name, as the visitor reads them."""
    table = html[html.index('class="plan-table"') :]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        rows[cells[1]] = cells
    return rows


def test_only_agency_staff_of_the_territory_reach_the_back_office(client, needs_departement):  # noqa: F811
    """Visitors, members of other organisations and staff of an agency elsewhere get a 404."""
    data = needs_departement
    plan = aid_plan_create(
        agency=data["agency"], departement=data["departement"], campaign=data["campaign"], name="Brouillon", budget=1000
    )
    other_region = TerritoryFactory(kind=TerritoryKind.REGION, code="11", region=None)
    elsewhere = UserFactory()
    MembershipFactory(user=elsewhere, organisation=OrganisationFactory(kind="regional_agency", territory=other_region))
    town_manager = UserFactory()
    MembershipFactory(user=town_manager, organisation=OrganisationFactory(), role="manager")
    urls = [
        "/territoires/plans/",
        "/territoires/plans/potentiels-financiers/",
        f"/territoires/plans/gestion/{plan.pk}/",
    ]
    for user in (None, town_manager, elsewhere):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls[2:] if user is elsewhere else urls:
            assert client.get(url).status_code in (302, 404) if user is None else client.get(url).status_code == 404
        assert client.post(f"/territoires/plans/gestion/{plan.pk}/publier/").status_code in (302, 404)
    # The draft is not public either.
    assert client.get(f"/territoires/plans/{plan.slug}/").status_code == 404
    plan.refresh_from_db()
    assert plan.status == AidPlanStatus.DRAFT
    client.force_login(data["staff"])
    for url in urls:
        assert client.get(url).status_code == 200


def test_staff_create_simulate_change_the_ceiling_and_publish(client, needs_departement):  # noqa: F811
    """The back office's whole flow, without JavaScript: create, recalculate, publish."""
    data = needs_departement
    client.force_login(data["staff"])
    response = client.post(
        "/territoires/plans/",
        {
            "name": "Plan 2027",
            "departement": data["departement"].pk,
            "campaign": data["campaign"].pk,
            "budget": "100000",
        },
    )
    plan = AidPlan.objects.get(name="Plan 2027")
    assert response.status_code == 302
    response = client.post(
        f"/territoires/plans/gestion/{plan.pk}/", {"name": "Plan 2027", "budget": "100000", "ceiling": "30000"}
    )
    assert response.status_code == 302
    assert AidPlanLine.objects.get(plan=plan, code="07101").allocation == 30_000
    # A floor too high for the budget: a message next to the form, nothing lost.
    page = client.post(
        f"/territoires/plans/gestion/{plan.pk}/", {"name": "Plan 2027", "budget": "100000", "floor": "50000"}
    )
    assert "plancher" in page.content.decode()
    assert AidPlanLine.objects.get(plan=plan, code="07101").allocation == 30_000
    client.post(f"/territoires/plans/gestion/{plan.pk}/publier/")
    plan.refresh_from_db()
    assert plan.is_published
    assert client.get(f"/territoires/plans/{plan.slug}/").status_code == 200


def test_the_public_page_shows_the_formula_summary_chart_and_missing_data(client, needs_departement):  # noqa: F811
    """Budget, parameters, the kit's bar chart with its table, the 20 % summary, « données manquantes »."""
    plan = published(needs_departement, ceiling=30_000)
    html = client.get(f"/territoires/plans/{plan.slug}/").content.decode()
    assert "100 000" in html.replace("\u202f", " ").replace("\xa0", " ")
    assert "aᵢ = B × nᵢ·sᵢ·wᵢ" in html
    assert "style=" not in html
    figure = re.search(r'<figure class="chart" id="montants-les-plus-eleves">.*?</figure>', html, re.S).group(0)
    assert 'role="img"' in figure and '<title id="montants-les-plus-eleves-titre">' in figure
    # The largest amounts first, one bar each, and the same amounts in the chart's table.
    assert figure.count('<rect class="chart-bar') == len(re.findall(r"<tr><th scope=\"row\">", figure))
    assert '<tr><th scope="row">Aubenas</th><td>30' in figure
    assert re.search(r'<link rel="stylesheet" href="[^"]*css/charts[.\w]*css">', html)  # the kit's colours
    # One commune of four with the highest needs: Aubenas, 30,000 € of 100,000 €.
    assert "Les 20 % de communes aux besoins les plus élevés (1 commune) reçoivent 30 % de l'enveloppe." in html
    rows = page_rows(html)
    assert rows["Alba"][2] == "données manquantes"
    assert list(rows)[-1] == "Alba"


def test_the_table_sorts_by_links_with_missing_data_last(client, needs_departement):  # noqa: F811
    """?tri=montant&ordre=asc puts the smallest allocation first and Alba still last."""
    plan = published(needs_departement, floor=10_000, ceiling=30_000)
    rows = list(page_rows(client.get(f"/territoires/plans/{plan.slug}/?tri=montant&ordre=asc").content.decode()))
    assert rows[0] == "Bourg" and rows[-1] == "Alba"
    rows = list(page_rows(client.get(f"/territoires/plans/{plan.slug}/?tri=commune&ordre=desc").content.decode()))
    assert rows[:4] == ["Davézieux", "Cruas", "Bourg", "Aubenas"] and rows[-1] == "Alba"


def test_the_exports_equal_the_page(client, needs_departement):  # noqa: F811
    """The CSV and the JSON give, commune by commune, the page's rank, need, size, factor and amount."""
    plan = published(needs_departement, ceiling=30_000)
    rows = page_rows(client.get(f"/territoires/plans/{plan.slug}/").content.decode())
    body = b"".join(client.get(f"/territoires/plans/{plan.slug}.csv").streaming_content).decode("utf-8-sig")
    exported = list(csv.DictReader(io.StringIO(body), delimiter=";"))
    document = json.loads(client.get(f"/territoires/plans/{plan.slug}.json").content)
    assert document["budget_euros"] == 100_000
    assert len(exported) == len(document["communes"]) == len(rows) == 5
    for line, item in zip(exported, document["communes"], strict=True):
        shown = rows[line["commune"]]
        assert shown[0] == (line["rang"] or "—") == (str(item["rang"]) if item["rang"] else "—")
        if line["donnees_manquantes"] == "True":
            assert shown[2] == "données manquantes" and item["montant_euros"] is None
            continue
        euros = int(re.sub(r"\D", "", shown[5]))
        shown = [cell.replace(",", ".") for cell in shown]  # the page writes French decimals
        assert (shown[2], shown[3], shown[4], euros) == (
            line["besoin"],
            line["classes"],
            line["facteur_richesse"],
            int(line["montant_euros"]),
        )
        assert (item["besoin"], item["classes"], item["facteur_richesse"], item["montant_euros"]) == (
            line["besoin"],
            int(line["classes"]),
            line["facteur_richesse"],
            euros,
        )
    assert sum(int(line["montant_euros"] or 0) for line in exported) == 100_000


def test_territory_pages_show_the_ranking_and_each_commune_its_line(client, needs_departement):  # noqa: F811
    """The département lists its ranked communes and the plan; a commune its rank and its amount."""
    plan = published(needs_departement, ceiling=30_000)
    html = client.get("/territoires/departement/07/").content.decode()
    assert "Indice des besoins des communes" in html and plan.name in html
    ranking = html[html.index("Indice des besoins des communes") :]
    assert ranking.index("Aubenas") < ranking.index("Bourg") < ranking.index("Alba")
    commune = client.get("/territoires/commune/07101/").content.decode()
    assert "rang 1 sur 4" in commune
    assert "30 000 €" in commune.replace("\xa0", " ").replace("\u202f", " ")
    assert "données manquantes" in client.get("/territoires/commune/07105/").content.decode()


@pytest.mark.parametrize("communes", [10, 1000])
def test_the_plan_page_costs_the_same_queries_whatever_its_size(client, django_assert_num_queries, communes):
    """Two queries (the plan with its territory, campaign and agency; its lines) for 10 or 1,000 communes."""
    plan = AidPlanFactory(status=AidPlanStatus.PUBLISHED, budget=communes * 100)
    dep = plan.territory
    towns = TerritoryFactory.create_batch(communes, departement=dep)
    AidPlanLine.objects.bulk_create(
        [
            AidPlanLineFactory.build(
                plan=plan, commune=town, code=town.code, name=town.name, rank=i + 1, allocation=100
            )
            for i, town in enumerate(towns)
        ]
    )
    with django_assert_num_queries(2):
        response = client.get(f"/territoires/plans/{plan.slug}/")
    assert response.status_code == 200


def test_wealth_import_saves_good_rows_and_reports_bad_ones(client, needs_departement):  # noqa: F811
    """A cp1252 file with French decimals: valid rows saved, a bad row reported with its line."""
    data = needs_departement
    client.force_login(data["staff"])
    content = (
        "Code INSEE;Potentiel financier par habitant;Année;Source\r\n"
        "07101;612,40;2025;DGCL\r\n"
        "07102;1 204,10;2025;DGCL\r\n"
        "07999;abc;2025;DGCL\r\n"
        "75056;900;2025;DGCL\r\n"
    ).encode("cp1252")
    page = client.post(
        "/territoires/plans/potentiels-financiers/", {"file": SimpleUploadedFile("pf.csv", content, "text/csv")}
    ).content.decode()
    assert "2 communes enregistrées" in page
    assert "Ligne 4" in page and "abc" in page
    assert "Ligne 5" in page and "75056" in page  # not a commune of the agency's territory
    figures = dict(WealthFigure.objects.values_list("commune__code", "potential"))
    assert {code: str(value) for code, value in figures.items()} == {"07101": "612.40", "07102": "1204.10"}
