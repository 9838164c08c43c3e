"""Results as text for caseworkers: decision first, then the findings grouped by provision, citations in
Norwegian legal style, evidence by JSON pointer."""

from __future__ import annotations

import json

from ..i18n import DECISION, DECISION_DOCUMENT, STATUS, word

_MARK = {"met": "✓", "not_met": "✗", "missing_information": "?", "needs_judgement": "!", "not_applicable": "-"}


def _value(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def error_where(result: dict) -> str:
    """Where a failed file's problem is, as the command line says it: "file[:line] [/pointer]"."""
    error = result["error"]
    where = error.get("file", result["file"])
    if error.get("line"):
        where += f":{error['line']}"
    if error.get("pointer") is not None:
        where += f" {error['pointer'] or '/'}"
    return where


def render_case(result: dict, lang: str = "nb") -> str:
    if "error" in result:
        head = f"{word('error', lang)}: {error_where(result)}: {result['error']['message']}\n"
        problems = result["error"].get("problems", [])
        if len(problems) > 1:   # every schema problem, one a line
            head += "".join(f"  - {p['pointer'] or '/'}: {p['message']}\n" for p in problems)
        return head
    rb = result["rulebook"]
    lines = [
        f"{word('case', lang)} {result['case']['id']} ({result['case']['file']})",
        f"{word('rulebook', lang)}: {rb['id']} – {rb['citation']} ({rb['instrument']}), "
        f"{word('valid', lang)} {rb['valid_from']} – {rb['valid_to'] or word('open', lang)}"
        + ("" if rb["text_verified"] else f" [{word('unverified', lang)}]"),
        "",
    ]
    decision = result["decision"]
    labels = DECISION if result["case"].get("kind", "behovsmelding") == "behovsmelding" else DECISION_DOCUMENT
    banner = labels[decision["status"]]["en" if lang == "en" else "nb"].upper()
    lines.append(f"{word('decision', lang)}: {banner}")
    if decision["decided_by"] and decision["status"] != "eligible":
        lines.append(f"  {word('decided_by', lang)}: {', '.join(decision['decided_by'])}")
    lines.append("")
    shown = [f for f in result["findings"] if f["status"] != "not_applicable"]
    groups: dict[str, list] = {}
    for finding in shown:
        groups.setdefault(finding["citation"]["text"], []).append(finding)
    for heading, items in groups.items():
        lines.append(heading)
        for f in items:
            flag = word("blocking", lang) if f["blocking"] else word("not_blocking", lang)
            lines.append(f"  {_MARK[f['status']]} [{STATUS[f['status']]['en' if lang == 'en' else 'nb']}] "
                         f"{f['rule']} ({flag})")
            lines.append(f"      {f['message']}")
            if len(f["citations"]) > 1:
                lines.append("      " + "; ".join(c["text"] for c in f["citations"][1:]))
            if f["interpretation"]:
                lines.append(f"      {word('interpretation', lang)}: {f['interpretation']}")
            if f["flags"]["unverified"]:
                lines.append(f"      ({word('unverified', lang)})")
            if f.get("source"):
                lines.append(f"      {word('source', lang)}: {f['source'].get('title', f['source']['key'])}")
            for item in f["evidence"][:12]:
                if item.get("missing"):
                    lines.append(f"      {word('evidence', lang)}: {item['pointer']} – {word('missing', lang)}")
                else:
                    lines.append(f"      {word('evidence', lang)}: {item['pointer']} = {_value(item['value'])}")
            if len(f["evidence"]) > 12:
                lines.append(f"      … (+{len(f['evidence']) - 12})")
        lines.append("")
    not_applicable = len(result["findings"]) - len(shown)
    if not_applicable:
        lines.append(f"({not_applicable} {word('not_applicable_count', lang)})")
    return "\n".join(lines).rstrip() + "\n"


def render_text(results: list[dict], lang: str = "nb") -> str:
    return ("\n" + "=" * 78 + "\n\n").join(render_case(r, lang) for r in results)
