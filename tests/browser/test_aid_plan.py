"""The aid plan in Chromium (issue 29): agence@exemple.fr imports the demo wealth CSV (its bad row
reported), simulates a 500,000 € plan for Ardèche, changes the ceiling, simulates again and
publishes; a visitor opens the plan and Privas's commune page and sees Privas's allocation, the
same as in the CSV. Axe on every page; screenshots at 320 px and on a desktop."""

import csv
import io
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo.aid_plans import WEALTH_CSV

pytestmark = pytest.mark.browser

VIEWPORTS = {"320": {"width": 320, "height": 640}, "desktop": {"width": 1280, "height": 900}}
NAME = "Plan d'équipement des écoles 2027"


def euros(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def shoot(page, name: str) -> None:
    for label, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        page.screenshot(path=str(Path(tempfile.gettempdir()) / f"d29-{name}-{label}.png"), full_page=True)
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_agency_publishes_a_plan_and_a_visitor_finds_privas_line(demo_data, page_for, axe):
    from dashboards.models import AidPlan, AidPlanLine
    from lms.accounts.models import User

    staff = User.objects.get(email="agence@exemple.fr")
    page = page_for(staff, "/territoires/plans/potentiels-financiers/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer les potentiels financiers")
    axe(page)
    page.get_by_label("Fichier CSV").set_input_files(str(WEALTH_CSV))
    page.get_by_role("button", name="Importer").click()
    status = page.get_by_role("status")
    expect(status).to_contain_text("35 communes enregistrées")
    expect(status).to_contain_text("1 ligne refusée")
    expect(status).to_contain_text("Ligne 13")
    expect(status).to_contain_text("n.c.")
    axe(page)
    shoot(page, "wealth")

    page.get_by_role("link", name="Plans d'aide").click()
    page.get_by_label("Nom du plan").fill(NAME)
    page.get_by_label("Département").select_option(label="Ardèche (07)")
    page.get_by_label("Budget (€)").fill("500000")
    page.get_by_label("Plafond par commune (€)").fill("40000")
    page.get_by_role("button", name="Simuler le plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    axe(page)
    plan = AidPlan.objects.get(name=NAME)
    first = max(AidPlanLine.objects.filter(plan=plan).values_list("allocation", flat=True), key=lambda a: a or 0)
    assert 25_000 < first <= 40_000

    page.get_by_label("Plafond par commune (€)").fill("25000")
    page.get_by_role("button", name="Recalculer").click()
    expect(page.get_by_text("Le plan est recalculé avec ces paramètres.")).to_be_visible()
    amounts = [line for line in AidPlanLine.objects.filter(plan=plan).values_list("allocation", flat=True) if line]
    assert max(amounts) == 25_000 and sum(amounts) == 500_000
    shoot(page, "manage")
    page.get_by_role("button", name="Publier ce plan").click()
    expect(page.get_by_text("Le plan est publié : il ne changera plus.")).to_be_visible()
    plan_url = page.url

    # A visitor, no account: the plan's page, its table sorted by amount, Privas's line.
    visitor = page_for(None, plan_url.replace(demo_data.url, ""))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(visitor.locator(".plan-summary")).to_contain_text("reçoivent")
    # The largest amounts drawn by the chart kit, its table one click away.
    chart = visitor.locator("figure#montants-les-plus-eleves")
    expect(chart.locator("svg[role=img]")).to_be_visible()
    chart.get_by_text("Les chiffres du graphique").click()
    assert euros(chart.locator("tbody tr").first.locator("td").inner_text()) == 25_000
    axe(visitor)
    shoot(visitor, "plan")
    visitor.get_by_role("link", name="Montant").click()
    row = visitor.locator(".plan-table tbody tr", has=visitor.get_by_role("link", name="Privas", exact=True))
    privas = euros(row.locator("td").last.inner_text())
    assert privas > 0
    expect(visitor.locator(".plan-table tbody tr").last).to_contain_text("données manquantes")

    # The CSV says the same.
    body = visitor.request.get(plan_url.rstrip("/") + ".csv").text()
    exported = {line["code_insee"]: line for line in csv.DictReader(io.StringIO(body.lstrip("\ufeff")), delimiter=";")}
    assert int(exported["07186"]["montant_euros"]) == privas
    assert sum(int(line["montant_euros"] or 0) for line in exported.values()) == 500_000

    visitor.goto(demo_data.url + "/territoires/commune/07186/")
    line = visitor.locator("tr", has=visitor.get_by_role("link", name=NAME))
    expect(line).to_be_visible()
    assert euros(line.locator(".plan-allocation").inner_text()) == privas
    axe(visitor)
    shoot(visitor, "privas")
    visitor.goto(demo_data.url + "/territoires/departement/07/")
    expect(visitor.get_by_role("heading", name="Indice des besoins des communes")).to_be_visible()
    axe(visitor)
    shoot(visitor, "ardeche")
