"""The report as JSON (`forskrift check --format report`): the same content, order and words as the text
report and the web page, for a system that shows them to people. (`--format json` writes the language-neutral
result instead: codes and figures, what `verify` reads.)"""

from __future__ import annotations

from .. import jsonio
from .model import FileError, Report


def report_data(report: Report | FileError) -> dict:
    return report.to_dict()


def render_case(report: Report | FileError) -> str:
    return jsonio.dumps(report_data(report))


def render_reports(reports, *, single: bool) -> str:
    data = [report_data(r) for r in reports]
    return jsonio.dumps(data[0] if single and len(data) == 1 else data, indent=True)
