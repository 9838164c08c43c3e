"""`forskrift test [RULES...]`: run the rule tests (`*_test.yaml` beside the rule files) and report failures
with a diff of expected and actual. Exit 0 all pass, 1 some fail, 2 bad input (a test file, case or rule id).

`forskrift test --mutants [RULES...]` runs mutation testing instead (forskrift/analysis/mutants.py): each
rule is mutated and the rule tests must notice. RULES are rulebook ids or folders; `--rule ID` limits the
mutated rules. Exit 1 when a rulebook's mutation_score is under --fail-under, 2 on bad input or failing tests."""

from __future__ import annotations

import argparse

from .. import jsonio


def register(sub):
    p = sub.add_parser("test", help="run the rule tests beside the rule files (or mutation testing: --mutants)")
    p.add_argument("rules", nargs="*", metavar="RULES", help="rulebook ids or folders (default: every shipped one)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="durable (default, the engine of record) or reference")
    p.add_argument("--mutants", action="store_true",
                   help="mutation testing: mutate each rule and report the mutants the tests do not catch "
                        "(evaluated with the reference engine)")
    p.add_argument("--rule", action="append", metavar="ID", help="with --mutants: mutate only this rule (repeatable)")
    p.add_argument("--fail-under", type=float, metavar="PCT", default=None,
                   help="with --mutants: exit 1 if a rulebook's mutation_score is under PCT")
    p.add_argument("--lang", choices=("nb", "en"), default="nb", help=argparse.SUPPRESS)
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis import ruletests  # imported when the command runs: start-up stays fast
    rulebooks = ruletests.resolve_rulebooks(args.rules)
    if args.mutants:
        from ..analysis import mutants
        if args.engine == "durable":
            from ..errors import UsageError
            raise UsageError("--mutants evaluates with the reference engine; leave out --engine durable")
        known = {r.id for rb in rulebooks for r in rb.rules}
        unknown = [rid for rid in args.rule or [] if rid not in known]
        if unknown:
            from ..errors import UsageError
            raise UsageError(f"--rule {unknown[0]}: no such rule in {', '.join(rb.id for rb in rulebooks)}")
        report = mutants.run_all(rulebooks, args.rule, args.lang)
        if args.format == "json":
            print(jsonio.dumps(report, indent=True))
        else:
            print(mutants.render_text(report), end="")
        return mutants.exit_code(report, args.fail_under)
    report = ruletests.run_rulebooks(rulebooks, engine=args.engine)
    if args.format == "json":
        print(jsonio.dumps(report.to_json(), indent=True))
    else:
        print(ruletests.render_text(report), end="")
    return report.exit_code()
