"""The condition language: parsing, the schema check, and the three-valued reference semantics."""

from fractions import Fraction

import pytest

from forskrift.conditions import tree as t
from forskrift.conditions.bind import Binder, ConditionTypeError
from forskrift.conditions.parse import ConditionSyntaxError, parse_condition
from forskrift.conditions.reference import truth, value
from forskrift.documents.schemas import default_schemas

CASE = "urn:forskrift:schema:case-2021"


def bind(text):
    return Binder(default_schemas(), CASE).bind(parse_condition(text))


@pytest.mark.parametrize("text", [
    "behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied",
    "case.scheme == \"kompetanseloftet\" and not (behovsmelding.egenandel is missing)",
    "all(m in behovsmelding.measures: m.collective == true and m.unit_based == true)",
    "count(m in behovsmelding.measures where m.category in [\"grunnkompetanse\"]) >= 1",
    "sum(l in behovsmelding.budget.lines where l.purpose == \"coordinator\": l.amount) <= 10 % of 100000",
    "any(p in partnerskap.partners: p.roles contains \"planning\")",
    "langsiktig_plan.adopted_on <= date(case.grant_year, 3, 15) or case.date < 2025-03-15",
    "none(m in behovsmelding.measures: any(g in m.target_groups: g == \"ppt\"))",
    "case.grant_year - 1 > 2000  # a comment",
])
def test_round_trip_through_text(text):
    tree = parse_condition(text)
    assert parse_condition(t.to_text(tree)) == tree
    bind(text)


@pytest.mark.parametrize("text, fragment", [
    ("behovsmelding.egenandel.amount >=", "ends too early"),
    ("behovsmelding.egenandel.amount >= 30 %% of", "unexpected"),
    ("case.scheme = \"x\"", "unexpected"),
    ("", "empty"),
])
def test_syntax_errors_say_where(text, fragment):
    with pytest.raises(ConditionSyntaxError) as err:
        parse_condition(text)
    assert fragment in str(err.value)


@pytest.mark.parametrize("text, fragment", [
    ("behovsmelding.egenandel.amout >= 1", "unknown field behovsmelding.egenandel.amout"),
    ("case.scheme == \"desentralisert\"", "is not a value case.scheme can hold"),
    ("behovsmelding.egenandel.amount == \"30\"", "cannot compare"),
    ("case.scheme < \"b\"", "cannot order"),
    ("any(m in case.scheme: m == 1)", "not a list"),
    ("p.roles contains \"planning\"", "unknown field p"),
    ("any(p in partnerskap.partners: p.roles contains \"leading\")", "is not a value"),
    ("year(case.grant_year) == 2025", "takes one date"),
])
def test_schema_first(text, fragment):
    with pytest.raises(ConditionTypeError) as err:
        bind(text)
    assert fragment in str(err.value)


def doc(**behovsmelding):
    return {"format": "forskrift-case/2021.1", "case": {"grant_year": 2025, "scheme": "desentralisert_skole"},
            "behovsmelding": behovsmelding}


def test_thirty_percent_is_exact():
    cond = bind("behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied")
    assert truth(cond, doc(egenandel={"amount": 30000}, budget={"amount_applied": 100000})) is True
    assert truth(cond, doc(egenandel={"amount": 29999}, budget={"amount_applied": 100000})) is False
    assert truth(cond, doc(egenandel={"amount": 3}, budget={"amount_applied": 10})) is True


def test_decimals_in_a_document_are_exact():
    """A share written 33.3 is 333/10, not the binary float nearest to it: 33.3 + 33.3 + 33.4 is exactly 100."""
    cond = bind("sum(s in langsiktig_plan.distribution_key.shares: s.share) == 100")
    shares = [{"region": "Nord", "share": 33.3}, {"region": "Midt", "share": 33.3}, {"region": "Sør", "share": 33.4}]
    assert truth(cond, {"langsiktig_plan": {"distribution_key": {"shares": shares}}}) is True
    shares[2]["share"] = 33.39
    assert truth(cond, {"langsiktig_plan": {"distribution_key": {"shares": shares}}}) is False


