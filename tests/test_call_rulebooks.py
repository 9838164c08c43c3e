"""Calls and forum decisions as rulebooks of their own (kind, office, builds_on in rulebook.yaml): what the
loader refuses, how a call's rule ids must differ from its regulation's, and `forskrift diff` between two calls
and between a call and none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forskrift.analysis.diff import diff
from forskrift.check import Checker
from forskrift.errors import RuleFileError, UsageError
from forskrift.rulebook.load import load_rulebook

ROOT = Path(__file__).resolve().parent.parent
ROGALAND = "rogaland-tilrettelegging-2025-2026"
OSLO_VIKEN = "oslo-viken-tilrettelegging-2022-2023"
EXAMPLES = ROOT / "cases" / "tilrettelegging"


def _copy(tmp_path, name=ROGALAND) -> Path:
    folder = tmp_path / name
    shutil.copytree(ROOT / "rules" / name, folder)
    return folder


def _edit(folder: Path, old: str, new: str, file: str = "rulebook.yaml"):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_call_loads_with_its_kind_office_and_regulation():
    book = load_rulebook(ROOT / "rules" / ROGALAND)
    assert book.is_call and book.kind == "call" and book.builds_on == "lokal-2021"
    assert book.instrument.office == "Statsforvalteren i Rogaland" and book.instrument.date == "2025-05-23"
    assert book.applies_to == ("tilretteleggingssoknad",) and book.frame["amount"] == 8021700
    assert book.citation_text(book.rules[0].cites[0]) == (
        "Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026, punkt 2")
    assert not load_rulebook(ROOT / "rules" / "lokal-2021").is_call


def test_a_call_must_name_an_existing_regulation(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "builds_on: lokal-2021", "builds_on: lokal-2019")
    with pytest.raises(RuleFileError, match="builds_on: no rulebook 'lokal-2019'") as caught:
        load_rulebook(folder)
    assert caught.value.line == 16   # the line of builds_on


def test_a_call_builds_on_a_regulation_not_on_another_call(tmp_path):
    folder = _copy(tmp_path)
    _copy(tmp_path, OSLO_VIKEN)
    _edit(folder, "builds_on: lokal-2021", f"builds_on: {OSLO_VIKEN}")
    with pytest.raises(RuleFileError, match="is not a regulation rulebook"):
        load_rulebook(folder)


def test_a_call_names_its_office(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "  office: Statsforvalteren i Rogaland\n", "")
    with pytest.raises(RuleFileError, match="'office' is a required property"):
        load_rulebook(folder)


def test_a_regulation_builds_on_nothing(tmp_path):
    folder = tmp_path / "lokal-2021"
    shutil.copytree(ROOT / "rules" / "lokal-2021", folder)
    _edit(folder, "status: in_force", "builds_on: kollektiv-2026\nstatus: in_force")
    with pytest.raises(RuleFileError, match="builds_on"):
        load_rulebook(folder)


def test_the_frame_cites_a_provision_of_the_call(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'amount: 8021700\n  provision: {punkt: "1"}', 'amount: 8021700\n  provision: {punkt: "9"}')
    with pytest.raises(RuleFileError, match="frame.provision: punkt 9 is not a provision"):
        load_rulebook(folder)


def test_a_call_rule_id_may_not_repeat_the_regulations(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, 'id: "ro-4-inntil-50000-per-student"', 'id: "3.3d4-tilrettelegging-barnehageeier"', "vilkar.yaml")
    checker = Checker(rules=str(folder), engine="reference")
    with pytest.raises(UsageError, match="both in lokal-2021 and in rogaland"):
        checker.check_path(EXAMPLES / "rogaland-stavanger-2025-eligible.json")


def test_two_calls_of_different_regulations_cannot_be_named_together(tmp_path):
    folder = _copy(tmp_path)
    _edit(folder, "builds_on: lokal-2021", "builds_on: kollektiv-2026")
    _edit(folder, "reads: [forskrift-case/2021.1]", "reads: [forskrift-case/2026.1]")
    checker = Checker(rules=f"{folder},{OSLO_VIKEN}", engine="reference")
    with pytest.raises(UsageError, match="does not build on"):
        checker.check_path(EXAMPLES / "rogaland-stavanger-2025-eligible.json")


@pytest.fixture(scope="module")
def between_calls():
    return diff(ROGALAND, OSLO_VIKEN, [EXAMPLES], engine="reference")


def test_diff_between_two_calls_shows_which_applications_turn(between_calls):
    turned = {c["case"]: (c["decision"]["from"], c["decision"]["to"])
              for c in between_calls["cases"] if c["decision_changed"]}
    # 45 % permanent post: refused in Rogaland (≥ 50 %), fine in Oslo og Viken (≥ 40 %)
    assert turned["ROG-TM-2025-SANDNES"] == ("not_eligible", "eligible")
    # a temporary post, a fagbrev student, 60 000 kr, three in one kindergarten: Rogaland's conditions only
    for case in ("ROG-TM-2025-SOLA", "ROG-TM-2025-HA", "ROG-TM-2025-KLEPP", "ROG-TM-2025-TIME"):
        assert turned[case] == ("not_eligible", "eligible"), case
    # 35 % is too little under both; a fully stated, fitting application is fine under both
    assert "OV-TM-2022-BAERUM" not in turned and "ROG-TM-2025-STAVANGER" not in turned
    # the 2026 application is not read by calls of the 2021 regulation
    assert [item["file"].rsplit("/", 1)[-1] for item in between_calls["not_compared"]] == [
        "kollektiv-2026-randaberg-eligible.json"]


def test_diff_between_two_calls_compares_their_punkter_by_whole_citation(between_calls):
    rules = between_calls["rules"]
    assert not rules["provisions"]["changed"]      # Rogaland's punkt 2 is not Oslo og Viken's punkt 2
    added = {p["provision"] for p in rules["provisions"]["added"]}
    assert "Statsforvalteren i Oslo og Viken, utlysning av tilretteleggingsmidler 2022–23, punkt 2" in added
    assert {r["rule"] for r in rules["rules"]["added"]} == {"ov-2-stilling-40-prosent", "ov-3-frist"}
    assert between_calls["from"]["kind"] == "call" and between_calls["to"]["office"] == (
        "Statsforvalteren i Oslo og Viken")


def test_diff_between_a_call_and_none():
    result = diff("none", ROGALAND, [EXAMPLES / "rogaland-sandnes-45-prosent-stilling-not-eligible.json"],
                  engine="reference")
    assert result["from"]["id"] == "lokal-2021"
    assert not result["rules"]["rules"]["removed"] and len(result["rules"]["rules"]["added"]) == 9
    (case,) = result["cases"]
    assert (case["decision"]["from"], case["decision"]["to"]) == ("eligible", "not_eligible")
    assert [f["rule"] for f in case["findings"] if f["decisive"]] == ["ro-2-stilling-50-prosent"]
    with pytest.raises(UsageError, match="no call"):
        diff("none", "lokal-2021")
