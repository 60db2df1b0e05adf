"""The demo's contributed scenarios (demo.scenarios.demo_contributions_load): a chain of two
adaptations, published, and a proposal of the demo teacher waiting for review."""

from django.core.management import call_command

from wagtail.models import WorkflowState

import pytest

from scenarios.models import ScenarioPage
from scenarios.selectors import adaptation_chain

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_chain_of_adaptations_and_a_pending_proposal(client):
    """Run twice, seed_demo leaves one published chain original → EPN → 6e, shown on the pages,
    and one proposal by enseignant@exemple.fr in review, never public."""
    call_command("seed_demo")
    call_command("seed_demo")
    last = ScenarioPage.objects.get(draft_title="Les écrans et moi en 6e, en heure de vie de classe")
    assert last.live
    assert [page.slug for page in adaptation_chain(last)] == [
        "les-ecrans-et-moi-au-club-numerique-du-mercredi",
        "les-ecrans-et-moi",
    ]
    assert ScenarioPage.objects.filter(adapted_from__isnull=False).count() == 2
    html = client.get(last.url).content.decode()
    origin = adaptation_chain(last)[0]
    assert f'Adapté de <a href="{origin.url}">{origin.title}</a> par {origin.authors.get().get_full_name()}' in html

    (proposal,) = ScenarioPage.objects.filter(authors__email="enseignant@exemple.fr", live=False)
    assert not proposal.live
    assert proposal.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get(f"/scenarios/{proposal.slug}/").status_code == 404
    assert proposal.get_latest_revision_as_object().duration_minutes == 45
