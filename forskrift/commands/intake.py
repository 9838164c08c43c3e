"""`forskrift import FILE.xlsx...`: filled intake workbooks → case documents (FILE.json beside each, or in
`-o DIR`). Every problem of every workbook is reported at once, naming sheet, cell and JSON pointer; a workbook
with problems gives no file, the others are still written; exit 2 if any had problems."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import UsageError


def register(sub):
    p = sub.add_parser("import", help="turn filled xlsx intake workbooks into case documents (JSON)")
    p.add_argument("paths", nargs="+", metavar="FILE.xlsx", help="filled workbooks made by `forskrift template`")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="write the case files here (default: beside each)")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb", help="language of the problems")
    p.add_argument("--check", action="store_true", help="also check each imported case and print its report")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..intake.importer import read_workbook
    out_dir = Path(args.output_dir) if args.output_dir else None
    if out_dir is not None and not out_dir.is_dir():
        raise UsageError(f"-o {args.output_dir}: no such folder")
    failed = 0
    written = []
    for name in args.paths:
        path = Path(name)
        if not path.is_file():
            print(f"{name}: no such file", file=sys.stderr)
            failed += 1
            continue
        document, problems = read_workbook(path, args.lang)
        if problems or document is None:
            failed += 1
            print(f"{name}: {len(problems)} " + ("problem" if len(problems) == 1 else "problemer"
                                                 if args.lang != "en" else "problems"), file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
            continue
        target = (out_dir or path.parent) / (path.stem + ".json")
        target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(target)
        print(f"{name} → {target}", file=sys.stderr)
    if args.check and written:
        from ..check import Checker
        from ..render.text import render_text
        checker = Checker(lang="en" if args.lang == "en" else "nb")
        print(render_text([checker.check_path(p) for p in written], checker.lang), end="")
    return 2 if failed else 0
