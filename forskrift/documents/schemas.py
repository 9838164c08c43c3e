"""The JSON Schemas of the case documents: loading them, validating a case, and looking up a field's type.

Every schema file in `schemas/` is registered under its `$id`; a case names its format in `format`, and the
format maps to the schema that validates it. Field lookup walks `properties`, `items` and `$ref`, so that a
rule's condition can be checked against the document before anything is evaluated (schema first).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentError, ForskriftError
from ..paths import schemas_dir

if TYPE_CHECKING:
    import jsonschema

# format (as written in a case's "format") → $id of the schema that validates it
CASE_FORMATS = {
    "forskrift-case/2021.1": "urn:forskrift:schema:case-2021",
    "forskrift-case/2026.1": "urn:forskrift:schema:case-2026",
}



def _frozen(value):
    """A hashable form of a JSON value under JSON Schema's equality: 1 and 1.0 are equal, true and 1 are not,
    objects are equal whatever the order of their keys."""
    if isinstance(value, bool):
        return ("b", value)
    if isinstance(value, (int, float)):
        return ("n", value)          # Python's 1 == 1.0 with the same hash
    if isinstance(value, dict):
        return ("o", frozenset((k, _frozen(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("a", tuple(_frozen(v) for v in value))
    return ("s", value)


def _unique_items(validator, unique, instance, schema):
    """uniqueItems in time linear in the array (jsonschema compares unhashable items pairwise: 8,000
    distinct objects took 50 s)."""
    if unique and validator.is_type(instance, "array"):
        import jsonschema
        seen: set = set()
        for item in instance:
            key = _frozen(item)
            if key in seen:
                yield jsonschema.ValidationError(f"{instance!r} has non-unique elements")
                return
            seen.add(key)


def _without_dialect(schema: dict) -> dict:
    return {key: value for key, value in schema.items() if key != "$schema"}


@lru_cache(maxsize=1)
def _validator_class():
    """Draft 2020-12 with a linear uniqueItems (built on first use: jsonschema is imported only when needed)."""
    import jsonschema
    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"uniqueItems": _unique_items})

@dataclass(frozen=True)
class FieldType:
    """What the schema says a field holds: kind is number, integer, string, date, boolean, array or object."""

    kind: str
    enum: tuple | None = None
    item: FieldType | None = None  # for arrays
    schema: dict | None = None     # the resolved schema (objects and arrays), for further lookups

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("number", "integer")

    def describe(self) -> str:
        if self.kind == "array" and self.item:
            return f"array of {self.item.describe()}"
        if self.enum:
            return "one of " + ", ".join(json.dumps(v) for v in self.enum)
        return self.kind


class SchemaSet:
    """All schemas of a folder, registered by $id."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or schemas_dir()
        self.by_id: dict[str, dict] = {}
        self.files: dict[str, Path] = {}
        for path in sorted(self.folder.glob("*.schema.json")):
            try:
                schema = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ForskriftError(f"cannot read schema: {exc}", file=str(path)) from None
            sid = schema.get("$id")
            if sid:
                self.by_id[sid] = schema
                self.files[sid] = path
        self._registry = None
        self._fingerprint: str | None = None
        self._validators: dict[str, jsonschema.protocols.Validator] = {}
        self._resolved: dict[str, dict] = {}

    # -- validation ----------------------------------------------------------------------------------------

    def fingerprint(self) -> str:
        """sha256 over every schema file (read once)."""
        if self._fingerprint is None:
            from .. import cache
            self._fingerprint = cache.fingerprint(*(self.files[sid].read_bytes() for sid in sorted(self.files)))
        return self._fingerprint

    @property
    def registry(self):
        """The schemas as jsonschema's `referencing` registry, built on first use: jsonschema is imported only
        when a document needs it (a valid case passes documents/fastvalid.py's pre-check without it)."""
        if self._registry is None:
            from referencing import Registry
            from referencing.jsonschema import DRAFT202012
            # registered without "$schema", so that jsonschema keeps our validator class (_validator_class)
            # when it follows a $ref into another file instead of choosing one by the dialect's URI
            self._registry = Registry().with_resources(
                (sid, DRAFT202012.create_resource(_without_dialect(schema))) for sid, schema in self.by_id.items())
        return self._registry

    def validator(self, schema_id: str):
        if schema_id not in self._validators:
            cls = _validator_class()
            self._validators[schema_id] = cls(_without_dialect(self.by_id[schema_id]), registry=self.registry,
                                              format_checker=cls.FORMAT_CHECKER)
        return self._validators[schema_id]

    def case_schema_id(self, document, source: str) -> str:
        if not isinstance(document, dict):
            raise DocumentError(f"expected a JSON object (a case file), found {type(document).__name__}",
                                file=source, pointer="")
        fmt = document.get("format")
        if fmt is None:
            raise DocumentError("missing 'format': a case file names its format and version, e.g. "
                                + json.dumps(sorted(CASE_FORMATS)[0]), file=source, pointer="/format")
        if not isinstance(fmt, str) or fmt not in CASE_FORMATS:
            shown = repr(fmt) if isinstance(fmt, str) else _preview(fmt)
            raise DocumentError(f"unknown format {shown}; known formats: {', '.join(sorted(CASE_FORMATS))}",
                                file=source, pointer="/format")
        return CASE_FORMATS[fmt]

    def validate_case(self, document, source: str = "<input>", lang: str = "nb") -> str:
        """Validate a case; return its format. Raise DocumentError with every problem (problems.py), each
        named by JSON pointer and field label in `lang`; the message is the first one and how many there are."""
        from .problems import problems, summary
        schema_id = self.case_schema_id(document, source)
        found = problems(self.validator(schema_id), document, lang)
        if found:
            first = found[0]
            more = f" ({summary(len(found), lang)})" if len(found) > 1 else ""
            raise DocumentError(f"{first.message}{more}", file=source, pointer=first.pointer, problems=found)
        return document["format"]

    # -- field lookup --------------------------------------------------------------------------------------

    def resolve(self, schema: dict) -> dict:
        """Follow $ref (and a single allOf) until a schema with content (memoised by reference)."""
        key = schema.get("$ref") if isinstance(schema, dict) else None
        if key is not None and not key.startswith("#"):
            if key not in self._resolved:
                self._resolved[key] = self._resolve(schema)
            return self._resolved[key]
        return self._resolve(schema)

    def _lookup(self, ref: str, base: str | None) -> dict:
        """The schema a `$ref` names (an $id, a JSON pointer within it, or both), without jsonschema."""
        uri, _, pointer = ref.partition("#")
        node = self.by_id.get(uri or base or "")
        if node is None:
            raise ForskriftError(f"schema reference {ref!r} names no schema")
        for part in (pointer.lstrip("/").split("/") if pointer.strip("/") else []):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def _resolve(self, schema: dict) -> dict:
        seen = 0
        base = None
        while "$ref" in schema:
            ref = schema["$ref"]
            if ref.startswith("#") and base:
                ref = base + ref
            schema = self._lookup(ref, base)
            base = ref.split("#")[0] or base
            seen += 1
            if seen > 20:
                break
        if base:
            schema = _rebase(schema, base)
        return schema

    def field_type(self, schema: dict) -> FieldType:
        schema = self.resolve(schema)
        if "enum" in schema:
            kinds = {_json_kind(v) for v in schema["enum"]}
            kind = kinds.pop() if len(kinds) == 1 else "string"
            return FieldType(kind, enum=tuple(schema["enum"]))
        if "const" in schema:
            return FieldType(_json_kind(schema["const"]), enum=(schema["const"],))
        kind = schema.get("type")
        if kind == "string" and schema.get("format") == "date":
            return FieldType("date")
        if kind == "array":
            item = self.field_type(schema.get("items", {}))
            return FieldType("array", item=item, schema=schema)
        if kind == "object":
            return FieldType("object", schema=schema)
        if kind in ("string", "number", "integer", "boolean"):
            return FieldType(kind)
        return FieldType("any", schema=schema)

    def child(self, parent: FieldType, name: str) -> FieldType | None:
        if parent.kind != "object" or not parent.schema:
            return None
        props = parent.schema.get("properties", {})
        if name not in props:
            return None
        return self.field_type(props[name])

    def root(self, schema_id: str) -> FieldType:
        return self.field_type({"$ref": schema_id})

    def field_names(self, parent: FieldType) -> list[str]:
        if parent.kind != "object" or not parent.schema:
            return []
        return sorted(parent.schema.get("properties", {}))


def _rebase(schema: dict, base: str) -> dict:
    """Make local '#/...' references of a schema from another file absolute, so lookups stay correct."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#"):
                out[key] = base + value
            else:
                out[key] = _rebase(value, base)
        return out
    if isinstance(schema, list):
        return [_rebase(v, base) for v in schema]
    return schema


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "any"


def to_pointer(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _preview(value) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else (
        "{...}" if isinstance(value, dict) else "[...]")
    return text if len(text) <= 60 else text[:57] + "..."


class _Cache:
    schemas: SchemaSet | None = None


def default_schemas() -> SchemaSet:
    if _Cache.schemas is None:
        _Cache.schemas = SchemaSet()
    return _Cache.schemas


__all__ = ["SchemaSet", "FieldType", "CASE_FORMATS", "default_schemas", "to_pointer"]
