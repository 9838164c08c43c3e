"""`forskrift check PATH...`: check case files (or folders of them) and report findings and decisions."""

from __future__ import annotations

import datetime as _dt
import sys

from ..check import Checker, exit_code
from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import UsageError
from ..render.json_out import render_json
from ..render.text import render_text


def _date(text: str) -> str:
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"--date {text!r}: expected YYYY-MM-DD") from None


def register(sub):
    p = sub.add_parser("check", help="check case files and report findings with citations")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a case file, or a folder of case files")
    p.add_argument("--rules", metavar="ID", help="rulebook id or path of a rulebook folder (default: by date)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="choose the rulebook in force on this date")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("nb", "en"), default="nb")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="durable (default, the engine of record) or reference")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"largest case file accepted (default {DEFAULT_MAX_BYTES})")
    p.set_defaults(run=run)


def run(args) -> int:
    date = _date(args.date) if args.date else None
    checker = Checker(rules=args.rules, date=date, engine=args.engine, lang=args.lang, max_bytes=args.max_bytes)
    results = list(checker.check_paths(args.paths))
    if args.format == "json":
        single = len(args.paths) == 1 and len(results) == 1 and not _is_dir(args.paths[0])
        print(render_json(results, single=single))
    else:
        print(render_text(results, args.lang), end="")
    for result in results:
        if "error" in result:
            where = result["error"].get("file", result["file"])
            print(f"forskrift: invalid input: {where}"
                  + (f":{result['error']['line']}" if result["error"].get("line") else "")
                  + (f" {result['error']['pointer'] or '/'}" if result["error"].get("pointer") is not None else "")
                  + f": {result['error']['message']}", file=sys.stderr)
    return exit_code(results)


def _is_dir(path: str) -> bool:
    from pathlib import Path
    return Path(path).is_dir()
