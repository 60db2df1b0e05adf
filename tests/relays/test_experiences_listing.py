"""Where published experiences show: the listing's filters, pages and query count; a territory's
dashboard section (the territory and those inside it); the features of an association of
elected officials; the moderators' queue in the admin."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from relays.models import ExperienceFeature, ExperienceStatus
from tests.factories import ThemeFactory, UserFactory
from tests.helpers.pages import page_text
from tests.relays.experiences_setup import ardeche, manager_of, moderator, shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return ardeche()


def titles(response) -> list[str]:
    return [experience.title for experience in response.context["page"].object_list]


class TestListing:
    def test_filters_by_theme_territory_and_what_lies_inside(self, client, place):
        """A theme keeps its experiences; the département keeps its communes' and its own, the
        EPCI its communes', a commune its own; another département's are left out."""
        ent = ThemeFactory(name="ENT", slug="ent")
        halls = place["town_halls"]
        shared(halls["Privas"], title="Privas", themes=[ent])
        shared(halls["Veyras"], title="Veyras")
        shared(halls["Aubenas"], title="Aubenas", themes=[ent])
        shared(halls["Aubenas"], title="Tout le département", territory=place["departement"])
        shared(halls["Valence"], title="Valence")
        assert set(titles(client.get("/relais/experiences/?theme=ent"))) == {"Privas", "Aubenas"}
        assert set(titles(client.get("/relais/experiences/?territoire=departement-07"))) == {
            "Privas",
            "Veyras",
            "Aubenas",
            "Tout le département",
        }
        assert set(titles(client.get("/relais/experiences/?territoire=epci-200071413"))) == {"Privas", "Veyras"}
        assert titles(client.get("/relais/experiences/?territoire=commune-07186&theme=ent")) == ["Privas"]

    def test_an_unknown_filter_value_is_ignored_not_an_error(self, client, place):
        """A stale link (a theme renamed, a mistyped code) lists everything rather than failing."""
        shared(place["town_halls"]["Privas"], title="Privas")
        for query in ("theme=inconnu", "territoire=commune-00000", "territoire=planete-1", "association=personne"):
            response = client.get(f"/relais/experiences/?{query}")
            assert response.status_code == 200 and titles(response) == ["Privas"]

    def test_the_listing_pages_by_twenty(self, client, place):
        """21 experiences: 20 on the first page, one on the second, with links between them."""
        for number in range(21):
            shared(place["town_halls"]["Privas"], title=f"Récit {number:02d}")
        first = client.get("/relais/experiences/")
        assert len(titles(first)) == 20 and "Page suivante" in page_text(first)
        assert len(titles(client.get("/relais/experiences/?page=2"))) == 1

    @pytest.mark.parametrize("count", [2, 12])
    def test_the_listing_costs_the_same_queries_whatever_the_rows(
        self, client, place, django_assert_num_queries, count
    ):
        """A visitor: the filters' territories, themes and associations (3), the count and the
        page of rows with their organisation and territory (2), their themes and features (2)."""
        theme = ThemeFactory()
        for number in range(count):
            experience = shared(place["town_halls"]["Privas"], title=f"Récit {number}", themes=[theme])
            ExperienceFeature.objects.create(association=place["association"], experience=experience)
        client.get("/relais/experiences/")  # warm the caches (site, translations)
        with django_assert_num_queries(7):
            response = client.get("/relais/experiences/")
        assert len(titles(response)) == count


class TestTerritorySection:
    def test_a_communes_page_shows_its_experiences_and_its_departements_shows_all(self, client, place):
        """Privas's page shows Privas's experience, not Aubenas's; the département's shows both."""
        shared(place["town_halls"]["Privas"], title="Ateliers de Privas")
        shared(place["town_halls"]["Aubenas"], title="Ateliers d'Aubenas")
        privas = page_text(client.get("/territoires/commune/07186/"))
        assert "Retours d'expérience" in privas
        assert "Ateliers de Privas" in privas and "Ateliers d'Aubenas" not in privas
        departement = page_text(client.get("/territoires/departement/07/"))
        assert "Ateliers de Privas" in departement and "Ateliers d'Aubenas" in departement

    def test_the_section_costs_the_same_queries_whatever_the_rows(self, client, place):
        """The section reads rows, themes and features in three queries, for one experience or six."""
        theme = ThemeFactory()
        shared(place["town_halls"]["Privas"], title="Récit 0", themes=[theme])
        client.get("/territoires/departement/07/")  # warm the caches (site, translations)

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                client.get("/territoires/departement/07/")
            return len(captured)

        one = queries()
        for number in range(1, 6):
            experience = shared(place["town_halls"]["Aubenas"], title=f"Récit {number}", themes=[theme])
            ExperienceFeature.objects.create(association=place["association"], experience=experience)
        assert queries() == one

    def test_the_national_page_has_no_section(self, client, place):
        """The nation's page links to nothing local: the listing is the national view."""
        shared(place["town_halls"]["Privas"], title="Ateliers de Privas")
        assert "Ateliers de Privas" not in page_text(client.get("/territoires/"))

    def test_a_territory_without_experiences_says_so(self, client, place):
        """An empty section says there is none yet and links to the others."""
        assert "Aucun retour d'expérience publié pour Veyras" in page_text(client.get("/territoires/commune/07340/"))


