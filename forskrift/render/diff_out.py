"""Render the result of `forskrift.analysis.diff.diff` as text, JSON or markdown (for a hearing response)."""

from __future__ import annotations

from .. import jsonio

DECISION_NB = {"eligible": "tilskuddsberettiget", "not_eligible": "ikke tilskuddsberettiget",
               "undetermined": "ikke avgjort"}
# a document other than a behovsmelding (innstilling, plan, letter …) is in order or not, not eligible
DECISION_DOCUMENT_NB = {"eligible": "i orden", "not_eligible": "ikke i orden", "undetermined": "ikke avgjort"}


def _decision_nb(decision: str, kind: str | None) -> str:
    """A case's decision in its kind's words; kind None: a count over cases of the kinds compared."""
    words = DECISION_NB if kind in (None, "behovsmelding") else DECISION_DOCUMENT_NB
    return words.get(decision, decision)


def _kinds_nb(decision: str, cases: list) -> str:
    """A decision over all the cases compared, in the words of their kinds ("tilskuddsberettiget / i orden")."""
    kinds = {case.get("kind", "behovsmelding") == "behovsmelding" for case in cases} or {True}
    return " / ".join(dict.fromkeys(_decision_nb(decision, "behovsmelding" if grant else "document")
                                    for grant in sorted(kinds, reverse=True)))
STATUS_NB = {"met": "oppfylt", "not_met": "ikke oppfylt", "missing_information": "mangler opplysninger",
             "needs_judgement": "krever skjønn", "not_applicable": "gjelder ikke", None: "ikke et krav"}
CHANGE_NB = {"appears": "nytt krav", "disappears": "bortfalt krav", "status_changed": "endret status"}


def render_json(result: dict) -> str:
    return jsonio.dumps(result, indent=True)


def _status(side):
    return side["status"] if side else "—"


def render_text(result: dict) -> str:
    a, b, s = result["from"], result["to"], result["summary"]
    lines = [f"diff {a['id']} ({a['status']}, {a['valid_from']} – {a['valid_to'] or 'open'}) -> "
             f"{b['id']} ({b['status']}, {b['valid_from']} – {b['valid_to'] or 'open'})", ""]
    rules = result["rules"]
    lines.append(f"provisions: {len(rules['provisions']['added'])} added, {len(rules['provisions']['removed'])} "
                 f"removed, {len(rules['provisions']['changed'])} changed")
    lines.append(f"rules: {len(rules['rules']['added'])} added, {len(rules['rules']['removed'])} removed, "
                 f"{len(rules['rules']['changed'])} changed")
    for r in rules["rules"]["added"]:
        lines.append(f"  + {r['rule']} ({', '.join(r['cites'])}; {r['origin']})")
    for r in rules["rules"]["removed"]:
        lines.append(f"  - {r['rule']} ({', '.join(r['cites'])}; {r['origin']})")
    for r in rules["rules"]["changed"]:
        lines.append(f"  ~ {r['rule']}: {', '.join(r['fields'])} ({r['origin']['from']} -> {r['origin']['to']})")
    lines += ["", f"cases: {s['cases']} compared ({s['converted']} converted), {s['not_compared']} not compared; "
              f"{s['decisions_changed']} decisions changed; {s['findings_changed']} findings changed"]
    for move, n in s["transitions"].items():
        lines.append(f"  {move}: {n}")
    lines += ["", "by provision (decisions turned / cases touched):"]
    for row in s["provisions"]:
        if row["decisions_turned"]:
            lines.append(f"  {row['decisions_turned']:>4} / {row['cases_changed']:<4} {row['provision']}")
    for case in result["cases"]:
        if not case["decision_changed"]:
            continue
        lines += ["", f"{case['case']} ({case['file']}): {case['decision']['from']} -> {case['decision']['to']}"]
        for name, label in (("before", "decided before by"), ("after", "decided after by")):
            found = (case.get("attribution") or {}).get(name, [])
            lines.append(f"  {label}: " + ("; ".join(_attributed(item, name) for item in found) or "—"))
        for change in case["findings"]:
            if not change["decisive"]:
                continue
            cites = (change["from"] or change["to"])["citations"]
            lines.append(f"  {change['rule']}: {_status(change['from'])} -> {_status(change['to'])}  "
                         f"[{'; '.join(cites)}]")
    for item in result["not_compared"]:
        lines.append(f"not compared: {item['file']}: {item['reason']}")
    return "\n".join(lines) + "\n"


