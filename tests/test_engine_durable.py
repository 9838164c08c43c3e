"""The durable-rules backend under its limits: a maximal case, many cases in a row, isolation between cases."""

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

from forskrift.conditions.bind import Binder
from forskrift.conditions.parse import parse_condition
from forskrift.documents.schemas import default_schemas
from forskrift.engine import durable
from forskrift.engine.durable.compile import DEFECTS, GroupCompiler, whole_form
from forskrift.engine.reference import ReferenceEngine
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"

pytestmark = pytest.mark.skipif(not durable.available(), reason="durable-rules cannot be imported here")


@pytest.fixture(scope="module")
def engines():
    rulebook = registry.get("lokal-2021")
    return durable.DurableEngine(rulebook), ReferenceEngine(rulebook)


def example():
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def maximal():
    """Every list at its schema's maximum length (measures 200, budget lines 500, units 500...)."""
    doc = example()
    bm = doc["behovsmelding"]
    bm["measures"] = [copy.deepcopy(bm["measures"][i % 2]) for i in range(200)]
    for measure in bm["measures"]:
        measure["units"] = [f"Skole {n}" for n in range(500)]
    bm["budget"]["lines"] = [copy.deepcopy(bm["budget"]["lines"][i % 4]) for i in range(500)]
    bm["needs_assessment"]["units"] = [copy.deepcopy(bm["needs_assessment"]["units"][0]) for _ in range(500)]
    bm["priorities"] = [f"Prioritet {n}" for n in range(50)]
    doc["partnerskap"]["partners"] = [copy.deepcopy(doc["partnerskap"]["partners"][0]) for _ in range(50)]
    doc["case"]["applicant"]["owners"] = [copy.deepcopy(doc["case"]["applicant"]["owners"][0]) for _ in range(200)]
    return doc


def test_maximal_case_within_engine_limits(engines):
    fast, reference = engines
    doc = maximal()
    assert fast.evaluate(doc) == reference.evaluate(doc)


def test_more_cases_than_live_state_limit(engines):
    """durable-rules keeps at most 1024 live states; the engine keeps one, its facts retracted after each case."""
    fast, reference = engines
    base = example()
    expected = reference.evaluate(base)
    for n in range(1100):
        doc = copy.deepcopy(base)
        doc["case"]["id"] = f"ROG-{n}"
        assert fast.evaluate(doc) == expected


def test_cases_do_not_leak_into_each_other(engines):
    fast, reference = engines
    good = example()
    bad = example()
    bad["behovsmelding"]["egenandel"]["amount"] = 1
    del bad["partnerskap"]
    for doc in (good, bad, good, bad, good):
        assert fast.evaluate(doc) == reference.evaluate(doc)
    assert fast.evaluate(bad)["7.2-3-egenandel"].condition is False
    assert fast.evaluate(good)["7.2-3-egenandel"].condition is True
    assert fast.evaluate(bad)["3.3c1-partnerskap-uh"].condition is None


class _Stub:
    """durable_rules_engine with some of its functions replaced (the C module's own attributes stay as they are)."""

    def __init__(self, real, **replaced):
        self._real, self._replaced = real, replaced

    def __getattr__(self, name):
        return self._replaced.get(name) or getattr(self._real, name)


def test_the_state_is_kept_from_case_to_case_and_left_clean(engines):
    """The same facts asserted twice into a state that still held them would not fire (durable-rules answers
    "observed"): a case evaluated twice in a row answers twice, on the one kept state."""
    fast, reference = engines
    doc = example()
    first = fast.evaluate(doc)
    sid = fast._sid
    assert fast.evaluate(doc) == first == reference.evaluate(doc)
    assert fast._sid == sid


def test_a_case_stopped_half_way_leaves_its_state_behind(engines, monkeypatch):
    """An interruption between assert and retract (the web server's time limit raises in the engine's thread)
    abandons the state: the next case takes a fresh sid and answers as the reference does."""
    fast, reference = engines
    doc = example()
    fast.evaluate(doc)
    sid = fast._sid

    def interrupted(handle, state):
        raise KeyboardInterrupt

    monkeypatch.setattr(durable, "_dre", _Stub(durable._dre, complete_and_start_action=interrupted))
    with pytest.raises(KeyboardInterrupt):
        fast.evaluate(doc)
    monkeypatch.undo()
    assert fast.evaluate(doc) == reference.evaluate(doc)
    assert fast._sid != sid


