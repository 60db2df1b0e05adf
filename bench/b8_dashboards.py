"""B8: the territorial dashboards (issue 28) served from their summary table, with the country's
communes loaded from the vendored COG data: the national page and a département's page through the
Django test client, each against a `SELECT COUNT(*)` over the same communes. The national page's
query count is also taken with only 100 communes active: it must not move with the number of
communes. The refresh (nightly, on the long cluster) is timed too, in the note."""

import statistics
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from bench.core import Result, benchmark, timer
from courses.models import Course, Enrolment, EnrolmentStatus
from dashboards.models import TerritoryFigure
from dashboards.services.refresh import dashboards_refresh
from lms.accounts.models import User
from lms.organisations.models import Organisation, OrganisationKind, Territory, TerritoryKind
from lms.organisations.services.territories import read_dataset, territories_load

TARGET = 20.0  # national page ≤ 20× the COUNT(*) over its communes
ROUNDS = 5
ORGANISATION_EVERY = 20  # one trained organisation per 20 communes, 1 to 12 people each
FEW = 100  # communes active for the second query count


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every statement run inside the block. Not bench.core.counted: the test client's
    request_started signal empties the query log mid-request outside pytest, which gave 0."""
    seen: list[str] = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def _median(func, rounds: int = ROUNDS) -> float:
    times = []
    for _round in range(rounds):
        with timer() as elapsed:
            func()
        times.append(elapsed())
    return statistics.median(times)


def _count(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def _train(tag: str, communes: list[Territory]) -> tuple[Course, list[int]]:
    """Organisations in one commune out of ORGANISATION_EVERY, each with 1 to 12 people enrolled
    (a third completed): small cells to suppress, large ones to show."""
    course = Course.objects.create(title=f"B8 {tag}", is_published=True, estimated_minutes=90)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.COMMUNE, name=f"B8 {commune.name}", slug=f"b8-{tag}-{commune.pk}", territory=commune
        )
        for commune in communes[::ORGANISATION_EVERY]
    )
    organisations = list(Organisation.objects.filter(slug__startswith=f"b8-{tag}-"))
    people = [
        (organisation, index) for number, organisation in enumerate(organisations) for index in range(number % 12 + 1)
    ]
    User.objects.bulk_create(
        (User(login_id=f"b8-{tag}-{i}", first_name="B", last_name=str(i)) for i in range(len(people))), batch_size=2000
    )
    users = dict(User.objects.filter(login_id__startswith=f"b8-{tag}-").values_list("login_id", "pk"))
    now = timezone.now()
    Enrolment.objects.bulk_create(
        (
            Enrolment(
                user_id=users[f"b8-{tag}-{i}"],
                course=course,
                organisation=organisation,
                enrolled_at=now,
                status=EnrolmentStatus.COMPLETED if i % 3 == 0 else EnrolmentStatus.ACTIVE,
                completed_at=now if i % 3 == 0 else None,
            )
            for i, (organisation, _index) in enumerate(people)
        ),
        batch_size=2000,
    )
    return course, [organisation.pk for organisation in organisations]


def _cleanup(tag: str, course: Course | None) -> None:
    with transaction.atomic():
        if course is not None:
            Enrolment.objects.filter(course=course).delete()
            course.delete()
        Organisation.objects.filter(slug__startswith=f"b8-{tag}-").delete()
        User.objects.filter(login_id__startswith=f"b8-{tag}-").delete()
        TerritoryFigure.objects.all().delete()


@benchmark("B8", "territorial dashboards", full=101, quick=8, tiny=1)
def run(size: int) -> Result:
    """`size` is a number of départements (the first ones by code); the whole country from 101."""
    codes = sorted(d["code"] for d in read_dataset("departements"))
    territories_load(departements=None if size >= len(codes) else codes[:size])
    communes = list(Territory.objects.active().filter(kind=TerritoryKind.COMMUNE).order_by("code"))
    tag = uuid.uuid4().hex[:8]
    course = None
    client = Client()
    try:
        course, _organisations = _train(tag, communes)
        # The national page's queries with only FEW communes active, then with all of them.
        inactive = [commune.pk for commune in communes[FEW:]]
        with transaction.atomic():
            Territory.objects.filter(pk__in=inactive).update(is_active=False)
            dashboards_refresh()
            with statements() as few_queries:
                assert client.get("/territoires/").status_code == 200
            Territory.objects.filter(pk__in=inactive).update(is_active=True)
        with timer() as refresh_time:
            figures = dashboards_refresh()
        with statements() as national_queries:
            assert client.get("/territoires/").status_code == 200
        national = _median(lambda: client.get("/territoires/"))
        peer_sql = "SELECT COUNT(*) FROM organisations_territory WHERE kind = %s AND is_active = %s"
        peer_national = _median(lambda: _count(peer_sql, [TerritoryKind.COMMUNE, True]))
        # The département with the most communes.
        by_departement: dict[int, int] = {}
        for commune in communes:
            if commune.departement_id:
                by_departement[commune.departement_id] = by_departement.get(commune.departement_id, 0) + 1
        departement = Territory.objects.get(pk=max(by_departement, key=lambda pk: by_departement[pk]))
        path = f"/territoires/departement/{departement.code}/"
        with statements() as departement_queries:
            assert client.get(path).status_code == 200
        page = _median(lambda: client.get(path))
        dep_sql = peer_sql + " AND departement_id = %s"
        peer_departement = _median(lambda: _count(dep_sql, [TerritoryKind.COMMUNE, True, departement.pk]))
    finally:
        _cleanup(tag, course)
    ratio = national / peer_national
    same_queries = len(few_queries) == len(national_queries)
    return Result(
        id="B8",
        workload=f"national page, {len(communes)} communes ({size} département(s))",
        size=size,
        ours=national,
        peer=peer_national,
        ratio=ratio,
        target=f"≤ {TARGET:g}× peer, same queries at {FEW} communes",
        met=ratio <= TARGET and same_queries,
        queries=f"{FEW} communes: {len(few_queries)}, {len(communes)}: {len(national_queries)}; "
        f"département page {len(departement_queries)}",
        note=(
            f"département {departement.code} ({by_departement[departement.pk]} communes): page {page * 1000:.1f} ms, "
            f"COUNT(*) {peer_departement * 1000:.2f} ms, ratio {page / peer_departement:.3g}; "
            f"refresh {refresh_time():.2f} s, {figures} figures"
        ),
    )
