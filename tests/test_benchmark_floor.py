"""benchmarks/floor.py, the hand-written floor of the benchmark, answers as the reference evaluator on the ten
rules it encodes (so the benchmark compares like with like)."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings

from forskrift.engine.reference import ReferenceEngine
from forskrift.rulebook import registry

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import corpus  # noqa: E402
import floor  # noqa: E402

try:
    from tests.strategies import case_documents
except ImportError:  # tests/ is not a package: pytest puts tests/ itself on sys.path
    from strategies import case_documents


def test_floor_answers_as_the_reference_on_the_benchmark_corpus():
    rulebook = registry.get("lokal-2021")
    assert set(floor.RULES) <= {rule.id for rule in rulebook.rules}
    reference = ReferenceEngine(SimpleNamespace(id="ten", rules=[r for r in rulebook.rules if r.id in floor.RULES]))
    docs = list(corpus.generate(400)) + corpus.examples()
    for doc in docs:
        got, want = floor.evaluate(doc), reference.evaluate(doc)
        assert {rid: got[rid] for rid in floor.RULES} == want, doc["case"]["id"]


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=case_documents(kinds=("behovsmelding",)))
def test_floor_answers_as_the_reference_on_generated_cases(doc):
    """Generated cases reach every rule true, false and unknown, which the corpus alone does not."""
    rulebook = registry.get("lokal-2021")
    reference = ReferenceEngine(SimpleNamespace(id="ten", rules=[r for r in rulebook.rules if r.id in floor.RULES]))
    got = floor.evaluate(doc)
    assert {rid: got[rid] for rid in floor.RULES} == reference.evaluate(doc)
