"""CPU time of reading hostile case files of growing size (the path of `check`: read, nesting check, schema
validation, evaluation), to show that it grows in proportion to the input: the figure per KB should stay
about the same as the size doubles. The first shape, an unterminated string of escaped quotes, took 43 s at
80 KB before the nesting pre-scan was made linear.

    python benchmarks/bench_hostile.py [--sizes 80,160,1024,5120] [--engine durable]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forskrift.check import Checker  # noqa: E402
from forskrift.errors import ForskriftError  # noqa: E402

EXAMPLE = json.loads((ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json").read_text("utf-8"))


def _case_with(field: str, value) -> bytes:
    doc = json.loads(json.dumps(EXAMPLE))
    doc["behovsmelding"][field] = value
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def shapes(size: int) -> dict[str, bytes]:
    """Each shape is about `size` bytes."""
    measures = EXAMPLE["behovsmelding"]["measures"]
    one = len(json.dumps(measures[0]))
    return {
        "unterminated string of \\\"": b'{"a": "' + b'\\"' * (size // 2),
        "unterminated string of text": b'{"a": "' + b"x" * size,
        "many short strings": b'[' + b'"x",' * (size // 4),
        "lone quotes": b'{"a": ' + b'"x' * (size // 2),
        "open brackets": b"[" * size,
        "brackets in strings": b'["' + b"[{" * (size // 2) + b'"]',
        "deep then string": b"[" * 60 + b'"' + b"\\\\" * (size // 2),
        "many keys": b"{" + b",".join(b'"k%d": 1' % i for i in range(size // 10)) + b"}",
        "long valid text field": _case_with("priorities", ["ø" * (size // 2)]),
        "many valid measures": _case_with("measures", measures * max(1, size // one)),
        "many invalid measures": _case_with("measures", [{"title": 17}] * (size // 14)),
        "distinct objects, unique items": _case_with("measures", [dict(measures[0], target_groups=[
            {"a": i} for i in range(size // 13)])]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="80,160,1024,5120", help="sizes in KB (default 80,160,1024,5120)")
    parser.add_argument("--engine", default=None)
    args = parser.parse_args()
    checker = Checker(engine=args.engine, max_bytes=8 * 1024 * 1024, warn=lambda _m: None)
    sizes = [int(s) * 1024 for s in args.sizes.split(",")]
    print(f"{'shape':32} " + " ".join(f"{s // 1024:>7} KB" for s in sizes) + "   (CPU s; ms per KB at the largest)")
    for name in shapes(1024):
        row = []
        for size in sizes:
            data = shapes(size)[name]
            start = time.process_time()
            try:
                checker.check_bytes(data, "hostile.json")
            except ForskriftError:
                pass
            row.append((time.process_time() - start, len(data)))
        per_kb = row[-1][0] * 1000 / (row[-1][1] / 1024)
        print(f"{name:32} " + " ".join(f"{t:10.3f}" for t, _ in row) + f"   {per_kb:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
