"""Shared experiences: written by the managers of communes, relays and associations of elected
officials, public only once a moderator approved them, listed at /relais/experiences/ and on a
territory's dashboard page; only the authoring organisation's managers edit them."""

import pytest

from lms.organisations.models import MembershipRole, OrganisationKind
from relays.models import ExperienceStatus, SharedExperience
from relays.services.experiences import experience_moderate, experience_save
from tests.factories import MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.helpers.outbox import deliver, last_email_to, link_in, path_of
from tests.helpers.pages import page_text
from tests.relays.experiences_setup import FORM, ardeche, content, manager_of, moderator, shared

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return ardeche()


def form(territory, **changes) -> dict:
    return {**FORM, "territory": str(territory.pk), **changes}


class TestWriting:
    def test_a_commune_manager_saves_a_draft_then_sends_it(self, client, place):
        """The form saves a draft (nobody else sees it), then "Envoyer en relecture" makes it pending."""
        privas = place["town_halls"]["Privas"]
        maire = manager_of(privas)
        theme = ThemeFactory(name="ENT et vie scolaire")
        client.force_login(maire)
        response = client.post(
            "/relais/experiences/organisation/mairie-privas/nouveau/",
            form(place["communes"]["Privas"], themes=[theme.pk], draft=""),
        )
        assert response.status_code == 302
        experience = SharedExperience.objects.get()
        assert (experience.status, experience.author, experience.organisation) == ("draft", maire, privas)
        assert list(experience.themes.all()) == [theme]
        client.post(f"/relais/experiences/{experience.pk}/modifier/", form(place["epci"], submit=""))
        experience.refresh_from_db()
        assert (experience.status, experience.territory) == ("pending", place["epci"])
        assert experience.submitted_at is not None

    def test_the_territory_is_the_organisations_own_its_epci_or_its_departement(self, client, place):
        """Another commune is refused by the field, with a French message and nothing saved."""
        client.force_login(manager_of(place["town_halls"]["Privas"]))
        response = client.post(
            "/relais/experiences/organisation/mairie-privas/nouveau/", form(place["communes"]["Aubenas"], submit="")
        )
        assert response.status_code == 200
        assert 'id="id_territory_erreurs"' in response.content.decode()
        assert "Sélectionnez un choix valide" in response.content.decode()
        assert not SharedExperience.objects.exists()

    def test_a_missing_field_is_pointed_out_and_what_was_typed_stays(self, client, place):
        """Bad input: a French message by the field, never a 500, nothing lost."""
        client.force_login(manager_of(place["town_halls"]["Privas"]))
        response = client.post(
            "/relais/experiences/organisation/mairie-privas/nouveau/",
            form(place["communes"]["Privas"], results="", submit=""),
        )
        html = response.content.decode()
        assert response.status_code == 200 and 'id="id_results_erreurs"' in html
        assert FORM["actions"].replace("'", "&#x27;") in html

    def test_the_moderators_hear_of_a_submission_and_the_author_of_the_outcome(self, place, mailoutbox):
        """Sent: each moderator gets an e-mail; decided: the author gets the outcome and the note."""
        reader = moderator()
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.PENDING)
        deliver()
        assert "à relire" in last_email_to(reader.email).subject
        experience_moderate(experience=experience, moderator=reader, approve=False, note="Ajoutez le budget exact.")
        deliver()
        message = last_email_to(experience.author.email)
        assert "n'est pas publié" in message.subject and "Ajoutez le budget exact." in message.body
        assert path_of(link_in(message, "/modifier/")) == f"/relais/experiences/{experience.pk}/modifier/"

    def test_deciding_again_the_same_way_sends_nothing_more(self, place, mailoutbox):
        """Approve twice: one decision, one e-mail."""
        experience = shared(place["town_halls"]["Privas"])
        deliver()
        sent = len(mailoutbox)
        again = experience_moderate(experience=experience, moderator=moderator(), approve=True)
        deliver()
        assert again.status == "approved" and len(mailoutbox) == sent

    def test_a_draft_is_not_the_moderators_to_decide(self, place):
        """Taken back to a draft by its authors, an experience ignores a late decision."""
        experience = shared(place["town_halls"]["Privas"], status=ExperienceStatus.DRAFT)
        assert experience_moderate(experience=experience, moderator=moderator(), approve=True).status == "draft"

    def test_editing_a_published_experience_takes_it_off_until_read_again(self, client, place):
        """What is public is always what a moderator read: an edit makes it a draft again."""
        experience = shared(place["town_halls"]["Privas"])
        experience_save(
            organisation=experience.organisation,
            author=experience.author,
            content=content(experience.territory, title="Titre changé"),
            submit=False,
            experience=experience,
        )
        experience.refresh_from_db()
        assert (experience.status, experience.moderated_at) == ("draft", None)
        assert "Titre changé" not in page_text(client.get("/relais/experiences/"))
        assert client.get(f"/relais/experiences/{experience.pk}/").status_code == 404


