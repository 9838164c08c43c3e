"""`forskrift letter CASE --format docx|html`: write the draft decision letter (tilsagn, avslag, or for an
undetermined case a draft that says what is still open) from the office's templates."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import UsageError


def register(sub):
    p = sub.add_parser("letter", help="write the draft decision letter of a case (Word or HTML)")
    p.add_argument("case", metavar="CASE.json")
    p.add_argument("--judgements", metavar="FILE", help="the caseworker's judgements (X.judgements.json)")
    p.add_argument("--lang", choices=("nb", "nn"), default=None,
                   help="bokmål or nynorsk (default: the written standard the applicant has chosen)")
    p.add_argument("--format", choices=("docx", "html"), required=True)
    p.add_argument("-o", "--output", metavar="FILE", help="where to write (default: vedtak-<case>-<lang>.<format>"
                   " in the current folder; - for standard output)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the letter's date (default today)")
    p.add_argument("--templates", metavar="DIR", help="a folder with the office's own vedtak.docx, vedtak.html "
                   "and phrases-<lang>.yaml (default: the shipped ones)")
    p.add_argument("--rules", metavar="ID", help="rulebook id or folder (default: by the case's date)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    p.set_defaults(run=run)


def run(args) -> int:
    from .. import judgements
    from ..check import Checker
    from ..documents.read import read_json_file
    from ..letter.draft import make
    if args.date:
        try:
            _dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date {args.date!r}: expected YYYY-MM-DD") from None
    judged = judgements.load(Path(args.judgements), args.max_bytes) if args.judgements else None
    doc = read_json_file(Path(args.case), max_bytes=args.max_bytes)
    checker = Checker(rules=args.rules, max_bytes=args.max_bytes)
    draft = make(checker, doc, args.case, fmt=args.format, lang=args.lang, judgements=judged,
                 judgements_source=args.judgements or "", today=args.date, folder=args.templates)
    for item in (draft.result.get("judgements") or {}).get("not_applied", []):
        print(f"forskrift: warning: {args.judgements}: judgement #{item['index']} ({item['rule']}) not applied: "
              f"{item['reason']}", file=sys.stderr)
    if args.output == "-":
        sys.stdout.buffer.write(draft.data)
        sys.stdout.flush()
    else:
        out = Path(args.output or draft.filename)
        out.write_bytes(draft.data)
        what = "draft with the open points, no decision" if draft.decision == "undetermined" else "draft decision"
        print(f"{out}: {draft.decision} – {what} ({draft.lang}: {draft.lang_reason})", file=sys.stderr)
    if draft.decision == "undetermined":
        print("forskrift: the case is undetermined; the letter lists what is still open and decides nothing",
              file=sys.stderr)
        return 1
    return 0
