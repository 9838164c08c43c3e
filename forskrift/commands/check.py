"""`forskrift check PATH...`: check case files (or folders of them) and report findings and decisions."""

from __future__ import annotations

import datetime as _dt
import sys
from collections import Counter
from pathlib import Path

from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import UsageError

# The engine, the schemas and the rulebooks are imported when the command runs, not when the parser is
# built, so that `forskrift --version` and `--help` start fast.


def _date(text: str) -> str:
    try:
        return _dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise UsageError(f"--date {text!r}: expected YYYY-MM-DD") from None


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise UsageError(f"--jobs {text!r}: expected a whole number of at least 1")
    return value


def _timeout(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise UsageError(f"--timeout {text!r}: expected a number of seconds (0 for no limit)")
    return value


def register(sub):
    p = sub.add_parser("check", help="check case files and report findings with citations")
    p.add_argument("paths", nargs="+", metavar="PATH", help="a case file, or a folder of case files")
    p.add_argument("--rules", metavar="ID", help="rulebook id or path of a rulebook folder (default: by date)")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="choose the rulebook in force on this date")
    p.add_argument("--format", choices=("text", "json", "jsonl", "report", "csv", "xlsx"), default="text",
                   help="text report; JSON results, language-neutral (an object, or an array for several files); "
                   "JSON lines (one result per line, written as each case is done); the report as JSON in --lang "
                   "(what the text report says, as data); or the overview: one row per case with owner, region, "
                   "scheme, year, amount, decision, deciding provisions and open questions, and totals per "
                   "region, owner and scheme, as csv or xlsx (forskrift/overview.py)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (required for --format xlsx)")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb",
                   help="language of the report: bokmål (default), nynorsk or English")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="durable (default, the engine of record) or reference")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"largest case file accepted (default {DEFAULT_MAX_BYTES})")
    p.add_argument("--jobs", type=str, default="1", metavar="N",
                   help="check in N worker processes (output keeps the input order; default 1)")
    p.add_argument("--judgements", metavar="FILE",
                   help="a caseworker's judgements on the open findings (X.judgements.json, see "
                   "schemas/judgements.schema.json): the decision is computed again with them; one case only")
    p.add_argument("--timeout", type=str, default=None, metavar="SECONDS",
                   help="time limit per file; a file that takes longer is reported as invalid and the batch goes "
                   "on (default 60; 0 for none)")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..batch import progress, run_batch, summary_line, work_items
    from ..check import Checker
    date = _date(args.date) if args.date else None
    jobs = _jobs(args.jobs)
    from ..batch import DEFAULT_TIMEOUT
    timeout = DEFAULT_TIMEOUT if args.timeout is None else _timeout(args.timeout)
    if args.max_bytes < 1:
        raise UsageError(f"--max-bytes {args.max_bytes}: expected a positive number of bytes")
    options = {"rules": args.rules, "date": date, "engine": args.engine, "lang": args.lang,
               "max_bytes": args.max_bytes}
    checker = Checker(**options)
    if args.judgements:
        return _run_judged(args, checker)
    options["engine"] = checker.engine_name
    items = work_items(args.paths)
    is_batch = len(items) != 1 or any(Path(p).is_dir() for p in args.paths)
    counts: Counter = Counter()
    bar = progress(len(items))
    if args.format == "xlsx" and not args.output:
        raise UsageError("--format xlsx needs -o FILE.xlsx")
    if args.format in ("csv", "xlsx"):
        try:
            _overview(args, run_batch(items, checker, options, jobs=jobs, timeout=timeout), counts, bar)
        finally:
            if bar is not None:
                bar.close()
    else:
        _write(args, items, checker, options, jobs, timeout, counts, bar, single=not is_batch)
    if is_batch:
        print(summary_line(counts, len(items)), file=sys.stderr)
    if counts["invalid"]:
        return 2
    return 1 if counts["not_eligible"] or counts["undetermined"] else 0


def _write(args, items, checker, options, jobs, timeout, counts, bar, *, single: bool):
    """Text, JSON or JSON lines, written result by result as the batch goes (render/stream.py)."""
    from ..batch import error_line, outcome, run_batch
    from ..render.stream import WRITERS
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
    writer = WRITERS[args.format](out, single=single, lang=args.lang)
    as_lines = args.format == "jsonl"   # workers then send each result as its JSON line, ready to write
    try:
        writer.header()
        for item in run_batch(items, checker, options, jobs=jobs, as_lines=as_lines, timeout=timeout):
            if as_lines:
                kind, line, note = item
                writer.result(None, line)
            else:
                kind, note = outcome(item), error_line(item)
                writer.result(item)
            counts[kind] += 1
            if note:
                _note(bar, note)
            if bar is not None:
                bar.update()
        writer.footer()
        out.flush()
    finally:
        if bar is not None:
            bar.close()
        if out is not sys.stdout:
            out.close()


def _overview(args, results, counts, bar):
    """Stream the overview: each result becomes a row as it is done; totals at the end."""
    from .. import overview
    from ..batch import error_line, outcome

    def counted():
        for result in results:
            counts[outcome(result)] += 1
            if "error" in result:
                print(error_line(result), file=sys.stderr)
            if bar is not None:
                bar.update()
            yield result

    if args.format == "xlsx":
        overview.write(counted(), "xlsx", args.output, args.lang)
    elif args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            overview.write(counted(), "csv", out, args.lang)
    else:
        overview.write(counted(), "csv", sys.stdout, args.lang)


def _run_judged(args, checker) -> int:
    """One case checked with a judgement document: the decision recomputed, unfitting judgements reported."""
    from .. import judgements
    from ..documents.read import read_json_file
    if len(args.paths) != 1 or Path(args.paths[0]).is_dir():
        raise UsageError("--judgements: give exactly one case file (the judgements belong to one case)")
    if args.format not in ("text", "json"):
        raise UsageError("--judgements: use --format text or json")
    path = Path(args.paths[0])
    judged = judgements.load(Path(args.judgements), args.max_bytes)
    doc = read_json_file(path, max_bytes=args.max_bytes)
    result = judgements.apply(checker, doc, str(path), judged, args.judgements)
    for item in result["judgements"]["not_applied"]:
        print(f"forskrift: warning: {args.judgements}: judgement #{item['index']} ({item['rule']}) not applied: "
              f"{item['reason']}", file=sys.stderr)
    _render(args, [result], single=True)
    if args.format == "text":
        print(judgements.render_text(result, args.lang), end="")
    return 0 if result["decision"]["status"] == "eligible" else 1


def _render(args, results, *, single: bool):
    """Results already in hand, through the same writers as a batch (render/stream.py)."""
    from ..render.stream import WRITERS
    writer = WRITERS[args.format](sys.stdout, single=single, lang=args.lang)
    writer.header()
    for result in results:
        writer.result(result)
    writer.footer()


def _note(bar, line: str):
    if bar is not None:
        bar.write(line, file=sys.stderr)
    else:
        print(line, file=sys.stderr)
