"""The report: ONE model of a checked case in one language (`model.py`), rendered as text (`text.py`), JSON
(`json.py`) and HTML (`html.py`). Build it with `build_report(result, lang)`; see docs/report.md."""

from .model import FileError, Report, build_report

__all__ = ["build_report", "Report", "FileError"]
