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


# ---- the shapes that once took the checker down (issue 11) ---------------------------------------------------

BIG = 200_000 if THOROUGH else 20_000
# fewer examples for the shapes that are large (up to BIG bytes) or re-check a whole case (verify)
HEAVY = settings(FUZZ, max_examples=300 if THOROUGH else 20)
DEEP = settings(FUZZ, max_examples=300 if THOROUGH else 60)     # up to 40 nestings of some 100 KB in thorough mode
_pieces = st.sampled_from(['\\"', "\\\\", '"', "[", "{", "]", "}", "x", "ø", ",", ":", "\\u005b", " "])


@st.composite
def unterminated(draw) -> bytes:
    """A JSON prefix, then a string that never ends, made of escapes, quotes and brackets repeated."""
    prefix = draw(st.sampled_from(['{"a": "', '["', '{"format": "forskrift-case/2021.1", "case": {"id": "', '"']))
    unit = "".join(draw(st.lists(_pieces, min_size=1, max_size=6)))
    times = draw(st.integers(min_value=1, max_value=max(1, BIG // len(unit))))
    return (prefix + unit * times).encode("utf-8")


@HEAVY
@given(data=unterminated())
def test_unterminated_strings_are_refused_in_time(data):
    """Refused (or, rarely, read) in time proportional to the input: quadratic scanning would stall the run."""
    run(data, "reference")


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "sparse-huge", "symlink-loop"])
def test_special_and_huge_case_files(tmp_path, kind):
    path = tmp_path / "case.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "symlink-loop":
        path.symlink_to(path.name)
    else:
        with path.open("wb") as handle:
            handle.truncate(10 ** 12 if THOROUGH else 10 ** 9)
    with pytest.raises(ForskriftError) as caught:
        checker("reference").check_path(path)
    assert caught.value.message


@st.composite
def deep_conditions(draw) -> str:
    """A condition nested deeply (parentheses, `not`, chained `+`), of at most about 100 KB."""
    text = "behovsmelding.needs_assessment.employees_involved == true"
    for _ in range(draw(st.integers(min_value=1, max_value=40 if THOROUGH else 8))):
        shape = draw(st.sampled_from(["parens", "not", "and", "plus"]))
        times = draw(st.integers(min_value=1, max_value=600))
        if shape == "parens":
            text = "(" * times + text + ")" * times
        elif shape == "not":
            text = "not " * times + text
        elif shape == "and" and len(text) < 20_000:   # each `and` triples the text: kept from growing without end
            text = " and ".join([f"({text})"] * min(times, 3))
        else:
            text = f"behovsmelding.egenandel.amount{' + 1' * times} > 3 and ({text})"
    return text


@DEEP
@given(text=deep_conditions())
def test_deep_conditions_parse_or_are_refused_never_recursion(text):
    from forskrift.conditions.parse import ConditionSyntaxError, parse_condition
    try:
        parse_condition(text)
    except ConditionSyntaxError as exc:
        assert "nested too deeply" in str(exc)


_record: dict = {}


def _stored_record(tmp_path_factory) -> tuple[Path, dict]:
    if not _record:
        folder = tmp_path_factory.mktemp("record")
        case = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"
        result = Checker(engine="reference", warn=lambda _m: None).check_path(case)
        _record.update(case=case, result=result, folder=folder)
    return _record["case"], _record["result"]


@HEAVY
@given(data=st.data())
def test_forged_records_never_verify(tmp_path_factory, data):
    """Any change to a field outside `record`, `case.file` and the versions (named as a likely reason, not a
    mismatch) makes verify say so, or refuse the record."""
    from forskrift.verify import verify
    case, result = _stored_record(tmp_path_factory)
    forged = json.loads(json.dumps(result))
    places = [p for p in _places(forged) if p and p[0] not in ("record", "forskrift_version")
              and p[:2] not in (("case", "file"), ("engine", "version"))
              and not isinstance(_get(forged, p), (dict, list))]
    path = data.draw(st.sampled_from(places))
    parent, last = _get(forged, path[:-1]), path[-1]
    new = data.draw(values)
    if new == parent[last] and type(new) is type(parent[last]):
        return
    parent[last] = new
    stored = _record["folder"] / "forged.json"
    stored.write_text(json.dumps(forged, ensure_ascii=False), encoding="utf-8")
    try:
        verdict = verify(stored, case, max_bytes=5_000_000)
    except ForskriftError:
        return    # the forged record is not a result of `forskrift check`, or names what is not here
    assert not verdict.identical, path
