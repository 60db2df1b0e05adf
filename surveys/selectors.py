"""Reads for the survey pages and, later, the territorial dashboards (issue 28). Every figure is
one GROUP BY query whatever the number of organisations."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce

from lms.accounts.models import User
from lms.organisations.models import (
    AGENCY_KINDS,
    Membership,
    Organisation,
    OrganisationKind,
    Territory,
    TerritoryKind,
)
from surveys.models import Answer, Campaign, CampaignTarget, Questionnaire, Response, ResponseStatus
from surveys.questions import QuestionKind

SMALL_CELL = 3  # the dashboards' rule: no figure from fewer than 3 responding organisations


# --- Agencies and their territory


def agencies_of(user: User) -> list[Organisation]:
    """The active agencies this person currently works for."""
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            kind__in=AGENCY_KINDS,
            is_active=True,
            memberships__in=Membership.objects.current().filter(user=user),
        ).select_related("territory")
    )


def territory_scope(agency: Organisation, path: str = "") -> Q:
    """Territories an agency covers (a national agency: all; a regional one: its région), as a
    filter on the Territory reached through `path`."""
    if agency.kind == OrganisationKind.NATIONAL_AGENCY:
        return Q()
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}region_id": agency.territory_id}) | Q(**{f"{prefix}pk": agency.territory_id})


def campaigns_followed_by(user: User) -> QuerySet[Campaign]:
    """Campaigns of the agencies this person works for: another agency's campaign is not theirs."""
    return (
        Campaign.objects.filter(agency__in=[agency.pk for agency in agencies_of(user)])
        .select_related("questionnaire", "agency")
        .annotate(
            target_count=Count("targets", distinct=True),
            submitted_count=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
        )
    )


def questionnaires_usable() -> QuerySet[Questionnaire]:
    """The newest version of each questionnaire family sent to organisations: a course's
    questionnaires (audience "learners") are for learners, never for a campaign."""
    newer = Questionnaire.objects.filter(family=OuterRef("family"), version__gt=OuterRef("version"))
    return Questionnaire.objects.exclude(Exists(newer)).exclude(audience="learners").order_by("title")


def territories_for_targets(agency: Organisation, kind: str) -> QuerySet[Territory]:
    return Territory.objects.filter(territory_scope(agency), kind=kind, is_active=True).order_by("name")


SCHOOL_TARGET_KINDS = [OrganisationKind.ECOLE, OrganisationKind.COLLEGE, OrganisationKind.LYCEE]


def schools_of(territory: Territory) -> QuerySet[Organisation]:
    where = (
        Q(territory__departement=territory)
        if territory.kind == TerritoryKind.DEPARTEMENT
        else Q(territory__epci=territory)
    )
    return Organisation.objects.filter(where, kind__in=SCHOOL_TARGET_KINDS, is_active=True)


def communes_of(departement: Territory) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        territory__departement=departement, kind=OrganisationKind.COMMUNE, is_active=True
    )


