"""The caseworker's judgements: applied only when they fit, the decision recomputed, information received
evaluated by the rules on a recorded copy of the case, and verify reproducing the decision."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from forskrift import judgements
from forskrift.check import Checker, case_files
from forskrift.cli import main
from forskrift.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases" / "lokal-2021"
EIGERSUND = CASES / "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json"
SOLA = CASES / "desentralisert-sola-partnerskap-mangler-undetermined.json"


def shipped(case: Path) -> Path:
    """A shipped example's judgements: in the judgements/ folder beside the examples (every .json file directly
    in an examples folder is a case document)."""
    return case.parent / "judgements" / judgements.for_case(case).name


def shipped_case(path: Path) -> Path:
    return path.parent.parent / (path.name.removesuffix(judgements.SUFFIX) + ".json")


@pytest.fixture(scope="module")
def checker():
    return Checker(engine="reference")


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _apply(checker, case, judged, source="j.json"):
    return judgements.apply(checker, case, "case.json", judged, source)


def test_shipped_judgements_fit_their_cases(checker):
    """Every committed X.judgements.json applies in full to X.json (a rule edit makes one stale: judge anew)."""
    files = sorted(ROOT.glob("cases/**/judgements/*" + judgements.SUFFIX))
    assert len(files) >= 2
    for path in files:
        case = shipped_case(path)
        result = _apply(checker, _load(case), judgements.load(path), str(path))
        assert result["judgements"]["not_applied"] == [], (path, result["judgements"]["not_applied"])


def test_conclusions_decide_an_undetermined_case(checker):
    before = checker.check_document(_load(EIGERSUND), "case.json")
    assert before["decision"]["status"] == "undetermined"
    result = _apply(checker, _load(EIGERSUND), judgements.load(shipped(EIGERSUND)))
    assert result["decision"]["status"] == "eligible"
    concluded = {f["rule"]: f for f in result["findings"] if f.get("caseworker")}
    assert set(concluded) == {"3.3c2-laererutdanning", "7.2-ledd4-koordinator"}
    entry = concluded["7.2-ledd4-koordinator"]["caseworker"][0]
    assert entry["from_status"] == "needs_judgement" and entry["conclusion"] == "met"
    assert entry["by"] == "Kari Nordmann" and "begrenset" in entry["reason"]
    assert result["summary"]["needs_judgement"] == 0
    assert result["summary"]["met"] == before["summary"]["met"] + 2
    assert result["document_hash"] == before["document_hash"]


def test_not_met_conclusion_refuses(checker):
    judged = judgements.load(shipped(EIGERSUND))
    judged["judgements"][1]["conclusion"] = "not_met"
    result = _apply(checker, _load(EIGERSUND), judged)
    assert result["decision"] == result["decision"] | {"status": "not_eligible",
                                                       "decided_by": ["7.2-ledd4-koordinator"]}


def test_information_received_is_evaluated_not_flipped(checker):
    doc = _load(SOLA)
    judged = judgements.load(shipped(SOLA))
    result = _apply(checker, doc, judged)
    assert result["decision"]["status"] == "eligible"
    patched = result["judgements"]["patched"]
    assert patched["values"][0]["pointer"] == "/partnerskap"
    assert patched["document_hash"] != result["document_hash"] == judged["case"]["document_hash"]
    by_rule = {f["rule"]: f for f in result["findings"]}
    entry = by_rule["3.3c1-partnerskap-uh"]["caseworker"][0]
    assert entry["conclusion"] == "information_received" and entry["status_after"] == "met"
    assert by_rule["3.3a1-lokale-vurderinger"]["status"] == "met"     # the other rule that waited for it
    assert "partnerskap" not in doc                                      # the filed case is untouched
    # information that shows the requirement is not met gives not met, not a flipped "met"
    bad = copy.deepcopy(judged)
    bad["judgements"] = bad["judgements"][:1]
    bad["judgements"][0]["values"][0]["value"]["partners"][0]["type"] = "fagskole"
    result = _apply(checker, doc, bad)
    assert {f["rule"]: f["status"] for f in result["findings"]}["3.3c1-partnerskap-uh"] == "not_met"
    assert result["decision"]["status"] == "not_eligible"


def test_a_changed_case_leaves_every_judgement_unapplied(checker):
    doc = _load(EIGERSUND)
    doc["behovsmelding"]["budget"]["lines"][4]["amount"] = 150000
    result = _apply(checker, doc, judgements.load(shipped(EIGERSUND)))
    assert result["decision"]["status"] == "undetermined"
    assert result["judgements"]["applied"] == []
    assert len(result["judgements"]["not_applied"]) == 2
    assert all("case document has changed" in s["reason"] for s in result["judgements"]["not_applied"])
    assert not any(f.get("caseworker") for f in result["findings"])


def test_a_changed_rule_or_closed_finding_is_reported(checker):
    judged = judgements.load(shipped(EIGERSUND))
    judged["judgements"][0]["rule_hash"] = "sha256:" + "0" * 64
    doc = _load(EIGERSUND)
    rule = next(r for r in checker.rulebook_for(doc, "case.json").rules if r.id == "1.2-1-malgruppe")
    judged["judgements"].append(judged["judgements"][1] | {"rule": rule.id, "rule_hash": judgements.rule_hash(rule)})
    judged["judgements"].append(copy.deepcopy(judged["judgements"][1]))
    result = _apply(checker, doc, judged)
    reasons = {s["index"]: s["reason"] for s in result["judgements"]["not_applied"]}
    assert "has changed since" in reasons[0]
    assert "not open" in reasons[2]
    assert "second judgement" in reasons[3]
    assert result["judgements"]["applied"] == [1]
    statuses = {f["rule"]: f["status"] for f in result["findings"]}
    assert statuses["3.3c2-laererutdanning"] == "needs_judgement"    # not applied, still open


def test_bad_judgement_document_names_the_pointer(tmp_path):
    path = tmp_path / "j.json"
    data = judgements.load(shipped(EIGERSUND))
    data["judgements"][0]["conclusion"] = "perhaps"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DocumentError) as caught:
        judgements.load(path)
    assert caught.value.pointer == "/judgements/0/conclusion"
    data["judgements"][0] |= {"conclusion": "met", "values": [{"pointer": "/x", "value": 1}]}
    with pytest.raises(DocumentError):
        judgements.validate(data, "j.json")


def test_a_value_that_breaks_the_schema_is_refused(checker):
    judged = judgements.load(shipped(SOLA))
    judged["judgements"][0]["values"][0]["value"]["binding"] = "yes"
    with pytest.raises(DocumentError) as caught:
        _apply(checker, _load(SOLA), judged, "j.json")
    assert caught.value.file == "j.json" and "information received" in caught.value.message


@pytest.mark.parametrize(("pointer", "expected"), [
    ("/a/b", {"a": {"b": 1}, "l": [0]}),
    ("/l/1", {"l": [0, 1]}),
    ("/l/-", {"l": [0, 1]}),
    ("/l/0", {"l": [1]}),
    ("/n/0/x", {"l": [0], "n": [{"x": 1}]}),
    ("/a~1b", {"a/b": 1, "l": [0]}),
])
def test_set_pointer(pointer, expected):
    doc = {"l": [0]}
    judgements.set_pointer(doc, pointer, 1)
    assert doc == expected


@pytest.mark.parametrize("pointer", ["/l/5", "/l/x", "/l/0/y", "/l/01"])
def test_set_pointer_refuses(pointer):
    with pytest.raises(ValueError):
        judgements.set_pointer({"l": [0]}, pointer, 1)


def test_check_and_verify_on_the_command_line(tmp_path, capsys):
    out = tmp_path / "result.json"
    code = main(["check", str(SOLA), "--engine", "reference", "--format", "json", "--judgements",
                 str(shipped(SOLA))])
    assert code == 0
    out.write_text(capsys.readouterr().out, encoding="utf-8")
    stored = json.loads(out.read_text(encoding="utf-8"))
    assert stored["judgements"]["document"] == judgements.load(shipped(SOLA))
    assert main(["verify", str(out), str(SOLA)]) == 0
    assert capsys.readouterr().out.startswith("identical")
    # a stored result whose recorded decision does not follow from its judgements is caught
    stored["judgements"]["document"]["judgements"] = stored["judgements"]["document"]["judgements"][:1]
    out.write_text(json.dumps(stored), encoding="utf-8")
    assert main(["verify", str(out), str(SOLA)]) == 1
    assert "judgements applied" in capsys.readouterr().out


def test_the_text_report_shows_the_caseworkers_conclusions(capsys):
    assert main(["check", str(EIGERSUND), "--judgements", str(shipped(EIGERSUND))]) == 0
    out = capsys.readouterr().out
    assert "Saksbehandlers vurderinger (" in out and ": 2 brukt, 0 ikke brukt" in out
    assert "  7.2-ledd4-koordinator: oppfylt – Koordinatorfunksjonen (kr 140 000" in out
    assert "[Kari Nordmann, 2025-03-10T09:40:00Z]" in out


def test_check_judgements_wants_one_case(capsys):
    assert main(["check", str(CASES), "--judgements", str(shipped(SOLA))]) == 2
    assert "exactly one case" in capsys.readouterr().err


def test_judge_records_and_refuses(tmp_path, capsys):
    case = tmp_path / "case.json"
    case.write_text(EIGERSUND.read_text(encoding="utf-8"), encoding="utf-8")
    argv = ["judge", str(case), "--rule", "7.2-ledd4-koordinator", "--conclusion", "not_met", "--by", "KN",
            "--reason", "For stor andel.", "--at", "2025-03-10T10:00:00Z", "--rules", "lokal-2021"]
    assert main(argv) == 0
    written = judgements.load(judgements.for_case(case))
    assert [j["conclusion"] for j in written["judgements"]] == ["not_met"]
    assert main(argv) == 2
    assert "earlier judgement" in capsys.readouterr().err
    bad = argv.copy()
    bad[3] = "1.2-1-malgruppe"
    assert main(bad) == 2
    assert "only an open finding" in capsys.readouterr().err
    assert main(argv[:5] + ["information_received"] + argv[6:]) == 2
    assert "--value" in capsys.readouterr().err


def test_folders_skip_judgement_files():
    found = [p for p in case_files([CASES]) if not isinstance(p, tuple)]
    assert found and not any(p.name.endswith(judgements.SUFFIX) for p in found)
