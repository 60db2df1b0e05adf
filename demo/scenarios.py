"""The demo scenarios of `seed_demo`: JSON files in demo/content/scenarios/ (schema in
demo/content/scenarios/README.md), loaded as Wagtail pages under /scenarios/ and published.
Idempotent: a scenario whose slug exists is left as it is (an editor may have changed it)."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from courses.models import Competence
from demo.courses import CONTENT_DIR
from lms.accounts.models import User
from lms.organisations.models import Organisation
from scenarios.choices import EquipmentCode, LevelCode, Licence, PublicCode, SubjectCode
from scenarios.models import Equipment, Level, Public, ScenarioIndexPage, ScenarioPage, Subject
from scenarios.services.proposals import Proposal, adaptation_proposal, proposal_create, proposal_submit

SCENARIOS_DIR = CONTENT_DIR / "scenarios"
SCENARIO_KEYS = {
    "slug",
    "title",
    "summary",
    "levels",
    "publics",
    "subjects",
    "competences",
    "duration_minutes",
    "group_size",
    "equipment",
    "objectives",
    "steps",
    "assessment",
    "variants",
    "licence",
    "authors",
    "organisation",
}
STEP_KEYS = {"title", "minutes", "leader", "participants", "material"}
VARIANT_KEYS = {"title", "text"}


@dataclass(frozen=True)
class ScenarioFile:
    path: Path
    data: dict


def scenario_files(directory: Path = SCENARIOS_DIR) -> list[ScenarioFile]:
    return [
        ScenarioFile(path=path, data=json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(directory.glob("*.json"))
    ]


def _unknown(values: list, allowed: set[str], name: str) -> list[str]:
    unknown = sorted(set(values) - allowed)
    return [f"unknown {name}: {unknown}"] if unknown else []


def scenario_data_errors(data: dict, *, competence_codes: set[str] | None = None) -> list[str]:
    """What is wrong with one scenario file, in words: empty when it loads as is."""
    if set(data) != SCENARIO_KEYS:
        return [f"keys: missing {sorted(SCENARIO_KEYS - set(data))}, unknown {sorted(set(data) - SCENARIO_KEYS)}"]
    if competence_codes is None:
        competence_codes = set(Competence.objects.values_list("code", flat=True))
    errors = []
    if not 0 < len(data["title"]) <= 120:
        errors.append("the title has 1 to 120 characters")
    if not 0 < len(data["summary"]) <= 300:
        errors.append("the summary has 1 to 300 characters")
    if not 0 < len(data["group_size"]) <= 120:
        errors.append("the group size has 1 to 120 characters")
    if not data["levels"] and not data["publics"]:
        errors.append("a scenario has levels, publics, or both")
    errors += _unknown(data["levels"], set(LevelCode.values), "levels")
    errors += _unknown(data["publics"], set(PublicCode.values), "publics")
    errors += _unknown(data["subjects"], set(SubjectCode.values), "subjects")
    errors += _unknown(data["equipment"], set(EquipmentCode.values), "equipment")
    errors += _unknown(data["competences"], competence_codes, "CRCN competences")
    for name in ("subjects", "competences", "equipment", "objectives", "steps"):
        if not data[name]:
            errors.append(f"{name}: at least one")
    if data["licence"] not in Licence.values:
        errors.append(f"unknown licence {data['licence']!r}")
    for number, step in enumerate(data["steps"], start=1):
        if set(step) != STEP_KEYS:
            errors.append(f"step {number} keys: {sorted(set(step) ^ STEP_KEYS)}")
    for number, variant in enumerate(data["variants"], start=1):
        if set(variant) != VARIANT_KEYS:
            errors.append(f"variant {number} keys: {sorted(set(variant) ^ VARIANT_KEYS)}")
    if errors:
        return errors
    total = sum(step["minutes"] for step in data["steps"])
    if total != data["duration_minutes"]:
        errors.append(f"the steps last {total} minutes, the scenario {data['duration_minutes']}")
    # The blocks as the page's fields configure them (variants may be empty).
    for name, raw in (("steps", steps_data(data)), ("variants", variants_data(data))):
        block = stream_block(name)
        try:
            block.clean(block.to_python(raw))
        except ValidationError as error:
            detail = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            errors.append(f"{name}: {json.dumps(detail, ensure_ascii=False)}")
    return errors


def stream_block(field_name: str):
    return ScenarioPage._meta.get_field(field_name).stream_block


def steps_data(data: dict) -> list[dict]:
    return [{"type": "step", "value": step} for step in data["steps"]]


def variants_data(data: dict) -> list[dict]:
    return [{"type": "variant", "value": variant} for variant in data["variants"]]


@transaction.atomic
def demo_scenarios_load(directory: Path = SCENARIOS_DIR) -> int:
    """Create and publish each scenario of `directory` that does not exist yet; return how many
    were created. A file with an error stops the load, naming the file and the error."""
    index = ScenarioIndexPage.objects.first()
    if index is None:
        return 0
    competence_codes = set(Competence.objects.values_list("code", flat=True))
    created = 0
    for scenario_file in scenario_files(directory):
        data = scenario_file.data
        if ScenarioPage.objects.child_of(index).filter(slug=data.get("slug")).exists():
            continue
        errors = scenario_data_errors(data, competence_codes=competence_codes)
        if errors:
            raise ValueError(f"{scenario_file.path.name}: " + " | ".join(errors))
        scenario_page_create(index, data)
        created += 1
    return created


def scenario_page_create(index: ScenarioIndexPage, data: dict) -> ScenarioPage:
    """Create and publish one scenario page from a scenario file's data."""
    authors = list(User.objects.filter(email__in=data["authors"]))
    missing = set(data["authors"]) - {user.email for user in authors}
    if missing:
        raise ValueError(f"{data['slug']}: no account for the authors {sorted(missing)}")
    organisation = Organisation.objects.get(slug=data["organisation"]) if data["organisation"] else None
    page = ScenarioPage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        duration_minutes=data["duration_minutes"],
        group_size=data["group_size"],
        objectives="\n".join(data["objectives"]),
        steps=stream_block("steps").to_python(steps_data(data)),
        assessment=data["assessment"],
        variants=stream_block("variants").to_python(variants_data(data)),
        licence=data["licence"],
        organisation=organisation,
    )
    # Parental many-to-many values are kept in memory until the revision is published.
    index.add_child(instance=page)
    page.levels.set(data["levels"])
    page.publics.set(data["publics"])
    page.subjects.set(data["subjects"])
    page.equipment.set(data["equipment"])
    page.competences.set(Competence.objects.filter(code__in=data["competences"]))
    page.authors.set(authors)
    page.save_revision().publish()
    return page


