"""`forskrift verify RESULT.json CASE.json [--rules ID|FOLDER]`: re-evaluate a case with the rulebook named (or
the shipped rulebook of the id the record names) and the engine the record names; exit 0 when every field is
reproduced, 1 when any differs (each is named), 2 on bad input."""

from __future__ import annotations

from pathlib import Path

from .. import jsonio
from ..documents.read import DEFAULT_MAX_BYTES


def register(sub):
    p = sub.add_parser("verify", help="re-check a case and compare with a stored result of `check --format json`")
    p.add_argument("result", metavar="RESULT.json", help="a stored result (JSON object, array or JSON lines)")
    p.add_argument("case", metavar="CASE.json", help="the case document the result is about")
    p.add_argument("--rules", metavar="ID|FOLDER", help="the rulebook to verify against (default: the shipped "
                   "rulebook of the id in the record; a folder named in the record is never used)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"largest case file accepted (default {DEFAULT_MAX_BYTES})")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..verify import render, verify
    verdict = verify(Path(args.result), Path(args.case), max_bytes=args.max_bytes, rules=args.rules)
    if args.format == "json":
        print(jsonio.dumps(verdict.to_json(), indent=True))
    else:
        print(render(verdict, args.result, args.case), end="")
    return 0 if verdict.identical else 1
