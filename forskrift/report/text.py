"""The report as text for caseworkers (the command line's default): who applied and for what, the decision,
then the findings grouped by provision in the regulation's order — status, the requirement, what was found with
the figures, citations, interpretation, evidence (deciding fields first, the rest folded).

Per result: `render_case(report)`; a batch is the cases joined by `SEPARATOR` (`render_reports`), so a
streaming writer can write one case at a time.
"""

from __future__ import annotations

from ..i18n import word
from .model import FileError, Report

SEPARATOR = "\n" + "=" * 78 + "\n\n"
INDENT = "      "


def render_case(report: Report | FileError) -> str:
    lang = report.lang
    if isinstance(report, FileError):     # and every schema problem, one a line, when there are several
        return (f"{word('error', lang)}: {report.where}: {report.message}\n"
                + "".join(f"  - {pointer}: {message}\n" for pointer, message in report.problems))
    h = report.header
    lines = [f"{word('case', lang)} {h.case_id} ({h.file})"]
    facts = []
    if h.applicant:
        kind = f" ({h.applicant_kind})" if h.applicant_kind else ""
        facts.append(f"{word('applicant', lang)}: {h.applicant}{kind}")
    facts.append(f"{word('document', lang)}: {h.document}")
    facts.append(f"{word('scheme', lang)}: {h.scheme}")
    if h.grant_year:
        facts.append(f"{word('grant_year', lang)}: {h.grant_year}")
    if h.amount_applied:
        facts.append(f"{word('amount_applied', lang)}: {h.amount_applied}")
    lines.append(" · ".join(facts))
    unverified = f" [{word('unverified', lang)}]" if h.text_unverified else ""
    lines.append(f"{word('rulebook', lang)}: {h.rulebook_id} – {h.rulebook_citation} ({h.rulebook_instrument}), "
                 f"{word('valid', lang)} {h.validity}{unverified}")
    if h.no_call:
        lines.append(f"{word('call', lang)}: {word('no_call', lang)}")
    for kind, cid, citation, date, validity, call_unverified in h.calls:
        lines.append(f"{kind}: {cid} – {citation} ({date}), {word('valid', lang)} {validity}"
                     + (f" [{word('unverified_call', lang)}]" if call_unverified else ""))
    lines.append("")
    d = report.decision
    lines.append(f"{word('decision', lang)}: {d.label.upper()}")
    if d.decided_by and d.status != "eligible":
        lines.append(f"  {word('decided_by', lang)}: {', '.join(d.decided_by)}")
        for citation, rules in d.rests_on_calls:
            lines.append(f"  {word('rests_on_call', lang)}: {citation} ({', '.join(rules)})")
    lines.append("")
    for group in report.groups:
        lines.append(group.citation)
        for f in group.findings:
            lines.append(f"  {f.mark} [{f.status_label}] {f.rule} ({f.blocking_label})")
            lines.append(f"{INDENT}{word('requirement', lang)}: {f.requirement}")
            for sentence in f.explanation:
                lines.append(f"{INDENT}{sentence}")
            if f.judgement:
                lines.append(f"{INDENT}{word('judgement', lang)}: {f.judgement}")
            if f.missing:
                lines.append(f"{INDENT}{word('missing', lang)}: {', '.join(f.missing)}")
            if f.citation != group.citation:
                lines.append(f"{INDENT}{word('also_cites', lang)}: {f.citation}")
            if f.absence_fails:
                lines.append(f"{INDENT}{word('absence_fails', lang)}: {f.absence_fails}")
            if f.interpretation:
                lines.append(f"{INDENT}{word('interpretation', lang)}: {f.interpretation}")
            if f.unverified:
                is_call = bool(report.header.calls) and not f.citation.startswith(report.header.rulebook_citation)
                lines.append(f"{INDENT}({word('unverified_call' if is_call else 'unverified', lang)})")
            if f.source:
                lines.append(f"{INDENT}{word('source', lang)}: {f.source}")
            shown = f.evidence[:len(f.evidence) - f.evidence_folded]
            for row in shown:
                value = word("missing", lang) if row.missing else row.value
                mark = f" ({word('deciding', lang)})" if row.deciding else ""
                lines.append(f"{INDENT}{word('evidence', lang)}{mark}: {row.label} = {value} ({row.pointer})")
            if f.evidence_folded:
                lines.append(f"{INDENT}… (+{f.evidence_folded} {word('evidence_more', lang)})")
        lines.append("")
    if report.not_applicable:
        lines.append(f"({len(report.not_applicable)} {word('not_applicable_count', lang)})")
    return "\n".join(lines).rstrip() + "\n"


def render_reports(reports) -> str:
    return SEPARATOR.join(render_case(r) for r in reports)
