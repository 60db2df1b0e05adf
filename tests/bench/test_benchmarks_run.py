"""Each benchmark runs once at a tiny size, so that `make test` proves it still works. These
are not timed tests: the figures are `make bench`'s business (bench/results.md)."""

import pytest

from bench import peering
from bench.core import load_all

BENCHMARKS = load_all()


@pytest.mark.parametrize("bench_id", [bench_id for bench_id, bench in BENCHMARKS.items() if not bench.needs_processes])
@pytest.mark.django_db
def test_benchmark_runs_at_a_tiny_size(bench_id):
    bench = BENCHMARKS[bench_id]
    result = bench.run(bench.tiny_size)
    assert result.id == bench_id and result.ours > 0
    if bench_id.startswith("P"):
        # Against real peers (issue 35): they run only under `make bench`, never here.
        assert not peering.PEERS and result.peer == 0 and "peers not run" in result.note
    else:
        assert result.peer > 0 and result.ratio > 0


@pytest.mark.parametrize("bench_id", [bench_id for bench_id, bench in BENCHMARKS.items() if bench.needs_processes])
@pytest.mark.worker
def test_benchmark_with_processes_runs_at_a_tiny_size(bench_id, transactional_site):
    bench = BENCHMARKS[bench_id]
    result = bench.run(bench.tiny_size)
    assert result.id == bench_id and result.ours > 0 and result.peer > 0 and result.ratio > 0
