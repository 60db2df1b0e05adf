"""Who sees which survey figures on /territoires/: the public ones for everyone, the per-commune
table for the campaign's agency staff of that territory, own figures for a manager on their
commune's page; the CSV export stays the public one."""

import pytest

from lms.organisations.models import MembershipRole
from tests.dashboards.surveys_world import manager_of
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

DEPARTEMENT = "/territoires/departement/07/"
EPCI = "/territoires/epci/240700001/"
AUBENAS = "/territoires/commune/07001/"
PER_COMMUNE = 'id="enquete-par-commune"'
OWN = 'id="enquete-vos-organisations"'


def staff_of(agency):
    user = UserFactory()
    MembershipFactory(user=user, organisation=agency, role=MembershipRole.MEMBER)
    return user


def page(client, user, path: str) -> str:
    if user is not None:
        client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "sees_communes"),
    [
        ("anonymous", False),
        ("learner", False),
        ("manager_here", False),
        ("manager_elsewhere", False),
        ("agency_staff", True),
        ("other_agency_staff", False),
    ],
)
def test_only_the_agency_of_the_territory_sees_survey_figures_per_commune(client, survey_world, who, sees_communes):
    """The per-commune table (from 1 school) is on the département and EPCI pages for its agency's staff only."""
    users = {
        "anonymous": None,
        "learner": UserFactory(),
        "manager_here": manager_of(survey_world.town_hall),
        "manager_elsewhere": manager_of(survey_world.schools["X1"]),
        "agency_staff": staff_of(survey_world.agency),
        "other_agency_staff": staff_of(survey_world.other_agency),
    }
    for path in (DEPARTEMENT, EPCI):
        html = page(client, users[who], path)
        assert (PER_COMMUNE in html) is sees_communes
        assert "<td>2,2</td>" in html or path == EPCI  # the public figures, the same for everyone


def test_agency_staff_see_burzet_from_its_one_school(client, survey_world):
    """Burzet has one responding school: hidden on public pages, shown to the agency in its table."""
    html = page(client, staff_of(survey_world.agency), DEPARTEMENT)
    table = html[html.index(PER_COMMUNE) :]
    table = table[: table.index("</table>")]  # the training children's table follows it
    assert "Burzet" in table and "Cruas" in table and "Zilhac" not in table
    burzet = table[table.index("Burzet") : table.index("</tr>", table.index("Burzet"))]
    assert "<td>1</td>" in burzet and "<td>0 %</td>" in burzet  # one school, not on the fibre
    public = page(client, None, "/territoires/commune/07002/")
    assert "moins de 3 réponses" in public and PER_COMMUNE not in public


@pytest.mark.parametrize(
    ("who", "sees_own"),
    [
        ("anonymous", False),
        ("learner", False),
        ("manager_here", True),
        ("manager_elsewhere", False),
        ("agency_staff", False),
    ],
)
def test_a_manager_sees_their_organisations_figures_on_their_communes_page(client, survey_world, who, sees_own):
    """The head of school A1 sees A1's own figures on Aubenas's page; nobody else does."""
    users = {
        "anonymous": None,
        "learner": UserFactory(),
        "manager_here": manager_of(survey_world.schools["A1"]),
        "manager_elsewhere": manager_of(survey_world.schools["C1"]),
        "agency_staff": staff_of(survey_world.agency),
    }
    html = page(client, users[who], AUBENAS)
    assert (OWN in html) is sees_own
    if sees_own:
        own = html[html.index(OWN) :]
        assert "École A1" in own and "<td>3,0</td>" in own  # (8 + 4) devices / 4 classes
    assert "moins de 3 réponses" in html  # Aubenas's public column, for everyone


def test_the_town_hall_sees_its_communes_schools(client, survey_world):
    """The mairie answered nothing itself ("données manquantes"); its manager sees Aubenas's 2 schools from 1."""
    html = page(client, manager_of(survey_world.town_hall), AUBENAS)
    own = html[html.index(OWN) :]
    assert "Mairie d&#x27;Aubenas" in own and "Écoles de la commune" in own
    assert "données manquantes" in own and "<td>1,8</td>" in own  # 18 devices / 10 classes


def test_the_export_is_the_public_one_whoever_asks(client, survey_world):
    """The agency's CSV export of the département is byte for byte the anonymous one."""
    public = client.get(DEPARTEMENT + "export.csv")
    client.force_login(staff_of(survey_world.agency))
    staff = client.get(DEPARTEMENT + "export.csv")
    assert b"".join(public.streaming_content) == b"".join(staff.streaming_content)


def test_a_national_agency_does_not_see_another_agency_s_campaign_per_commune(client, survey_world):
    """The per-commune table shows one school's answers: only the agency that ran the campaign."""
    from tests.factories import OrganisationFactory

    national = OrganisationFactory(kind="national_agency", name="Agence nationale", territory=survey_world.region)
    html = page(client, staff_of(national), DEPARTEMENT)
    assert PER_COMMUNE not in html


@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1", "abc"])
def test_a_malformed_campaign_in_the_national_export_is_a_404(client, survey_world, value):
    """?campagne= takes ASCII digits of a closed campaign's id; anything else is a 404, never a 500."""
    assert client.get("/territoires/export.csv", {"campagne": value}).status_code == 404
    assert client.get("/territoires/export.json", {"campagne": value}).status_code == 404
