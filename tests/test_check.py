"""forskrift/check.py: the document hash keeps its canonical form (json.dumps, sorted keys, compact, UTF-8)."""

import hashlib
import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from forskrift.check import document_hash


def canonical_hash(doc) -> str:
    """The form results and judgements have always held."""
    text = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)   # no lone surrogates: UTF-8 refuses them
_scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats(allow_nan=True, allow_infinity=True) | _text
            | st.sampled_from([1e-05, 9.99e-05, 0.0001, 1e16, 1e15, 123.0, -0.0, 5e-324, 1.7976931348623157e308]))
_json = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
                     max_leaves=20)


@settings(max_examples=600, deadline=None)
@given(_json)
def test_the_document_hash_is_that_of_the_canonical_form(doc):
    assert document_hash(doc) == canonical_hash(doc)


def test_the_document_hash_of_letters_controls_and_decimals():
    doc = {"case": {"id": "Å-1", "date": "2025-01-01"}, "b": [1, 2.5, 33.3, "æøå\u2028\x7f\x00"], "a": {"z": 1, "é": 2}}
    assert document_hash(doc) == canonical_hash(doc)
    assert document_hash({"x": math.pi}) == canonical_hash({"x": math.pi})


def test_the_document_hash_of_numbers_in_every_form():
    """Each form orjson writes otherwise than json.dumps, alone and beside text that looks like it."""
    for number in (2e-07, 5e-324, -3.5e-10, 1e-05, 9.99e-05, 0.0001, 1e16, 1.5e300, math.nan, math.inf, -math.inf,
                   2**64, -(2**63) - 1, 0.1, 100.0, -0.0):
        for text in ("", "Lese- og skrive", "e-post 2e-", "+47", "null"):
            doc = {"n": number, "t": text}
            assert document_hash(doc) == canonical_hash(doc), doc
