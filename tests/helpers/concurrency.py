"""Run one callable from N threads or N processes at once, and report each worker's outcome.

    outcomes = run_concurrently(complete_last_module, workers=20)
    assert_no_crash(outcomes)           # fails, with every traceback, if any worker raised
    assert Completion.objects.count() == 1

Workers wait behind a barrier, so they hit the database together. Each worker uses its own
database connection and closes it at the end. Use it with the `transactional_site` fixture:
rows created in a test transaction would be invisible to the other connections.

Processes are forked, so the callable may be a closure. SQLite allows them too, but the process
mode is meant for PostgreSQL, where threads share one Python interpreter and lock.
"""

import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from queue import Empty
from typing import Any

from django.db import connections

BARRIER_TIMEOUT = 30
JOIN_TIMEOUT = 120


@dataclass(frozen=True)
class Outcome:
    worker: int
    ok: bool
    value: Any = None
    error: str = ""  # "ExceptionClass: message"
    traceback: str = ""


class ConcurrencyCrash(AssertionError):
    pass


def _run_one(index: int, func: Callable, barrier) -> Outcome:
    try:
        barrier.wait(BARRIER_TIMEOUT)
        value = func(index)
        return Outcome(worker=index, ok=True, value=value)
    except BaseException as error:  # every crash is reported, none is swallowed
        return Outcome(
            worker=index,
            ok=False,
            error=f"{error.__class__.__name__}: {error}",
            traceback=traceback.format_exc(),
        )
    finally:
        connections.close_all()


def run_concurrently(func: Callable[[int], Any], *, workers: int, processes: bool = False) -> list[Outcome]:
    """Call `func(worker_index)` from `workers` threads (or forked processes) released together.

    Returns one Outcome per worker, ordered by index. A worker that never reported (hung or
    killed) is returned as a failed outcome, never dropped.
    """
    if processes:
        return _run_in_processes(func, workers)
    barrier = threading.Barrier(workers)
    results: dict[int, Outcome] = {}

    def target(index: int) -> None:
        results[index] = _run_one(index, func, barrier)

    threads = [threading.Thread(target=target, args=(index,), daemon=True) for index in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    return [
        results.get(index, Outcome(worker=index, ok=False, error="Timeout: the worker never reported"))
        for index in range(workers)
    ]


def _process_main(index: int, func: Callable, barrier, queue) -> None:
    # The parent closed its connections before forking, so this child opens its own.
    outcome = _run_one(index, func, barrier)
    try:
        queue.put(outcome)
    except Exception:  # the value could not be pickled: report that instead of losing the worker
        queue.put(Outcome(worker=index, ok=outcome.ok, error=outcome.error or "value not picklable"))


def _run_in_processes(func: Callable, workers: int) -> list[Outcome]:
    context = multiprocessing.get_context("fork")
    connections.close_all()  # nothing open crosses the fork
    barrier = context.Barrier(workers)
    queue = context.Queue()
    children = [context.Process(target=_process_main, args=(index, func, barrier, queue)) for index in range(workers)]
    for child in children:
        child.start()
    results: dict[int, Outcome] = {}
    deadline = time.monotonic() + JOIN_TIMEOUT
    while len(results) < workers and time.monotonic() < deadline:
        try:
            outcome = queue.get(timeout=0.2)
        except Empty:
            if any(child.is_alive() for child in children):
                continue
            # Every child has exited: whatever they sent is already in the pipe.
            try:
                outcome = queue.get(timeout=1)
            except Empty:
                break
        results[outcome.worker] = outcome
    for child in children:
        child.join(5)
        if child.is_alive():
            child.kill()
    return [
        results.get(index, Outcome(worker=index, ok=False, error="Crash: the process died without reporting"))
        for index in range(workers)
    ]


def assert_no_crash(outcomes: list[Outcome]) -> None:
    """Fail with every crashed worker's error and traceback."""
    crashed = [outcome for outcome in outcomes if not outcome.ok]
    if crashed:
        details = "\n".join(f"worker {o.worker}: {o.error}\n{o.traceback}" for o in crashed)
        raise ConcurrencyCrash(f"{len(crashed)} of {len(outcomes)} concurrent workers crashed:\n{details}")
