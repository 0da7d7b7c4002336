"""Generation benchmark: fact rows per second (generation + CSV), peak memory, and a naive baseline.

    python -m bench.generate --rows 1000000 --json            three library domains + baseline + the v2 spec
    python -m bench.generate --rows 1000000 --rss-rows 10000000 --json   also a 10M-row run in a subprocess
    python -m bench.generate --rows 1000000 --domains coherent_delivery --rss-rows 10000000 --json   v2 only

The spec v2 benchmark (`coherent_delivery`, tests/fixtures/specs/delivery.json) uses a grain-unique fact (order
items keyed by order and line number), a grid (store x day at 50% density), count constraints (items per order
from the order's item_count; order_value = the sum of its items, so orders are written after their items),
time order across tables (orders after the customer's signup and the store's opening, delivery after the
order) and `when` branches (delivery minutes, delivery time and ratings only for delivered orders).

The baseline generates 20K rows of the same spec the naive way (Faker per row, Python per value,
DataFrame.to_csv) in the same process; both rates count the rows of every fact table. By default the process is pinned to one core with
everything on one thread (DuckDB and Arrow limited to 1 thread); --pipelined lets the CSV encoding overlap
generation on a second thread. The --rss-rows run is always pipelined (the default mode of `factory generate`).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import factory.generate.api as api
from bench.naive import naive_generate
from factory.generate import generate_dataset
from factory.llm.offline.context import make_context
from factory.llm.offline.domains import all_domains
from factory.spec.models import Challenge

DOMAINS = ("quick_commerce", "food_delivery", "ecommerce")
#: spec v2 benchmark specs (challenge.json files)
V2_SPECS = {"coherent_delivery": Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "specs" / "delivery.json"}
#: frozen copies of the three library domains (beginner, every extra table; as built at f148c9a), so the figures
#: compare engines on the same specs while the library itself changes
FROZEN = Path(__file__).resolve().parent / "specs"
BASELINE_ROWS = 20_000


def library_challenge(key: str, seed: int = 42) -> Challenge:
    """A frozen domain spec (bench/specs), a v2 spec, or else a library domain at beginner difficulty (clean data,
    no messiness, every extra table on)."""
    path = V2_SPECS.get(key, FROZEN / f"{key}.json")
    if path.is_file():
        return Challenge.model_validate(json.loads(path.read_text(encoding="utf-8")))
    t = all_domains()[key]
    ctx = make_context(t.title, seed, "beginner", tier2_only=t.tier2_only, fiscal_start_month=t.fiscal_start_month,
                       extras=set(t.extras))
    problem, schema = t.build(ctx)
    return Challenge(id=f"bench-{key.replace('_', '-')}", seed=seed, difficulty="beginner", problem=problem, schema=schema)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_domain(key: str, rows: int, chunk_rows: int | None, formats: tuple[str, ...]) -> dict:
    """Generate `rows` main-fact rows of one domain; wall and CPU seconds, rows per second, output size."""
    ch = library_challenge(key)
    with tempfile.TemporaryDirectory(prefix="bench-gen-") as tmp:
        wall, cpu = time.perf_counter(), time.process_time()
        result = generate_dataset(ch, tmp, rows=rows, chunk_rows=chunk_rows, formats=formats)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        size = sum(p.stat().st_size for p in Path(tmp, "datasets").glob("*.csv"))
    total = sum(t.rows for t in result.tables.values())
    facts = sum(t.rows for name, t in result.tables.items() if ch.schema_.table(name).kind == "fact")
    return {"main_table": ch.schema_.main_table, "main_rows": rows, "fact_rows": facts, "all_rows": total,
            "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3), "fact_rows_per_s": round(facts / wall),
            "fact_rows_per_cpu_s": round(facts / cpu), "main_rows_per_s": round(rows / wall),
            "csv_mb": round(size / 2**20, 1)}


def run_baseline(key: str, rows: int) -> dict:
    """The naive way on the same spec: Faker per row, Python per value, DataFrame.to_csv."""
    ch = library_challenge(key)
    with tempfile.TemporaryDirectory(prefix="bench-naive-") as tmp:
        wall = time.perf_counter()
        written = naive_generate(ch, rows, Path(tmp))
        wall = time.perf_counter() - wall
    facts = sum(n for name, n in written.items() if ch.schema_.table(name).kind == "fact")
    return {"main_rows": rows, "fact_rows": facts, "seconds": round(wall, 3), "fact_rows_per_s": round(facts / wall)}


def rss_subprocess(key: str, rows: int, chunk_rows: int | None) -> dict:
    """Run one big generation in a fresh process and report its peak RSS."""
    cmd = [sys.executable, "-m", "bench.generate", "--child", key, "--rows", str(rows), "--json", "--pipelined"]
    if chunk_rows:
        cmd += ["--chunk-rows", str(chunk_rows)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main(argv: list[str] | None = None) -> None:
    """Run the benchmark and print its figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000, help="main fact rows per domain")
    ap.add_argument("--domains", default=",".join(DOMAINS), help="comma-separated library domains")
    ap.add_argument("--v2", default=",".join(V2_SPECS), help="comma-separated spec v2 benchmark specs ('' for none)")
    ap.add_argument("--rss-domain", default="", help="domain or v2 spec of the --rss-rows run (default: the first)")
    ap.add_argument("--chunk-rows", type=int, default=None)
    ap.add_argument("--formats", default="csv")
    ap.add_argument("--rss-rows", type=int, default=0, help="also run this many rows in a subprocess for peak RSS")
    ap.add_argument("--baseline-rows", type=int, default=BASELINE_ROWS)
    ap.add_argument("--pipelined", action="store_true",
                    help="let CSV encoding run on a second thread (default: everything pinned to one core)")
    ap.add_argument("--child", default="", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    api.BACKGROUND_WRITES = args.pipelined
    if not args.pipelined and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})  # one core for the whole process
    formats = tuple(args.formats.split(","))
    if args.child:
        out = run_domain(args.child, args.rows, args.chunk_rows, formats)
        out["pipelined"] = args.pipelined
        out["domain"], out["peak_rss_mb"] = args.child, round(peak_rss_mb())
        print(json.dumps(out))
        return
    domains = [d for d in args.domains.split(",") if d and d not in V2_SPECS]
    v2 = [d for d in [*args.v2.split(","), *args.domains.split(",")] if d in V2_SPECS]
    per_domain = {d: run_domain(d, args.rows, args.chunk_rows, formats) for d in domains}
    per_v2 = {d: run_domain(d, args.rows, args.chunk_rows, formats) for d in dict.fromkeys(v2)}
    result: dict = {"rows": args.rows, "domains": per_domain, "one_core": not args.pipelined}
    if per_domain:
        fact_rows = sum(r["fact_rows"] for r in per_domain.values())
        seconds = sum(r["seconds"] for r in per_domain.values())
        cpu = sum(r["cpu_seconds"] for r in per_domain.values())
        baseline = {d: run_baseline(d, args.baseline_rows) for d in domains}
        base_rate = sum(b["fact_rows"] for b in baseline.values()) / sum(b["seconds"] for b in baseline.values())
        result.update({"fact_rows_per_s": round(fact_rows / seconds), "fact_rows_per_cpu_s": round(fact_rows / cpu),
                       "baseline": baseline, "baseline_rows_per_s": round(base_rate),
                       "speedup_vs_baseline": round(fact_rows / seconds / base_rate, 1)})
    if per_v2:
        result["v2"] = per_v2
        result["v2_fact_rows_per_cpu_s"] = round(sum(r["fact_rows"] for r in per_v2.values())
                                                 / sum(r["cpu_seconds"] for r in per_v2.values()))
    result.update({"peak_rss_mb": round(peak_rss_mb()), "load_avg_1m": round(os.getloadavg()[0], 2),
                   "cpus": os.cpu_count()})
    if args.rss_rows:
        result["big_run"] = rss_subprocess(args.rss_domain or (domains + v2)[0], args.rss_rows, args.chunk_rows)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for d, r in {**per_domain, **per_v2}.items():
            print(f"{d:<20} {r['fact_rows_per_cpu_s']:>12,} fact rows/CPU s  ({r['cpu_seconds']} CPU s, "
                  f"{r['seconds']} s, {r['csv_mb']} MB CSV)")
        if per_domain:
            print(f"{'all':<20} {result['fact_rows_per_cpu_s']:>12,} fact rows/CPU s; baseline "
                  f"{result['baseline_rows_per_s']:,} rows/s -> x{result['speedup_vs_baseline']}")
        print(f"peak RSS {result['peak_rss_mb']} MB")
        if "big_run" in result:
            print(f"big run: {result['big_run']}")


if __name__ == "__main__":
    main()