class TestFeaturing:
    def test_an_association_features_a_member_communes_experience(self, client, place):
        """Its managers see the member communes' published experiences and put one forward; the
        public listing shows it and filters by the association."""
        privas = shared(place["town_halls"]["Privas"], title="Ateliers de Privas")
        shared(place["town_halls"]["Aubenas"], title="Ateliers d'Aubenas")
        client.force_login(manager_of(place["association"]))
        tab = page_text(client.get("/relais/experiences/organisation/amf07/"))
        assert "Ateliers de Privas" in tab and "Ateliers d'Aubenas" in tab
        response = client.post(
            f"/relais/experiences/organisation/amf07/mise-en-avant/{privas.pk}/", {"decision": "feature"}
        )
        assert response.status_code == 302
        client.logout()
        listing = client.get("/relais/experiences/?association=amf07")
        assert titles(listing) == ["Ateliers de Privas"]
        assert "Mis en avant par Maires de l'Ardèche" in page_text(listing)
        assert "Mis en avant par Maires de l'Ardèche" in page_text(client.get(f"/relais/experiences/{privas.pk}/"))

    def test_withdrawing_and_featuring_twice(self, client, place):
        """Featuring twice keeps one row; withdrawing removes it."""
        privas = shared(place["town_halls"]["Privas"])
        client.force_login(manager_of(place["association"]))
        url = f"/relais/experiences/organisation/amf07/mise-en-avant/{privas.pk}/"
        client.post(url, {"decision": "feature"})
        client.post(url, {"decision": "feature"})
        assert ExperienceFeature.objects.count() == 1
        client.post(url, {"decision": "withdraw"})
        assert not ExperienceFeature.objects.exists()

    @pytest.mark.parametrize("which", ["outside", "relay", "pending"])
    def test_only_published_experiences_of_member_communes(self, client, place, which):
        """A commune of another département, a relay (not a member commune) or an unpublished
        experience: a 404, and nothing featured."""
        experience = {
            "outside": lambda: shared(place["town_halls"]["Valence"]),
            "relay": lambda: shared(place["epn"]),
            "pending": lambda: shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING),
        }[which]()
        client.force_login(manager_of(place["association"]))
        url = f"/relais/experiences/organisation/amf07/mise-en-avant/{experience.pk}/"
        assert client.post(url, {"decision": "feature"}).status_code == 404
        assert not ExperienceFeature.objects.exists()

    def test_only_the_associations_managers_feature(self, client, place):
        """A commune's manager, or an association's member, cannot feature for it: 404."""
        privas = shared(place["town_halls"]["Privas"])
        url = f"/relais/experiences/organisation/amf07/mise-en-avant/{privas.pk}/"
        for person in (manager_of(place["town_halls"]["Privas"]), UserFactory()):
            client.force_login(person)
            assert client.post(url, {"decision": "feature"}).status_code == 404
        assert not ExperienceFeature.objects.exists()

    def test_an_association_seated_in_a_commune_covers_its_departement(self, client, place):
        """Recorded with its seat's commune (as the request form does), the association's
        members are the communes of that commune's département."""
        association = place["association"]
        association.territory = place["communes"]["Privas"]
        association.save()
        shared(place["town_halls"]["Aubenas"], title="Ateliers d'Aubenas")
        client.force_login(manager_of(association))
        assert "Ateliers d'Aubenas" in page_text(client.get("/relais/experiences/organisation/amf07/"))


