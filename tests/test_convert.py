"""The conversion of a 2021 case to the 2026 format (`forskrift/documents/convert.py`): a copy, never a view."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from forskrift.documents.convert import _copy, convert

ROOT = Path(__file__).resolve().parent.parent


def _containers(value, out):
    if isinstance(value, (dict, list)):
        out.add(id(value))
        for item in value.values() if isinstance(value, dict) else value:
            _containers(item, out)
    return out


def test_the_converted_case_shares_no_list_or_object_with_the_original():
    for path in sorted((ROOT / "cases" / "lokal-2021").glob("desentralisert-*.json"))[:8]:
        doc = json.loads(path.read_text("utf-8"))
        before = copy.deepcopy(doc)
        out = convert(doc, "forskrift-case/2026.1")
        assert not _containers(out, set()) & _containers(doc, set())
        out["behovsmelding"]["measures"][0]["title"] = "changed"
        assert doc == before


def test_copy_is_a_deep_copy_of_json_values():
    value = {"a": [1, 2.5, True, None, "x", {"b": [[]]}], "c": {}}
    copied = _copy(value)
    assert copied == value and json.dumps(copied) == json.dumps(value)
    assert not _containers(copied, set()) & _containers(value, set())
    other = {"t": (1, [2])}                     # not JSON: copy.deepcopy's answer
    assert _copy(other) == other and _copy(other)["t"][1] is not other["t"][1]
