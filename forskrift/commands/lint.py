"""`forskrift lint [PATH...]`: check rulebooks and rule files for policy staff, reporting every problem with its
file and line. Exit 0 clean, 1 problems found, 2 unusable input."""

from __future__ import annotations

from .. import jsonio


def register(sub):
    p = sub.add_parser("lint", help="check rule files and rulebooks: every problem, with file and line")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="a rulebook folder, a rule file, or a folder of rulebooks (default: rules)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..analysis.lint import lint_paths, render_text  # imported when the command runs: start-up stays fast
    report = lint_paths(args.paths or ["rules"])
    if args.format == "json":
        print(jsonio.dumps(report, indent=True))
    else:
        print(render_text(report), end="")
    return 1 if report["findings"] else 0
