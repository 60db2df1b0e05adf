"""The index's inputs for the communes of one département, read through the survey and training
selectors in a fixed number of queries (three for the survey, nine for training and its communes).

Training share: people who completed a course through an organisation of the commune, per 1,000
inhabitants (COG population). Per inhabitant rather than per enrolled person, because a commune
that trains nobody must not look as good as one that trains everyone it enrols.
"""

from dataclasses import dataclass
from decimal import Decimal

from dashboards.needs.index import CommuneInputs
from dashboards.selectors import territory_dashboard
from dashboards.suppression import THRESHOLD, Cell, Hidden
from lms.organisations.models import Territory
from surveys.models import Campaign
from surveys.selectors import school_figures_by_commune


@dataclass
class DepartementInputs:
    communes: list[Territory]
    inputs: list[CommuneInputs]


def _ratio(top: Decimal | int, bottom: Decimal | int) -> Decimal:
    return Decimal(top) / Decimal(bottom) if bottom else Decimal(0)


def public_count(cell: Cell) -> int:
    """A count as a reader of the page knows it: "< 5" as 0, "secret" (5 or more) as 5."""
    if cell.hidden is None:
        return cell.value
    return 0 if cell.hidden == Hidden.SMALL else THRESHOLD


def departement_inputs(departement: Territory, campaign: Campaign | None) -> DepartementInputs:
    # The training figures of the summary table (refreshed nightly and by refresh_dashboards),
    # as the public sees them: the index publishes each component to three decimals, from which
    # a hidden count would come back, so a hidden count enters as what the page lets anyone know.
    training = territory_dashboard(departement)
    schools = school_figures_by_commune(campaign, departement) if campaign is not None else {}
    inputs = []
    # The communes the campaign reached: targeted (an answer missing is « données manquantes »)
    # or answering. A commune with no school asked is not part of the index at all.
    figures = {child.territory.pk: child for child in training.children if child.territory is not None}
    communes = [child.territory for child in training.children if child.territory is not None]
    communes = [commune for commune in communes if commune.pk in schools]
    for commune in communes:
        found = schools[commune.pk]
        values = None
        if found.respondents:
            completed = public_count(figures[commune.pk].get("completed"))
            population = figures[commune.pk].get("population").value
            values = {
                "equipment": _ratio(found.devices, found.classes),
                "fibre": _ratio(found.fibre, found.respondents),
                # A commune whose schools are not connected has no débit answer: the worst, 0.
                "speed": _ratio(found.speed_sum, found.speed_answers),
                "ent": _ratio(found.ent, found.respondents),
                "support": _ratio(found.support, found.respondents),
                "training": _ratio(1000 * completed, population),
            }
        size = int(found.classes)
        inputs.append(CommuneInputs(code=commune.code, name=commune.name, values=values, size=size))
    return DepartementInputs(communes=communes, inputs=inputs)
