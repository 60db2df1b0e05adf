"""The index's inputs read from the survey (surveys.selectors.school_figures_by_commune and
dashboards.needs.inputs): the issue's indicator definitions, set-based."""

from decimal import Decimal as D

import pytest

from dashboards.needs.inputs import departement_inputs
from surveys.models import ResponseStatus
from tests.dashboards.needs_fixtures import needs_departement, respond  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_indicators_follow_the_shared_definitions(needs_departement):  # noqa: F811
    """Equipment Σ devices ÷ Σ classes; fibre, ENT and support as shares of schools (an
    unconnected school is not fibre); mean débit; size Σ classes; no answer: no values."""
    data = needs_departement
    # A second school in Cruas: 4 classes, 10 tablets, fibre, débit 5, ENT, help within the day.
    respond(
        data["campaign"],
        data["communes"]["07103"],
        {"nb_classes": 4, "tablettes": 10, "ordinateurs": 0, "connectee": "oui", "connexion": "fibre",
         "debit_ressenti": 5, "ent": "oui", "assistance_delai": "jour"},
    )  # fmt: skip
    # A draft is not counted.
    respond(data["campaign"], data["communes"]["07105"], {"nb_classes": 9}, status=ResponseStatus.DRAFT)
    inputs = {item.code: item for item in departement_inputs(data["departement"], data["campaign"]).inputs}
    cruas = inputs["07103"]
    assert cruas.size == 10
    assert cruas.values["equipment"] == D(16) / D(10)
    assert cruas.values["fibre"] == D("0.5")
    assert cruas.values["speed"] == D(4)
    assert cruas.values["ent"] == D(1)
    assert cruas.values["support"] == D("0.5")
    assert inputs["07101"].values["fibre"] == 0 and inputs["07101"].values["speed"] == 0
    assert inputs["07105"].values is None
    assert "07106" not in inputs  # no school asked: not part of the index


def test_the_query_count_does_not_grow_with_the_communes(needs_departement, django_assert_max_num_queries):  # noqa: F811
    """Three queries for the survey, nine for training and its communes: 12."""
    with django_assert_max_num_queries(12):
        departement_inputs(needs_departement["departement"], needs_departement["campaign"])


def test_a_hidden_training_count_enters_the_index_as_the_page_shows_it():
    """The index publishes its components precisely: a "< 5" count enters as 0, "secret" as 5."""
    from dashboards.needs.inputs import public_count
    from dashboards.suppression import Cell, Hidden

    assert public_count(Cell(17)) == 17
    assert public_count(Cell(3, Hidden.SMALL)) == 0
    assert public_count(Cell(8, Hidden.COMPLEMENT)) == 5
