"""The relay page and its editing: managers of the organisation only, changes live at once and
journaled, results with the dashboards' small-cell rule."""

import pytest

from lms.organisations.models import AuditEntry, MembershipRole
from relays.models import RelayProfile
from tests.factories import UserFactory
from tests.factories.courses import CourseFactory, EnrolmentFactory
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.relays.conftest import relay

pytestmark = pytest.mark.django_db


def manager_of(organisation):
    return MembershipFactory(organisation=organisation, role=MembershipRole.MANAGER).user


def form_data(**overrides) -> dict:
    data = {
        "is_published": "on",
        "summary": "Ateliers pour les familles.",
        "street": "2 rue de l'Église",
        "postcode": "07000",
        "opening_hours": "Mercredi 14 h – 18 h",
        "services": ["Parentalité et éducation avec le numérique"],
        "audiences": ["Familles et/ou enfants"],
        "contact_email": "accueil@epn.exemple.fr",
    }
    data.update(overrides)
    return data


class TestProfileEdit:
    def test_a_manager_creates_the_profile_and_it_is_listed_at_once(self, client, geography):
        """A manager's first save creates the profile; published, it is in the directory."""
        epn = OrganisationFactory(kind="epn", name="EPN neuf", territory=geography["privas"])
        client.force_login(manager_of(epn))
        assert client.get(f"/relais/gerer/{epn.slug}/").status_code == 200
        response = client.post(f"/relais/gerer/{epn.slug}/", form_data())
        assert response.status_code == 302
        assert "EPN neuf" in client.get("/relais/", {"commune": "Privas"}).content.decode()

    def test_an_address_change_shows_at_once_and_is_journaled(self, client, geography):
        """A new address is on the relay page straight away; the journal says who changed what."""
        profile = relay(geography["privas"], "EPN de Privas")
        manager = manager_of(profile.organisation)
        client.force_login(manager)
        client.post(f"/relais/gerer/{profile.organisation.slug}/", form_data(street="5 avenue de la Gare"))
        assert "5 avenue de la Gare" in client.get(f"/relais/{profile.organisation.slug}/").content.decode()
        entry = AuditEntry.objects.get(organisation=profile.organisation, action="profile")
        assert entry.actor == manager
        assert entry.details["changes"]["street"] == {"before": "1 place de la Mairie", "after": "5 avenue de la Gare"}
        assert "adresse" in entry.summary

    def test_services_change_is_journaled_with_before_and_after(self, client, geography):
        """A change of services is recorded with the lists before and after."""
        profile = relay(geography["privas"], "EPN de Privas")
        client.force_login(manager_of(profile.organisation))
        client.post(f"/relais/gerer/{profile.organisation.slug}/", form_data(street=profile.street))
        entry = AuditEntry.objects.filter(organisation=profile.organisation, action="profile").latest("pk")
        assert entry.details["changes"]["services"] == {
            "before": ["Aide aux démarches administratives"],
            "after": ["Parentalité et éducation avec le numérique"],
        }

    def test_saving_without_a_change_writes_nothing_to_the_journal(self, client, geography):
        """No change, no journal entry."""
        profile = relay(geography["privas"], "EPN de Privas", summary="Ateliers pour les familles.")
        client.force_login(manager_of(profile.organisation))
        data = form_data(street=profile.street, services=profile.services, opening_hours=profile.opening_hours)
        data["contact_email"] = profile.contact_email
        client.post(f"/relais/gerer/{profile.organisation.slug}/", data)
        assert not AuditEntry.objects.filter(organisation=profile.organisation).exists()

    def test_a_value_outside_the_standard_is_refused(self, client, geography):
        """Services come from the national standard only: anything else is an error on the field."""
        profile = relay(geography["privas"], "EPN de Privas")
        client.force_login(manager_of(profile.organisation))
        response = client.post(f"/relais/gerer/{profile.organisation.slug}/", form_data(services=["Astrologie"]))
        assert response.status_code == 200
        assert response.context["form"].errors["services"]
        profile.refresh_from_db()
        assert profile.services == ["Aide aux démarches administratives"]

    def test_a_profile_without_an_address_cannot_be_published(self, client, geography):
        """The standard requires an address: publishing without one is refused, saving a draft is not."""
        epn = OrganisationFactory(kind="epn", territory=geography["privas"])
        client.force_login(manager_of(epn))
        response = client.post(f"/relais/gerer/{epn.slug}/", form_data(street=""))
        assert response.status_code == 200 and response.context["form"].non_field_errors()
        assert not RelayProfile.objects.exists()
        draft = form_data(street="")
        del draft["is_published"]
        assert client.post(f"/relais/gerer/{epn.slug}/", draft).status_code == 302
        assert RelayProfile.objects.get().is_published is False

    @pytest.mark.parametrize("who", ["stranger", "member", "other_manager", "anonymous"])
    def test_only_the_organisation_managers_may_edit(self, client, geography, who):
        """Another organisation's manager, a member or a stranger gets 404 (anonymous: sign in)."""
        profile = relay(geography["privas"], "EPN de Privas")
        if who == "stranger":
            client.force_login(UserFactory())
        elif who == "member":
            client.force_login(MembershipFactory(organisation=profile.organisation).user)
        elif who == "other_manager":
            client.force_login(manager_of(OrganisationFactory(kind="epn")))
        response = client.post(f"/relais/gerer/{profile.organisation.slug}/", form_data(street="Ailleurs"))
        assert response.status_code == (302 if who == "anonymous" else 404)
        profile.refresh_from_db()
        assert profile.street == "1 place de la Mairie"

    def test_an_agency_has_no_profile_to_edit(self, client, geography):
        """The tab of an organisation that is never a relay says so and saves nothing."""
        agency = OrganisationFactory(kind="regional_agency", territory=geography["privas"])
        client.force_login(manager_of(agency))
        response = client.post(f"/relais/gerer/{agency.slug}/", form_data())
        assert response.status_code == 200
        assert not RelayProfile.objects.exists()

    def test_the_manager_space_shows_the_tab(self, client, geography):
        """The "Profil public" tab is in the manager space's tab bar."""
        profile = relay(geography["privas"], "EPN de Privas")
        client.force_login(manager_of(profile.organisation))
        html = client.get(f"/relais/gerer/{profile.organisation.slug}/").content.decode()
        assert f'href="/relais/gerer/{profile.organisation.slug}/" aria-current="page">Profil public' in html


