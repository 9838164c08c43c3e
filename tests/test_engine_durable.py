"""The durable-rules backend under its limits: a maximal case, many cases in a row, isolation between cases."""

import copy
import json
from pathlib import Path

import pytest

from forskrift.engine import durable
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
    """durable-rules keeps at most 1024 live states; each case's state is deleted after it."""
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


def test_every_group_within_fan_out_and_property_limits(engines):
    fast, _ = engines
    for group in fast.groups:
        assert len(group.conditions) <= 60
        assert group.compiler.root.property_count() <= durable.MAX_PROPERTIES
