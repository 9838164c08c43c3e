"""`forskrift template --year 2021|2026 -o FILE.xlsx`: the intake workbook an office sends to owners, made from
the schemas (forskrift/intake/); `--from CASE.json` fills it with an existing case, to send back for correction."""

from __future__ import annotations

from pathlib import Path

from ..errors import UsageError


def register(sub):
    p = sub.add_parser("template", help="write the xlsx intake template (behovsmelding, partnership, plan)")
    p.add_argument("--year", type=int, choices=(2021, 2026), default=2026,
                   help="rulebook year: 2021 (FOR-2021-01-26-230) or 2026 (the 2026 scheme); default 2026")
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="where to write the workbook")
    p.add_argument("--lang", choices=("nb", "nn", "en"), default="nb", help="language of headings and help")
    p.add_argument("--from", dest="source", metavar="CASE.json", help="fill the template with this case")
    p.set_defaults(run=run)


def run(args) -> int:
    from ..documents.read import read_json_file
    from ..intake.layout import YEARS, Layout
    from ..intake.template import build
    document = None
    if args.source:
        document = read_json_file(Path(args.source))
        expected = YEARS[args.year][0]
        if isinstance(document, dict) and document.get("format") != expected:
            raise UsageError(f"--from {args.source}: the case has format {document.get('format')!r}; "
                             f"the {args.year} template holds {expected}")
    output = Path(args.output)
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"-o {args.output}: expected a file name ending in .xlsx")
    workbook = build(Layout(args.year, args.lang), document)
    try:
        workbook.save(output)
    except OSError as exc:
        raise UsageError(f"-o {args.output}: cannot write: {exc.strerror or exc}") from None
    return 0
