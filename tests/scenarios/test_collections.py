"""Collections: personal ones are their owner's only, an organisation's are public and kept by
its managers; everyone else gets a 404. Adding from a scenario, creating on the fly, deleting
after a confirmation, empty states, pagination and a query count that does not grow."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from lms.organisations.models import MembershipRole
from scenarios.models import ScenarioCollection, ScenarioCollectionItem
from scenarios.services.collections import collection_add, collection_create
from tests.factories.accounts import UserFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.scenarios import ScenarioPageFactory, published_scenario
from tests.helpers.pages import database_cache_queries, page_text

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def epn():
    return OrganisationFactory(kind="epn", name="EPN de Privas", slug="epn-privas")


@pytest.fixture
def manager(epn):
    return MembershipFactory(organisation=epn, role=MembershipRole.MANAGER).user


@pytest.fixture
def scenario():
    return published_scenario("Atelier écrans en famille")


@pytest.fixture
def public_collection(epn, scenario, manager):
    collection = collection_create(title="Ateliers parents", organisation=epn)
    collection_add(collection=collection, scenario=scenario, user=manager)
    return collection


@pytest.fixture
def private_collection(scenario):
    owner = UserFactory()
    collection = collection_create(title="À essayer", owner=owner)
    collection_add(collection=collection, scenario=scenario, user=owner)
    return collection


def as_(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


def test_an_organisation_collection_is_public_at_its_slug(client, public_collection):
    """/scenarios/collections/ateliers-parents/ shows its scenarios to a visitor, read-only."""
    assert public_collection.slug == "ateliers-parents"
    response = client.get("/scenarios/collections/ateliers-parents/")
    html = page_text(response)
    assert response.status_code == 200
    assert "Atelier écrans en famille" in html and "EPN de Privas" in html
    assert "Retirer de la collection" not in html and "Supprimer la collection" not in html


def test_a_personal_collection_is_its_owner_s_only(client, private_collection, manager):
    """The owner reads it; a visitor, another person or a manager elsewhere gets a 404."""
    url = f"/scenarios/collections/{private_collection.slug}/"
    assert as_(client, private_collection.owner).get(url).status_code == 200
    for stranger in (None, UserFactory(), manager, UserFactory(is_staff=True)):
        assert as_(client, stranger).get(url).status_code == 404


@pytest.mark.parametrize("action", ["modifier/", "supprimer/"])
def test_changing_an_organisation_collection_is_its_managers_only(client, epn, public_collection, action):
    """Members of the organisation, managers of another one and strangers get a 404."""
    url = f"/scenarios/collections/{public_collection.slug}/{action}"
    member = MembershipFactory(organisation=epn, role=MembershipRole.MEMBER).user
    other_manager = MembershipFactory(organisation=OrganisationFactory(kind="epn"), role=MembershipRole.MANAGER).user
    for stranger in (member, other_manager, UserFactory()):
        assert as_(client, stranger).get(url).status_code == 404
        assert as_(client, stranger).post(url, {"title": "Pris"}).status_code == 404
    assert ScenarioCollection.objects.filter(pk=public_collection.pk, title="Ateliers parents").exists()
    assert as_(client, None).get(url).status_code == 302  # sign in first


def test_an_ended_manager_loses_the_collection(client, epn, public_collection):
    """Managing is current: a membership that ended no longer gives the right."""
    from datetime import timedelta

    from django.utils import timezone

    former = MembershipFactory(
        organisation=epn,
        role=MembershipRole.MANAGER,
        start_on=timezone.localdate() - timedelta(days=30),
        end_on=timezone.localdate() - timedelta(days=1),
    ).user
    assert as_(client, former).get(f"/scenarios/collections/{public_collection.slug}/modifier/").status_code == 404


def test_removing_an_item_is_for_those_who_may_change_it(client, public_collection, scenario, manager):
    """A stranger's POST is a 404 and removes nothing; the manager's removes the item."""
    url = f"/scenarios/collections/{public_collection.slug}/retirer/{scenario.pk}/"
    assert as_(client, UserFactory()).post(url).status_code == 404
    assert public_collection.items.count() == 1
    assert as_(client, manager).post(url).status_code == 302
    assert public_collection.items.count() == 0


def test_deleting_asks_for_confirmation_first(client, private_collection):
    """GET shows what will go; only the POST deletes, and the scenarios stay."""
    client.force_login(private_collection.owner)
    url = f"/scenarios/collections/{private_collection.slug}/supprimer/"
    response = client.get(url)
    assert response.status_code == 200 and "Supprimer définitivement" in page_text(response)
    assert ScenarioCollection.objects.filter(pk=private_collection.pk).exists()
    assert client.post(url).status_code == 302
    assert not ScenarioCollection.objects.filter(pk=private_collection.pk).exists()
    assert ScenarioCollectionItem.objects.count() == 0
    assert client.get("/scenarios/collections/").status_code == 200


class TestAdding:
    def test_a_new_personal_collection_on_the_fly(self, client, scenario):
        """With no collection yet, "Ajouter" creates one with the scenario in it."""
        user = UserFactory()
        client.force_login(user)
        url = f"/scenarios/collections/ajouter/{scenario.pk}/"
        assert "Une nouvelle collection" in page_text(client.get(url))
        response = client.post(url, {"collection": "nouvelle", "new_title": "Pour janvier"})
        collection = ScenarioCollection.objects.get(owner=user)
        assert response.status_code == 302 and response["Location"] == f"/scenarios/collections/{collection.slug}/"
        assert collection.title == "Pour janvier" and collection.organisation is None
        assert list(collection.items.values_list("scenario", flat=True)) == [scenario.pk]

    def test_a_new_collection_needs_a_title(self, client, scenario):
        """No title: a French message by the field, nothing created."""
        client.force_login(UserFactory())
        response = client.post(f"/scenarios/collections/ajouter/{scenario.pk}/", {"collection": "nouvelle"})
        assert response.status_code == 200
        assert "Donnez un titre à la nouvelle collection." in response.content.decode()
        assert not ScenarioCollection.objects.exists()

    def test_a_manager_adds_to_the_organisation_collection(self, client, public_collection, manager):
        """Items keep the order they were added in; adding twice keeps one."""
        second = published_scenario("Second atelier")
        client.force_login(manager)
        url = f"/scenarios/collections/ajouter/{second.pk}/"
        assert "Ateliers parents — EPN de Privas (publique)" in page_text(client.get(url))
        client.post(url, {"collection": public_collection.slug})
        client.post(url, {"collection": public_collection.slug})
        titles = [item.scenario.title for item in public_collection.items.select_related("scenario")]
        assert titles == ["Atelier écrans en famille", "Second atelier"]

    def test_a_manager_may_start_an_organisation_collection(self, client, epn, manager, scenario):
        """A manager names a new public collection for the organisation."""
        client.force_login(manager)
        client.post(
            f"/scenarios/collections/ajouter/{scenario.pk}/",
            {"collection": "nouvelle", "new_title": "Numérique et seniors", "new_owner": str(epn.pk)},
        )
        collection = ScenarioCollection.objects.get(title="Numérique et seniors")
        assert collection.organisation == epn and collection.owner is None
        assert client.get(f"/scenarios/collections/{collection.slug}/").status_code == 200

    def test_nobody_adds_to_a_collection_they_may_not_change(self, client, public_collection, private_collection):
        """Another's slug is not among the choices: refused with a message, nothing added."""
        other = published_scenario("Autre")
        client.force_login(UserFactory())
        for slug in (public_collection.slug, private_collection.slug):
            response = client.post(f"/scenarios/collections/ajouter/{other.pk}/", {"collection": slug})
            assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
        assert not ScenarioCollectionItem.objects.filter(scenario=other).exists()

    def test_only_published_scenarios_are_added(self, client):
        """A draft is a 404."""
        client.force_login(UserFactory())
        draft = ScenarioPageFactory(live=False)
        assert client.get(f"/scenarios/collections/ajouter/{draft.pk}/").status_code == 404


