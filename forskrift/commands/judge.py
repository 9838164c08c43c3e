"""`forskrift judge CASE --rule R --conclusion C --reason TEXT --by NAME`: record a caseworker's judgement on an
open finding of a case in its judgement document (X.judgements.json beside the case, or --file)."""

from __future__ import annotations

import datetime as _dt
import json
import sys
from pathlib import Path

from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import DocumentError, UsageError
from ..judgements import record


def register(sub):
    p = sub.add_parser("judge", help="record a caseworker's judgement on an open finding of a case")
    p.add_argument("case", metavar="CASE.json")
    p.add_argument("--rule", required=True, metavar="ID", help="the rule whose finding is concluded")
    p.add_argument("--conclusion", required=True, choices=("met", "not_met", "information_received"))
    p.add_argument("--reason", required=True, help="the reason (begrunnelse); it goes into the letter")
    p.add_argument("--by", required=True, metavar="NAME", help="who concludes")
    p.add_argument("--value", action="append", default=[], metavar="POINTER=JSON",
                   help="with information_received: a JSON pointer in the case and the JSON value received "
                   "(repeat for several), e.g. /partnerskap/binding=true")
    p.add_argument("--at", metavar="TIME", help="when (ISO 8601; default now, UTC)")
    p.add_argument("--file", metavar="FILE", help="the judgement document (default: CASE.judgements.json)")
    p.add_argument("--rules", metavar="ID", help="rulebook id or folder (default: by the case's date)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N")
    p.set_defaults(run=run)


def _values(items: list[str]) -> list[dict]:
    out = []
    for item in items:
        pointer, sep, text = item.partition("=")
        if not sep or not pointer.startswith("/"):
            raise UsageError(f"--value {item!r}: expected /json/pointer=JSON, e.g. /partnerskap/binding=true")
        try:
            value = json.loads(text)
        except ValueError:
            raise UsageError(f"--value {item!r}: {text!r} is not JSON (quote a text: '\"...\"')") from None
        out.append({"pointer": pointer, "value": value})
    return out


def _at(text: str | None) -> str:
    if text is None:
        return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    try:
        _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(f"--at {text!r}: expected an ISO 8601 time, e.g. 2026-03-02T10:15:00Z") from None
    return text


def run(args) -> int:
    from .. import judgements
    from ..check import Checker
    from ..documents.read import read_json_file
    case_path = Path(args.case)
    target = Path(args.file) if args.file else judgements.for_case(case_path)
    values = _values(args.value)
    if (args.conclusion == "information_received") != bool(values):
        raise UsageError("--value goes with --conclusion information_received, and only with it")
    checker = Checker(rules=args.rules, max_bytes=args.max_bytes)
    doc = read_json_file(case_path, max_bytes=args.max_bytes)
    result = checker.check_document(doc, str(case_path))
    document = judgements.load(target, args.max_bytes) if target.exists() else judgements.new_document(result)
    if document["case"]["document_hash"] != result["document_hash"] or document["case"]["id"] != result["case"]["id"]:
        raise DocumentError(f"the judgements in this file were made on another version of case "
                            f"{document['case']['id']} (document hash {document['case']['document_hash']}, the case "
                            f"is now {result['document_hash']}); move the file away and judge the case anew",
                            file=str(target), pointer="/case")
    if document["judgements"]:   # judge the finding as the judgements made so far leave it
        result = judgements.apply(checker, doc, str(case_path), document, str(target))
    entry = record(checker, doc, result, rule_id=args.rule, conclusion=args.conclusion, values=values,
                   reason=args.reason, by=args.by, at=_at(args.at), source=str(case_path))
    document["judgements"].append(entry)
    judgements.validate(document, str(target))
    target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{target}: judgement #{len(document['judgements']) - 1} on {args.rule} ({args.conclusion}) recorded",
          file=sys.stderr)
    return 0
