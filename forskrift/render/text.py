"""Results as text for caseworkers: the text rendering of the report model (`forskrift/report/`), one result
at a time (`render_case`) or a batch (`render_text`)."""

from __future__ import annotations

from ..report.model import build_report, error_where
from ..report.text import SEPARATOR
from ..report.text import render_case as render_report_case


def render_case(result: dict, lang: str = "nb", rulebook=None) -> str:
    """One result (a case result or a file error) as text in `lang` (nb, nn, en)."""
    return render_report_case(build_report(result, lang, rulebook))


def render_text(results: list[dict], lang: str = "nb") -> str:
    return SEPARATOR.join(render_case(r, lang) for r in results)


__all__ = ["render_case", "render_text", "error_where"]
