"""The benchmark of issue 6: prints a table of

- cases per second of `check` per rulebook and per backend (durable and reference in the same run, and their
  ratio), from parsed document to result (schema check, rulebook choice, engine, findings, decision), on a
  generated corpus (benchmarks/corpus.py); CPU time of this process, so that other load on the machine counts
  less; the engine alone (facts + evaluation) is shown beside it;
- cases per second of `forskrift diff` over the corpus under two rulebooks, when that command exists;
- the cold start of `forskrift --version` and of a single-case check (wall time of a subprocess, median);
- the wall time and peak memory (ru_maxrss of the subprocess) of a batch over the whole corpus, in one process
  and with --jobs.

    python benchmarks/bench.py [--cases 10000] [--repeat 3] [--jobs N]

It is a script, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402

from forskrift import __version__, cli  # noqa: E402
from forskrift.check import Checker  # noqa: E402
from forskrift.engine import durable  # noqa: E402
from forskrift.rulebook import registry  # noqa: E402

TARGET_RATE, TARGET_RATIO, TARGET_COLD = 5000, 1.5, 0.3


def _env() -> dict:
    """The environment of the subprocesses: bytecode caching on (an installed package has its .pyc files)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _forskrift(*args) -> list[str]:
    return [sys.executable, "-m", "forskrift", *map(str, args)]


