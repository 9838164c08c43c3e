"""`forskrift check` and `forskrift rules` through the command line, in-process: the JSON output follows
schemas/findings.schema.json, every citation names a provision of its rulebook, and the exit codes, language,
rulebook choice and errors behave as documented."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from forskrift.cli import main
from forskrift.documents.schemas import SchemaSet
from forskrift.rulebook import registry
from forskrift.rulebook.citations import Ref

ROOT = Path(__file__).resolve().parent.parent
SANDNES = "cases/lokal-2021/desentralisert-sandnes-eligible.json"
FINDINGS_SCHEMA = "urn:forskrift:schema:findings"
STATUSES = ("met", "not_met", "missing_information", "needs_judgement", "not_applicable")


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def findings_validator():
    schemas = SchemaSet(ROOT / "schemas")
    assert FINDINGS_SCHEMA in schemas.by_id, "schemas/findings.schema.json is not registered by its $id"
    return schemas.validator(FINDINGS_SCHEMA)


def run(capsys, *argv):
    """(exit code, stdout, stderr) of `forskrift ARGV...`."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--format", "json")
    return code, json.loads(out), err


def assert_valid(validator, payload):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(payload)]
    assert errors == []


def all_citations(results):
    """(result, key, provision) for every provision a result cites."""
    for result in results:
        for finding in result.get("findings", []):
            for key in finding.get("cites", ()):     # a rule that does not apply cites nothing in a result
                yield result, key, result["provisions"][key]


def sandnes_doc() -> dict:
    return json.loads((ROOT / SANDNES).read_text(encoding="utf-8"))


def write_case(folder: Path, name: str, doc) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


# -- the JSON output and its schema ------------------------------------------------------------------------


def test_findings_schema_is_a_valid_2020_12_schema():
    schema = json.loads((ROOT / "schemas" / "findings.schema.json").read_text(encoding="utf-8"))
    assert schema["$id"] == FINDINGS_SCHEMA
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_check_cases_folder_json_validates_against_schema(capsys, findings_validator):
    code, payload, err = run_json(capsys, "check", "cases")
    assert isinstance(payload, list) and payload, "a folder gives an array of results"
    assert_valid(findings_validator, payload)
    assert all("error" not in r for r in payload), err  # the shipped cases are all valid
    assert code in (0, 1)
    assert code == (0 if all(r["decision"]["status"] == "eligible" for r in payload) else 1)
    files = [r["case"]["file"] for r in payload]
    assert SANDNES in files
    assert files == sorted(files)
    assert "Traceback" not in err


def test_every_citation_in_the_output_is_a_provision_of_its_rulebook(capsys):
    _, payload, _ = run_json(capsys, "check", "cases")
    checked = 0
    for result, key, citation in all_citations(payload):
        if "rulebook" in citation:      # a call's provision, keyed by its whole citation (issue 12)
            call = registry.get(citation["rulebook"])
            assert citation["rulebook"] in [c["id"] for c in result["calls"]]
            assert call.provision(Ref.from_data(citation["ref"])) is not None
            assert key == call.citation_text(Ref.from_data(citation["ref"])) and key.startswith(citation["citation"])
            continue
        rulebook = registry.get(result["rulebook"]["id"])
        ref = Ref.from_data(citation["ref"])
        provision = rulebook.provision(ref)
        assert provision is not None, f"{result['case']['file']}: {key} is not a provision"
        assert key == ref.key()
        assert result["rulebook"]["citation"] == rulebook.instrument.citation
        assert result["rulebook"]["url"] == rulebook.instrument.url
        checked += 1
    assert checked >= 18


