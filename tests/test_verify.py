"""`forskrift verify RESULT.json CASE.json`: a stored result is reproduced exactly (exit 0); an edited rule file,
a different document, a changed finding or any forged field is detected and named (exit 1); a rulebook folder
named inside the record is never used; bad input exits 2."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from forskrift.cli import main

ROOT = Path(__file__).resolve().parent.parent
SANDNES = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"
KLEPP = ROOT / "cases" / "lokal-2021" / "desentralisert-klepp-egenandel-20-prosent-not-eligible.json"


def run(capfd, *argv):
    code = main([str(a) for a in argv])
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def store(capfd, tmp_path, case: Path, *extra) -> Path:
    code, out, err = run(capfd, "check", case, "--format", "json", *extra)
    assert code in (0, 1), err
    path = tmp_path / f"{case.stem}.result.json"
    path.write_text(out, encoding="utf-8")
    return path


@pytest.fixture
def rulebook_copy(tmp_path) -> Path:
    folder = tmp_path / "working" / "lokal-2021"
    shutil.copytree(ROOT / "rules" / "lokal-2021", folder)
    return folder


def test_a_result_carries_its_decision_record(capfd, tmp_path):
    result = json.loads(store(capfd, tmp_path, SANDNES).read_text(encoding="utf-8"))
    assert result["rulebook"]["id"] == "lokal-2021" and result["rulebook"]["hash"].startswith("sha256:")
    assert result["engine"]["name"] in ("durable", "reference") and result["engine"]["version"]
    assert result["forskrift_version"]
    assert result["document_hash"].startswith("sha256:")
    assert result["case"]["format"] == "forskrift-case/2021.1"
    assert result["case"]["schema"] == "urn:forskrift:schema:case-2021"
    assert result["record"]["checked_at"].endswith("Z")
    assert Path(result["record"]["rulebook_folder"]) == (ROOT / "rules" / "lokal-2021").resolve()


@pytest.mark.parametrize("case", [SANDNES, KLEPP])
@pytest.mark.parametrize("engine", ["durable", "reference"])
def test_verify_confirms_a_stored_result(capfd, tmp_path, case, engine):
    from forskrift.engine import durable
    if engine == "durable" and not durable.available():
        pytest.skip("durable-rules cannot be imported here")
    stored = store(capfd, tmp_path, case, "--engine", engine, "--lang", "en")
    code, out, err = run(capfd, "verify", stored, case)
    assert code == 0, out + err
    assert out.startswith("identical: ")
    code, out, _ = run(capfd, "verify", stored, case, "--format", "json")
    assert code == 0 and json.loads(out)["identical"] is True


def test_verify_detects_an_edited_rule_file(capfd, tmp_path, rulebook_copy):
    stored = store(capfd, tmp_path, SANDNES, "--rules", rulebook_copy)
    assert run(capfd, "verify", stored, SANDNES, "--rules", rulebook_copy)[0] == 0
    rule_file = rulebook_copy / "punkt-7.2.yaml"
    text = rule_file.read_text(encoding="utf-8")
    assert text.count("amount >= 30 % of") == 1
    rule_file.write_text(text.replace("amount >= 30 % of", "amount >= 90 % of"), encoding="utf-8")
    code, out, err = run(capfd, "verify", stored, SANDNES, "--rules", rulebook_copy)
    assert code == 1, err
    assert out.startswith("different: ")
    assert "decision: eligible → not_eligible" in out
    assert "rule 7.2-3-egenandel (punkt-7.2.yaml): met → not_met" in out
    assert "made with another rulebook" in out and "/rulebook/hash" in out
    code, out, _ = run(capfd, "verify", stored, SANDNES, "--rules", rulebook_copy, "--format", "json")
    verdict = json.loads(out)
    assert code == 1 and verdict["identical"] is False
    assert verdict["decision"] == {"stored": "eligible", "now": "not_eligible"}
    assert verdict["rulebook"]["stored"] != verdict["rulebook"]["now"]


def test_an_edit_that_keeps_the_outcome_is_still_another_rulebook(capfd, tmp_path, rulebook_copy):
    """The decision and findings are reproduced, but the record was not made with this rulebook: exit 1."""
    stored = store(capfd, tmp_path, SANDNES, "--rules", rulebook_copy)
    rule_file = rulebook_copy / "punkt-7.2.yaml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8") + "\n# a comment added since\n", encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, SANDNES, "--rules", rulebook_copy)
    assert code == 1
    assert out.startswith("different: ") and "made with another rulebook" in out
    assert "mismatch: decision" not in out and "mismatch: rule " not in out
    assert "/rulebook/hash" in out


def test_verify_detects_a_changed_document(capfd, tmp_path):
    stored = store(capfd, tmp_path, SANDNES)
    doc = json.loads(SANDNES.read_text(encoding="utf-8"))
    doc["behovsmelding"]["egenandel"]["amount"] = 1000
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, changed)
    assert code == 1
    assert "the case document differs from the one checked" in out
    assert "rule 7.2-3-egenandel (punkt-7.2.yaml): met → not_met" in out


def test_verify_names_a_finding_that_changed_without_its_status(capfd, tmp_path):
    stored = store(capfd, tmp_path, SANDNES)
    result = json.loads(stored.read_text(encoding="utf-8"))
    finding = next(f for f in result["findings"] if f["rule"] == "7.2-3-egenandel")
    finding["evidence"][0]["value"] = 123
    stored.write_text(json.dumps(result), encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, SANDNES)
    assert code == 1
    assert "rule 7.2-3-egenandel (punkt-7.2.yaml): met as before, but evidence differ" in out


def test_verify_names_a_changed_citation(capfd, tmp_path):
    stored = store(capfd, tmp_path, SANDNES)
    result = json.loads(stored.read_text(encoding="utf-8"))
    result["provisions"]["punkt 7.2 nr. 3"]["ref"]["nr"] = 4
    stored.write_text(json.dumps(result), encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, SANDNES)
    assert code == 1
    assert "/provisions/punkt 7.2 nr. 3/ref/nr: 4 in the record, reproduced 3" in out


def test_a_rulebook_folder_named_in_the_record_is_never_used(capfd, tmp_path, rulebook_copy):
    """A not-eligible record made with a doctored copy of the rulebook, whose record points at that copy, is
    checked against the shipped rulebook: the decision and the rulebook hash do not match."""
    rule_file = rulebook_copy / "punkt-7.2.yaml"
    text = rule_file.read_text(encoding="utf-8")
    rule_file.write_text(text.replace("amount >= 30 % of", "amount >= 90 % of"), encoding="utf-8")
    stored = store(capfd, tmp_path, SANDNES, "--rules", rulebook_copy)
    result = json.loads(stored.read_text(encoding="utf-8"))
    assert result["decision"]["status"] == "not_eligible"
    assert Path(result["record"]["rulebook_folder"]) == rulebook_copy.resolve()
    code, out, _ = run(capfd, "verify", stored, SANDNES)
    assert code == 1
    assert "made with another rulebook" in out
    assert "decision: not_eligible → eligible" in out
    assert "/rulebook/hash" in out


def test_a_record_naming_a_rulebook_that_is_not_shipped_needs_rules(capfd, tmp_path):
    stored = store(capfd, tmp_path, SANDNES)
    result = json.loads(stored.read_text(encoding="utf-8"))
    result["rulebook"]["id"] = "lokal-2099"
    stored.write_text(json.dumps(result), encoding="utf-8")
    code, out, err = run(capfd, "verify", stored, SANDNES)
    assert code == 2 and "not shipped" in err and "--rules" in err


FORGERIES = {
    "document hash": (lambda r: r.update(document_hash="sha256:" + "0" * 64), "/document_hash"),
    "rulebook hash": (lambda r: r["rulebook"].update(hash="sha256:" + "0" * 64), "/rulebook/hash"),
    "summary count": (lambda r: r["summary"].update(met=r["summary"]["met"] + 1), "/summary/met"),
    "case id": (lambda r: r["case"].update(id="ANNEN-SAK"), "/case/id"),
    "rulebook title": (lambda r: r["rulebook"].update(title="Forged"), "/rulebook/title"),
    "decided by": (lambda r: r["decision"].update(decided_by=["7.2-3-egenandel"]), "decision:"),
    "a finding renamed": (lambda r: r["findings"][-1].update(rule="7.2-3-forged"), "no longer in the rulebook"),
    "a finding's status": (lambda r: next(f for f in r["findings"] if f["status"] == "met").update(status="not_met"),
                           "→ met"),   # a met finding (one that does not apply holds too little to be not_met)
    "a finding repeated": (lambda r: r["findings"].append(r["findings"][0]), "repeated"),
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_every_forged_field_is_named_and_fails(capfd, tmp_path, name):
    forge, named = FORGERIES[name]
    stored = store(capfd, tmp_path, SANDNES)
    result = json.loads(stored.read_text(encoding="utf-8"))
    forge(result)
    stored.write_text(json.dumps(result), encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, SANDNES)
    assert code == 1, out
    assert out.startswith("different: ") and named in out


def test_the_time_and_place_of_the_check_are_not_compared(capfd, tmp_path):
    stored = store(capfd, tmp_path, SANDNES)
    result = json.loads(stored.read_text(encoding="utf-8"))
    result["record"] = {"checked_at": "1999-01-01T00:00:00Z", "rulebook_folder": "/nowhere", "python": "2.7"}
    result["case"]["file"] = "elsewhere/sak.json"
    stored.write_text(json.dumps(result), encoding="utf-8")
    code, out, _ = run(capfd, "verify", stored, SANDNES)
    assert code == 0, out


def test_verify_finds_its_case_in_a_batch_output(capfd, tmp_path):
    code, out, _ = run(capfd, "check", ROOT / "cases" / "lokal-2021", "--format", "jsonl")
    batch = tmp_path / "batch.jsonl"
    batch.write_text(out, encoding="utf-8")
    assert run(capfd, "verify", batch, KLEPP)[0] == 0


@pytest.mark.parametrize("what", ["not-json", "not-a-result", "missing-case", "invalid-case"])
def test_verify_bad_input_exits_2(capfd, tmp_path, what):
    stored = store(capfd, tmp_path, SANDNES)
    case = SANDNES
    if what == "not-json":
        stored.write_bytes(b"\xff\xfe not json")
    elif what == "not-a-result":
        stored.write_text('{"decision": {"status": "eligible"}}', encoding="utf-8")
    elif what == "missing-case":
        case = tmp_path / "nowhere.json"
    else:
        case = tmp_path / "bad.json"
        case.write_text('{"format": "forskrift-case/2021.1", "case": {"id": 1}}', encoding="utf-8")
    code, out, err = run(capfd, "verify", stored, case)
    assert code == 2
    assert out == ""
    assert err.startswith("forskrift: error: ") and len(err.strip().splitlines()) == 1
