"""/formateurs/: who sees the pool, the search by territory, and its query count."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import MembershipRole
from tests.factories import MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.factories.facetoface import TrainerProfileFactory, TrainingSessionFactory
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(ardeche):
    region = ardeche["departement"].__class__.objects.create(kind="region", code="97R", name="Région d'essai")
    for key in ("departement", "privas"):
        ardeche[key].region = region
        ardeche[key].save()
    return region


@pytest.fixture
def manager(town_hall):
    return MembershipFactory(organisation=town_hall, role=MembershipRole.MANAGER).user


@pytest.fixture
def agency_staff(region):
    agency = OrganisationFactory(kind="regional_agency", name="Agence d'essai", territory=region)
    return MembershipFactory(organisation=agency).user


def test_the_pool_is_for_agency_staff_and_managers_only(client, manager, agency_staff):
    """Visitors, learners and members get 404; managers and agency staff see the pool."""
    assert client.get("/formateurs/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/formateurs/").status_code == 404
    for person in (manager, agency_staff):
        client.force_login(person)
        assert client.get("/formateurs/").status_code == 200


def test_a_commune_finds_trainers_covering_it_or_its_departement(client, manager, ardeche, region):
    """Searching Privas lists the trainers of Privas, of its département and of its région, not
    those of another département; the theme narrows the list."""
    theme = ThemeFactory(name="Parentalité numérique")
    commune = TrainerProfileFactory(user__last_name="Commune", territories=[ardeche["privas"]], themes=[theme])
    departement = TrainerProfileFactory(user__last_name="Departement", territories=[ardeche["departement"]])
    whole_region = TrainerProfileFactory(user__last_name="Region", territories=[region], themes=[theme])
    TrainerProfileFactory(user__last_name="Ailleurs", territories=[ardeche["elsewhere"]])
    TrainerProfileFactory(user__last_name="Inactif", territories=[ardeche["privas"]], is_active=False)
    client.force_login(manager)
    text = page_text(client.get("/formateurs/", {"territory": "97001"}))
    for profile in (commune, departement, whole_region):
        assert profile.user.last_name in text
    assert "Ailleurs" not in text and "Inactif" not in text
    text = page_text(client.get("/formateurs/", {"territory": "Privas-essai", "theme": theme.pk}))
    assert "Commune" in text and "Region" in text and "Departement" not in text


def test_an_unknown_territory_gets_a_french_error(client, manager):
    """A territory that does not exist is a field error, not a 500."""
    client.force_login(manager)
    response = client.get("/formateurs/", {"territory": "Atlantide"})
    assert response.status_code == 200
    assert "Aucune commune ni aucun département" in page_text(response)


def test_the_search_costs_the_same_for_2_and_20_trainers(client, manager, ardeche):
    """Each trainer's themes, audiences, territories and upcoming sessions are prefetched."""
    client.force_login(manager)

    def add(count):
        for _ in range(count):
            profile = TrainerProfileFactory(territories=[ardeche["privas"]], themes=[ThemeFactory()])
            TrainingSessionFactory(organiser__territory=ardeche["privas"]).trainers.add(profile)

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/formateurs/", {"territory": "97001"}).status_code == 200
    add(18)
    with CaptureQueriesContext(connection) as many:
        client.get("/formateurs/", {"territory": "97001"})
    assert len(few) == len(many)
    # Session and user; the person's scope; the territory searched; the count; the page of
    # trainers; four prefetches (themes, audiences, territories, upcoming sessions); the themes
    # of the search form.
    assert len(many) == 11, [query["sql"] for query in many.captured_queries]


def test_profiles_outside_the_scope_are_404(client, manager, ardeche):
    """A manager opens a profile of their département; one of another département is a 404;
    the trainer always opens their own."""
    inside = TrainerProfileFactory(territories=[ardeche["departement"]])
    outside = TrainerProfileFactory(territories=[ardeche["elsewhere"]])
    client.force_login(manager)
    assert client.get(f"/formateurs/{inside.pk}/").status_code == 200
    assert client.get(f"/formateurs/{outside.pk}/").status_code == 404
    client.force_login(outside.user)
    assert client.get(f"/formateurs/{outside.pk}/").status_code == 200
    assert client.get(f"/formateurs/{inside.pk}/").status_code == 404


def test_trainers_edit_their_own_profile(client, ardeche):
    """The trainer sets themes and territories by code; a bad line gets a French message."""
    theme = ThemeFactory()
    profile = TrainerProfileFactory()
    client.force_login(profile.user)
    response = client.post(
        "/formateurs/mon-profil/", {"themes": [theme.pk], "territories_text": "97\nNullepart", "bio": "Bonjour"}
    )
    assert "« Nullepart »" in page_text(response)
    response = client.post("/formateurs/mon-profil/", {"themes": [theme.pk], "territories_text": "97\n97001"})
    assert response.status_code == 302
    assert set(profile.territories.values_list("code", flat=True)) == {"97", "97001"}
    client.force_login(UserFactory())
    assert client.get("/formateurs/mon-profil/").status_code == 404


def test_agency_staff_add_and_deactivate_trainers(client, agency_staff, manager, ardeche):
    """Agency staff add a person to the pool and deactivate them; managers cannot."""
    person = UserFactory(email="formateur@exemple.fr")
    client.force_login(manager)
    assert client.get("/formateurs/ajouter/").status_code == 404
    client.force_login(agency_staff)
    response = client.post("/formateurs/ajouter/", {"email": "formateur@exemple.fr"})
    profile = person.trainer_profile
    assert response.status_code == 302
    client.post(f"/formateurs/{profile.pk}/activation/")
    profile.refresh_from_db()
    assert not profile.is_active
    other = TrainerProfileFactory(territories=[ardeche["elsewhere"]])
    assert client.post(f"/formateurs/{other.pk}/activation/").status_code == 404
    client.force_login(manager)
    assert client.post(f"/formateurs/{profile.pk}/activation/").status_code == 404
