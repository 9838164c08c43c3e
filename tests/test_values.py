"""One vocabulary (forskrift/analysis/values.py): every rulebook decides on every value of each enumerated field
its rules read, and `forskrift lint` reports a value it leaves undecided, names wrongly or decides twice, with
the file and line of values.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from forskrift.analysis.lint import KINDS, lint_paths
from forskrift.analysis.values import enumerated_reads, load_decisions, undecided
from forskrift.paths import rules_dir
from forskrift.rulebook import registry
from forskrift.rulebook.load import load_rulebook, rule_files

SHIPPED = ("lokal-2021", "kollektiv-2025-horing", "kollektiv-2026")


@pytest.mark.parametrize("rulebook", SHIPPED)
def test_every_shipped_rulebook_decides_on_every_value_it_reads(rulebook):
    book = registry.get(rulebook)
    assert enumerated_reads(book)                        # it reads enumerated fields at all
    assert undecided(book) == []


def test_the_fields_read_are_found_through_quantifiers_and_lists():
    reads = enumerated_reads(registry.get("lokal-2021"))
    assert "partnerskap.partners.type" in reads           # any(p in partnerskap.partners: p.type in [...])
    assert "behovsmelding.measures.target_groups" in reads  # m.target_groups contains "ppt"
    assert set(reads["behovsmelding.measures.target_groups"]["rules"]) >= {"1.2-1-malgruppe", "3.3e-tverrfaglig"}
    assert "sfo" in reads["behovsmelding.measures.target_groups"]["values"]


def test_values_yaml_is_not_a_rule_file():
    assert all(p.name != "values.yaml" for p in rule_files(rules_dir() / "lokal-2021"))


def test_an_amendment_inherits_its_base_decisions_and_decides_some_fields_anew():
    decisions, where = load_decisions(rules_dir() / "kollektiv-2026", rules_dir() / "kollektiv-2025-horing")
    assert decisions["behovsmelding.needs_assessment.units.kind"]["videregaende"] == "rejected"   # inherited
    assert decisions["partnerskap.partners.type"]["national_centre"] == "otherwise"               # its own
    assert decisions["behovsmelding.measures.target_groups"]["individual_students"] == "rejected"
    assert where["partnerskap.partners.type"][0].endswith("kollektiv-2026/values.yaml")


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "lokal-2021"
    shutil.copytree(rules_dir() / "lokal-2021", folder)
    return folder


def _problems(folder: Path) -> list[dict]:
    return [f for f in lint_paths([folder])["findings"] if f["kind"] == "undecided-value"]


def test_lint_reports_a_value_left_undecided_with_file_and_line(copy):
    path = copy / "values.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    rejected: [individual_students]\n", ""), encoding="utf-8")
    problems = _problems(copy)
    assert len(problems) == 1
    assert "behovsmelding.measures.target_groups" in problems[0]["message"]
    assert "individual_students" in problems[0]["message"]
    assert problems[0]["file"].endswith("values.yaml")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[problems[0]["line"] - 1].strip() == "behovsmelding.measures.target_groups:"
    assert "undecided-value" in KINDS


def test_lint_reports_a_rulebook_without_values_yaml(copy):
    (copy / "values.yaml").unlink()
    assert len(_problems(copy)) == len(enumerated_reads(load_rulebook(copy)))


def test_lint_reports_a_value_the_field_does_not_have_and_one_decided_twice(copy):
    path = copy / "values.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    rejected: [statsforvalteren, kd, other]",
                        "    rejected: [statsforvalteren, kd, other, fylkesmannen]")
    text = text.replace("  klage.appellant:\n    accepted: [samarbeidsforum]",
                        "  klage.appellant:\n    accepted: [samarbeidsforum, owner]")
    path.write_text(text, encoding="utf-8")
    messages = [p["message"] for p in _problems(copy)]
    assert any("fylkesmannen is not a value of this field" in m for m in messages)
    assert any("klage.appellant: owner is decided twice" in m for m in messages)


def test_a_malformed_values_yaml_is_a_clear_problem(copy):
    (copy / "values.yaml").write_text("fields:\n  case.scheme: [regional_barnehage]\n", encoding="utf-8")
    problems = [f for f in lint_paths([copy])["findings"] if f["kind"] == "schema"]
    assert problems and "case.scheme" in problems[0]["message"] and problems[0]["line"] == 2
