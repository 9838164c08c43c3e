"""The durable-rules defects and limits behind every truth slot (forskrift/engine/durable/compile.py, DEFECTS),
each shown on durable-rules 2.0.28 itself. A test here failing means durable-rules changed: the workaround in
the compiler may then no longer be needed (or no longer right)."""

from __future__ import annotations

import json
from itertools import count

import pytest

from forskrift.engine import durable
from forskrift.engine.durable.compile import DEFECTS

pytestmark = pytest.mark.skipif(not durable.available(), reason="durable-rules does not import here")

_names = count()


def _fired(conditions: dict, fact: dict) -> list[str]:
    """The rules that fire on one fact, through durable-rules' C core as the engine drives it."""
    dre = durable._dre
    defs = {name: {"all": [{"m": {"$and": [{"t": "f"}, cond]}}]} for name, cond in conditions.items()}
    defs["~seen"] = {"all": [{"m": {"t": "f"}}]}
    handle = dre.create_ruleset(f"defect-{next(_names)}", json.dumps(defs))
    out = []
    try:
        for sid, body in (("warm-up", {}), ("case", fact)):
            _code, state = dre.assert_facts(handle, json.dumps([dict(body, t="f", sid=sid)]))
            result = dre.start_action_for_state(handle, state)
            message = result[1] if result else None
            while message is not None:
                name = message[2:message.index('"', 2)]
                if sid == "case" and not name.startswith("~"):
                    out.append(name)
                message = dre.complete_and_start_action(handle, state)
            dre.delete_state(handle, sid)
    finally:
        dre.delete_ruleset(handle)
    return out


def _create(conditions: dict):
    defs = {name: {"all": [{"m": {"$and": [{"t": "f"}, cond]}}]} for name, cond in conditions.items()}
    handle = durable._dre.create_ruleset(f"defect-{next(_names)}", json.dumps(defs))
    durable._dre.delete_ruleset(handle)


def test_every_defect_has_a_test_here():
    tested = {name.removeprefix("test_") for name in globals() if name.startswith("test_")}
    assert set(DEFECTS) <= tested


def test_mixed_or():
    # item {p: 0, q: 1}: p == 0 holds, so the $or holds; durable-rules answers for q (the last property) only
    assert _fired({"R": {"$iany": {"l": {"$or": [{"$i.p": 0}, {"$i.q": 5}]}}}}, {"l": [{"p": 0, "q": 1}]}) == []
    assert _fired({"R": {"$iany": {"l": {"$i.p": 0}}}}, {"l": [{"p": 0, "q": 1}]}) == ["R"]


def test_item_reference():
    # a == b in the same item; $m cannot name the item's own field
    assert _fired({"R": {"$iany": {"l": {"$i.a": {"$m": "$i.b"}}}}}, {"l": [{"a": "x", "b": "x"}]}) == []


def test_outer_field():
    # x == 2 on the case, a == 1 on the item: both hold, but inside $iany the case's field is not read
    assert _fired({"R": {"$iany": {"l": {"$and": [{"$i.a": 1}, {"x": 2}]}}}}, {"x": 2, "l": [{"a": 1}]}) == []
    assert _fired({"R": {"$and": [{"x": 2}, {"$iany": {"l": {"$i.a": 1}}}]}}, {"x": 2, "l": [{"a": 1}]}) == ["R"]


def test_plain_items():
    # a computed property can be put on an item that is an object, not on a plain value
    assert _fired({"R": {"$iany": {"l": {"$i._k0": 1}}}}, {"l": ["a", "b"]}) == []
    assert _fired({"R": {"$iany": {"l": {"$i._k0": 1}}}}, {"l": [{"_k0": 1}]}) == ["R"]


def test_numbers():
    with pytest.raises(durable._dre.error, match="204"):   # a float written with an exponent
        _create({"R": {"$gt": {"x": 1e-07}}})
    # 2**63 + 5 saturates to 2**63 - 1: the two compare equal
    assert _fired({"R": {"x": 2**63 - 1}}, {"x": 2**63 + 5}) == ["R"]


def test_expressions():
    def rule(groups):
        return {"R": {"$and": [{"$or": [{f"p{i}": i}, {f"q{i}": i}]} for i in range(groups)]}}
    assert _fired(rule(10), {f"p{i}": i for i in range(10)}) == ["R"]
    with pytest.raises(durable._dre.error, match="113"):
        _create(rule(16))


def test_alpha_stack():
    wide = {f"R{j}": {"$or": [{f"p{i}": 1} for i in range(10 * j, 10 * j + 10)]} for j in range(8)}
    with pytest.raises(durable._dre.error, match="303"):
        _fired(wide, {f"p{i}": 1 for i in range(80)})