def test_each_citation_once_per_result_and_the_findings_refer_to_it(capsys):
    _, result, _ = run_json(capsys, "check", SANDNES)
    rulebook = registry.get(result["rulebook"]["id"])
    assert [f["rule"] for f in result["findings"]] == [r.id for r in rulebook.rules]
    for finding in result["findings"]:
        rule = rulebook.rule_index[finding["rule"]]
        assert "citation" not in finding and "citations" not in finding
        if finding["status"] == "not_applicable":     # its id and status only: it decides nothing
            assert set(finding) == {"rule", "status"}
            continue
        assert [Ref.from_data(result["provisions"][k]["ref"]) for k in finding["cites"]] == list(rule.cites)
        assert finding["blocking"] is rule.blocking
    cited = {k for f in result["findings"] for k in f.get("cites", ())}
    assert any(f["status"] == "not_applicable" for f in result["findings"])
    not_cited = {k for f in result["findings"] if f["status"] == "not_applicable"
                 for k in (r.key() for r in rulebook.rule_index[f["rule"]].cites)} - cited
    assert not_cited and not not_cited & set(result["provisions"])   # only what applicable findings cite
    assert set(result["provisions"]) == cited
    order = [p.ref.key() for p in rulebook.provisions]
    assert list(result["provisions"]) == sorted(cited, key=order.index)     # the regulation's order


def test_single_file_gives_one_object_with_exact_values(capsys, findings_validator):
    code, result, err = run_json(capsys, "check", SANDNES)
    assert code == 0, err
    assert isinstance(result, dict)
    assert_valid(findings_validator, result)
    assert result["case"] == {"id": "ROG-2025-DEKOM-SOR-014", "file": SANDNES, "date": "2025-01-29",
                              "format": "forskrift-case/2021.1", "schema": "urn:forskrift:schema:case-2021",
                              "scheme": "desentralisert_skole",
                              "grant_year": 2025,
                              "applicant": {"kind": "owner", "name": "Sandnes kommune",
                                            "owners": ["Sandnes kommune"]},
                              "amount_applied": 1000000}
    assert result["rulebook"]["id"] == "lokal-2021"
    assert result["rulebook"]["instrument"] == "FOR-2021-01-26-230"
    assert result["rulebook"]["hash"] == registry.get("lokal-2021").hash
    assert "lang" not in result                      # a result is language-neutral
    assert result["decision"]["status"] == "eligible"
    by_rule = {f["rule"]: f for f in result["findings"]}
    assert by_rule["7.2-3-egenandel"]["status"] == "met"
    assert by_rule["7.2-3-egenandel"]["cites"] == ["punkt 7.2 nr. 3"]
    assert by_rule["3.3c2-laererutdanning"]["status"] == "needs_judgement"
    assert by_rule["3.3c2-laererutdanning"]["blocking"] is False
    assert by_rule["3.3e-tverrfaglig"]["status"] == "not_applicable"
    assert {"pointer": "/behovsmelding/egenandel/amount", "value": 300000} in by_rule["7.2-3-egenandel"]["evidence"]
    assert result["summary"] == {s: sum(f["status"] == s for f in result["findings"]) for s in STATUSES}
    assert sum(result["summary"].values()) == len(registry.get("lokal-2021").rules)
    blocking_met = [f["rule"] for f in result["findings"] if f["status"] == "met" and f["blocking"]]
    assert result["decision"]["decided_by"] == blocking_met


def test_json_output_is_stable_across_runs(capsys):
    _, first, _ = run_json(capsys, "check", SANDNES)
    _, second, _ = run_json(capsys, "check", SANDNES)
    assert set(first["record"]) == {"checked_at", "rulebook_folder", "python"}
    first.pop("record"), second.pop("record")   # the time of the check is the one part that may differ
    assert first == second
    assert first["document_hash"].startswith("sha256:")


# -- exit codes ----------------------------------------------------------------------------------------------


def test_exit_0_when_all_eligible(capsys):
    code, out, err = run(capsys, "check", SANDNES)
    assert code == 0, err
    assert "TILSKUDDSBERETTIGET" in out
    assert "ROG-2025-DEKOM-SOR-014" in out
    assert err == ""


