"""Reads for the territorial dashboards (issue 28): training figures per territory, set-based.

A person counts in a territory through the organisation that follows their enrolment
(`Enrolment.organisation.territory`): a commune's mairie or school counts in that commune, its
EPCI, département and région; an agency placed on a département counts in that département and
its région but in none of its communes. Every count is of distinct people, so a parent's figure
need not be the sum of its children's (a person followed in two communes counts once above).

`training_children` answers in a fixed number of queries (one for the children, two per source
for the children and two for the parent), however many children the territory has.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from certificates.models import Certificate, CertificateKind, CertificateStatus
from courses.models import Enrolment, EnrolmentStatus
from lms.audiences import AudienceCode
from lms.organisations.models import Territory, TerritoryKind

# The audience key for everyone, whatever their courses' audiences (a course can have several,
# or none): not the sum of the per-audience figures.
ALL = "all"
AUDIENCES: list[str] = [ALL, *AudienceCode.values]
MEASURES = ("enrolled", "completed", "certified")

# What a territory's page lists below it. A commune has no children.
CHILD_KIND: dict[str | None, str | None] = {
    None: TerritoryKind.REGION,
    TerritoryKind.REGION: TerritoryKind.DEPARTEMENT,
    TerritoryKind.DEPARTEMENT: TerritoryKind.COMMUNE,
    TerritoryKind.EPCI: TerritoryKind.COMMUNE,
    TerritoryKind.COMMUNE: None,
}


@dataclass
class TrainingFigures:
    """Distinct people: enrolled in a course (whatever the state), having completed one, holding
    a valid course attestation."""

    enrolled: int = 0
    completed: int = 0
    certified: int = 0


def _empty() -> dict[str, TrainingFigures]:
    return {audience: TrainingFigures() for audience in AUDIENCES}


@dataclass
class TrainingTable:
    """A territory's own figures (`parent`, per audience) and each child's, children in name order."""

    parent: dict[str, TrainingFigures] = field(default_factory=_empty)
    children: list[Territory] = field(default_factory=list)
    figures: dict[int, dict[str, TrainingFigures]] = field(default_factory=dict)


def territory_by_kind_and_code(kind: str, code: str) -> Territory | None:
    if kind not in (TerritoryKind.REGION, TerritoryKind.DEPARTEMENT, TerritoryKind.EPCI, TerritoryKind.COMMUNE):
        return None
    # With its département and EPCI: the page also reads the tables it appears in.
    found = Territory.objects.active().filter(kind=kind, code=code)
    return found.select_related("region", "departement", "epci").first()


def territory_children(territory: Territory | None) -> QuerySet[Territory]:
    """The territories a page lists below `territory` (None: the nation), current ones only."""
    kind = CHILD_KIND[territory.kind if territory else None]
    if kind is None:
        return Territory.objects.none()
    children = Territory.objects.active().filter(kind=kind)
    if territory is not None:
        link: dict[str, str] = {
            TerritoryKind.REGION: "region",
            TerritoryKind.DEPARTEMENT: "departement",
            TerritoryKind.EPCI: "epci",
        }
        children = children.filter(**{link[territory.kind]: territory})
    return children.only("pk", "kind", "code", "name", "population").order_by("name", "code")


def _within(prefix: str, territory: Territory | None) -> Q:
    """Rows whose organisation's territory is `territory` or lies inside it (None: anywhere)."""
    if territory is None:
        return Q(**{f"{prefix}__isnull": False})
    return (
        Q(**{prefix: territory})
        | Q(**{f"{prefix}__region": territory})
        | Q(**{f"{prefix}__departement": territory})
        | Q(**{f"{prefix}__epci": territory})
    )


def _child_key(prefix: str, child_kind: str) -> F | Coalesce:
    """The child a row counts in: the organisation's commune itself, or the département or région
    it lies in (an organisation placed on a département or région is its own key there)."""
    if child_kind == TerritoryKind.COMMUNE:
        return F(prefix)
    link = "departement" if child_kind == TerritoryKind.DEPARTEMENT else "region"
    return Coalesce(f"{prefix}__{link}_id", f"{prefix}_id")


def training_children(territory: Territory | None) -> TrainingTable:
    """Training figures of `territory` (None: the nation) and of each of its children, per audience.

    Nine queries whatever the number of children: the children, then for enrolments and for
    certificates, per child by audience, per child for all audiences, the parent by audience and
    the parent for all audiences."""
    table = TrainingTable()
    table.children = list(territory_children(territory))
    table.figures = {child.pk: _empty() for child in table.children}
    child_kind = CHILD_KIND[territory.kind if territory else None]

    enrolments = Enrolment.objects.filter(_within("organisation__territory", territory))
    enrolment_counts = {
        "enrolled": Count("user", distinct=True),
        "completed": Count("user", filter=Q(status=EnrolmentStatus.COMPLETED), distinct=True),
    }
    certificates = Certificate.objects.with_status(CertificateStatus.VALID).filter(
        _within("enrolment__organisation__territory", territory), kind=CertificateKind.COURSE
    )
    certificate_counts = {"certified": Count("user", distinct=True)}
    sources = [
        (enrolments, "organisation__territory", "course__audiences", enrolment_counts),
        (certificates, "enrolment__organisation__territory", "course__audiences", certificate_counts),
    ]
    for rows, prefix, audience_path, counts in sources:
        for row in rows.values(audience=F(audience_path)).annotate(**counts).order_by():
            _store(table.parent, row["audience"], row)
        _store(table.parent, ALL, rows.aggregate(**counts))
        if child_kind is None or not table.children:
            continue
        # A subquery, not a list of ids: a département has hundreds of communes, the nation 35,000.
        child_ids = territory_children(territory).values("pk")
        keyed = rows.annotate(child=_child_key(prefix, child_kind)).filter(child__in=child_ids)
        for row in keyed.values("child", audience=F(audience_path)).annotate(**counts).order_by():
            _store(table.figures[row["child"]], row["audience"], row)
        for row in keyed.values("child").annotate(**counts).order_by():
            _store(table.figures[row["child"]], ALL, row)
    return table


def _store(figures: dict[str, TrainingFigures], audience: str | None, row: dict) -> None:
    # Courses with no audience count only under ALL.
    if audience is None or audience not in figures:
        return
    for measure in MEASURES:
        if measure in row:
            setattr(figures[audience], measure, row[measure])