class TestModerationQueue:
    def test_a_moderator_approves_from_the_admin_queue(self, client, place):
        """The queue lists pending experiences; "Publier" makes one public at once."""
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING, title="À relire")
        shared(place["town_halls"]["Privas"], status=ExperienceStatus.DRAFT, title="Brouillon")
        client.force_login(moderator())
        queue = page_text(client.get("/admin/relais/experiences/"))
        assert "À relire" in queue and "Brouillon" not in queue
        client.post(f"/admin/relais/experiences/{experience.pk}/decision/", {"decision": "approve"})
        client.logout()
        assert "À relire" in page_text(client.get("/relais/experiences/"))

    def test_a_moderator_rejects_with_a_note_the_managers_read(self, client, place):
        """The note is kept and shown to the organisation's managers in their tab."""
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING)
        client.force_login(moderator())
        client.post(
            f"/admin/relais/experiences/{experience.pk}/decision/",
            {"decision": "reject", "note": "Précisez le budget."},
        )
        experience.refresh_from_db()
        assert (experience.status, experience.moderation_note) == ("rejected", "Précisez le budget.")
        client.force_login(manager_of(experience.organisation))
        assert "Précisez le budget." in page_text(client.get("/relais/experiences/organisation/mairie-privas/"))

    def test_a_trainer_in_the_admin_gets_a_404(self, client, place):
        """The admin's other users (the Formateurs group) get a 404 from the queue and its decisions."""
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING)
        trainer = UserFactory()
        trainer.groups.add(Group.objects.get(name="Formateurs"))
        client.force_login(trainer)
        assert client.get("/admin/relais/experiences/").status_code == 404
        decide = f"/admin/relais/experiences/{experience.pk}/decision/"
        assert client.post(decide, {"decision": "approve"}).status_code == 404
        experience.refresh_from_db()
        assert experience.status == "pending"

    def test_the_authoring_manager_cannot_approve_their_own(self, client, place):
        """Outside the admin altogether, the manager is sent to its sign-in; nothing is decided."""
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING)
        client.force_login(manager_of(experience.organisation))
        assert client.get("/admin/relais/experiences/").status_code != 200
        client.post(f"/admin/relais/experiences/{experience.pk}/decision/", {"decision": "approve"})
        experience.refresh_from_db()
        assert experience.status == "pending"


def test_a_moderator_reads_a_sent_experience_but_not_a_draft_never_sent(client, place):
    """Moderators review what was sent; a draft stays its authors' until they send it."""
    from relays.models import ExperienceStatus
    from tests.relays.experiences_setup import moderator, shared

    draft = shared(place["town_halls"]["Privas"], status=ExperienceStatus.DRAFT, title="Brouillon")
    pending = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING, title="En relecture")
    client.force_login(moderator())
    assert client.get(f"/relais/experiences/{draft.pk}/").status_code == 404
    assert client.get(f"/relais/experiences/{pending.pk}/").status_code == 200
