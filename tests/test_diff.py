"""`forskrift diff`: the rule-level difference between two rulebooks and the impact over the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forskrift.analysis.diff import diff, rule_diff
from forskrift.cli import main
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def corpus_diff():
    """`forskrift diff --from lokal-2021 --to kollektiv-2026 cases/corpus --format json`, run once."""
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["diff", "--from", "lokal-2021", "--to", "kollektiv-2026", "cases/corpus", "--format", "json"])
    assert code == 0
    return json.loads(out.getvalue())


def case(result, fragment: str) -> list[dict]:
    found = [c for c in result["cases"] if fragment in c["case"]]
    assert found, fragment
    return found


def test_json_has_summary_and_cases(corpus_diff):
    summary = corpus_diff["summary"]
    assert {"cases", "decisions_changed", "findings_changed"} <= set(summary)
    assert summary["cases"] == len(corpus_diff["cases"]) >= 100
    assert 0 < summary["decisions_changed"] < summary["cases"]
    assert summary["decisions_changed"] == sum(c["decision_changed"] for c in corpus_diff["cases"])
    assert summary["findings_changed"] == sum(len(c["findings"]) for c in corpus_diff["cases"])
    # 2026-format cases cannot be read by lokal-2021, and there is no conversion back: listed, not compared
    assert summary["not_compared"] == len(corpus_diff["not_compared"]) > 0
    assert all("lokal-2021 cannot read" in item["reason"] for item in corpus_diff["not_compared"])


def test_fagskole_partner_with_binding_cooperation_turns_eligible(corpus_diff):
    for c in case(corpus_diff, "fagskole-binding"):
        assert c["decision"] == {"from": "not_eligible", "to": "eligible"}, c["case"]
        assert c["converted"]["to"] == "forskrift-case/2021.1 -> forskrift-case/2026.1"
        gone = {f["rule"]: f for f in c["findings"]}
        assert gone["3.3c1-partnerskap-uh"]["change"] == "disappears"
        assert gone["3.3c1-partnerskap-uh"]["from"]["citations"] == [
            "forskrift 26. januar 2021 nr. 230 punkt 3.3 (C) nr. 1"]
        assert gone["3.3c1-partnerskap-uh"]["decisive"]
        assert gone["1-partner"]["change"] == "appears" and gone["1-partner"]["to"]["status"] == "met"
        assert gone["1-partner"]["to"]["citations"][0].endswith("§ 1")


def test_school_owner_with_20_percent_egenandel_turns_eligible(corpus_diff):
    for c in case(corpus_diff, "egenandel-20"):
        assert c["decision"] == {"from": "not_eligible", "to": "eligible"}, c["case"]
        assert c["decided_by"]["from"] == ["7.2-3-egenandel"]
        change = {f["rule"]: f for f in c["findings"]}["7.2-3-egenandel"]
        assert change["from"]["status"] == "not_met" and change["to"] is None


def test_upper_secondary_case_turns_not_eligible(corpus_diff):
    for c in case(corpus_diff, "vgo-target"):
        assert c["decision"] == {"from": "eligible", "to": "not_eligible"}
        assert "virkeomrade-ikke-vgo" in c["decided_by"]["to"]


def test_summary_per_provision_counts_turned_cases(corpus_diff):
    rows = {r["provision"]: r for r in corpus_diff["summary"]["provisions"]}
    egenandel = rows["forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3"]
    assert egenandel["decisions_turned"] == len(case(corpus_diff, "egenandel-20"))
    assert egenandel["turns"] == {"not_eligible -> eligible": egenandel["decisions_turned"]}
    assert all(r["decisions_turned"] <= r["cases_changed"] for r in rows.values())


def test_a_turned_decision_is_attributed_to_both_sides(corpus_diff):
    for c in case(corpus_diff, "egenandel-20"):      # decided before by 7.2 nr. 3, which stops deciding after
        assert c["attribution"]["before"] == [{"rule": "7.2-3-egenandel",
                                               "provision": "forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3",
                                               "status": "not_met", "other_side": None}]
        assert c["attribution"]["after"] == []
    for c in case(corpus_diff, "vgo-target"):        # eligible before; decided after by the 2026 scope
        assert c["attribution"]["before"] == []
        after = {a["rule"]: a for a in c["attribution"]["after"]}
        scope = after["virkeomrade-ikke-vgo"]
        assert scope["status"] == "not_met" and scope["other_side"] is None
        assert scope["provision"].endswith("innledningen")
    assert all(c["attribution"] is None for c in corpus_diff["cases"] if not c["decision_changed"])
    rows = {r["provision"]: r for r in corpus_diff["summary"]["provisions"]}
    egenandel = rows["forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3"]
    assert egenandel["decided_before"] == egenandel["decisions_turned"] and egenandel["decides_after"] == 0
    scope = next(r for k, r in rows.items() if k.endswith("innledningen"))
    assert scope["decides_after"] >= len(case(corpus_diff, "vgo-target")) and scope["decided_before"] == 0


def test_an_upper_secondary_unit_in_the_2021_format_is_counted_by_the_2026_scope(tmp_path):
    """The 2021 format names upper-secondary units (the decentralised scheme covered them); converted, the
    2026 scope rule turns such a case, and the impact report counts it."""
    doc = json.loads((ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json").read_text())
    doc["behovsmelding"]["needs_assessment"]["units"].append(
        {"name": "Sandnes videregående skole", "kind": "videregaende", "local_assessment": True})
    path = tmp_path / "sandnes-vgo.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = diff("lokal-2021", "kollektiv-2026", [str(path)])
    (c,) = result["cases"]
    assert c["decision"] == {"from": "eligible", "to": "not_eligible"}
    assert [a["rule"] for a in c["attribution"]["after"]] == ["virkeomrade-ikke-vgo"]
    assert result["summary"]["transitions"] == {"eligible -> not_eligible": 1}


def test_hearing_to_adopted_on_the_2026_corpus():
    result = diff("kollektiv-2025-horing", "kollektiv-2026", ["cases/corpus/2026"])
    assert result["summary"]["not_compared"] == 0
    rules = result["rules"]["rules"]
    assert [r["rule"] for r in rules["added"]] == ["malgruppe", "1-formal-samiske-perspektiver",
                                                   "1-formal-profesjonsfellesskap",
                                                   "tilrettelegging-barnehagelaererutdanning",
                                                   "tilrettelegging-barnehageansatt"]
    assert [r["rule"] for r in rules["changed"]] == ["1-partner"]   # other environments: judgement, not refusal
    # the same accepted partners; the adopted scheme sends other environments to judgement (F, S)
    assert "judgement" in rules["changed"][0]["fields"] and "source" in rules["changed"][0]["fields"]
    turned = {c["case"] for c in result["cases"] if c["decision_changed"]}
    other_env = {c["case"] for c in result["cases"] if "other-env-binding" in c["case"]}
    students = {c["case"] for c in result["cases"] if "individual-students" in c["case"]}
    assert other_env and other_env <= turned and students <= turned
    assert turned == other_env | students


def test_rule_diff_of_a_rulebook_with_itself_is_empty():
    rb = registry.get("kollektiv-2026")
    empty = rule_diff(rb, rb)
    assert all(not v for part in empty.values() for v in part.values())


def test_markdown_and_text(capsys):
    code = main(["diff", "--from", "lokal-2021", "--to", "kollektiv-2026", "cases/lokal-2021", "--format",
                 "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("## Konsekvenser av overgangen fra lokal-2021 til kollektiv-2026")
    assert "| fra | til | antall saker |" in out and "ikke tilskuddsberettiget" in out
    assert "ROG-2023-DEKOM-SOR-006" in out  # the Klepp 20 % example turns
    assert "| avgjort før av | avgjøres etter av |" in out
    assert "punkt 7.2 nr. 3 (7.2-3-egenandel, ikke oppfylt; finnes ikke etter)" in out
    code = main(["diff", "--from", "kollektiv-2025-horing", "--to", "kollektiv-2026"])
    out = capsys.readouterr().out
    assert "~ 1-partner" in out and "+ malgruppe" in out


def test_unknown_rulebook_exits_2(capsys):
    code = main(["diff", "--from", "lokal-2021", "--to", "no-such-book", "cases/lokal-2021"])
    assert code == 2 and "no rulebook 'no-such-book'" in capsys.readouterr().err


def test_a_document_other_than_a_behovsmelding_is_in_order_not_eligible(capsys, tmp_path):
    """Each case says its document kind; the markdown report words an innstilling's decision «i orden» (an edited
    lokal-2021 that lifts the 30 % ceiling of punkt 3.3 (D) turns the over-30 innstilling)."""
    import shutil
    edited = tmp_path / "lokal-2021"
    shutil.copytree(ROOT / "rules" / "lokal-2021", edited)
    rule_file = edited / "punkt-3.3.yaml"
    text = rule_file.read_text(encoding="utf-8")
    assert text.count("<= 30 % of innstilling.ramme.amount") == 1
    rule_file.write_text(text.replace("<= 30 % of innstilling.ramme.amount", "<= 90 % of innstilling.ramme.amount"),
                         encoding="utf-8")
    cases = ["cases/lokal-2021/innstilling-regional-barnehage-rogaland-2025-over-30-prosent-not-eligible.json",
             "cases/lokal-2021/desentralisert-klepp-egenandel-20-prosent-not-eligible.json"]
    result = diff("lokal-2021", str(edited), cases)
    assert [(c["kind"], c["decision"]["from"], c["decision"]["to"]) for c in result["cases"]] == [
        ("innstilling", "not_eligible", "eligible"), ("behovsmelding", "not_eligible", "not_eligible")]
    assert main(["diff", "--from", "lokal-2021", "--to", str(edited), *cases, "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "| ikke i orden | i orden | 1 |" in out
    row = next(line for line in out.splitlines() if line.startswith("| ROG-2025-REKOM-INNST"))
    assert row.startswith("| ROG-2025-REKOM-INNST") and "| ikke i orden | i orden |" in row
    assert "tilskuddsberettiget" not in out


@pytest.mark.parametrize("old_id, new_id, folder, lang", [
    ("lokal-2021", "kollektiv-2026", "cases/corpus", "nb"),
    ("lokal-2021", "kollektiv-2026", "cases/lokal-2021", "en"),
    ("kollektiv-2025-horing", "kollektiv-2026", "cases/kollektiv-2026", "nn"),
    ("none", "rogaland-tilrettelegging-2025-2026", "cases/tilrettelegging", "nb"),
])
def test_a_changed_finding_says_what_check_says_of_the_rule(old_id, new_id, folder, lang):
    """diff words a changed rule's side from its status and reasons alone (no evidence, a message without
    reasons worded once per rule): each side is what `check` finds for that rule on the same (converted) case,
    worded by the report's finding_words; the attribution names the provision `check` cites first."""
    from forskrift.analysis.diff import _side_rulebook
    from forskrift.check import Checker
    from forskrift.documents.convert import convert
    from forskrift.documents.read import read_json_file
    from forskrift.findings import cited_text
    from forskrift.report.model import finding_words
    result = diff(old_id, new_id, [folder], lang=lang)
    books = {"from": _side_rulebook(old_id, new_id), "to": _side_rulebook(new_id, old_id)}
    checkers = {key: Checker(rules=str(book.folder), lang=lang, warn=lambda m: None, calls=False)
                for key, book in books.items()}
    seen = 0
    for compared in result["cases"]:
        doc = read_json_file(Path(compared["file"]))
        for key in ("from", "to"):
            case_doc = doc
            if compared["converted"][key]:
                case_doc = convert(doc, compared["converted"][key].split(" -> ")[1])
            checked = checkers[key].check_document(case_doc, compared["file"])
            assert checked["decision"]["status"] == compared["decision"][key]
            assert checked["decision"]["decided_by"] == compared["decided_by"][key]
            found = {f["rule"]: f for f in checked["findings"]}
            owner = {r.id: b for b in (*([registry.regulation_of(books[key])] if books[key].is_call else []),
                                        books[key]) for r in b.rules}
            for change in compared["findings"]:
                side = change[key]
                if side is None:
                    assert change["rule"] not in found or found[change["rule"]]["status"] == "not_applicable"
                    continue
                finding = found[change["rule"]]
                assert side == {"status": finding["status"], "blocking": finding["blocking"],
                                **finding_words(checked, finding, owner[change["rule"]], lang)}
                if key == ("to" if change["to"] is not None else "from"):
                    assert change["provision"] == cited_text(checked, finding["cites"][0])
                seen += 1
            for item in (compared["attribution"] or {}).get("before" if key == "from" else "after", []):
                assert item["provision"] == cited_text(checked, found[item["rule"]]["cites"][0])
    assert seen > 10