class TestRelayPage:
    def test_an_unpublished_profile_is_a_404_except_for_its_managers(self, client, geography):
        """A draft is private: visitors get 404, managers a preview."""
        profile = relay(geography["privas"], "EPN brouillon", is_published=False)
        url = f"/relais/{profile.organisation.slug}/"
        assert client.get(url).status_code == 404
        client.force_login(manager_of(OrganisationFactory(kind="epn")))
        assert client.get(url).status_code == 404
        client.force_login(manager_of(profile.organisation))
        assert "Aperçu" in client.get(url).content.decode()

    def test_the_page_shows_sessions_held_there_collections_and_recommended_courses(self, client, geography):
        """Upcoming sessions at the relay, its scenario collections and the published courses it
        recommends; not a withdrawn course."""
        from tests.factories.facetoface import TrainingSessionFactory
        from tests.factories.scenarios import ScenarioCollectionFactory

        profile = relay(geography["privas"], "EPN de Privas")
        TrainingSessionFactory(place_organisation=profile.organisation, title="Atelier ENT")
        TrainingSessionFactory(title="Ailleurs")
        ScenarioCollectionFactory(organisation=profile.organisation, owner=None, title="Ateliers parents")
        shown = CourseFactory(title="Suivre la scolarité en ligne", is_published=True)
        hidden = CourseFactory(title="Retirée", is_published=False)
        profile.recommended_courses.set([shown, hidden])
        html = client.get(f"/relais/{profile.organisation.slug}/").content.decode()
        assert "Atelier ENT" in html
        assert "Ailleurs" not in html
        assert "Ateliers parents" in html
        assert "Suivre la scolarité en ligne" in html
        assert "Retirée" not in html

    def test_results_below_five_people_are_hidden(self, client, geography):
        """Four people enrolled show "< 5"; six show 6 (the dashboards' threshold)."""
        profile = relay(geography["privas"], "EPN de Privas")
        course = CourseFactory()
        for index in range(6):
            user = MembershipFactory(organisation=profile.organisation).user
            EnrolmentFactory(
                user=user,
                course=course,
                organisation=profile.organisation,
                status="completed" if index < 2 else "active",
            )
        response = client.get(f"/relais/{profile.organisation.slug}/")
        results = response.context["results"]
        assert results.enrolled.display == "6"
        assert results.completed.display == "< 5"

    def test_the_page_query_count_is_fixed(self, client, geography, django_assert_num_queries):
        """The relay page costs the same with one session, collection and course as with five."""
        from tests.factories.facetoface import TrainingSessionFactory
        from tests.factories.scenarios import ScenarioCollectionFactory

        profile = relay(geography["privas"], "EPN de Privas")

        def add_one():
            TrainingSessionFactory(place_organisation=profile.organisation)
            ScenarioCollectionFactory(organisation=profile.organisation, owner=None)
            profile.recommended_courses.add(CourseFactory(is_published=True))

        add_one()
        # 1 the profile with organisation and territory, 2 the sessions held there, 3-4 their
        # slots and trainers, 5 the collections with their sizes, 6 the recommended courses,
        # 7 the results (one aggregate over the enrolments).
        with django_assert_num_queries(7):
            client.get(f"/relais/{profile.organisation.slug}/")
        for _ in range(4):
            add_one()
        with django_assert_num_queries(7):
            response = client.get(f"/relais/{profile.organisation.slug}/")
        assert len(response.context["sessions"]) == 5
