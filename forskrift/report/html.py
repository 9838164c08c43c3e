"""The report as HTML: one case as a `<section>` of the web page (and of its print view), with the same
content, order and words as the text report. Everything from the case is escaped.

Per result: `render_case(report, open_=True, rulebook_href=None)`.
"""

from __future__ import annotations

from html import escape

from ..i18n import word
from .model import FileError, Report


def _e(text) -> str:
    return escape(str(text), quote=True)


def render_case(report: Report | FileError, *, open_: bool = True, name: str | None = None,
                rulebook_href: str | None = None) -> str:
    """One case. `name`: the file name to show (default: the result's); `rulebook_href`: a link for the
    rulebook's id (the web page's rulebook page)."""
    lang = report.lang
    if isinstance(report, FileError):
        decision = "error"
        body = f'<p class="error-line" role="alert"><code>{_e(report.where)}: {_e(report.message)}</code></p>'
        if report.problems:
            body += ('\n<ul class="problems">' + "".join(f"<li><code>{_e(p)}</code> {_e(m)}</li>"
                                                          for p, m in report.problems) + "</ul>")
        title = _e(name or report.file)
        banner = _e(word("invalid_file", lang))
    else:
        decision = report.decision.status
        body = _body(report, name, rulebook_href)
        title = f"{_e(name or report.header.file)} · {_e(report.header.case_id)}"
        if report.header.applicant:
            title += f" · {_e(report.header.applicant)}"
        banner = _e(report.decision.label)
    return (f'<section class="case" id="{_e(report.anchor)}" data-decision="{decision}">\n'
            f'<details{" open" if open_ else ""}>\n'
            f'<summary>\n  <span class="banner decision-{decision}" role="status">{banner}</span>\n'
            f'  <span class="case-name">{title}</span>\n</summary>\n{body}\n</details>\n</section>\n')


def _body(report: Report, name: str | None, rulebook_href: str | None) -> str:
    lang, h, d = report.lang, report.header, report.decision
    out = ['<dl class="meta">']

    def row(key: str, value: str, raw: bool = False):
        out.append(f"  <dt>{_e(word(key, lang))}</dt><dd>{value if raw else _e(value)}</dd>")

    if h.applicant:
        row("applicant", f"{h.applicant}" + (f" ({h.applicant_kind})" if h.applicant_kind else ""))
    row("document", h.document)
    row("scheme", h.scheme)
    if h.grant_year:
        row("grant_year", h.grant_year)
    if h.amount_applied:
        row("amount_applied", h.amount_applied)
    row("case_id", h.case_id)
    row("file", name or h.file)
    row("date", h.date)
    rb = (f'<a href="{_e(rulebook_href)}">{_e(h.rulebook_id)}</a>' if rulebook_href else _e(h.rulebook_id))
    rb += f" – {_e(h.rulebook_title)} ({_e(h.rulebook_instrument)}), {_e(word('valid', lang))} {_e(h.validity)}"
    if h.text_unverified:
        rb += f' <span class="flag">{_e(word("unverified", lang))}</span>'
    row("rulebook", rb, raw=True)
    row("engine", h.engine)
    row("document_hash", f"<code>{_e(h.document_hash)}</code>", raw=True)
    out.append("</dl>")
    out.append(f'<div class="decision-box decision-{d.status}">')
    decided = ""
    if d.decided_by:
        links = ", ".join(f'<a href="#{_e(report.anchor)}-{_e(r)}"><code>{_e(r)}</code></a>' for r in d.decided_by)
        decided = f" {_e(word('decided_by', lang).capitalize())}: {links}"
    out.append(f"  <p><strong>{_e(word('decision', lang))}: {_e(d.label)}</strong>.{decided}</p>")
    out.append(f'  <p class="rule-text">{_e(word("decision_rule", lang))}: {_e(d.rule_text)}</p>')
    out.append("</div>")
    out.append(f"<h3>{_e(word('findings', lang))}</h3>")
    for group in report.groups:
        out.append('<section class="provision">')
        out.append(f'  <h4><a class="citation" href="{_e(group.url)}" rel="noreferrer noopener" target="_blank">'
                   f"{_e(group.citation)}</a></h4>")
        if group.paraphrase:
            out.append(f'  <p class="paraphrase">{_e(group.paraphrase)}</p>')
        for f in group.findings:
            out.append(_finding(f, group.citation, lang))
        out.append("</section>")
    if report.not_applicable:
        out.append('<details class="not-applicable">')
        out.append(f"  <summary>{len(report.not_applicable)} {_e(word('not_applicable_count', lang))}</summary>")
        out.append("  <ul>" + "".join(f"<li><code>{_e(n.rule)}</code> – {_e(n.citation)}: {_e(n.requirement)}</li>"
                                      for n in report.not_applicable) + "</ul>")
        out.append("</details>")
    return "\n".join(out)


def _finding(f, group_citation: str, lang: str) -> str:
    out = [f'  <article class="finding status-{f.status}" id="{_e(f.anchor)}">',
           f'    <header><span class="status status-{f.status}">{_e(f.status_label)}</span> '
           f'<span class="blocking">{_e(f.blocking_label)}</span> <code class="rule-id">{_e(f.rule)}</code>'
           + (f' <span class="flag">{_e(word("unverified", lang))}</span>' if f.unverified else "") + "</header>",
           f'    <p class="requirement"><strong>{_e(word("requirement", lang))}:</strong> {_e(f.requirement)}</p>']
    if f.explanation:
        out.append('    <ul class="explanation">' + "".join(f"<li>{_e(s)}</li>" for s in f.explanation) + "</ul>")
    labelled = (("judgement", "judgement", f.judgement), ("missing", "missing", ", ".join(f.missing)),
                ("cites", "also_cites", f.citation if f.citation != group_citation else ""),
                ("absence", "absence_fails", f.absence_fails), ("interpretation", "interpretation", f.interpretation),
                ("source", "source", f.source))
    for css, key, text in labelled:     # a labelled line for each that the finding has
        if text:
            out.append(f'    <p class="{css}"><strong>{_e(word(key, lang).capitalize())}:</strong> {_e(text)}</p>')
    if f.evidence:
        shown = len(f.evidence) - f.evidence_folded
        out.append(_evidence_table(f.evidence[:shown], lang))
        if f.evidence_folded:
            out.append(f'    <details class="evidence-more"><summary>+{f.evidence_folded} '
                       f"{_e(word('evidence_more', lang))}</summary>")
            out.append(_evidence_table(f.evidence[shown:], lang))
            out.append("    </details>")
    out.append("  </article>")
    return "\n".join(out)


def _evidence_table(rows, lang: str) -> str:
    out = ['    <table class="evidence">',
           f"      <caption>{_e(word('evidence', lang).capitalize())}</caption>",
           f"      <thead><tr><th>{_e(word('field', lang))}</th><th>{_e(word('value', lang))}</th></tr></thead>",
           "      <tbody>"]
    for r in rows:
        classes = " ".join(c for c in ("is-missing" if r.missing else "", "is-deciding" if r.deciding else "") if c)
        value = f"<em>{_e(word('missing', lang))}</em>" if r.missing else _e(r.value)
        out.append(f'      <tr{f" class={chr(34)}{classes}{chr(34)}" if classes else ""}><td>{_e(r.label)} '
                   f"<code>{_e(r.pointer)}</code></td><td>{value}</td></tr>")
    out.append("      </tbody>\n    </table>")
    return "\n".join(out)
