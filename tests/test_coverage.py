"""Provision coverage of the shipped rulebook: every provision accounted for, every rule tested met and not met
(and with missing information where it reads optional data) — CI fails below 100. Also the command's output and
the definitions behind the figures."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from forskrift.analysis import coverage, ruletests
from forskrift.cli import main
from forskrift.rulebook import registry


def test_lokal_2021_is_fully_covered():
    report = coverage.coverage(registry.get("lokal-2021"))
    missing = [p["provision"] for p in report["provisions"] if not p["accounted_for"]]
    untested = [(r["rule"], r["untested_statuses"]) for r in report["rules"] if not r["tested"]]
    no_missing = [r["rule"] for r in report["rules"] if not r["missing_information_tested"]]
    assert not missing, f"provisions neither encoded nor marked no_check: {missing}"
    assert not untested, f"rules without a test per status: {untested}"
    assert not no_missing, f"rules reading optional data without a missing_information test: {no_missing}"
    assert report["provision_coverage"] == 100
    assert report["rule_test_coverage"] == 100
    assert report["missing_information_coverage"] == 100


@pytest.mark.parametrize("rulebook", [rb.id for rb in registry.all_shipped()])
def test_every_shipped_rulebook_is_fully_covered(rulebook):
    """Amendments count their inherited tests (forskrift/analysis/ruletests.py: base tests run under them)."""
    report = coverage.coverage(registry.get(rulebook))
    assert [p["provision"] for p in report["provisions"] if not p["accounted_for"]] == []
    assert [r["rule"] for r in report["rules"] if not r["tested"]] == []
    assert [r["rule"] for r in report["rules"] if not r["missing_information_tested"]] == []
    assert (report["provision_coverage"], report["rule_test_coverage"],
            report["missing_information_coverage"]) == (100, 100, 100)
    for p in report["provisions"]:
        if p["no_check"] and not p["rules"]:
            provision = next(x for x in registry.get(rulebook).provisions if x.ref.key() == p["provision"])
            assert provision.no_check.nb.strip() and provision.no_check.en.strip()


def test_every_provision_reason_is_bilingual_and_rules_have_plain_requirements():
    rb = registry.get("lokal-2021")
    for p in rb.provisions:
        if p.no_check:
            assert p.no_check.nb.strip() and p.no_check.en.strip()
    for rule in rb.rules:
        assert rule.requirement.nb.strip().endswith(".") and rule.requirement.en.strip()


def test_opening_clause_is_listed():
    from forskrift.rulebook.citations import Ref

    keys = {p.ref.key() for p in registry.get("lokal-2021").provisions}
    assert {"ingressen første ledd", "ingressen andre ledd"} <= keys
    ref = Ref.from_data({"ingress": True, "ledd": 2})
    assert ref.text("en") == "preamble second paragraph"
    assert Ref.from_data(ref.to_data()) == ref and ref.to_data() == {"ingress": True, "ledd": 2}
    assert ref.sort_key() < Ref.from_data({"innledning": True, "ledd": 1}).sort_key()


def test_command_json_and_fail_under(capsys):
    assert main(["coverage", "--rules", "lokal-2021", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["provision_coverage"] == 100 and data["rule_test_coverage"] == 100
    egenandel = next(p for p in data["provisions"] if p["provision"] == "punkt 7.2 nr. 3")
    assert "7.2-3-egenandel" in egenandel["rules"]
    assert egenandel["tests"]["7.2-3-egenandel"]["not_met"]
    assert main(["coverage", "--rules", "lokal-2021", "--fail-under", "100"]) == 0
    out = capsys.readouterr().out
    assert "provision_coverage 100.0%" in out and "✓ punkt 7.2 nr. 3" in out


def test_a_rule_without_tests_lowers_the_figure():
    rb = registry.get("lokal-2021")
    tests = [replace(t, findings={k: v for k, v in t.findings.items() if k != "7.2-3-egenandel"})
             for t in ruletests.load_tests(rb)]
    report = coverage.coverage(rb, tests)
    assert report["rule_test_coverage"] < 100
    assert [r["rule"] for r in report["rules"] if not r["tested"]] == ["7.2-3-egenandel"]


def test_optional_reads():
    rb = registry.get("lokal-2021")
    assert coverage.optional_reads(rb.rule_index["7.2-3-egenandel"]) == [
        "behovsmelding.egenandel.amount", "behovsmelding.budget.amount_applied", "behovsmelding.egenandel.form"]
    # the applicant is required whenever a behovsmelding is present; `is present` never misses information
    assert coverage.optional_reads(rb.rule_index["3.1-tilskuddsmottaker"]) == []
    assert coverage.optional_reads(rb.rule_index["7.3-3-4-rapporteringskrav"]) == []


def test_fail_under_exits_1_on_a_working_copy_with_a_test_file_removed(tmp_path, capsys):
    import shutil
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path / "rules" / "lokal-2021"
    shutil.copytree(root / "rules" / "lokal-2021", folder)
    (folder / "punkt-8_test.yaml").unlink()
    assert main(["coverage", "--rules", str(folder), "--fail-under", "100"]) == 1
    out = capsys.readouterr().out
    assert "untested: 8-vilkaar-oppfylt has no test expecting met, not_met" in out
    assert main(["coverage", "--rules", str(folder), "--fail-under", "90"]) == 0


def test_fields_applies_when_requires_are_not_optional_reads():
    """A rule that applies only where the plan gives a key as shares cannot ask for the shares: it reads no
    optional data, so no missing_information test is owed; a rule that reads lines that may be absent does."""
    from forskrift.analysis.coverage import optional_reads

    book = registry.get("kollektiv-2025-horing")
    rules = {r.id: r for r in book.rules}
    assert optional_reads(rules["9-fordelingsnokkel-andeler"], None, book.reads[0]) == []
    assert "langsiktig_plan.distribution_key.shares" not in optional_reads(
        rules["12-som-fordelingsnokkel"], None, book.reads[0])
    assert "fordelingsforslag.lines" in optional_reads(rules["12-som-fordelingsnokkel"], None, book.reads[0])
