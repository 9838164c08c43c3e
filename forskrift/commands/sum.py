"""`forskrift sum PATH...`: add up the applications for tilretteleggingsmidler to an office and compare the sum
with the frame of its call (forskrift/analysis/frame.py)."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("sum", help="add up the applications for tilretteleggingsmidler per call and compare the "
                       "sum with the call's frame")
    p.add_argument("paths", nargs="+", metavar="PATH", help="application files, or folders of them")
    p.add_argument("--rules", metavar="ID", help="the call to count them under (default: the call of each "
                   "application's office and date)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb")
    p.add_argument("--engine", choices=("durable", "reference"), default=None)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis.frame import exit_code, render_text, tally, to_json
    report = tally(args.paths, rules=args.rules, engine=args.engine, lang=args.lang)
    if args.format == "json":
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(render_text(report, args.lang), end="")
    return exit_code(report)