def test_exit_1_when_not_eligible(tmp_path, capsys, findings_validator):
    doc = sandnes_doc()
    doc["behovsmelding"]["egenandel"]["amount"] = 100000  # 10 % of the amount applied for, below 30 %
    path = write_case(tmp_path, "low-egenandel.json", doc)
    code, result, err = run_json(capsys, "check", str(path))
    assert code == 1, err
    assert_valid(findings_validator, result)
    assert result["decision"]["status"] == "not_eligible"
    assert result["decision"]["decided_by"] == ["7.2-3-egenandel"]
    finding = next(f for f in result["findings"] if f["rule"] == "7.2-3-egenandel")
    assert finding["status"] == "not_met"
    assert {"pointer": "/behovsmelding/egenandel/amount", "value": 100000, "deciding": True} in finding["evidence"]
    [reason] = finding["reasons"]
    assert (reason["op"], reason["left"]["value"], reason["right"]["percent"], reason["right"]["value"]) == \
        (">=", 100000, 30, 300000)


def test_exit_1_when_undetermined(tmp_path, capsys, findings_validator):
    doc = sandnes_doc()
    del doc["behovsmelding"]["egenandel"]
    path = write_case(tmp_path, "no-egenandel.json", doc)
    code, result, err = run_json(capsys, "check", str(path))
    assert code == 1, err
    assert_valid(findings_validator, result)
    assert result["decision"]["status"] == "undetermined"
    assert result["decision"]["decided_by"] == ["7.2-3-egenandel"]
    finding = next(f for f in result["findings"] if f["rule"] == "7.2-3-egenandel")
    assert finding["status"] == "missing_information"
    assert finding["missing"] == ["/behovsmelding/egenandel/amount", "/behovsmelding/egenandel/form"]
    assert {"pointer": "/behovsmelding/egenandel/amount", "missing": True, "deciding": True} in finding["evidence"]
    assert finding["reasons"][0]["holds"] is None


def test_exit_1_for_a_batch_with_one_case_not_eligible(tmp_path, capsys, findings_validator):
    good = sandnes_doc()
    bad = copy.deepcopy(good)
    bad["behovsmelding"]["budget"]["lines"][0]["purpose"] = "equipment"
    write_case(tmp_path, "a-good.json", good)
    write_case(tmp_path, "b-bad.json", bad)
    code, payload, err = run_json(capsys, "check", str(tmp_path))
    assert code == 1, err
    assert_valid(findings_validator, payload)
    assert [Path(r["case"]["file"]).name for r in payload] == ["a-good.json", "b-bad.json"]
    assert [r["decision"]["status"] for r in payload] == ["eligible", "not_eligible"]
    assert payload[1]["decision"]["decided_by"] == ["7.2-ledd3-bruk-av-midler"]


def test_exit_2_on_invalid_input(tmp_path, capsys, findings_validator):
    path = tmp_path / "broken.json"
    path.write_text('{"format": ', encoding="utf-8")
    code, result, err = run_json(capsys, "check", str(path))
    assert code == 2
    assert_valid(findings_validator, result)
    assert result["file"] == str(path)
    assert result["error"]["line"] == 1
    assert str(path) in err
    assert "Traceback" not in err


def test_exit_2_for_a_missing_file(capsys, findings_validator):
    code, result, err = run_json(capsys, "check", "cases/no-such-case.json")
    assert code == 2
    assert_valid(findings_validator, result)
    assert result["error"]["message"] == "no such file or folder"
    assert "cases/no-such-case.json" in err


# -- language --------------------------------------------------------------------------------------------


def test_lang_does_not_change_the_json_result(capsys, findings_validator):
    _, nb, _ = run_json(capsys, "check", SANDNES)
    code, en, err = run_json(capsys, "check", SANDNES, "--lang", "en")
    assert code == 0, err
    assert_valid(findings_validator, en)
    strip = lambda r: {k: v for k, v in r.items() if k != "record"}   # noqa: E731
    assert strip(nb) == strip(en)


