"""`python -m bench [--quick] [--size N] [--only B0,B2]`: run the benchmarks on a throwaway test
database (SQLite file, or PostgreSQL and Redis through DATABASE_URL and REDIS_URL, as the tests)
and write their rows into bench/results.md."""

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"
HEADER = (
    "| date | commit | backend | id | workload | size | ours | peer | ratio | queries | target | met | note |\n"
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes: about a minute")
    parser.add_argument("--size", type=int, help="run every benchmark at this size")
    parser.add_argument("--only", help="comma-separated ids, e.g. B0,B2")
    parser.add_argument("--no-peers", action="store_true", help="P benchmarks: our side only")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch bench/results.md")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.test")
    os.environ.setdefault("PASSERELLE_VAR_DIR", str(Path(__file__).resolve().parents[1] / "var" / "bench"))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    from bench import peering
    from bench.core import load_all

    peering.PEERS = not args.no_peers

    benchmarks = load_all()
    wanted = set(args.only.split(",")) if args.only else set(benchmarks)
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    results = []
    try:
        for bench_id, bench in benchmarks.items():
            if bench_id not in wanted:
                continue
            size = args.size or (bench.quick_size if args.quick else bench.full_size)
            print(f"{bench_id} {bench.title} (size {size})…", flush=True)
            result = bench.run(size)
            print(
                f"  ours {result.ours:.4g} {result.unit} · peer {result.peer:.4g} {result.unit} · ratio "
                f"{result.ratio:.3g} · {result.queries} · target {result.target}: {'met' if result.met else 'MISSED'}"
                + (f" · {result.note}" if result.note else ""),
                flush=True,
            )
            results.append(result)
    finally:
        teardown_databases(old_config, verbosity=0)
    backend = connection.vendor
    if not args.no_write:
        write(results, backend)
    return 0 if all(result.met for result in results) else 1


def write(results, backend: str) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    rows = [
        f"| {date} | {commit} | {backend} | {r.id} | {r.workload} | {r.size} | {r.ours:.4g} {r.unit} | "
        f"{r.peer:.4g} {r.unit} | {r.ratio:.3g} | {r.queries} | {r.target} | "
        f"{'yes' if r.met else '**no**'} | {r.note} |\n"
        for r in results
    ]
    text = RESULTS.read_text() if RESULTS.exists() else ""
    if HEADER not in text:
        text = "# Benchmark results\n\nWritten by `make bench` (`python -m bench`); newest rows last.\n\n" + HEADER
    RESULTS.write_text(text + "".join(rows))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
