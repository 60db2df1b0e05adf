"""Adapting a published scenario with attribution: the adapter's own draft records where it
comes from; once approved it shows "Adapté de … par …" and the chain back to the original, and
the original counts its published adaptations."""

import pytest

from scenarios.models import ScenarioPage
from scenarios.selectors import adaptation_chain
from tests.factories import UserFactory
from tests.factories.scenarios import published_scenario
from tests.scenarios.contributing import PROPOSE_URL, act, form_data, moderator, open_task, teacher

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


def adapt_url(page) -> str:
    return f"{PROPOSE_URL}adapter/{page.pk}/"


def original_by(first_name: str, last_name: str, title: str = "Écrans en famille") -> ScenarioPage:
    author = UserFactory(first_name=first_name, last_name=last_name)
    page = published_scenario(title)
    page.authors.add(author)
    page.save_revision().publish()
    return page


def adapt_and_publish(client, original, author, reviewer, title) -> ScenarioPage:
    client.force_login(author)
    response = client.post(adapt_url(original))
    adaptation = ScenarioPage.objects.filter(authors=author, adapted_from=original).get()
    assert response["Location"] == f"{PROPOSE_URL}{adaptation.pk}/"
    client.post(f"{PROPOSE_URL}{adaptation.pk}/", form_data(title=title, action="envoyer"))
    act(client, reviewer, open_task(adaptation), "approve")
    adaptation.refresh_from_db()
    return adaptation


class TestAdapting:
    def test_adapting_makes_the_contributors_own_draft_of_the_published_text(self, client):
        """The draft copies the published scenario (steps, facets), is the adapter's alone, and
        records `adapted_from`; the original is untouched."""
        original = original_by("Claire", "Martin")
        adapter = teacher("Nora")
        client.force_login(adapter)
        assert "Créer mon adaptation" in client.get(adapt_url(original)).content.decode()
        client.post(adapt_url(original))
        adaptation = ScenarioPage.objects.get(adapted_from=original)
        assert not adaptation.live
        assert list(adaptation.authors.all()) == [adapter]
        assert adaptation.title == "Écrans en famille (adaptation)"
        assert [s.value["title"] for s in adaptation.steps] == [s.value["title"] for s in original.steps]
        assert set(adaptation.levels.values_list("code", flat=True)) == {"cycle3"}
        assert list(original.authors.values_list("first_name", flat=True)) == ["Claire"]

    def test_only_published_scenarios_are_adapted_and_only_by_contributors(self, client):
        """A draft's adapt address is a 404; a parent sees why they cannot, and nothing is created."""
        draft = published_scenario("Pas encore en ligne")
        draft.unpublish()
        client.force_login(teacher())
        assert client.get(adapt_url(draft)).status_code == 404
        original = original_by("Claire", "Martin")
        client.force_login(UserFactory())
        response = client.post(adapt_url(original))
        assert (
            response.status_code == 200
            and "Votre compte n'est rattaché à aucun de ces lieux" in response.content.decode()
        )
        assert not ScenarioPage.objects.filter(adapted_from=original).exists()

    def test_the_chain_back_and_the_count_once_published(self, client):
        """An adaptation of an adaptation shows "Adapté de … par …" for its source and the chain
        to the original; each page counts only its published adaptations."""
        reviewer = moderator()
        original = original_by("Claire", "Martin")
        first = adapt_and_publish(client, original, teacher("Nora"), reviewer, "Écrans en famille, version CM2")
        second = adapt_and_publish(client, first, teacher("Yanis"), reviewer, "Écrans en famille, version EPN")
        client.force_login(teacher("Lou"))
        client.post(adapt_url(original))  # a draft adaptation: not counted

        client.logout()
        second_html = client.get(second.url).content.decode()
        nora = first.authors.get().get_full_name()
        assert f'Adapté de <a href="{first.url}">Écrans en famille, version CM2</a> par {nora}' in second_html
        assert f'<a href="{original.url}">Écrans en famille</a> — Claire Martin' in second_html
        assert [page.pk for page in adaptation_chain(second)] == [first.pk, original.pk]
        assert "1 adaptation publiée." in client.get(original.url).content.decode()
        assert "Claire Martin" in client.get(first.url).content.decode()

    def test_a_loop_in_the_chain_is_cut(self):
        """Two scenarios adapting each other (an admin's slip) give a finite chain."""
        one, two = original_by("A", "A", "Un"), original_by("B", "B", "Deux")
        ScenarioPage.objects.filter(pk=one.pk).update(adapted_from=two)
        ScenarioPage.objects.filter(pk=two.pk).update(adapted_from=one)
        one.refresh_from_db()
        assert [page.pk for page in adaptation_chain(one)] == [two.pk]
