"""The benchmark harness (issue 14): each benchmark runs our code and a peer doing the floor of
the same work in the same process, and reports ours ÷ peer with query counts. Absolute times on
a shared machine are noise; ratios are the figures.

A benchmark is a function registered with @benchmark: it receives the size to run at and
returns a Result. `python -m bench` (make bench) runs them on a fresh test database and writes
bench/results.md; tests/bench/ runs each once at a tiny size under `make test`."""

import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext


@dataclass
class Result:
    id: str
    workload: str
    size: int
    ours: float  # seconds, or the figure named by `unit`
    peer: float
    ratio: float  # ours ÷ peer, as the target states it
    target: str  # e.g. "≤ 2× peer"
    met: bool
    queries: str = ""  # e.g. "ours 12, peer 1" or "1k: 27, 10k: 27"
    unit: str = "s"
    note: str = ""


@dataclass(frozen=True)
class Benchmark:
    id: str
    title: str
    run: Callable[[int], Result]
    full_size: int
    quick_size: int
    tiny_size: int
    needs_processes: bool = False  # starts qcluster or gunicorn: needs committed data
    tags: tuple[str, ...] = field(default_factory=tuple)


REGISTRY: dict[str, Benchmark] = {}


def benchmark(id: str, title: str, *, full: int, quick: int, tiny: int, needs_processes: bool = False):
    def register(func: Callable[[int], Result]) -> Callable[[int], Result]:
        REGISTRY[id] = Benchmark(id, title, func, full, quick, tiny, needs_processes)
        return func

    return register


@contextmanager
def timer():
    """with timer() as elapsed: …; elapsed() gives the seconds spent inside the block."""
    started = time.perf_counter()
    box = {"end": None}
    try:
        yield lambda: (box["end"] or time.perf_counter()) - started
    finally:
        box["end"] = time.perf_counter()


@contextmanager
def counted():
    """with counted() as queries: …; len(queries) counts every statement, transactions included."""
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        yield captured


def load_all() -> dict[str, Benchmark]:
    """Import every bench/b*.py and p*.py (against real peers) module so that their @benchmark decorators run."""
    import importlib
    import pkgutil

    import bench

    for module in pkgutil.iter_modules(bench.__path__):
        if module.name[:1] in ("b", "p") and module.name[1:2].isdigit():
            importlib.import_module(f"bench.{module.name}")
    return dict(sorted(REGISTRY.items()))