def test_missing_is_unknown_not_false():
    cond = bind("behovsmelding.egenandel.amount >= 30 % of behovsmelding.budget.amount_applied")
    assert truth(cond, doc(budget={"amount_applied": 100000})) is None
    either = bind("behovsmelding.egenandel.amount >= 1 or behovsmelding.budget.amount_applied >= 1")
    assert truth(either, doc(budget={"amount_applied": 5})) is True
    both = bind("behovsmelding.egenandel.amount >= 1 and behovsmelding.budget.amount_applied >= 10")
    assert truth(both, doc(budget={"amount_applied": 5})) is False
    assert truth(both, doc(budget={"amount_applied": 50})) is None
    assert truth(bind("not (behovsmelding.egenandel.amount >= 1)"), doc()) is None
    assert truth(bind("behovsmelding.egenandel is missing"), doc()) is True


def test_quantifiers_three_valued():
    all_collective = bind("all(m in behovsmelding.measures: m.collective == true)")
    any_collective = bind("any(m in behovsmelding.measures: m.collective == true)")
    none_collective = bind("none(m in behovsmelding.measures: m.collective == true)")
    assert truth(all_collective, doc(measures=[])) is True
    assert truth(any_collective, doc(measures=[])) is False
    assert truth(all_collective, doc()) is None
    mixed = doc(measures=[{"title": "a", "collective": True}, {"title": "b"}])
    assert truth(all_collective, mixed) is None
    assert truth(any_collective, mixed) is True
    assert truth(none_collective, mixed) is False
    failing = doc(measures=[{"title": "a", "collective": False}, {"title": "b"}])
    assert truth(all_collective, failing) is False
    assert truth(any_collective, failing) is None


def test_aggregates_and_dates():
    lines = doc(budget={"lines": [{"purpose": "coordinator", "amount": 150}, {"purpose": "planning", "amount": 850}]})
    share = bind("sum(l in behovsmelding.budget.lines where l.purpose == \"coordinator\": l.amount)"
                 " > 10 % of sum(l in behovsmelding.budget.lines: l.amount)")
    assert truth(share, lines) is True
    count = bind("count(l in behovsmelding.budget.lines where l.amount > 100) == 2")
    assert value(count.left, lines, {}) == Fraction(2)
    assert truth(count, lines) is True
    deadline = bind("behovsmelding.submitted_on <= date(case.grant_year, 2, 1)")
    assert truth(deadline, doc(submitted_on="2025-02-01")) is True
    assert truth(deadline, doc(submitted_on="2025-02-02")) is False
    assert truth(bind("year(behovsmelding.submitted_on) == case.grant_year"), doc(submitted_on="2025-06-01"))


# ---- compiled closures answer as the tree walk (issue 13) -------------------------------------------------------

def test_compiled_conditions_answer_as_truth_on_every_rule_and_example_case():
    import json
    from pathlib import Path

    from forskrift.conditions.reference import compile_truth
    from forskrift.engine.outcome import rule_parts
    from forskrift.rulebook import registry
    cases = [json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((Path(__file__).resolve().parent.parent / "cases").rglob("*.json"))
             if not p.name.startswith(".")]
    cases = [c for c in cases if isinstance(c, dict) and "format" in c]
    checked = 0
    for rulebook in registry.all_shipped():
        docs = [c for c in cases if c["format"] in rulebook.reads]
        for rule in rulebook.rules:
            for cond in rule_parts(rule).values():
                if cond is None:
                    continue
                compiled = compile_truth(cond)
                for doc in docs:
                    assert compiled(doc, {}) == truth(cond, doc), (rule.id, t.to_text(cond))
                    checked += 1
    assert checked > 10_000


def test_compiled_values_answer_as_value():
    from forskrift.conditions.reference import compile_value
    doc = {"a": {"n": 3, "d": "2024-02-29"}, "l": [{"x": 1}, {"x": 2}, {"y": 5}]}
    for text, kind, want in (("a.n", "number", Fraction(3)), ("a.missing", "number", None),
                             ("a.d", "date", 738945), ("a.n", "date", None)):
        node = t.Path(tuple(text.split(".")), kind=kind)
        assert compile_value(node)(doc, {}) == value(node, doc, {}) == want
    total = t.Aggregate("sum", "i", t.Path(("l",), kind="array"), None, t.Path(("x",), "i", kind="integer"))
    assert compile_value(total)(doc, {}) == value(total, doc, {}) is None   # an item without x: unknown
    counted = t.Aggregate("count", "i", t.Path(("l",), kind="array"), t.Present(t.Path(("x",), "i", kind="integer")))
    assert compile_value(counted)(doc, {}) == value(counted, doc, {}) == 2
    half = t.Arith("/", t.Path(("a", "n"), kind="integer"), t.Lit(Fraction(2), "number"))
    assert compile_value(half)(doc, {}) == value(half, doc, {}) == Fraction(3, 2)
