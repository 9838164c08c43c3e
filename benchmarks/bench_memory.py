"""Peak memory of `forskrift check` over a folder of N case files, per output format: results are written one
at a time, so the peak should stay flat (well under 200 MB) whatever N. Prints, per format and N, the peak RSS
of the main process (from the kernel, at its end) and the largest sum over the process and its workers
(sampled every 50 ms), the wall time, and checks that N files gave N results.

    python benchmarks/bench_memory.py [--files 1000,10000] [--formats text,json,jsonl] [--jobs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))


def make_folder(root: Path, n: int) -> Path:
    folder = root / f"n{n}"
    if folder.exists():
        return folder
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    for i in range(n):
        sub = folder / f"{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        doc = docs[i % len(docs)]
        doc["case"]["id"] = f"MEM-{i:06d}"
        (sub / f"case-{i:06d}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


def _tree_rss(pid: int) -> int:
    """RSS in KB of a process and its children (one level: the workers)."""
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            pids += [int(p) for p in handle.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


def measure(folder: Path, fmt: str, jobs: int, n: int) -> dict:
    out = folder.parent / f"out-{fmt}"
    start = time.perf_counter()
    with open(out, "wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "forskrift", "check", str(folder), "--format", fmt,
                                 "--jobs", str(jobs)], stdout=sink, stderr=subprocess.DEVNULL, cwd=ROOT)
        peak_tree = 0
        stop = threading.Event()

        def sample():
            nonlocal peak_tree
            while not stop.is_set():
                peak_tree = max(peak_tree, _tree_rss(proc.pid))
                time.sleep(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    wall = time.perf_counter() - start
    results = _count(out, fmt)
    out.unlink()
    return {"format": fmt, "files": n, "results": results, "exit": proc.returncode,
            "peak_main_mb": usage.ru_maxrss / 1024, "peak_tree_mb": peak_tree / 1024, "wall_s": wall}


def _count(path: Path, fmt: str) -> int:
    if fmt == "jsonl":
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)
    if fmt == "json":   # count the results without loading the array: each starts a line with two spaces
        with open(path, "rb") as handle:
            return sum(1 for line in handle if line.startswith(b"  {"))
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.startswith(b"Sak ") or line.startswith(b"Feil: "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", default="1000,10000", help="numbers of files (default 1000,10000)")
    parser.add_argument("--formats", default="text,json,jsonl")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--keep", metavar="FOLDER", help="make (and keep) the case folders here")
    args = parser.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="forskrift-mem-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'format':7} {'files':>8} {'results':>8} {'exit':>4} {'peak main MB':>13} {'peak all MB':>12} "
              f"{'wall s':>8}")
        for n in (int(x) for x in args.files.split(",")):
            folder = make_folder(root, n)
            for fmt in args.formats.split(","):
                r = measure(folder, fmt, args.jobs, n)
                print(f"{r['format']:7} {r['files']:>8} {r['results']:>8} {r['exit']:>4} {r['peak_main_mb']:>13.1f} "
                      f"{r['peak_tree_mb']:>12.1f} {r['wall_s']:>8.1f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