def test_report_format_gives_the_report_in_the_language(capsys):
    code, out, err = run(capsys, "check", SANDNES, "--format", "report", "--lang", "en")
    assert code == 0, err
    report = json.loads(out)
    assert report["lang"] == "en"
    assert report["decision"]["label"] == "Eligible"
    assert report["decision"]["rule_text"].startswith("A blocking requirement not met")
    rulebook = registry.get("lokal-2021")
    findings = {f["rule"]: f for g in report["groups"] for f in g["findings"]}
    for rid, finding in findings.items():
        rule = rulebook.rule_index[rid]
        assert finding["requirement"] == rule.requirement.en
        if rule.interpretation:
            assert finding["interpretation"] == rule.interpretation.en
    judged = findings["3.3c2-laererutdanning"]
    assert judged["status_label"] == "Needs judgement"
    assert judged["judgement"] == rulebook.rule_index["3.3c2-laererutdanning"].judgement.text.en
    code, out, _ = run(capsys, "check", SANDNES, "--format", "report", "--lang", "nn")
    assert json.loads(out)["decision"]["label"] == "Tilskotsberettiga"


def test_lang_en_text_output(capsys):
    code, out, err = run(capsys, "check", SANDNES, "--lang", "en")
    assert code == 0, err
    assert "Outcome: ELIGIBLE" in out
    assert "[Met] 7.2-3-egenandel (blocking)" in out
    assert "Oppfylt" not in out


def test_lang_nn_text_output(capsys):
    code, out, err = run(capsys, "check", SANDNES, "--lang", "nn")
    assert code == 0, err
    assert "Resultat: TILSKOTSBERETTIGA" in out
    assert "Søkjar: Sandnes kommune (eigar)" in out
    assert "Beløp det er søkt om: 1 000 000 kr" in out


# -- choosing the rulebook ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rules", ["lokal-2021", "rules/lokal-2021", "./rules/lokal-2021/"])
def test_rules_by_id_or_path_gives_the_same_result(capsys, rules, findings_validator):
    _, default, _ = run_json(capsys, "check", SANDNES)
    code, chosen, err = run_json(capsys, "check", SANDNES, "--rules", rules)
    assert code == 0, err
    assert_valid(findings_validator, chosen)
    assert chosen["rulebook"] == default["rulebook"]
    assert chosen["findings"] == default["findings"]
    assert chosen["decision"] == default["decision"]


def test_rules_by_absolute_path(capsys):
    code, result, err = run_json(capsys, "check", SANDNES, "--rules", str(ROOT / "rules" / "lokal-2021"))
    assert code == 0, err
    assert result["rulebook"]["id"] == "lokal-2021"


def test_unknown_rulebook_exits_2(capsys):
    code, out, err = run(capsys, "check", SANDNES, "--rules", "no-such-rulebook")
    assert code == 2
    assert out == ""
    assert "no rulebook 'no-such-rulebook'" in err
    assert "lokal-2021" in err  # names the rulebooks there are
    assert "Traceback" not in err


def test_date_with_no_rulebook_in_force_exits_2(capsys):
    # Before lokal-2021 began (from 2026 on, kollektiv-2026 is in force with no end date).
    code, out, err = run(capsys, "check", SANDNES, "--date", "2020-06-01")
    assert code == 2
    assert "no rulebook in force on 2020-06-01" in err
    assert "lokal-2021: 2021-01-26 to 2025-12-31" in err
    assert SANDNES in err
    assert "Traceback" not in out + err


def test_date_with_no_rulebook_in_force_json(capsys, findings_validator):
    code, result, err = run_json(capsys, "check", SANDNES, "--date", "2020-06-01")
    assert code == 2
    assert_valid(findings_validator, result)
    assert set(result) == {"file", "error"}
    assert result["error"]["message"].startswith("no rulebook in force on 2020-06-01")
    assert "Traceback" not in err


def test_date_in_force_chooses_lokal_2021(capsys):
    code, result, err = run_json(capsys, "check", SANDNES, "--date", "2024-06-01")
    assert code == 0, err
    assert result["rulebook"]["id"] == "lokal-2021"


