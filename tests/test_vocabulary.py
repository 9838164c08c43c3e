"""Every enumerated value of every schema has a label in bokmål, nynorsk and English (schemas/vocabulary.yaml),
and the lookups give them."""

from __future__ import annotations

import json

import pytest

from forskrift.paths import schemas_dir
from forskrift.vocabulary import LANGS, label, label_enum_value, labels_for_enum, section_for, vocabulary


def _enums(node, where, out):
    if isinstance(node, dict):
        if isinstance(node.get("enum"), list):
            out.append((where, tuple(node["enum"])))
        for key, value in node.items():
            _enums(value, f"{where}/{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            _enums(value, f"{where}/{i}", out)


def _schema_enums():
    out: list = []
    for path in sorted(schemas_dir().glob("*.schema.json")):
        _enums(json.loads(path.read_text(encoding="utf-8")), path.name + "#", out)
    return out


ENUMS = _schema_enums()


def test_the_schemas_have_enumerations():
    assert len(ENUMS) > 20


@pytest.mark.parametrize(("where", "values"), ENUMS, ids=[w for w, _ in ENUMS])
def test_every_enumerated_value_has_labels_in_three_languages(where, values):
    section = section_for(values)
    assert section is not None, f"{where}: no section of schemas/vocabulary.yaml holds {list(values)}"
    entries = vocabulary()[section]["values"]
    for value in values:
        for lang in LANGS:
            text = entries[str(value)].get(lang)
            assert isinstance(text, str) and text.strip(), f"{where}: {value!r} has no {lang} label ({section})"


def test_every_section_is_complete():
    for name, section in vocabulary().items():
        assert set(section["description"]) >= set(LANGS), name
        for code, labels in section["values"].items():
            assert set(labels) == set(LANGS), f"{name}.{code}: languages {sorted(labels)}"
            assert all(str(text).strip() for text in labels.values()), f"{name}.{code}"


def test_lookups():
    assert label("owner_type", "municipality", "nb") == "kommune"
    assert label("owner_type", "private_school_owner", "nn") == "privat skuleeigar"
    assert label("scheme", "desentralisert_skole", "en") == "decentralised scheme for schools"
    assert label("owner_type", "no-such-code", "nb") == "no-such-code"
    # an enumeration is labelled by the section with exactly its codes, else the smallest that holds them
    assert section_for(["needs_assessment", "planning", "implementation", "evaluation"]) == "partner_role"
    assert section_for(["planning", "coordinator"]) == "budget_purpose"
    assert section_for(["eligible", "not_eligible", "undetermined"]) == "decision"
    assert labels_for_enum(["barnehage", "skole"], "nn") == {"barnehage": "barnehage", "skole": "skule"}
    assert label_enum_value(["owner", "network"], "network", "en") == "network"
