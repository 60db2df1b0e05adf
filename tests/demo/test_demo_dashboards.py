import re

from django.core.management import call_command

import pytest

from courses.models import Enrolment
from dashboards.models import TerritoryFigure

pytestmark = pytest.mark.django_db


def figures() -> list[tuple]:
    rows = TerritoryFigure.objects.values_list("territory_id", "measure", "audience", "period", "value", "hidden")
    return sorted(rows, key=lambda row: (row[0] or 0, *row[1:]))


def test_seed_demo_fills_the_ardeche_dashboard_once(client):
    """seed_demo enrols teachers of six demo schools and refreshes the summary: the Ardèche page
    shows several communes with people, a suppressed cell and a quarterly trend; a second run adds
    no enrolment and writes the same figures."""
    call_command("seed_demo")
    enrolments = Enrolment.objects.count()
    first = figures()
    call_command("seed_demo")
    assert Enrolment.objects.count() == enrolments
    assert figures() == first
    page = client.get("/territoires/departement/07/").content.decode()
    assert "<td>&lt; 5</td>" in page
    communes_with_people = re.findall(
        r'/territoires/commune/\d+/">[^<]+</a></th>\s*<td[^>]*>[^<]*</td>\s*<td>(\d+)</td>', page
    )
    assert len([n for n in communes_with_people if int(n) > 0]) >= 4
    assert "data-quarter=" in page