CONTRIBUTIONS_FILE = CONTENT_DIR / "scenario_contributions" / "contributions.json"
MODERATOR = "moderatrice@exemple.fr"


@transaction.atomic
def demo_contributions_load(path: Path = CONTRIBUTIONS_FILE) -> str:
    """What contributors wrote, through the same services as the front end: a chain of two
    adaptations (published, as the moderator would after review) and the demo teacher's proposal,
    sent to the moderators. Idempotent: each is looked up by its author and title first."""
    index = ScenarioIndexPage.objects.first()
    if index is None:
        return "Demo contributions: no scenario listing."
    data = json.loads(path.read_text(encoding="utf-8"))
    moderator = User.objects.get(email=MODERATOR)
    adapted = 0
    for item in data["adaptations"]:
        author = User.objects.get(email=item["author"])
        if ScenarioPage.objects.filter(authors=author, draft_title=item["title"]).exists():
            continue
        original = ScenarioPage.objects.live().child_of(index).get(slug=item["adapts"])
        proposal = adaptation_proposal(original)
        proposal.fields.update({name: item[name] for name in ("title", "summary", "group_size")})
        if "equipment" in item:
            proposal.fields["equipment"] = list(Equipment.objects.filter(code__in=item["equipment"]))
        for position, step in item["steps"].items():
            proposal.steps[int(position)] = step
        page = proposal_create(author=author, proposal=proposal, adapted_from=original)
        page.get_latest_revision().publish(user=moderator)
        adapted += 1
    proposed = 0
    item = data["proposal"]
    author = User.objects.get(email=item["author"])
    if not ScenarioPage.objects.filter(authors=author, draft_title=item["title"]).exists():
        fields = {
            name: item[name] for name in ("title", "summary", "group_size", "objectives", "assessment", "licence")
        }
        fields.update(
            levels=list(Level.objects.filter(code__in=item["levels"])),
            publics=list(Public.objects.filter(code__in=item["publics"])),
            subjects=list(Subject.objects.filter(code__in=item["subjects"])),
            competences=list(Competence.objects.filter(code__in=item["competences"])),
            equipment=list(Equipment.objects.filter(code__in=item["equipment"])),
        )
        page = proposal_create(author=author, proposal=Proposal(fields=fields, steps=item["steps"]))
        proposal_submit(page=page, author=author)
        proposed += 1
    return f"Demo contributions: {adapted} adaptations published, {proposed} proposal sent for review."