def test_a_state_not_left_clean_is_noticed_and_the_case_answered_on_a_fresh_one(engines, monkeypatch):
    fast, reference = engines
    doc = example()
    monkeypatch.setattr(durable, "_dre", _Stub(durable._dre, retract_facts=lambda handle, text: (0, 0)))
    fast.evaluate(doc)            # its facts stay in the state
    monkeypatch.undo()
    sid = fast._sid
    assert fast.evaluate(doc) == reference.evaluate(doc)   # "observed" at assert: again on a fresh state
    assert fast._sid != sid


def test_every_group_within_fan_out_and_property_limits(engines):
    fast, _ = engines
    for group in fast.groups:
        assert len(group.conditions) <= 60
        assert group.compiler.root.property_count() <= durable.MAX_PROPERTIES


# ---- how much durable-rules decides itself (issue 13) -----------------------------------------------------------

@pytest.mark.parametrize("rulebook_id", registry.shipped_ids())
def test_durable_rules_decides_at_least_nine_in_ten_rule_parts(rulebook_id):
    share = durable.decided_natively(registry.get(rulebook_id))
    assert share["parts"] == share["native"] + share["value_slots"] + share["truth_slots"] + share["constant"]
    assert share["share"] >= 0.9, share
    assert sum(len(parts) for parts in share["truth_slot_defects"].values()) >= share["truth_slots"]
    assert set(share["truth_slot_defects"]) <= set(DEFECTS)


def test_rules_command_reports_the_native_share(capsys):
    from forskrift.cli import main
    assert main(["rules", "lokal-2021", "--format", "json"]) == 0
    reported = json.loads(capsys.readouterr().out)["durable"]
    assert reported == durable.decided_natively(registry.get("lokal-2021"))


def test_a_percentage_is_compared_by_durable_rules_in_whole_numbers():
    """`a >= 0.3 * b` becomes one value slot (the difference in whole-number form) and a durable comparison."""
    compiler = GroupCompiler()
    cond = Binder(default_schemas(), "urn:forskrift:schema:case-2021").bind(parse_condition(
        "behovsmelding.egenandel.amount >= 0.3 * behovsmelding.budget.amount_applied"))
    true, false = compiler.compile(cond)
    assert [slot.truth for slot in compiler.used] == [False]
    (slot,) = compiler.used
    assert true == {"$gte": {f"_d.{slot.name}": 0}} and false == {"$lt": {f"_d.{slot.name}": 0}}
    assert whole_form(Fraction(3) - Fraction(3, 10) * 10) == 0
    assert whole_form(Fraction(299, 100) - Fraction(3, 10) * 10) < 0 < whole_form(Fraction(1, 10**30))
    assert whole_form(Fraction(10**30)) == 2**63 - 1   # held within int64, the sign kept


def test_the_pinned_durable_rules_version_is_the_installed_one():
    from importlib.metadata import version
    assert durable.durable_version() == version("durable-rules") == durable.PINNED_VERSION


@pytest.mark.parametrize("code", [102, 106])
def test_a_refused_ruleset_is_named_by_what_refused_it(monkeypatch, code):
    """A limit of durable-rules (106 …) says the rulebook is too large; any other refusal (which the compiler
    should never cause) keeps the ruleset it was given in a file named in the message, with its digest."""
    import hashlib
    import re

    from forskrift.errors import RuleFileError

    given = []

    def refuse(name, ruleset):
        given.append(ruleset)
        raise durable._dre.error(f"Could not create ruleset, error code: {code}")

    monkeypatch.setattr(durable._dre, "create_ruleset", refuse)
    with pytest.raises(RuleFileError) as caught:
        durable.DurableEngine(registry.get("kollektiv-2026"))
    message = str(caught.value)
    if code == 106:
        assert "too large for durable-rules" in message and "kept in" not in message
        return
    kept = Path(re.search(r"kept in (\S+\.json)", message).group(1))
    try:
        assert kept.read_text(encoding="utf-8") == given[0]
        assert hashlib.sha256(given[0].encode()).hexdigest()[:16] in message
        assert "error code: 102" in message and "--engine reference" in message
    finally:
        kept.unlink()