class TestNeverPublicUnmoderated:
    @pytest.mark.parametrize("status", [ExperienceStatus.DRAFT, ExperienceStatus.PENDING, ExperienceStatus.REJECTED])
    def test_an_unmoderated_experience_is_nowhere_public(self, client, place, status):
        """Draft, pending or rejected: not in the listing, a 404 page, not on the dashboards."""
        hidden = shared(place["town_halls"]["Privas"], status=status, title="Récit non relu")
        shown = shared(place["town_halls"]["Privas"], title="Récit relu")
        listing = page_text(client.get("/relais/experiences/"))
        assert "Récit relu" in listing and "Récit non relu" not in listing
        assert client.get(f"/relais/experiences/{hidden.pk}/").status_code == 404
        assert client.get(f"/relais/experiences/{shown.pk}/").status_code == 200
        for url in ("/territoires/commune/07186/", "/territoires/departement/07/", "/territoires/epci/200071413/"):
            page = page_text(client.get(url))
            assert "Récit relu" in page and "Récit non relu" not in page
        client.force_login(UserFactory())
        assert client.get(f"/relais/experiences/{hidden.pk}/").status_code == 404

    def test_an_inactive_organisations_experiences_leave_the_public_pages(self, client, place):
        """An organisation closed down takes its experiences off the listing."""
        experience = shared(place["town_halls"]["Privas"], title="Récit d'une mairie fermée")
        experience.organisation.is_active = False
        experience.organisation.save()
        assert "Récit d'une mairie fermée" not in page_text(client.get("/relais/experiences/"))
        assert client.get(f"/relais/experiences/{experience.pk}/").status_code == 404

    def test_plain_text_is_escaped_on_output(self, client, place):
        """Typed markup is shown as text, never run, and stored as typed."""
        experience = shared(place["town_halls"]["Privas"], title="<script>alert(1)</script> & co")
        assert experience.title == "<script>alert(1)</script> & co"
        html = client.get(f"/relais/experiences/{experience.pk}/").content.decode()
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


class TestEditingRights:
    """Only the current managers of the authoring organisation edit; everyone else gets a 404."""

    @pytest.fixture
    def draft(self, place):
        return shared(place["town_halls"]["Privas"], status=ExperienceStatus.DRAFT, title="Brouillon de Privas")

    def test_the_authoring_organisations_managers_edit_and_preview(self, client, draft):
        """Any current manager of the organisation, not only the author, edits and previews it."""
        client.force_login(manager_of(draft.organisation))
        assert client.get(f"/relais/experiences/{draft.pk}/modifier/").status_code == 200
        preview = client.get(f"/relais/experiences/{draft.pk}/")
        assert preview.status_code == 200 and "Aperçu" in page_text(preview)

    @pytest.mark.parametrize(
        "who",
        ["member", "other_manager", "association_manager", "former_manager", "moderator", "stranger"],
    )
    def test_everyone_else_gets_a_404(self, client, place, draft, who):
        """Members, other organisations' managers (the association of mayors too), a former
        manager, a moderator (who reads it in the admin queue) and strangers: 404, read or write."""
        people = {
            "member": lambda: MembershipFactory(organisation=draft.organisation).user,
            "other_manager": lambda: manager_of(place["town_halls"]["Aubenas"]),
            "association_manager": lambda: manager_of(place["association"]),
            "former_manager": lambda: manager_of(draft.organisation, end_on="2020-01-01", start_on="2019-01-01"),
            "moderator": moderator,
            "stranger": UserFactory,
        }
        client.force_login(people[who]())
        url = f"/relais/experiences/{draft.pk}/modifier/"
        assert client.get(url).status_code == 404
        assert client.post(url, form(draft.territory, title="Détourné", submit="")).status_code == 404
        draft.refresh_from_db()
        assert draft.title == "Brouillon de Privas"
        if who != "moderator":
            assert client.get(f"/relais/experiences/{draft.pk}/").status_code == 404

    def test_visitors_are_sent_to_sign_in(self, client, draft):
        """The form asks anonymous visitors to sign in; the page is a 404 to them."""
        response = client.get(f"/relais/experiences/{draft.pk}/modifier/")
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]

    @pytest.mark.parametrize(
        ("kind", "may"),
        [
            (OrganisationKind.COMMUNE, True),
            (OrganisationKind.EPN, True),
            (OrganisationKind.MEDIATHEQUE, True),
            (OrganisationKind.ASSOCIATION, True),
            (OrganisationKind.ASSOCIATION_ELUS, True),
            (OrganisationKind.ECOLE, False),
            (OrganisationKind.REGIONAL_AGENCY, False),
        ],
    )
    def test_which_organisations_may_share(self, client, place, kind, may):
        """Communes, relays and associations of elected officials write; schools (until they opt
        in as relays) and agencies do not: their tab says so and the form is a 404."""
        organisation = OrganisationFactory(kind=kind, territory=place["communes"]["Privas"], uai="")
        client.force_login(manager_of(organisation))
        tab = client.get(f"/relais/experiences/organisation/{organisation.slug}/")
        assert tab.status_code == 200
        assert ("Partager une expérience" in page_text(tab)) is may
        expected = 200 if may else 404
        assert client.get(f"/relais/experiences/organisation/{organisation.slug}/nouveau/").status_code == expected

    def test_the_tab_of_an_organisation_one_does_not_manage_is_a_404(self, client, place):
        """A member (not a manager) of the town hall gets a 404 for its tab and its form."""
        member = MembershipFactory(organisation=place["town_halls"]["Privas"], role=MembershipRole.MEMBER).user
        client.force_login(member)
        assert client.get("/relais/experiences/organisation/mairie-privas/").status_code == 404
        assert client.get("/relais/experiences/organisation/mairie-privas/nouveau/").status_code == 404