def organisations_in_scope(agency: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(territory_scope(agency, "territory"), is_active=True).exclude(
        kind__in=AGENCY_KINDS
    )


# --- Follow-up


def _departement_of(prefix: str) -> Coalesce:
    """The département of an organisation's territory: its own, or the territory itself."""
    return Coalesce(f"{prefix}territory__departement__code", f"{prefix}territory__code")


def response_rates(campaign: Campaign, *, by: str = "departement") -> list[dict]:
    """Targets and submitted responses per département or per EPCI, one GROUP BY query:
    [{"code", "name", "targets", "submitted", "started", "rate"}], by name."""
    submitted = Response.objects.filter(
        campaign=campaign, organisation=OuterRef("organisation"), status=ResponseStatus.SUBMITTED
    )
    started = Response.objects.filter(campaign=campaign, organisation=OuterRef("organisation"))
    field = "organisation__territory__epci" if by == "epci" else "organisation__territory__departement"
    rows = (
        CampaignTarget.objects.filter(campaign=campaign)
        .annotate(is_submitted=Exists(submitted), is_started=Exists(started))
        .values(code=F(f"{field}__code"), name=F(f"{field}__name"))
        .annotate(
            targets=Count("pk"),
            submitted=Count("pk", filter=Q(is_submitted=True)),
            started=Count("pk", filter=Q(is_started=True)),
        )
        .order_by("name")
    )
    return [{**row, "rate": round(100 * row["submitted"] / row["targets"]) if row["targets"] else 0} for row in rows]


def campaign_totals(rates: list[dict]) -> dict[str, int]:
    """The whole campaign's figures, summed from response_rates' rows (no extra query)."""
    targets = sum(row["targets"] for row in rates)
    submitted = sum(row["submitted"] for row in rates)
    started = sum(row["started"] for row in rates)
    return {
        "targets": targets,
        "submitted": submitted,
        "started": started,
        "rate": round(100 * submitted / targets) if targets else 0,
    }


def campaign_target_rows(campaign: Campaign) -> QuerySet[CampaignTarget]:
    """The targets with their response (if any), for the follow-up list (paginated by the view)."""
    response = Response.objects.filter(campaign=campaign, organisation=OuterRef("organisation"))
    return (
        CampaignTarget.objects.filter(campaign=campaign)
        .select_related("organisation__territory")
        .annotate(
            response_id=response.values("pk")[:1],
            response_status=response.values("status")[:1],
            response_sections=response.values("sections_done")[:1],
        )
        .order_by("organisation__name", "pk")
    )


# --- Managers


def campaigns_for_manager(user: User, *, organisation: Organisation | None = None) -> list[dict]:
    """The campaigns that target the organisations this person manages, with their response's
    state: [{"campaign", "organisation", "response_status"}], newest first."""
    managed = Membership.objects.current().managers().filter(user=user).values("organisation")
    targets = CampaignTarget.objects.filter(organisation__in=managed)
    if organisation is not None:
        targets = targets.filter(organisation=organisation)
    response = Response.objects.filter(campaign=OuterRef("campaign"), organisation=OuterRef("organisation"))
    rows = (
        targets.select_related("campaign__questionnaire", "organisation")
        .annotate(response_status=response.values("status")[:1])
        .order_by("-campaign__opens_on", "organisation__name")
    )
    return [
        {"campaign": row.campaign, "organisation": row.organisation, "response_status": row.response_status}
        for row in rows
    ]


def open_campaigns_to_answer(user: User, *, today: date) -> list[dict]:
    return [
        row
        for row in campaigns_for_manager(user)
        if row["campaign"].is_open(today) and row["response_status"] != ResponseStatus.SUBMITTED
    ]


def response_answers(response: Response) -> dict[str, Any]:
    """The answers of one response as {key: value}, values as surveys.questions cleans them."""
    answers: dict[str, Any] = {}
    questions = {
        question.key: question for section in response.campaign.questionnaire.sections for question in section.questions
    }
    for row in Answer.objects.filter(response=response).order_by("pk"):
        question = questions.get(row.key)
        if question is None:
            continue
        if question.kind == QuestionKind.MULTIPLE:
            answers.setdefault(row.key, []).append(row.choice)
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            answers[row.key] = row.choice
        elif question.kind == QuestionKind.SCALE:
            answers[row.key] = int(row.number) if row.number is not None else None
        elif question.kind == QuestionKind.NUMBER:
            answers[row.key] = row.number.normalize() if row.number is not None else None
        else:
            answers[row.key] = row.text
    return answers


@dataclass
class CommuneSchoolFigures:
    """The submitted school responses of one commune to one campaign (issue 29's needs index):
    how many schools answered and the sums and counts the index divides."""

    respondents: int = 0
    classes: Decimal = Decimal(0)  # Σ nb_classes
    devices: Decimal = Decimal(0)  # Σ (tablettes + ordinateurs)
    fibre: int = 0  # schools with connexion = fibre (a school with connectee = non is not)
    speed_sum: Decimal = Decimal(0)  # Σ debit_ressenti over the schools that answered it
    speed_answers: int = 0
    ent: int = 0  # schools with ent = oui
    support: int = 0  # schools with assistance_delai = jour or semaine


NEEDS_KEYS = ["nb_classes", "tablettes", "ordinateurs", "connexion", "debit_ressenti", "ent", "assistance_delai"]


def school_figures_by_commune(campaign: Campaign, departement: Territory) -> dict[int, CommuneSchoolFigures]:
    """Per commune (Territory pk) of `departement` that the campaign targets or that answered it,
    the figures of its organisations' submitted responses (respondents 0: targeted, no answer).
    Three GROUP BY queries whatever the number of communes."""
    submitted = Response.objects.filter(
        campaign=campaign, status=ResponseStatus.SUBMITTED, organisation__territory__departement=departement
    )
    figures: dict[int, CommuneSchoolFigures] = {}
    targeted = CampaignTarget.objects.filter(campaign=campaign, organisation__territory__departement=departement)
    for commune in targeted.values_list("organisation__territory_id", flat=True).distinct().order_by():
        figures[commune] = CommuneSchoolFigures()
    for row in submitted.values(commune=F("organisation__territory_id")).annotate(n=Count("pk")).order_by():
        figures[row["commune"]] = CommuneSchoolFigures(respondents=row["n"])
    rows = (
        Answer.objects.filter(response__in=submitted, key__in=NEEDS_KEYS)
        .values("key", "choice", commune=F("response__organisation__territory_id"))
        .annotate(n=Count("response", distinct=True), total=Sum("number"))
        .order_by()
    )
    for row in rows:
        found = figures.get(row["commune"])
        if found is None:
            continue
        key, choice, total = row["key"], row["choice"], row["total"] or Decimal(0)
        if key == "nb_classes":
            found.classes += total
        elif key in ("tablettes", "ordinateurs"):
            found.devices += total
        elif key == "connexion" and choice == "fibre":
            found.fibre += row["n"]
        elif key == "debit_ressenti":
            found.speed_sum += total
            found.speed_answers += row["n"]
        elif key == "ent" and choice == "oui":
            found.ent += row["n"]
        elif key == "assistance_delai" and choice in ("jour", "semaine"):
            found.support += row["n"]
    return figures


# --- Aggregates (the organisation's comparison, and the dashboards of issue 28)


@dataclass
class TerritoryAggregate:
    """The submitted responses of one territory to one campaign: how many organisations
    responded, and per question key the count per choice, the mean and the sum of numbers."""

    code: str
    respondents: int
    choices: dict[str, dict[str, int]]  # key -> choice -> organisations
    answered: dict[str, int]  # key -> organisations that answered it
    means: dict[str, Decimal]  # key -> mean of a number or scale
    sums: dict[str, Decimal] = field(default_factory=dict)  # key -> sum of a number (ratios of sums)

    @property
    def suppressed(self) -> bool:
        return self.respondents < SMALL_CELL


AGGREGATE_LEVELS = ("nation", "region", "departement", "epci", "commune", "organisation")


def _aggregate_key(by: str, prefix: str) -> Any:
    """The code of the territory of level `by` a response counts in, from its organisation's
    territory (reached through `prefix`): None when the organisation lies in none of that level.
    The nation is one key, ""."""
    if by == "departement":
        return _departement_of(prefix)
    if by == "epci":
        return F(f"{prefix}territory__epci__code")
    if by == "commune":
        return Case(When(**{f"{prefix}territory__kind": TerritoryKind.COMMUNE}, then=F(f"{prefix}territory__code")))
    if by == "region":
        # By kind, not Coalesce: a région's code can also be a département's ("84").
        return Case(
            When(**{f"{prefix}territory__kind": TerritoryKind.REGION}, then=F(f"{prefix}territory__code")),
            default=F(f"{prefix}territory__region__code"),
        )
    if by == "nation":
        return Value("", output_field=CharField())
    if by == "organisation":
        return F(f"{prefix}slug")
    raise ValueError(f"Unknown aggregate level: {by}")


def _within_territory(prefix: str, territory: Territory | None) -> Q:
    """Responses whose organisation lies in `territory` (None: anywhere)."""
    if territory is None:
        return Q()
    path = f"{prefix}territory"
    return (
        Q(**{path: territory})
        | Q(**{f"{path}__region": territory})
        | Q(**{f"{path}__departement": territory})
        | Q(**{f"{path}__epci": territory})
    )


def campaign_aggregates(
    campaign: Campaign,
    *,
    by: str = "departement",
    within: Territory | None = None,
    organisations: list[int] | None = None,
) -> dict[str, TerritoryAggregate]:
    """Per territory code of level `by` (AGGREGATE_LEVELS; the nation's code is "", an
    organisation's its slug), the aggregate of the campaign's submitted responses, optionally only
    those of organisations `within` a territory or among `organisations` (ids): three GROUP BY
    queries whatever the number of responses. Callers show nothing from a territory with fewer
    than SMALL_CELL respondents (`suppressed`) on public pages."""
    submitted = Response.objects.filter(
        _within_territory("organisation__", within), campaign=campaign, status=ResponseStatus.SUBMITTED
    )
    if organisations is not None:
        submitted = submitted.filter(organisation__in=organisations)
    territory = _aggregate_key(by, "organisation__")
    aggregates: dict[str, TerritoryAggregate] = {}
    for row in submitted.values(code=territory).annotate(n=Count("pk")).order_by():
        if row["code"] is not None:
            aggregates[row["code"]] = TerritoryAggregate(row["code"], row["n"], {}, {}, {})
    answer_territory = _aggregate_key(by, "response__organisation__")
    answers = Answer.objects.filter(response__in=submitted)
    for row in (
        answers.exclude(choice="")
        .values("key", "choice", code=answer_territory)
        .annotate(n=Count("response", distinct=True))
        .order_by()
    ):
        if row["code"] in aggregates:
            aggregates[row["code"]].choices.setdefault(row["key"], {})[row["choice"]] = row["n"]
    for row in (
        answers.values("key", code=answer_territory)
        .annotate(n=Count("response", distinct=True), mean=Avg("number"), total=Sum("number"))
        .order_by()
    ):
        if row["code"] in aggregates:
            aggregates[row["code"]].answered[row["key"]] = row["n"]
            if row["mean"] is not None:
                aggregates[row["code"]].means[row["key"]] = Decimal(row["mean"]).quantize(Decimal("0.1"))
                aggregates[row["code"]].sums[row["key"]] = Decimal(row["total"])
    return aggregates


def closed_campaign(family: str, pk: int, *, today: date) -> Campaign | None:
    """One closed campaign of a questionnaire family, by id (the open data's file per campaign)."""
    return Campaign.objects.closed_on(today).filter(pk=pk, questionnaire__family=family).first()


def closed_campaigns_answered_within(
    family: str, *, today: date, territory: Territory | None, limit: int = 2
) -> list[Campaign]:
    """The most recent closed campaigns of a questionnaire family (any version: the keys are
    stable) with at least one submitted response from inside `territory` (None: anywhere), newest
    first: a territory's page compares the latest with the one before. One query."""
    answered = Response.objects.filter(
        _within_territory("organisation__", territory), campaign=OuterRef("pk"), status=ResponseStatus.SUBMITTED
    )
    campaigns = Campaign.objects.closed_on(today).filter(Exists(answered), questionnaire__family=family)
    return list(campaigns.select_related("questionnaire").order_by("-closes_on", "-pk")[:limit])


def latest_closed_campaign(family: str, *, today: date, agency: Organisation | None = None) -> Campaign | None:
    """The most recently closed campaign of a questionnaire family (any version: the keys are
    stable), for the dashboards' year-on-year comparison."""
    campaigns = Campaign.objects.closed_on(today).filter(questionnaire__family=family)
    if agency is not None:
        campaigns = campaigns.filter(agency=agency)
    return campaigns.select_related("questionnaire").order_by("-closes_on", "-pk").first()


def organisation_departement_code(organisation: Organisation) -> str:
    territory = organisation.territory
    if territory.kind == TerritoryKind.DEPARTEMENT:
        return territory.code
    if territory.departement_id is None:
        return territory.code
    departement = Territory.objects.filter(pk=territory.departement_id).values_list("code", flat=True).first()
    return departement or territory.code
