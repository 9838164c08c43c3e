"""`forskrift coverage [--rules ID] [--fail-under PCT]`: per provision, the rules that encode it (or why none
does) and the rule tests that exercise each status; totals. Exit 1 when a coverage figure is under PCT."""

from __future__ import annotations

from .. import jsonio


def register(sub):
    p = sub.add_parser("coverage", help="which provisions are encoded by rules, and which rules are tested")
    p.add_argument("--rules", metavar="ID", action="append",
                   help="rulebook id or folder (repeatable; default: every shipped one)")
    p.add_argument("--fail-under", type=float, metavar="PCT", default=None,
                   help="exit 1 if provision_coverage or rule_test_coverage is under PCT")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb",
                   help="bokmål (default), nynorsk (rule texts without a nynorsk version in bokmål) or English")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis import coverage, ruletests  # imported when the command runs: start-up stays fast
    reports = [coverage.coverage(rb, lang=args.lang) for rb in ruletests.resolve_rulebooks(args.rules)]
    if args.format == "json":
        print(jsonio.dumps(reports[0] if len(reports) == 1 else reports, indent=True))
    else:
        print("\n".join(coverage.render_text(r) for r in reports), end="")
    if args.fail_under is not None:
        for r in reports:
            if min(r["provision_coverage"], r["rule_test_coverage"]) < args.fail_under:
                return 1
    return 0
