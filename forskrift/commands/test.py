"""`forskrift test [RULES...]`: run the rule tests (`*_test.yaml` beside the rule files) and report failures
with a diff of expected and actual. Exit 0 all pass, 1 some fail, 2 bad input (a test file, case or rule id)."""

from __future__ import annotations

import json


def register(sub):
    p = sub.add_parser("test", help="run the rule tests beside the rule files")
    p.add_argument("rules", nargs="*", metavar="RULES", help="rulebook ids or folders (default: every shipped one)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="durable (default, the engine of record) or reference")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis import ruletests  # imported when the command runs: start-up stays fast
    rulebooks = ruletests.resolve_rulebooks(args.rules)
    report = ruletests.run_rulebooks(rulebooks, engine=args.engine)
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(ruletests.render_text(report), end="")
    return report.exit_code()