def test_a_message_without_reasons_is_worded_once_per_rule_status_and_schema():
    from forskrift.analysis.diff import _Layout
    from forskrift.report.model import finding_message
    book = registry.get("kollektiv-2026")
    layout = _Layout(book, [], "en")
    rule = book.rules[0]
    for status in ("met", "needs_judgement", "met", "missing_information"):
        for schema in ("forskrift-case/2026.1", None):
            assert layout.message(rule.id, status, [], schema) == finding_message(
                status, rule.requirement.get("en"), [], schema, "en")
    assert len(layout._messages) == 6


def test_the_comparison_is_the_same_on_either_engine(tmp_path):
    """A comparison runs on the reference evaluator unless durable is named (DIFF_ENGINE): the output is the same
    on both, on the examples, the corpus and generated benchmark cases converted to the 2026 format."""
    import sys

    from forskrift.analysis.diff import DIFF_ENGINE
    from forskrift.engine import durable
    if not durable.available():
        pytest.skip("durable-rules does not import here")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import corpus
    corpus.write(tmp_path / "bench", 120, seed=13)
    assert DIFF_ENGINE == "reference"
    for old_id, new_id, paths in [("lokal-2021", "kollektiv-2026", ["cases", str(tmp_path / "bench")]),
                                  ("kollektiv-2025-horing", "kollektiv-2026", ["cases/kollektiv-2026"]),
                                  ("none", "rogaland-tilrettelegging-2025-2026", ["cases/tilrettelegging"])]:
        default = diff(old_id, new_id, paths)
        assert default == diff(old_id, new_id, paths, engine="reference")
        assert default == diff(old_id, new_id, paths, engine="durable")
        assert default["summary"]["findings_changed"] > 0


def test_the_collector_is_paused_while_comparing_and_resumed_as_it_was(monkeypatch):
    import gc

    from forskrift.analysis import diff as diff_module
    seen = []
    real = diff_module._compare

    def compare(*args):
        seen.append(gc.isenabled())
        return real(*args)
    monkeypatch.setattr(diff_module, "_compare", compare)
    assert gc.isenabled()
    diff("lokal-2021", "kollektiv-2026", ["cases/lokal-2021"])
    assert seen == [False] and gc.isenabled()
    assert gc.get_freeze_count() == 0          # what was made meanwhile is old now, not frozen
    gc.disable()
    try:
        diff("lokal-2021", "kollektiv-2026", ["cases/lokal-2021"])
        assert not gc.isenabled()          # a caller that paused it keeps it paused
    finally:
        gc.enable()

    def fails(*args):
        raise KeyboardInterrupt
    monkeypatch.setattr(diff_module, "_compare", fails)
    with pytest.raises(KeyboardInterrupt):
        diff("lokal-2021", "kollektiv-2026", ["cases/lokal-2021"])
    assert gc.isenabled()
