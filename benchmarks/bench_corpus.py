"""Benchmark over the corpus: check every case under its rulebook, and the lokal-2021 → kollektiv-2026 diff.

    python benchmarks/bench_corpus.py [--engine durable|reference] [--repeat N]

Prints the median wall time of each step and the per-case time. Not a test: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import timed  # noqa: E402

from forskrift.analysis.diff import DIFF_ENGINE, diff  # noqa: E402
from forskrift.check import Checker  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=("durable", "reference"), default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = ROOT / "cases" / "corpus"
    checker = Checker(engine=args.engine, warn=lambda m: None)
    list(checker.check_paths([corpus]))  # load rulebooks and build engines once
    seconds, results = timed(lambda: list(checker.check_paths([corpus])), args.repeat)
    n = len(results)
    print(f"check  {n} cases: {seconds:.3f} s ({1000 * seconds / n:.2f} ms per case, engine {checker.engine_name})")
    seconds, result = timed(lambda: diff("lokal-2021", "kollektiv-2026", [corpus], engine=args.engine), args.repeat)
    s = result["summary"]
    print(f"diff   {s['cases']} cases compared, {s['decisions_changed']} decisions changed: {seconds:.3f} s "
          f"(engine {args.engine or DIFF_ENGINE})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
