"""What the templates show, computed from a check result or a rulebook: each case as the report model renders it
(`forskrift/report/`, the same words and order as the command line), the overview row of a batch, and the
rulebook's provisions with their rules and coverage."""

from __future__ import annotations

import zlib

from .. import jsonio
from ..findings import STATUSES
from ..i18n import DECISION, DECISION_DOCUMENT
from ..report import build_report
from ..report.html import render_case
from ..rulebook import registry
from ..rulebook.describe import detail as _detail
from .service import error_line

DECISION_RANK = {"not_eligible": 0, "undetermined": 1, "eligible": 2, "error": 3}
DECISIONS = ("eligible", "not_eligible", "undetermined")


def shipped_rulebook(result: dict):
    """The shipped rulebook a result names (by id only: a path in a result is never read), or None."""
    rulebook_id = (result.get("rulebook") or {}).get("id")
    if rulebook_id not in registry.shipped_ids():
        return None
    return registry.get(rulebook_id)


def case_view(index: int, name: str, result: dict, lang: str, *, html: bool = True) -> dict:
    """One case for the result page; `result` is a Checker result or {file, error}. The case's HTML is the
    report's HTML rendering (left out with `html=False`); `result_json` is the language-neutral result the page
    keeps, so that switching the language renders it again without checking again."""
    anchor = f"case-{index + 1}"
    view = {"index": index, "name": name, "anchor": anchor,
            "result_json": jsonio.dumps(result)}
    if "error" not in result and shipped_rulebook(result) is None:
        result = {"file": name, "error": {"message": "the result names a rulebook that is not shipped here"}}
    report = build_report(result, lang, shipped_rulebook(result) if "error" not in result else None, anchor)
    if html:
        view["html"] = render_case(report, name=name, rulebook_href=None if "error" in result else
                                   f"/rulebooks/{result['rulebook']['id']}?lang={lang}")
    if "error" in result:
        return view | {"decision": "error", "rank": DECISION_RANK["error"], "error": error_line(result),
                       "problems": result["error"].get("problems", []),
                       "statuses": [], "summary": {s: 0 for s in STATUSES}, "report": report}
    decision = result["decision"]["status"]
    return view | {
        "decision": decision, "decision_label": report.decision.label, "rank": DECISION_RANK[decision],
        "result": result, "report": report, "summary": result["summary"],
        "statuses": sorted({f["status"] for f in result["findings"]}),
    }


def _decision_words(case: dict) -> dict:
    """The decision words of a case's document kind: a behovsmelding is «tilskuddsberettiget», any other
    document (innstilling, tildeling, plan, letter …) is «i orden» (as the report model says it)."""
    kind = (case.get("result") or {}).get("case", {}).get("kind", "behovsmelding")
    return DECISION if kind == "behovsmelding" else DECISION_DOCUMENT


def decision_summary(cases: list[dict], lang: str) -> dict:
    """What a result page says about a batch's decisions: `counts` (code → cases, and `error`), `pills` (one
    count per decision and per set of decision words the batch's document kinds use — «Tilskuddsberettiget: 2»,
    «I orden: 1» — each decision shown even at 0) and `decision_options` (the decision filter's choices,
    worded for the kinds in the batch)."""
    checked = [c for c in cases if c["decision"] != "error"]
    families = [DECISION] if any(_decision_words(c) is DECISION for c in checked) or not checked else []
    if any(_decision_words(c) is DECISION_DOCUMENT for c in checked):
        families.append(DECISION_DOCUMENT)
    pills = []
    for decision in DECISIONS:
        counted = {family[decision][lang]: 0 for family in families}
        for case in checked:
            if case["decision"] == decision:
                label = case.get("decision_label") or _decision_words(case)[decision][lang]
                counted[label] = counted.get(label, 0) + 1
        pills += [{"decision": decision, "label": label, "n": n} for label, n in counted.items()]
    options = [(d, " / ".join(dict.fromkeys(family[d][lang] for family in families))) for d in DECISIONS]
    counts = {d: sum(1 for c in cases if c["decision"] == d) for d in (*DECISIONS, "error")}
    return {"counts": counts, "pills": pills, "decision_options": options, "decisions": DECISIONS}


class _Header:
    """What the overview table of a long result page shows of a case's report: its header only."""

    def __init__(self, header):
        self.header = header


class LightCaseView(dict):
    """A case of a long result page: what the overview table shows, and the kept result as JSON, compressed
    (a tenth of its size); the JSON (`c.result_json`) and the report's HTML made from it (`c.html`) are made
    again each time the page asks for them and are not kept, so that a page of 2,000 cases, rendered as it is
    sent, never holds all their reports, nor their results as text, at once."""

    def __missing__(self, key):
        if key == "result_json":
            return zlib.decompress(self["result_json_z"]).decode("utf-8")
        if key == "html":
            return case_view(self["index"], self["name"], jsonio.loads(self["result_json"]), self["lang"])["html"]
        raise KeyError(key)


def light_case_view(index: int, name: str, result: dict, lang: str) -> LightCaseView:
    """`case_view` without the report, the result and the HTML (see `LightCaseView`)."""
    view = case_view(index, name, result, lang, html=False)
    light = LightCaseView({k: v for k, v in view.items() if k not in ("report", "result", "result_json")})
    light["result_json_z"] = zlib.compress(view["result_json"].encode("utf-8"), 1)
    light["lang"] = lang
    light["report"] = _Header(getattr(view["report"], "header", None))   # a file error has no header
    if "result" in view:
        case = view["result"]["case"]
        light["result"] = {"case": {"id": case.get("id"), "kind": case.get("kind", "behovsmelding")}}
    return light


def rulebook_view(rulebook, lang: str) -> dict:
    """A rulebook's provisions in order with paraphrase, rules (or the no_check reason) and coverage."""
    detail = _detail(rulebook, lang)
    rules = {r["id"]: r for r in detail["rules"]}
    provisions = []
    for p, prov in zip(detail["provisions"], rulebook.provisions, strict=True):
        provisions.append(p | {"rules": [rules[r] for r in p["rules"]], "heading": prov.heading,
                               "anchor": "p-" + p["provision"].replace(" ", "-").replace(".", "_")})
    covered = sum(1 for p in provisions if p["rules"])
    no_check = sum(1 for p in provisions if not p["rules"] and p["no_check"])
    total = len(provisions)
    detail["provisions"] = provisions
    detail["url"] = rulebook.instrument.url
    detail["citation"] = rulebook.instrument.citation
    detail["coverage"] = {
        "total": total, "covered": covered, "no_check": no_check, "uncovered": total - covered - no_check,
        "covered_pct": round(100 * covered / total) if total else 0,
        "accounted_pct": round(100 * (covered + no_check) / total) if total else 0,
    }
    return detail
