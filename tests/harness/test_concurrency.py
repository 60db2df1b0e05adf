"""The concurrency helper itself: outcomes per worker, crashes reported, never swallowed."""

import os

from django.db import connection

import pytest

from lms.accounts.models import User
from tests.helpers.concurrency import ConcurrencyCrash, assert_no_crash, run_concurrently


def create_user(index):
    return User.objects.create_user(email=f"concurrent{index}@exemple.fr").pk


def test_threads_all_report_and_all_rows_land(transactional_site):
    """Twelve threads writing at once all succeed, and the database holds their twelve rows."""
    outcomes = run_concurrently(create_user, workers=12)
    assert_no_crash(outcomes)
    assert [o.worker for o in outcomes] == list(range(12))
    assert User.objects.filter(email__startswith="concurrent").count() == 12
    assert {o.value for o in outcomes} == set(User.objects.values_list("pk", flat=True))


def test_a_crashing_worker_is_reported_with_its_error(transactional_site):
    """When workers collide on a unique e-mail, the helper reports each crash with its traceback."""

    def same_email(index):
        return User.objects.create_user(email="collision@exemple.fr").pk

    outcomes = run_concurrently(same_email, workers=6)
    crashed = [o for o in outcomes if not o.ok]
    assert len(crashed) == 5
    assert all("IntegrityError" in o.error and "Traceback" in o.traceback for o in crashed)
    with pytest.raises(ConcurrencyCrash, match="5 of 6 concurrent workers crashed"):
        assert_no_crash(outcomes)
    assert User.objects.filter(email="collision@exemple.fr").count() == 1


@pytest.fixture
def postgresql(transactional_site):
    if connection.vendor != "postgresql":
        pytest.skip("Process-based concurrency runs on PostgreSQL (run by the postgres stage).")


@pytest.mark.postgres_only
def test_processes_all_report_and_all_rows_land(postgresql):
    """On PostgreSQL, eight forked processes write at once; each reports and every row lands."""
    outcomes = run_concurrently(create_user, workers=8, processes=True)
    assert_no_crash(outcomes)
    assert User.objects.filter(email__startswith="concurrent").count() == 8


@pytest.mark.postgres_only
def test_a_process_that_dies_is_reported(postgresql):
    """A process killed mid-way (os._exit) is reported as a crash rather than silently missing."""

    def die_on_odd(index):
        if index % 2:
            os._exit(3)
        return index

    outcomes = run_concurrently(die_on_odd, workers=4, processes=True)
    assert [o.ok for o in outcomes] == [True, False, True, False]
    assert "died without reporting" in outcomes[1].error