def test_case_dated_outside_every_rulebook_points_at_case_date(tmp_path, capsys):
    doc = sandnes_doc()
    doc["case"]["date"] = "2020-03-01"   # before lokal-2021 (kollektiv-2026 has no end date)
    path = write_case(tmp_path, "early.json", doc)
    code, result, err = run_json(capsys, "check", str(path))
    assert code == 2
    assert result["error"]["pointer"] == "/case/date"
    assert f"{path} /case/date: no rulebook in force on 2020-03-01" in err


@pytest.mark.parametrize("date", ["2027-13-01", "01.01.2027", "tomorrow"])
def test_malformed_date_exits_2(capsys, date):
    code, out, err = run(capsys, "check", SANDNES, "--date", date)
    assert code == 2
    assert f"--date {date!r}: expected YYYY-MM-DD" in err
    assert out == ""


def test_unknown_option_value_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", SANDNES, "--format", "xml"])
    assert exc.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


# -- forskrift rules -----------------------------------------------------------------------------------------


def test_rules_lists_rulebooks_as_text(capsys):
    code, out, err = run(capsys, "rules")
    assert code == 0, err
    rb = registry.get("lokal-2021")
    line = next(x for x in out.splitlines() if x.startswith("lokal-2021 "))
    assert "in_force" in line and "2021-01-26 – 2025-12-31" in line and "FOR-2021-01-26-230" in line
    assert f"{len(rb.rules)} rules" in line
    assert f"{len(rb.provisions)} provisions" in line


def test_rules_lists_rulebooks_as_json(capsys):
    code, books, err = run_json(capsys, "rules")
    assert code == 0, err
    rb = registry.get("lokal-2021")
    book = next(b for b in books if b["id"] == "lokal-2021")
    assert book == {"id": "lokal-2021", "instrument": "FOR-2021-01-26-230", "title": rb.instrument.title,
                    "status": "in_force", "valid_from": "2021-01-26", "valid_to": "2025-12-31",
                    "text_verified": True, "reads": ["forskrift-case/2021.1"], "provisions": len(rb.provisions),
                    "rules": len(rb.rules), "hash": rb.hash}


def test_rules_shows_one_rulebook_as_text(capsys):
    code, out, err = run(capsys, "rules", "lokal-2021")
    assert code == 0, err
    assert out.startswith("lokal-2021: Retningslinjer for tilskuddsordning")
    assert "forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3\n" in out
    assert "forskrift 26. januar 2021 nr. 230 punkt 3.3 (D) nr. 4\n" in out
    for rule in registry.get("lokal-2021").rules:
        assert f"rule {rule.id} (" in out


def test_rules_shows_one_rulebook_as_json(capsys):
    code, detail, err = run_json(capsys, "rules", "lokal-2021", "--lang", "en")
    assert code == 0, err
    rb = registry.get("lokal-2021")
    assert detail["id"] == "lokal-2021"
    assert len(detail["provisions"]) == len(rb.provisions)
    assert [r["id"] for r in detail["rules"]] == [r.id for r in rb.rules]
    keys = {p["provision"] for p in detail["provisions"]}
    for rule in detail["rules"]:
        assert rule["cites"] and set(rule["cites"]) <= keys
        assert rule["requirement"] == rb.rule_index[rule["id"]].requirement.en
        assert rule["line"] >= 1 and rule["file"].endswith(".yaml")
    egenandel = next(p for p in detail["provisions"] if p["provision"] == "punkt 7.2 nr. 3")
    assert egenandel["rules"] == ["7.2-3-egenandel", "7.2-3-innstilling-egenandel"]  # behovsmelding, innstilling
    assert egenandel["paraphrase"].startswith("In the decentralised scheme")


def test_rules_by_path(capsys):
    code, detail, err = run_json(capsys, "rules", "rules/lokal-2021")
    assert code == 0, err
    assert detail["id"] == "lokal-2021"


def test_rules_unknown_id_exits_2(capsys):
    code, out, err = run(capsys, "rules", "nope")
    assert code == 2
    assert "no rulebook 'nope'" in err
    assert "Traceback" not in err
