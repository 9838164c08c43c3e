"""Writers that put results out one at a time, as a batch produces them, so that memory stays flat for any
number of files: each format is a header, one piece per result and a footer.

A renderer of another format plugs in as a subclass of `ResultWriter` registered in `WRITERS` (its `result`
writes one result; `header` and `footer` what comes before the first and after the last). `json` is one object
for a single file and an array otherwise, laid out exactly as `json.dumps(results, indent=2)` would; `jsonl`
is one line per result, flushed at once; `report` the report model of each result as JSON, laid out as
`json`; `text` is the report for people, results apart by a rule. (csv and xlsx stream through
`forskrift/overview.py`.)
"""

from __future__ import annotations

from typing import TextIO

from .. import jsonio
from ..report.text import SEPARATOR
from .text import render_case


class ResultWriter:
    """Writes results to `out` one at a time: `header()`, `result(r)` for each, `footer()`."""

    def __init__(self, out: TextIO, *, single: bool = False, lang: str = "nb"):
        self.out = out
        self.single = single
        self.lang = lang
        self.count = 0

    def header(self) -> None:
        pass

    def result(self, result: dict, line: str | None = None) -> None:
        """Write one result; `line` is the result already serialised as one JSON line, when a worker made it."""
        self.write_one(result if result is not None else jsonio.loads(line), line)
        self.count += 1

    def write_one(self, result: dict, line: str | None) -> None:
        raise NotImplementedError

    def footer(self) -> None:
        pass


class TextWriter(ResultWriter):
    def write_one(self, result, line):
        self.out.write((SEPARATOR if self.count else "") + render_case(result, self.lang))


class JsonWriter(ResultWriter):
    def header(self):
        if not self.single:
            self.out.write("[")

    def write_one(self, result, line):
        text = jsonio.dumps(self.data(result), indent=True)
        if self.single:
            self.out.write(text + "\n")
        else:
            self.out.write(("\n  " if self.count == 0 else ",\n  ") + text.replace("\n", "\n  "))

    def footer(self):
        if not self.single:
            self.out.write("\n]\n" if self.count else "]\n")

    def data(self, result: dict):
        return result


class ReportWriter(JsonWriter):
    """The report of each result in `lang` (what the text report says, as data), laid out as `json`."""

    def data(self, result: dict):
        from ..report import build_report
        from ..report.json import report_data
        return report_data(build_report(result, self.lang))


class JsonLinesWriter(ResultWriter):
    def write_one(self, result, line):
        self.out.write((line if line is not None else jsonio.dumps(result)) + "\n")
        self.out.flush()


WRITERS: dict[str, type[ResultWriter]] = {"text": TextWriter, "json": JsonWriter, "jsonl": JsonLinesWriter,
                                          "report": ReportWriter}
