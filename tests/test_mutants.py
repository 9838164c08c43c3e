"""Mutation testing (`forskrift test --mutants`): the operators, the incremental evaluation (equal to checking
the mutated rulebook in full), explained and equivalent mutants, the command, and the score every shipped
rulebook's tests reach (at least 90 %)."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from forskrift.analysis import mutants, ruletests
from forskrift.check import Checker
from forskrift.cli import main
from forskrift.conditions import tree as t
from forskrift.conditions.parse import parse_condition
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def report():
    return mutants.run_all(registry.all_shipped())


def _texts(condition: str) -> dict[str, set]:
    out: dict[str, set] = {}
    for operator, tree in mutants.mutations(parse_condition(condition)):
        out.setdefault(operator, set()).add(t.to_text(tree))
    return out


def test_operators():
    got = _texts('a.x >= 1 and (a.y < 2 or not a.z is present) and all(i in a.items: i.k in ["p", "q"]) '
                 'and a.n <= 30 % of a.m')
    assert "a.x > 1" in " ".join(got["flip-comparison"]) and "a.y <= 2" in " ".join(got["flip-comparison"])
    assert any(s.startswith("a.x < 1 and") for s in got["negate"])
    assert any("a.y < 2" not in s and "a.z is present" in s and "a.x >= 1" in s for s in got["drop-disjunct"])
    assert any("a.x >= 1" not in s for s in got["drop-conjunct"])
    assert any("a.x >= 2" in s for s in got["shift-threshold"]) and any("a.x >= 0" in s for s in got["shift-threshold"])
    assert any("0.35 * a.m" in s for s in got["shift-threshold"]), "a percentage shifts by 5 points"
    assert any("any(i in a.items" in s for s in got["swap-quantifier"])
    assert any('i.k in ["q"]' in s for s in got["drop-option"]) and any('i.k in ["p"]' in s for s in got["drop-option"])
    assert any("(a.y < 2 or a.z is present)" in s for s in got["remove-not"])
    assert _texts("none(i in a.items: i.k == 1)")["swap-quantifier"] == {"any(i in a.items: i.k == 1)"}


def test_applies_when_true_and_whole_part_negated():
    rb = registry.get("lokal-2021")
    rule = rb.rule_index["3.1-privat-skoleeier-godkjent"]
    found = {(m.part, m.operator) for m in mutants.rule_mutants(rule)}
    assert ("applies_when", "applies-when-true") in found and ("condition", "negate") in found
    m = next(m for m in mutants.rule_mutants(rule) if m.operator == "applies-when-true")
    mutated = mutants.mutated_rule(rule, m)
    assert mutated.applies == rule.applies.items[0] and rule.applies != mutated.applies  # original untouched


def test_mutants_are_distinct_and_change_the_text():
    for rb in registry.all_shipped():
        for rule in rb.rules:
            made = mutants.rule_mutants(rule)
            assert len({(m.part, m.mutated) for m in made}) == len(made)
            assert all(m.mutated != m.original for m in made), rule.id


def test_incremental_evaluation_equals_a_full_check_of_the_mutated_rulebook():
    """The shortcut (re-evaluate one rule, redo the decision) gives what checking the mutated rulebook gives."""
    rng = random.Random(5)
    for rb in registry.all_shipped():
        tests = ruletests.load_tests(rb)
        checker = Checker(rules=str(rb.folder), engine="reference")
        prepared = []
        for test in rng.sample(tests, min(6, len(tests))):
            doc, name = ruletests.build_input(test, rb)
            prepared.append(mutants._Prepared(test, doc, checker.check_document(doc, name)))
        for rule in rng.sample(rb.rules, min(4, len(rb.rules))):   # a call may have fewer rules
            for mutant in mutants.rule_mutants(rule)[:6]:
                book = mutants.mutated_rulebook(rb, mutant)
                full = Checker(rules=str(rb.folder), engine="reference")
                full._fixed = book
                new_rule = book.rule_index[rule.id]
                for item in prepared:
                    result = full.check_document(item.doc, "x")
                    killed_full = ruletests.compare(item.test, result)[0] != ruletests.compare(item.test, result)[1]
                    killed_fast = mutants._killed(rb, new_rule, [item], "nb")
                    assert killed_full == killed_fast, (rb.id, mutant.mutated, item.test.id)


def test_every_shipped_rulebook_reaches_90(report):
    for r in report["rulebooks"]:
        assert not r["errors"] and not r["stale_explanations"], r["rulebook"]
        assert r["mutation_score"] >= 90, (r["rulebook"], r["mutation_score"],
                                           [(s["rule"], s["operator"], s["mutated"]) for s in r["survivors"]])
    assert report["mutation_score"] >= 90


def test_explained_survivors_are_bilingual_and_reported_apart(report):
    horing = next(r for r in report["rulebooks"] if r["rulebook"] == "kollektiv-2025-horing")
    assert horing["explained_count"] >= 1
    for s in horing["explained_survivors"]:
        assert s["reason"]["nb"].strip() and s["reason"]["en"].strip()
    assert not any(s["rule"] == e["rule"] and s["mutated"] == e["mutated"]
                   for s in horing["survivors"] for e in horing["explained_survivors"])
    # an amendment has its base's explanations for rules it keeps, not for the ones it replaces
    k2026 = next(r for r in report["rulebooks"] if r["rulebook"] == "kollektiv-2026")
    assert any(e["rule"] == "9-fordelingsnokkel" for e in k2026["explained_survivors"])


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "rules" / name
    shutil.copytree(ROOT / "rules" / name, folder)
    shutil.copytree(ROOT / "cases", tmp_path / "cases")
    return folder


def test_a_test_removed_lets_mutants_survive_and_the_command_says_so(tmp_path, capsys):
    folder = _copy(tmp_path, "kollektiv-2025-horing")
    (folder / "paragraf-9_test.yaml").unlink()
    (folder / "mutants.yaml").unlink()
    code = main(["test", "--mutants", str(folder), "--rule", "9-periode", "--format", "json", "--fail-under", "90"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert data["mutation_score"] < 90 and data["survivors"]
    assert {s["rule"] for s in data["survivors"]} == {"9-periode"}
    assert all({"rule", "operator", "mutated", "part"} <= set(s) for s in data["survivors"])


def test_stale_or_bad_explanations_are_errors(tmp_path, capsys):
    folder = _copy(tmp_path, "kollektiv-2025-horing")
    (folder / "mutants.yaml").write_text(
        "explained:\n  - rule: 9-periode\n    operator: negate\n    mutated: 'not true'\n"
        "    reason: {nb: Grunn., en: Reason.}\n", encoding="utf-8")
    assert main(["test", "--mutants", str(folder), "--rule", "9-periode"]) == 2
    assert "STALE" in capsys.readouterr().out
    (folder / "mutants.yaml").write_text("explained:\n  - rule: nope\n    operator: negate\n    mutated: x\n"
                                         "    reason: {nb: Grunn., en: Reason.}\n", encoding="utf-8")
    assert main(["test", "--mutants", str(folder), "--rule", "9-periode"]) == 2
    assert "no rule 'nope'" in capsys.readouterr().out


def test_obviously_equivalent_drop_option():
    rb = registry.get("kollektiv-2025-horing")
    rule = rb.rule_index["4-lokal-forankring"]
    # made_by's enumeration is [owner, network]: dropping an option outside it cannot change anything
    widened = t.In(rule.condition.items[1].value, rule.condition.items[1].options + (t.Lit("partner", "string"),))
    original = t.And(rule.condition.items[:1] + (widened,) + rule.condition.items[2:])
    mutant = next(m for m in mutants.rule_mutants(mutants.mutated_rule(
        rule, mutants.Mutant(rule.id, "condition", "x", "", "", original)))
        if m.operator == "drop-option" and '"partner"' not in m.mutated)
    assert mutants.obviously_equivalent(original, mutant)
    real = next(m for m in mutants.rule_mutants(rule) if m.operator == "drop-option")
    assert mutants.obviously_equivalent(rule.condition, real) is None


def test_text_output(capsys):
    assert main(["test", "--mutants", "kollektiv-2026", "--rule", "malgruppe"]) == 0
    out = capsys.readouterr().out
    assert "kollektiv-2026: mutation_score 100.0%" in out and "engine reference" in out


def test_unknown_rule_or_durable_engine_is_a_usage_error(capsys):
    assert main(["test", "--mutants", "lokal-2021", "--rule", "no-such-rule"]) == 2
    assert "no-such-rule" in capsys.readouterr().err
    assert main(["test", "--mutants", "lokal-2021", "--engine", "durable"]) == 2
