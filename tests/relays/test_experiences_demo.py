"""The demo's shared experiences: three Ardèche town halls, approved, one featured by the
département's association of mayors; seed_demo run twice changes nothing."""

from django.core.management import call_command

import pytest

from relays.models import ExperienceFeature, SharedExperience
from tests.helpers.pages import page_text

pytestmark = pytest.mark.django_db


def test_seed_demo_shares_three_experiences_once(client, django_capture_on_commit_callbacks):
    """Three public experiences of Ardèche communes (not Privas, left to the browser journey),
    themed, one featured by an association d'élus; shown on the département's page."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        call_command("seed_demo")
    experiences = SharedExperience.objects.published().select_related("organisation", "territory")
    assert experiences.count() == SharedExperience.objects.count() == 3
    assert {experience.territory.departement.code for experience in experiences} == {"07"}
    assert "07186" not in {experience.territory.code for experience in experiences}
    assert all(experience.themes.exists() and experience.moderated_by for experience in experiences)
    feature = ExperienceFeature.objects.select_related("association").get()
    assert feature.association.kind == "association_elus"
    assert feature.experience.organisation.kind == "commune"
    departement = page_text(client.get("/territoires/departement/07/"))
    assert all(experience.title in departement for experience in experiences)
    assert "Mis en avant par Association des maires de l'Ardèche" in departement
