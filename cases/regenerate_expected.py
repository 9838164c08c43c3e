"""Rewrite the expected reports of the example cases: cases/<folder>/X.json → cases/<folder>/X.expected.txt.

The example folders are cases/lokal-2021 (FOR-2021-01-26-230), cases/kollektiv-2026 (the 2026 scheme) and
cases/tilrettelegging (applications for tilretteleggingsmidler, checked with the calls of their office).
Each X.expected.txt holds exactly what `python -m forskrift check cases/<folder>/X.json` prints, run from the
repository root (the relative path is part of the report). tests/test_examples.py and tests/test_tilrettelegging.py
compare the checker's output with these files, for both engines.

Run this only when a rule, a message or the report layout changed ON PURPOSE, then read the diff before you
commit it (`git diff cases/`): every changed line is a changed result for a caseworker.

    python cases/regenerate_expected.py            # rewrite every X.expected.txt
    python cases/regenerate_expected.py --check    # only report which files are out of date (exit 1 if any)

The reports are made with the default engine (durable where it imports); the script also runs the reference
engine and warns when the two disagree, which is an engine bug, not something to regenerate away.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (Path("cases") / "lokal-2021", Path("cases") / "kollektiv-2026", Path("cases") / "tilrettelegging")


def report(case: Path, engine: str | None = None) -> str:
    argv = [sys.executable, "-m", "forskrift", "check", case.as_posix()]
    if engine:
        argv += ["--engine", engine]
    run = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", check=False)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{case}: forskrift check failed (exit {run.returncode}):\n{run.stderr}")
    return run.stdout


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a file is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for case in sorted(case for folder in FOLDERS for case in (ROOT / folder).glob("*.json")):
        relative = case.relative_to(ROOT)
        text = report(relative)
        if report(relative, "reference") != text:
            print(f"warning: {relative}: the reference engine gives a different report", file=sys.stderr)
        target = case.with_name(case.name.removesuffix(".json") + ".expected.txt")
        old = target.read_text(encoding="utf-8") if target.exists() else None
        if old == text:
            continue
        stale += 1
        if args.check:
            print(f"out of date: {target.relative_to(ROOT)}")
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {target.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
