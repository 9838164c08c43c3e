"""Words for the fields of case documents: their labels (schemas/field-labels.yaml) and their units, read from
the schemas (a field whose schema is common's `amount` is in kroner, `percent` a percentage, `year` a year,
`date` a date) — so that a new rule's fields are labelled and formatted without code."""

from __future__ import annotations

import re
from functools import lru_cache

from ..datafiles import shipped_yaml
from ..vocabulary import lang_of

UNITS = {"amount": "kr", "percent": "percent", "year": "year", "date": "date"}


@lru_cache(maxsize=1)
def _labels() -> dict:
    return shipped_yaml("field-labels.yaml")


def normal(field: str) -> str:
    """`behovsmelding.measures[].end` → `behovsmelding.measures.end`."""
    return field.replace("[]", "")


def _entry(field: str) -> dict | None:
    parts = normal(field).split(".")
    labels = _labels()
    for start in range(len(parts)):
        key = ".".join(parts[start:])
        if key in labels:
            return labels[key]
    return None


def field_label(field: str, lang: str) -> str:
    """The label of a field as the subject of a sentence ('egenandelen'), or its last name when none is known."""
    entry = _entry(field)
    if entry:
        return entry[lang_of(lang)]
    return normal(field).split(".")[-1].replace("_", " ")


def plural_label(list_field: str, lang: str) -> str:
    """The items of a list field as an indefinite plural ('partnere'), else the field's label."""
    entry = _entry(list_field)
    if entry and isinstance(entry.get("plural"), dict):
        return entry["plural"][lang_of(lang)]
    return field_label(list_field, lang)


def item_label(list_field: str, lang: str) -> str:
    """The word for one item of a list field ('Tiltak'), or a neutral word."""
    entry = _entry(list_field)
    if entry and isinstance(entry.get("item"), dict):
        return entry["item"][lang_of(lang)]
    return {"nb": "Element", "nn": "Element", "en": "Item"}[lang_of(lang)]


def field_of_pointer(pointer: str) -> str:
    """The field a JSON pointer names, list positions dropped: /behovsmelding/measures/1/end → …measures[].end."""
    out = []
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if re.fullmatch(r"[0-9]+", part):
            if out:
                out[-1] += "[]"
        else:
            out.append(part)
    return ".".join(out)


@lru_cache(maxsize=4)
def _units(schema_id: str) -> dict:
    """Dotted field (lists as []) → unit, for every field of a case schema whose definition is a unit."""
    from ..documents.schemas import default_schemas

    schemas = default_schemas()
    out: dict = {}

    def visit(node, path, depth):
        if depth > 12 or not isinstance(node, dict):
            return
        ref = node.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            if "#/$defs/" in ref and name in UNITS and path:
                out[path] = UNITS[name]
                return
            unit = _unit_of_definition(schemas, ref)
            if unit and path:           # a definition that is another's (bound_amount, rate → amount)
                out[path] = unit
                return
        resolved = schemas.resolve(node) if ref else node
        if resolved.get("format") == "date" and path:
            out.setdefault(path, "date")
        for key, child in resolved.get("properties", {}).items():
            visit(child, f"{path}.{key}" if path else key, depth + 1)
        items = resolved.get("items")
        if isinstance(items, dict):
            visit(items, path + "[]", depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            for child in resolved.get(key, []) or []:
                visit(child, path, depth + 1)

    try:
        visit({"$ref": schema_id}, "", 0)
    except Exception:  # noqa: BLE001 - a schema that cannot be walked only loses the units
        return {}
    return out


def _unit_of_definition(schemas, ref: str) -> str | None:
    """The unit of a definition that is itself a reference to a unit ("bound_amount": {"$ref": "#/$defs/amount"})."""
    uri, _, pointer = ref.partition("#")
    if not uri or not pointer.startswith("/$defs/"):
        return None
    definition = (schemas.by_id.get(uri) or {}).get("$defs", {}).get(pointer.removeprefix("/$defs/"))
    inner = definition.get("$ref") if isinstance(definition, dict) else None
    if isinstance(inner, str) and inner.startswith("#/$defs/"):
        return UNITS.get(inner.rsplit("/", 1)[-1])
    return None


def unit_of(field: str, schema_id: str | None) -> str | None:
    """'kr', 'percent', 'year', 'date' or None for a field of a case of this schema."""
    if not schema_id:
        return None
    return _units(schema_id).get(field)
