"""`forskrift diff --from ID --to ID [PATH...]`: the difference between two rulebooks, in the rules and in what
they decide over the cases given."""

from __future__ import annotations


def register(sub):
    p = sub.add_parser("diff", help="compare two rulebooks: the rules, and the decisions over a set of cases")
    p.add_argument("paths", nargs="*", metavar="PATH", help="case files or folders to compare the decisions on")
    p.add_argument("--from", dest="from_id", required=True, metavar="ID", help="the rulebook before (id or folder)")
    p.add_argument("--to", dest="to_id", required=True, metavar="ID", help="the rulebook after (id or folder)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="the engine that evaluates the cases (default: reference, which takes about half the "
                        "time here; the engines are held equal by differential tests and give the same "
                        "comparison; durable is the engine of record of `check`)")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb", help="language of the findings' messages")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis.diff import diff  # imported when the command runs: start-up stays fast
    from ..render.diff_out import render_json, render_markdown, render_text
    result = diff(args.from_id, args.to_id, args.paths, engine=args.engine, lang=args.lang)
    render = {"json": render_json, "markdown": render_markdown, "text": render_text}[args.format]
    print(render(result), end="" if args.format != "json" else "\n")
    return 0