def _rate(function, docs, repeat: int) -> tuple[float, float]:
    """(cases per CPU second, cases per wall second): the best of `repeat` passes over the docs."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        gc.collect()
        cpu, wall = time.process_time(), time.perf_counter()
        for doc in docs:
            function(doc)
        best_cpu = min(best_cpu, time.process_time() - cpu)
        best_wall = min(best_wall, time.perf_counter() - wall)
    return len(docs) / best_cpu, len(docs) / best_wall


def throughput(docs, repeat: int) -> list[dict]:
    rows = []
    engines = ["durable", "reference"] if durable.available() else ["reference"]
    fmt = docs[0]["format"]
    for rulebook in registry.all_shipped():
        if fmt not in rulebook.reads:
            continue
        per_engine = {}
        for engine in engines:
            checker = Checker(rules=str(rulebook.folder), engine=engine, warn=lambda _m: None)
            for doc in docs[:200]:
                checker.check_document(doc)   # warm up: engine built, caches filled
            evaluator = checker.engine_for(rulebook)
            full = _rate(checker.check_document, docs, repeat)
            alone = _rate(evaluator.evaluate, docs, repeat)
            per_engine[engine] = (full, alone)
        for engine in engines:
            (full_cpu, full_wall), (alone_cpu, _) = per_engine[engine]
            ratio = (per_engine["reference"][0][0] / full_cpu) if engine == "durable" and "reference" in per_engine \
                else None
            rows.append({"rulebook": rulebook.id, "engine": engine, "cpu": full_cpu, "wall": full_wall,
                         "engine_alone": alone_cpu, "ratio": ratio,
                         "ratio_alone": (per_engine["reference"][1][0] / alone_cpu)
                         if engine == "durable" and "reference" in per_engine else None})
    return rows


def cold_start(case: Path, runs: int) -> dict:
    env = _env()
    subprocess.run(_forskrift("check", case), env=env, capture_output=True, cwd=ROOT)   # writes .pyc files
    out = {}
    for name, argv in (("forskrift --version", _forskrift("--version")),
                       ("forskrift check ONE.json", _forskrift("check", case))):
        walls, cpus = [], []
        for _ in range(runs):
            start = time.perf_counter()
            proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(proc.pid, 0)
            walls.append(time.perf_counter() - start)
            cpus.append(usage.ru_utime + usage.ru_stime)
        out[name] = (statistics.median(walls), statistics.median(cpus))
    return out


# Runs a command and writes its resource usage (all its descendants included) to a file. It is a small,
# fresh interpreter, because a process's peak RSS starts at its parent's size at fork: measured straight from
# this script, which holds the corpus in memory, every child would seem as large as the benchmark itself.
_MEASURE = ("import json, resource, subprocess, sys\n"
            "code = subprocess.call(sys.argv[2:])\n"
            "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "open(sys.argv[1], 'w').write(json.dumps({'code': code, 'maxrss_kb': u.ru_maxrss,"
            " 'cpu': u.ru_utime + u.ru_stime}))\n")


def batch(folder: Path, n: int, jobs: int) -> list[dict]:
    rows = []
    for j in sorted({1, jobs}):
        with tempfile.NamedTemporaryFile("r", suffix=".json") as stats:
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-S", "-c", _MEASURE, stats.name,
                                     *_forskrift("check", folder, "--format", "jsonl", "--jobs", j)],
                                    env=_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            lines = sum(1 for _ in proc.stdout)
            err = proc.stderr.read().decode()
            proc.wait()
            wall = time.perf_counter() - start
            usage = json.loads(Path(stats.name).read_text())
        rows.append({"jobs": j, "wall": wall, "cpu": usage["cpu"], "results": lines, "files": n,
                     "maxrss_mb": usage["maxrss_kb"] / 1024, "exit": usage["code"],
                     "summary": err.strip().splitlines()[-1] if err.strip() else ""})
    return rows


def diff_figure(folder: Path) -> str:
    if "diff" not in cli.COMMANDS:
        return "diff: not available (no `forskrift diff` command)"
    ids = [rb.id for rb in registry.all_shipped()]
    if len(ids) < 2:
        return f"diff: needs two rulebooks, found {', '.join(ids)}"
    helptext = subprocess.run(_forskrift("diff", "--help"), env=_env(), capture_output=True, text=True, cwd=ROOT)
    argv = _forskrift("diff", folder, "--from", ids[0], "--to", ids[1])
    start = time.perf_counter()
    proc = subprocess.run(argv, env=_env(), capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        return (f"diff: `{' '.join(map(str, argv[2:]))}` exited {proc.returncode}: "
                f"{(proc.stderr or helptext.stdout).strip().splitlines()[-1:]}")
    n = sum(1 for _ in folder.glob("*.json"))
    return f"diff: {n} cases under {ids[0]} and {ids[1]} in {wall:.2f} s wall ({n / wall:,.0f} cases/s)"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="forskrift benchmark (issue 6)")
    parser.add_argument("--cases", type=int, default=10_000, help="corpus size (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="passes per throughput figure; the best counts")
    parser.add_argument("--runs", type=int, default=7, help="subprocess runs per cold-start figure (median)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the parallel batch")
    args = parser.parse_args(argv)

    print(f"forskrift {__version__}, Python {platform.python_version()}, durable-rules "
          f"{durable.DURABLE_VERSION or 'not importable'}, {platform.machine()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    docs = list(corpus.generate(args.cases))
    gc.collect()
    gc.freeze()   # the corpus is held in memory for the throughput passes; keep the collector from rescanning it
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        corpus.write(folder, args.cases, docs=docs)
        print(f"corpus: {args.cases} generated lokal-2021 cases (benchmarks/corpus.py, seed 2021)\n")

        print("check, from parsed document to result, one process (CPU time; wall in brackets)")
        print(f"{'rulebook':<14}{'backend':<11}{'cases/s':>10}{'(wall)':>10}{'engine only':>13}"
              f"{'× reference':>13}{'engine ×':>10}")
        for row in throughput(docs, args.repeat):
            ratio = f"{row['ratio']:.2f}" if row["ratio"] else ""
            ratio_alone = f"{row['ratio_alone']:.2f}" if row["ratio_alone"] else ""
            print(f"{row['rulebook']:<14}{row['engine']:<11}{row['cpu']:>10,.0f}{row['wall']:>10,.0f}"
                  f"{row['engine_alone']:>13,.0f}{ratio:>13}{ratio_alone:>10}")
        print(f"targets: ≥ {TARGET_RATE:,} cases/s per core on durable; durable ≤ {TARGET_RATIO}× reference\n")

        print(diff_figure(folder) + "\n")

        print(f"cold start (subprocess, median of {args.runs}; target < {TARGET_COLD} s)")
        for name, (wall, cpu) in cold_start(folder / "case-00000.json", args.runs).items():
            print(f"  {name:<28}{wall:>7.3f} s wall {cpu:>7.3f} s CPU")
        print()

        print(f"batch: forskrift check CORPUS --format jsonl ({args.cases} files)")
        for row in batch(folder, args.cases, args.jobs):
            print(f"  --jobs {row['jobs']:<3}{row['wall']:>8.2f} s wall {row['results'] / row['wall']:>8,.0f} files/s  "
                  f"{row['cpu']:>7.2f} s CPU (all processes)  {row['results']} results of {row['files']} files  "
                  f"peak RSS {row['maxrss_mb']:.0f} MB (largest process)  exit {row['exit']}")
            print(f"            {row['summary']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