def test_an_unpublished_scenario_drops_out_of_a_collection(client, public_collection, scenario):
    """A collection never shows what is no longer published."""
    scenario.unpublish()
    assert "Atelier écrans en famille" not in page_text(client.get(f"/scenarios/collections/{public_collection.slug}/"))


def test_empty_states(client, epn):
    """An empty collection and an empty list of collections say what to do."""
    collection = collection_create(title="Vide", organisation=epn)
    assert "Cette collection est encore vide." in page_text(client.get(f"/scenarios/collections/{collection.slug}/"))
    client.force_login(UserFactory())
    assert "Vous n'avez pas encore de collection." in page_text(client.get("/scenarios/collections/"))


def test_slugs_never_take_the_words_of_the_urls(epn):
    """A collection titled "Nouvelle" gets another address than /collections/nouvelle/."""
    assert collection_create(title="Nouvelle", organisation=epn).slug != "nouvelle"
    assert collection_create(title="Ateliers", organisation=epn).slug == "ateliers"
    assert collection_create(title="Ateliers", organisation=epn).slug == "ateliers-epn-privas"


def test_pagination(client, epn, manager):
    """Twelve cards a page."""
    collection = collection_create(title="Grande", organisation=epn)
    for number in range(13):
        collection_add(collection=collection, scenario=published_scenario(f"Scénario {number:02d}"), user=manager)
    html = page_text(client.get(f"/scenarios/collections/{collection.slug}/"))
    assert html.count('class="course-card scenario-card"') == 12 and "Page 1 sur 2" in html
    assert "Scénario 12" in page_text(client.get(f"/scenarios/collections/{collection.slug}/", {"page": 2}))


@pytest.mark.parametrize("count", [2, 20])
def test_collection_page_query_count_does_not_grow(client, epn, manager, count):
    """The collection (1), the view restrictions, the count and the page of scenarios with
    their feedback counts (3), the cards' levels, publics and subjects (3), the site for the
    cards' links (1) and its root-path cache when the cache is the database: the same for 2 or
    20 scenarios (a visitor: whether they may change it costs nothing)."""
    collection = collection_create(title="Grande", organisation=epn)
    for number in range(count):
        collection_add(collection=collection, scenario=published_scenario(f"Scénario {number:02d}"), user=manager)
    url = f"/scenarios/collections/{collection.slug}/"
    client.get(url)
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 8 + database_cache_queries(), "\n".join(query["sql"][:160] for query in queries)
