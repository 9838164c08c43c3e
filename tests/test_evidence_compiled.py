"""The compiled evidence walk (evidence._compiled) gives exactly what the plain walk (evidence.collect) gives:
the same pointers, values and order, for every rule of every rulebook, on the examples and on mutations."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from forskrift import evidence
from forskrift.findings import _missing_part_nodes, _parts_for_evidence
from forskrift.rulebook import registry

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))]


def _plain(nodes, doc):
    out: dict = {}
    for node in nodes:
        evidence.collect(node, doc, out)
    return [{"pointer": p, "missing": True} if v is evidence.MISSING else {"pointer": p, "value": v}
            for p, v in out.items()]


def _thinned(doc, rng):
    """A copy with random fields and list items removed, so that missing values and short lists occur."""
    doc = copy.deepcopy(doc)
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                if key not in ("format",) and rng.random() < 0.15:
                    del node[key]
                else:
                    stack.append(node[key])
        elif isinstance(node, list):
            if node and rng.random() < 0.2:
                node.pop(rng.randrange(len(node)))
            stack.extend(node)
    return doc


@pytest.mark.parametrize("rulebook_id", registry.shipped_ids())
def test_compiled_walk_equals_plain_walk(rulebook_id):
    rulebook = registry.get(rulebook_id)
    rng = random.Random(4)
    docs = EXAMPLES + [_thinned(doc, rng) for doc in EXAMPLES for _ in range(25)]
    for doc in docs:
        for rule in rulebook.rules:
            groups = [_parts_for_evidence(rule)]
            groups += [_missing_part_nodes(rule, part) for part in ("applies", "condition", "judgement")
                       if part != "judgement" or rule.judgement is not None and rule.judgement.when is not None]
            for nodes in groups:
                assert evidence.evidence_for(nodes, doc) == _plain(nodes, doc), rule.id
