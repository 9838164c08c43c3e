"""The one report model and its three renderings: the text report, the JSON report and the web page's HTML say
the same things in the same order with the same words, in bokmål, nynorsk and English; a report is built again
in another language from the same result, without checking again."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from forskrift.check import Checker
from forskrift.report import build_report
from forskrift.report import html as html_out
from forskrift.report import json as json_out
from forskrift.report import text as text_out
from forskrift.report.citations import join_refs

ROOT = Path(__file__).resolve().parent.parent
KLEPP = ROOT / "cases/lokal-2021/desentralisert-klepp-egenandel-20-prosent-not-eligible.json"
FAGSKOLE = ROOT / "cases/lokal-2021/regional-barnehage-strand-fagskole-partner-not-eligible.json"
EXAMPLES = sorted((ROOT / "cases/lokal-2021").glob("*.json"))


@pytest.fixture(scope="module")
def checker():
    return Checker()


def _plain(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


def _in_order(haystack: str, needles: list[str]) -> bool:
    at = 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            return False
        at = found + len(needle)
    return True


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("case", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_text_json_and_html_render_one_model(checker, case, lang):
    result = checker.check_path(case)
    report = build_report(result, lang)
    text = text_out.render_case(report)
    page = " ".join(_plain(html_out.render_case(report)).split())
    data = json.loads(json_out.render_case(report))
    # the JSON is the model itself
    assert data == json.loads(json.dumps(report.to_dict()))
    # the same words, in the same order, in all three: header, decision, then each provision and its findings
    words = [report.header.case_id, report.decision.label]
    if report.header.applicant:
        words.insert(1, report.header.applicant)
    for group in report.groups:
        words.append(group.citation)
        for f in group.findings:
            words += [f.status_label, f.rule, f.requirement, *f.explanation]
    assert _in_order(text.replace(report.decision.label.upper(), report.decision.label), words)
    assert _in_order(page, [" ".join(w.split()) for w in words])
    json_words = [data["header"]["case_id"], *([data["header"]["applicant"]] if data["header"]["applicant"] else []),
                  data["decision"]["label"]]
    for group in data["groups"]:
        json_words.append(group["citation"])
        for f in group["findings"]:
            json_words += [f["status_label"], f["rule"], f["requirement"], *f["explanation"]]
    assert json_words == words


def test_a_language_is_a_view_of_the_same_result(checker):
    result = checker.check_path(KLEPP)
    frozen = json.dumps(result, sort_keys=True)
    reports = {lang: build_report(result, lang) for lang in ("nb", "nn", "en")}
    assert json.dumps(result, sort_keys=True) == frozen          # building a report changes nothing
    labels = {lang: r.decision.label for lang, r in reports.items()}
    assert labels == {"nb": "Ikke tilskuddsberettiget", "nn": "Ikkje tilskotsberettiga", "en": "Not eligible"}
    for report in reports.values():
        assert [g.key for g in report.groups] == [g.key for g in reports["nb"].groups]


def test_not_met_says_what_was_found_and_required_with_the_figures(checker):
    result = checker.check_path(KLEPP)
    [egenandel] = [f for f in result["findings"] if f["rule"] == "7.2-3-egenandel"]
    views = {lang: next(f for g in build_report(result, lang).groups for f in g.findings
                        if f.rule == "7.2-3-egenandel") for lang in ("nb", "nn", "en")}
    assert views["nb"].explanation == (
        "Egenandelen er 150 000 kr, som er 20,0 % av omsøkt tilskudd 750 000 kr. Kravet er minst 30 % "
        "(225 000 kr); det mangler 75 000 kr.",)
    assert views["nn"].explanation == (
        "Eigendelen er 150 000 kr, som er 20,0 % av tilskotet det er søkt om 750 000 kr. Kravet er minst 30 % "
        "(225 000 kr); det manglar 75 000 kr.",)
    assert "NOK 75,000 short" in views["en"].explanation[0]
    # the fields that decided it come first in the evidence
    assert [e.pointer for e in views["nb"].evidence[:2]] == ["/behovsmelding/egenandel/amount",
                                                            "/behovsmelding/budget/amount_applied"]
    assert all(e.deciding for e in views["nb"].evidence[:2])
    assert egenandel["reasons"][0]["left"]["value"] == 150000


def test_a_rule_over_a_list_names_the_failing_items(checker):
    result = checker.check_path(FAGSKOLE)
    report = build_report(result, "nb")
    finding = next(f for g in report.groups for f in g.findings if f.rule == "3.3c1-partnerskap-uh")
    assert any("Partner 1 «Fagskolen Rogaland»" in s and "«fagskole»" in s for s in finding.explanation)


def test_the_header_names_applicant_scheme_year_and_amount(checker):
    report = build_report(checker.check_path(KLEPP), "nb")
    h = report.header
    assert (h.applicant, h.applicant_kind, h.scheme, h.grant_year, h.amount_applied) == (
        "Klepp kommune", "eier", "desentralisert ordning for skoler", "2023", "750 000 kr")


def test_a_document_in_order_is_not_called_eligible(checker):
    result = checker.check_path(ROOT / "cases/lokal-2021/tilsagn-desentralisert-sandnes-2024-eligible.json")
    assert build_report(result, "nb").decision.label == "I orden"
    assert build_report(result, "nn").decision.label == "I orden"


def test_several_citations_of_one_provision_are_joined():
    assert join_refs([{"punkt": "3.1", "nr": n} for n in (1, 2, 3)]) == ["punkt 3.1 nr. 1–3"]
    assert join_refs([{"punkt": "3.1"}, {"punkt": "3.1", "nr": 1}, {"punkt": "3.1", "nr": 2}]) == \
        ["punkt 3.1 nr. 1 og 2"]
    assert join_refs([{"punkt": "7.3", "ledd": 3, "nr": n} for n in (1, 3, 4, 5)]) == \
        ["punkt 7.3 tredje ledd nr. 1 og 3–5"]


ALL_EXAMPLES = sorted(p for folder in ("lokal-2021", "kollektiv-2026", "tilrettelegging")
                      for p in (ROOT / "cases" / folder).glob("*.json"))


def test_every_field_the_examples_name_has_a_label(checker):
    """A field a report names (evidence, what is missing) is said in words (schemas/field-labels.yaml), never by
    its code name in English («Sami perspectives mangler.»)."""
    from forskrift.report.fields import _entry, field_of_pointer
    unlabelled = {}
    for case in ALL_EXAMPLES:
        result = checker.check_path(case)
        if "error" in result:
            continue
        for finding in result["findings"]:
            pointers = [e["pointer"] for e in finding.get("evidence", [])] + list(finding.get("missing", []))
            for pointer in pointers:
                if _entry(field_of_pointer(pointer)) is None:
                    unlabelled.setdefault(field_of_pointer(pointer), case.name)
    assert unlabelled == {}


ALL_EXAMPLES = sorted((ROOT / "cases").glob("*/*.json"))


def test_every_not_met_or_missing_finding_of_the_examples_says_why_in_every_language(checker):
    """Issue 14: every finding that is not met or misses information, in every shipped example, says in words
    what was found or what is missing (not only the requirement), in bokmål, nynorsk and English."""
    silent = []
    for path in ALL_EXAMPLES:
        result = checker.check_path(path)
        if "findings" not in result:
            continue
        for lang in ("nb", "nn", "en"):
            for group in build_report(result, lang).groups:
                silent += [(path.name, lang, f.rule) for f in group.findings
                           if f.status in ("not_met", "missing_information") and not f.explanation]
    assert not silent


def test_a_missing_field_inside_a_counts_filter_is_named_with_its_item():
    from forskrift.report.explain import Explainer
    finding = {"status": "missing_information", "reasons": [],
               "missing": ["/tilretteleggingssoknad/students/0/kindergarten/org_number", "/case/date"]}
    nb = Explainer("nb").finding_sentences(finding)
    assert nb[0].startswith("Student 1 mangler ") and "organisasjonsnummer" in nb[0]
    assert nb[1].endswith(" mangler.")
    assert Explainer("en").finding_sentences(dict(finding, status="not_met")) == []



def test_a_rule_that_does_not_apply_is_listed_with_its_citation_from_the_rulebook(checker):
    """A not-applicable finding holds its rule and status only; the report still names what the rule cites, from
    the rulebook (the regulation's or a call's): the citation the finding had when it applied."""
    seen, calls = 0, 0
    for path in ALL_EXAMPLES:
        result = checker.check_path(path)
        if "findings" not in result:
            continue
        assert all(set(f) == {"rule", "status"} for f in result["findings"] if f["status"] == "not_applicable")
        applied = {f.rule: f.citation for g in build_report(result, "nb").groups for f in g.findings}
        # every applicable finding turned into one that does not apply, its citations gone from the result
        silent = dict(result, findings=[{"rule": f["rule"], "status": "not_applicable"} for f in result["findings"]],
                      provisions={})
        listed = {n.rule: n.citation for n in build_report(silent, "nb").not_applicable}
        for rule, citation in applied.items():
            assert listed[rule] == citation, (path.name, rule)
            seen += 1
            calls += citation.startswith("Statsforvalteren")
    assert seen > 500 and calls >= 5