def _attributed(item: dict, side: str, lang: str = "en") -> str:
    """One finding of a turned decision's attribution, with what became of it on the other side."""
    other = item["other_side"]
    if lang == "nb":
        there = "etter" if side == "before" else "før"
        fate = f"{there}: {STATUS_NB.get(other, other)}" if other else f"finnes ikke {there}"
        return f"{item['provision']} ({item['rule']}, {STATUS_NB.get(item['status'], item['status'])}; {fate})"
    there = "after" if side == "before" else "before"
    fate = f"{there}: {other}" if other else f"absent {there}"
    return f"{item['provision']} ({item['rule']} {item['status']}; {fate})"


def _md_escape(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(result: dict) -> str:
    """A report in Norwegian, fit to paste into a hearing response."""
    a, b, s = result["from"], result["to"], result["summary"]
    out = [f"## Konsekvenser av overgangen fra {a['id']} til {b['id']}", "",
           f"Sammenligningen gjelder {a['title']} ({a['id']}) og {b['title']} ({b['id']}). "
           f"{s['cases']} saker er vurdert etter begge regelsettene"
           + (f" ({s['converted']} konvertert til nytt dokumentformat)" if s["converted"] else "")
           + f"; {s['decisions_changed']} får et annet utfall.", ""]
    if not b["text_verified"] or not a["text_verified"]:
        out += ["> Merk: teksten til minst ett av regelsettene er ikke kontrollert mot den offisielle teksten.", ""]
    out += ["### Endrede utfall", "", "| fra | til | antall saker |", "|---|---|---:|"]
    for move, n in s["transitions"].items():
        old, new = move.split(" -> ")
        moved = [c for c in result["cases"] if c["decision_changed"] and c["decision"] == {"from": old, "to": new}]
        out.append(f"| {_kinds_nb(old, moved)} | {_kinds_nb(new, moved)} | {n} |")
    out += ["", "### Bestemmelser som endrer utfall", "",
            "| bestemmelse | saker med endret utfall | saker berørt |", "|---|---:|---:|"]
    for row in s["provisions"]:
        if row["decisions_turned"]:
            out.append(f"| {_md_escape(row['provision'])} | {row['decisions_turned']} | {row['cases_changed']} |")
    rules = result["rules"]["rules"]
    out += ["", "### Endringer i reglene", "",
            f"{len(rules['added'])} nye regler, {len(rules['removed'])} opphevede og {len(rules['changed'])} endrede.",
            ""]
    out += ["### Saker med endret utfall", "",
            "| sak | før | etter | avgjort før av | avgjøres etter av | avgjørende endringer |",
            "|---|---|---|---|---|---|"]
    for case in result["cases"]:
        if not case["decision_changed"]:
            continue
        parts = []
        for change in case["findings"]:
            if change["decisive"]:
                cite = (change["to"] or change["from"])["citations"][0]
                parts.append(f"{cite}: {STATUS_NB.get(change['from'] and change['from']['status'])} → "
                             f"{STATUS_NB.get(change['to'] and change['to']['status'])}")
        found = case.get("attribution") or {}
        before = "; ".join(_attributed(item, "before", "nb") for item in found.get("before", [])) or "—"
        after = "; ".join(_attributed(item, "after", "nb") for item in found.get("after", [])) or "—"
        kind = case.get("kind", "behovsmelding")
        out.append(f"| {_md_escape(case['case'])} | {_decision_nb(case['decision']['from'], kind)} | "
                   f"{_decision_nb(case['decision']['to'], kind)} | {_md_escape(before)} | {_md_escape(after)} | "
                   f"{_md_escape('; '.join(parts))} |")
    if result["not_compared"]:
        out += ["", f"{len(result['not_compared'])} filer kunne ikke sammenlignes (formatet kan ikke leses av "
                "begge regelsettene)."]
    return "\n".join(out) + "\n"
