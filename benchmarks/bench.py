"""The benchmark of issue 13: every figure from one run, each ratio measured in that run.

- Throughput on the lokal-2021 benchmark corpus (benchmarks/corpus.py): the full check (schema check, rulebook,
  engine, findings, decision) on durable and on reference, each engine alone, and the floor — ten rules written
  by hand in plain Python (benchmarks/floor.py) — beside the reference engine on the same ten rules. CPU time of
  this process, in interleaved rounds (the order rotates every round, the collector runs before each timing);
  the median round counts, and each ratio is the median of the ratios within a round. The machine is shared:
  CPU time and rounds keep other load out of the figures as far as they can.
- How each shipped rulebook's rule parts are decided on durable (forskrift rules ID --format json).
- The size of a result line (`check --format jsonl`) on the corpus.
- `diff` of the corpus between two rulebooks, in this process (CPU and wall): on its default engine (the
  reference evaluator, analysis/diff.py DIFF_ENGINE) and on durable.
- The cold start of `forskrift check ONE.json` (a fresh process: CPU time of the child, median of --runs).

    python benchmarks/bench.py [--cases 2000] [--rounds 5] [--diff-cases 10000] [--runs 7]

It is a script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
import floor  # noqa: E402

from forskrift import __version__, jsonio  # noqa: E402
from forskrift.analysis.diff import DIFF_ENGINE, diff  # noqa: E402
from forskrift.check import Checker  # noqa: E402
from forskrift.engine import durable  # noqa: E402
from forskrift.engine.reference import ReferenceEngine  # noqa: E402
from forskrift.rulebook import registry  # noqa: E402

AIMS = {"durable cases/s": 2000, "durable × reference": 1.5, "reference × floor": 5.0, "diff s": 10.0,
        "cold CPU s": 0.25}


def _pass(function, docs) -> float:
    gc.collect()
    start = time.process_time()
    for doc in docs:
        function(doc)
    return time.process_time() - start


def rounds(contestants: dict, docs, n: int) -> list[dict]:
    """CPU seconds per contestant per round, the order rotated each round."""
    names = list(contestants)
    out = []
    for r in range(n):
        order = names[r % len(names):] + names[:r % len(names)]
        out.append({name: _pass(contestants[name], docs) for name in order})
    return out


def cold_start(case: Path, runs: int) -> tuple[float, float]:
    """(median CPU s, median wall s) of `forskrift check ONE.json` in a fresh process (bytecode and caches warm)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    argv = [sys.executable, "-m", "forskrift", "check", str(case)]
    subprocess.run(argv, env=env, capture_output=True, cwd=ROOT)
    cpus, walls = [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, _, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


def _mark(ok: bool) -> str:
    return "aim met" if ok else "AIM MISSED"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="forskrift benchmark (issue 13)")
    parser.add_argument("--cases", type=int, default=2000, help="corpus size for throughput (default 2000)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--diff-cases", type=int, default=10_000, help="cases for the diff figure (default 10000)")
    parser.add_argument("--diff", nargs=2, default=("lokal-2021", "kollektiv-2026"), metavar=("FROM", "TO"))
    parser.add_argument("--runs", type=int, default=7, help="processes for the cold start (median)")
    args = parser.parse_args(argv)
    if not durable.available():
        print(f"durable-rules cannot be imported here ({durable.IMPORT_ERROR}); nothing to compare")
        return 1

    print(f"forskrift {__version__}, Python {platform.python_version()}, durable-rules {durable.durable_version()}, "
          f"{platform.machine()}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    docs = list(corpus.generate(max(args.cases, args.diff_cases)))
    bench_docs = docs[:args.cases]
    rulebook = registry.get("lokal-2021")
    on_durable = Checker(rules="lokal-2021", engine="durable", warn=lambda _m: None)
    on_reference = Checker(rules="lokal-2021", engine="reference", warn=lambda _m: None)
    ten = ReferenceEngine(SimpleNamespace(id="ten", rules=[r for r in rulebook.rules if r.id in floor.RULES]))
    contestants = {
        "durable, full check": on_durable.check_document,
        "reference, full check": on_reference.check_document,
        "durable engine alone": on_durable.engine_for(rulebook).evaluate,
        "reference engine alone": on_reference.engine_for(rulebook).evaluate,
        "reference engine, ten rules": ten.evaluate,
        "floor: ten rules by hand": floor.evaluate,
    }
    for function in contestants.values():   # warm up: engines built, caches filled
        for doc in bench_docs[:200]:
            function(doc)
    gc.collect()
    gc.freeze()
    table = rounds(contestants, bench_docs, args.rounds)
    n = len(bench_docs)
    print(f"\nthroughput on {n} lokal-2021 benchmark cases (benchmarks/corpus.py, seed 2021), CPU time, "
          f"{args.rounds} interleaved rounds, median round")
    median = {name: statistics.median(r[name] for r in table) for name in contestants}
    for name in contestants:
        print(f"  {name:<30}{n / median[name]:>10,.0f} cases/s {1e6 * median[name] / n:>9.0f} µs/case")

    def ratio(a, b):
        return statistics.median(r[a] / r[b] for r in table)

    def spread(a, b):
        each = sorted(r[a] / r[b] for r in table)
        return f"rounds {each[0]:.2f}–{each[-1]:.2f}×"

    full = ratio("durable, full check", "reference, full check")
    engines = ratio("durable engine alone", "reference engine alone")
    versus_floor = ratio("reference engine, ten rules", "floor: ten rules by hand")
    per_rule = ratio("reference, full check", "floor: ten rules by hand") * len(floor.RULES) / len(rulebook.rules)
    rate = n / median["durable, full check"]
    print("ratios within a round (median of the rounds)")
    print(f"  durable / reference, full check {full:>8.2f}×   ({_mark(full <= AIMS['durable × reference'])}: "
          f"≤ {AIMS['durable × reference']}×; {spread('durable, full check', 'reference, full check')})")
    print(f"  durable / reference, engine alone {engines:>6.2f}×   "
          f"({spread('durable engine alone', 'reference engine alone')})")
    print(f"  reference / floor, the same ten rules {versus_floor:>6.2f}×   "
          f"({_mark(versus_floor <= AIMS['reference × floor'])}: ≤ {AIMS['reference × floor']}×)")
    print(f"  reference full check / floor, per rule {per_rule:>5.2f}×   (the full check makes findings too)")
    print(f"  durable full check: {rate:,.0f} cases/s per core   ({_mark(rate >= AIMS['durable cases/s'])}: "
          f"≥ {AIMS['durable cases/s']:,})")

    print("\nrule parts decided on durable (forskrift rules ID --format json)")
    for book in registry.all_shipped():
        share = durable.decided_natively(book)
        print(f"  {book.id:<24}{share['share']:>7.1%} of {share['parts'] - share['constant']} parts: "
              f"{share['native']} native, {share['value_slots']} on value slots, {share['truth_slots']} truth "
              f"slots ({', '.join(sorted(share['truth_slot_defects'])) or 'none'})")

    sizes = sorted(len(jsonio.dumps_bytes(on_durable.check_document(doc))) for doc in bench_docs[:500])
    print(f"\nresult line (check --format jsonl) over {len(sizes)} cases: median {sizes[len(sizes) // 2] / 1024:.1f} "
          f"KB, largest {sizes[-1] / 1024:.1f} KB")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus.write(folder, args.diff_cases, docs=docs[:args.diff_cases])
        diff(args.diff[0], args.diff[1], [folder / "case-00000.json"])    # the rulebooks loaded, the engines made
        diff(args.diff[0], args.diff[1], [folder / "case-00000.json"], engine="durable")
        print()
        for engine in (None, "durable"):     # the default (the reference evaluator, DIFF_ENGINE) and durable
            gc.collect()
            cpu, wall = time.process_time(), time.perf_counter()
            result = diff(args.diff[0], args.diff[1], [folder], engine=engine)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            s = result["summary"]
            del result
            print(f"diff {args.diff[0]} -> {args.diff[1]} ({engine or 'default: ' + DIFF_ENGINE}): {s['cases']} "
                  f"cases ({s['converted']} converted), {s['decisions_changed']} decisions turned, in {cpu:.2f} s "
                  f"CPU ({wall:.2f} s wall)   ({_mark(cpu < AIMS['diff s'])}: < {AIMS['diff s']:.0f} s)")
        cold_cpu, cold_wall = cold_start(folder / "case-00000.json", args.runs)
        print(f"cold single check (forskrift check ONE.json, median of {args.runs} processes): {cold_cpu:.3f} s CPU "
              f"({cold_wall:.3f} s wall)   ({_mark(cold_cpu < AIMS['cold CPU s'])}: < {AIMS['cold CPU s']} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
