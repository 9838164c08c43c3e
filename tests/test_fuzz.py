"""Fuzzing the path from a file's bytes to a result (`Checker.check_bytes`): whatever the bytes, only a
ForskriftError (a clear message about the input) may escape, and every result validates against
schemas/findings.schema.json. Two sources: arbitrary bytes, and the example cases mutated (values replaced by
values of other types and sizes, keys dropped or added, lists emptied or grown, bytes cut or flipped).

Fast by default; FORSKRIFT_THOROUGH=1 runs many more examples."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forskrift.check import Checker
from forskrift.documents.schemas import SchemaSet
from forskrift.errors import ForskriftError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))]
THOROUGH = os.environ.get("FORSKRIFT_THOROUGH") == "1"
FUZZ = settings(max_examples=3000 if THOROUGH else 60, deadline=None, derandomize=not THOROUGH,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_checker: dict = {}


def checker(engine: str) -> Checker:
    if engine not in _checker:
        _checker[engine] = Checker(engine=engine, warn=lambda _m: None)
    return _checker[engine]


ENGINES = ["durable", "reference"]


VALIDATOR = SchemaSet(ROOT / "schemas").validator("urn:forskrift:schema:findings")


def run(data: bytes, engine: str):
    try:
        checker_ = checker(engine)
    except ForskriftError as exc:
        pytest.skip(str(exc))
    try:
        result = checker_.check_bytes(data, "fuzz.json")
    except ForskriftError as exc:
        assert exc.message
        return None
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(result)]
    assert errors == []
    return result


scalars = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-(10 ** 30), max_value=10 ** 30),
    st.sampled_from([0, -1, 1, 2 ** 53 + 1, 2 ** 63, -(2 ** 63) - 1, 10 ** 19]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["17", "", "2025-01-29", "2025-02-30", "0", "true", "null", "desentralisert_skole",
                     "municipality", "\u0000", "ø" * 200]),
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=8)


def _places(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _places(child, path + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _places(child, path + (i,))


def _get(node, path):
    for step in path:
        node = node[step]
    return node


@st.composite
def mutated_cases(draw) -> bytes:
    doc = json.loads(json.dumps(draw(st.sampled_from(EXAMPLES))))
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        places = list(_places(doc))
        path = draw(st.sampled_from(places[1:] if len(places) > 1 else places))
        parent, last = _get(doc, path[:-1]), path[-1]
        action = draw(st.sampled_from(["replace", "replace", "drop", "add", "grow", "empty"]))
        if action == "replace":
            parent[last] = draw(values)
        elif action == "drop":
            del parent[last]
        elif action == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(values)
        elif action == "grow" and isinstance(parent[last], list) and parent[last]:
            parent[last] = parent[last] * draw(st.integers(min_value=2, max_value=40))
        elif action == "empty" and isinstance(parent[last], (list, dict)):
            parent[last] = type(parent[last])()
    data = json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    cut = draw(st.sampled_from(["none", "none", "none", "truncate", "flip"]))
    if cut == "truncate":
        data = data[:draw(st.integers(min_value=0, max_value=len(data)))]
    elif cut == "flip":
        at = draw(st.integers(min_value=0, max_value=len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(min_value=0, max_value=255))]) + data[at + 1:]
    return data


@pytest.mark.parametrize("engine", ENGINES)
@FUZZ
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(engine, data):
    run(data, engine)


@pytest.mark.parametrize("engine", ENGINES)
@FUZZ
@given(data=st.one_of(st.builds(lambda v: json.dumps(v).encode(), values),
                      st.builds(lambda p, s: p + s, st.sampled_from([b"{", b"[", b'{"format":', b"\xef\xbb\xbf"]),
                                st.binary(max_size=200))))
def test_json_like_bytes(engine, data):
    run(data, engine)


@pytest.mark.parametrize("engine", ENGINES)
@FUZZ
@given(data=mutated_cases())
def test_mutated_example_cases(engine, data):
    run(data, engine)


def test_the_examples_themselves_give_results():
    for doc in EXAMPLES:
        for engine in ENGINES:
            assert run(json.dumps(doc).encode(), engine) is not None
