"""The `forskrift` command line: parses arguments, calls the library, renders. Each subcommand lives in
`forskrift/commands/<name>.py` with `register(subparsers)`; errors the user can act on exit 2 with one line."""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .errors import ForskriftError

COMMANDS = ("check", "judge", "letter", "rules", "test", "coverage", "lint", "diff", "sum", "verify", "serve",
            "template", "import", "allocate")
MODULES = {"import": "intake"}   # a command whose module has another name (`import` is a Python keyword)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print(f"forskrift: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="forskrift", description="Check cases under the regulation on collective competence "
                     "development in kindergartens and schools (FOR-2021-01-26-230 and successors).")
    parser.add_argument("--version", action="version", version=f"forskrift {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        importlib.import_module(f".commands.{MODULES.get(name, name)}", __package__).register(sub)
    return parser


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.run(args)
    except ForskriftError as exc:
        print(f"forskrift: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
