"""Applications for tilretteleggingsmidler (cases/tilrettelegging): each example gives its X.expected.txt with both
engines and the decision its name says, is checked against the regulation AND the call of its office and date,
and every call condition is shown met, not met and with missing information somewhere in the examples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.documents.schemas import SchemaSet
from forskrift.engine import durable
from forskrift.render.text import render_text
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path("cases") / "tilrettelegging"
CASES = sorted(p.name for p in (ROOT / FOLDER).glob("*.json"))
ENGINES = ("durable", "reference")
CALL_OF_OFFICE = {"Rogaland": "rogaland-tilrettelegging-2025-2026",
                  "Oslo og Viken": "oslo-viken-tilrettelegging-2022-2023"}


def _decision_in_name(name: str) -> str:
    for status in ("not_eligible", "undetermined", "eligible"):
        if name.removesuffix(".json").endswith(status.replace("_", "-")):
            return status
    raise AssertionError(f"{name}: the name ends in neither -eligible, -not-eligible nor -undetermined")


def _load(name: str) -> dict:
    return json.loads((ROOT / FOLDER / name).read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def checkers():
    made: dict[str, Checker] = {}

    def get(engine: str) -> Checker:
        if engine == "durable" and not durable.available():
            pytest.skip(f"durable-rules cannot be imported here ({durable.IMPORT_ERROR})")
        if engine not in made:
            made[engine] = Checker(engine=engine)
        return made[engine]

    return get


def test_examples_have_reports_and_no_personal_names():
    assert len(CASES) >= 10
    for name in CASES:
        assert (ROOT / FOLDER / name.removesuffix(".json")).with_suffix(".expected.txt").is_file(), name
        for student in _load(name)["tilretteleggingssoknad"]["students"]:
            assert set(student) <= {"ref", "programme", "year_of_study", "credits", "admission",
                                    "other_pedagogical_degree", "funded_previous_year", "position_pct", "permanent",
                                    "amount", "kindergarten"}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", CASES)
def test_example_report_and_decision(checkers, name, engine):
    result = checkers(engine).check_path(FOLDER / name)
    assert render_text([result], "nb") == (ROOT / FOLDER / name.removesuffix(".json")).with_suffix(
        ".expected.txt").read_text(encoding="utf-8")
    assert result["decision"]["status"] == _decision_in_name(name)
    doc = _load(name)
    if doc["format"] == "forskrift-case/2026.1":   # no call of 2026 is shipped: the regulation alone
        assert result["rulebook"]["id"] == "kollektiv-2026" and result["calls"] == []
        return
    # the call of the case's office applies (chosen by office and date), besides the regulation
    assert result["rulebook"]["id"] == "lokal-2021"
    assert [c["id"] for c in result["calls"]] == [CALL_OF_OFFICE[doc["case"]["statsforvalter"]]]


@pytest.mark.parametrize("name", CASES)
def test_example_through_the_command_line(capsys, name):
    code = main(["check", (FOLDER / name).as_posix()])
    out, _err = capsys.readouterr()
    assert out.startswith(f"Sak {_load(name)['case']['id']}")
    assert code == (0 if _decision_in_name(name) == "eligible" else 1)


def test_every_call_condition_is_met_not_met_and_missing_in_the_examples(checkers):
    seen: dict[str, set] = {}
    for name in CASES:
        for finding in checkers("reference").check_path(FOLDER / name)["findings"]:
            seen.setdefault(finding["rule"], set()).add(finding["status"])
    for call_id in CALL_OF_OFFICE.values():
        for rule in registry.get(call_id).rules:
            if rule.condition is not None:
                assert {"met", "not_met", "missing_information"} <= seen[rule.id], rule.id


def test_a_refusal_on_a_call_says_it_rests_on_the_call(checkers):
    result = checkers("reference").check_path(FOLDER / "rogaland-sandnes-45-prosent-stilling-not-eligible.json")
    assert result["decision"]["decided_by"] == ["ro-2-stilling-50-prosent"]
    assert result["decision"]["rests_on"] == [{
        "rulebook": "rogaland-tilrettelegging-2025-2026", "kind": "call",
        "instrument": "SFRO-TILRETTELEGGINGSMIDLER-2025-2026",
        "citation": "Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026",
        "rules": ["ro-2-stilling-50-prosent"]}]
    finding = next(f for f in result["findings"] if f["rule"] == "ro-2-stilling-50-prosent")
    key = "Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026, punkt 2"
    assert finding["cites"] == [key]       # a call's provision is keyed by its whole citation
    assert result["provisions"][key] == {
        "ref": {"punkt": "2"}, "rulebook": "rogaland-tilrettelegging-2025-2026", "kind": "call",
        "office": "Statsforvalteren i Rogaland",
        "citation": "Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026"}
    assert finding["flags"]["unverified"]
    validator = SchemaSet(ROOT / "schemas").validator("urn:forskrift:schema:findings")
    assert not list(validator.iter_errors(result))


def test_an_application_no_call_applies_to_says_so(checkers):
    result = checkers("reference").check_path(FOLDER / "rogaland-stavanger-2025-eligible.json")
    doc = _load("rogaland-stavanger-2025-eligible.json")
    doc["case"]["date"] = "2024-08-20"      # before the 2025/2026 call
    result = checkers("reference").check_document(doc, "stavanger-2024.json")
    assert result["calls"] == []
    assert "ingen utlysning fra dette kontoret gjelder på sakens dato" in render_text([result], "nb")


def test_calls_are_chosen_by_office_and_date():
    regulation = registry.get("lokal-2021")
    found = registry.calls_for(regulation, office="Rogaland", date="2025-08-20", case_kind="tilretteleggingssoknad",
                               fmt="forskrift-case/2021.1")
    assert [c.id for c in found] == ["rogaland-tilrettelegging-2025-2026"]
    assert registry.calls_for(regulation, office="Statsforvalteren i Rogaland", date="2025-08-20",
                              case_kind="tilretteleggingssoknad", fmt="forskrift-case/2021.1") == found
    # another office, another period, another kind of case: no call
    assert not registry.calls_for(regulation, office="Vestland", date="2025-08-20",
                                  case_kind="tilretteleggingssoknad", fmt="forskrift-case/2021.1")
    assert not registry.calls_for(regulation, office="Rogaland", date="2024-08-20",
                                  case_kind="tilretteleggingssoknad", fmt="forskrift-case/2021.1")
    assert not registry.calls_for(regulation, office="Rogaland", date="2025-08-20", case_kind="behovsmelding",
                                  fmt="forskrift-case/2021.1")


def test_a_call_named_with_rules_is_checked_with_its_regulation(capsys):
    # an Oslo og Viken application checked against Rogaland's call, named
    code = main(["check", "--rules", "rogaland-tilrettelegging-2025-2026", "--format", "json",
                 (FOLDER / "oslo-viken-asker-2022-eligible.json").as_posix()])
    result = json.loads(capsys.readouterr().out)
    assert code == 1
    assert result["rulebook"]["id"] == "lokal-2021" and [c["id"] for c in result["calls"]] == [
        "rogaland-tilrettelegging-2025-2026"]
    assert set(result["decision"]["decided_by"]) == {"ro-2-stilling-50-prosent", "ro-2-fast-stilling",
                                                     "ro-2-barnehage-i-rogaland", "ro-3-studium"}


def test_the_regulation_alone_without_calls():
    result = Checker(rules="lokal-2021", engine="reference", calls=False).check_path(
        FOLDER / "rogaland-sandnes-45-prosent-stilling-not-eligible.json")
    assert "calls" not in result and "rests_on" not in result["decision"]
    assert result["decision"]["status"] == "eligible"


def test_rules_lists_calls_with_their_office(capsys):
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("rogaland-tilrettelegging-2025-2026"))
    assert "Statsforvalteren i Rogaland" in line and "builds on lokal-2021" in line and "8 021 700 kr" in line
    assert "(text unverified)" in line
