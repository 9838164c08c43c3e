"""Every schema problem of a case document at once, each worded for a caseworker in the chosen language.

jsonschema's own messages are English and about the schema ("'x' is a required property"); a caseworker needs
to know which field, where (the JSON pointer), what it is called in words and what was expected. `problems()`
turns each validation error into a `Problem` with those four things; `summary()` says how many there are.
Field labels come from `schemas/field-labels.yaml` (when the file is there; otherwise the field's name), the
labels of enumerated values from `schemas/vocabulary.yaml` (likewise). The language is nb (default), nn or en.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from ..datafiles import form_words, shipped_yaml
from ..vocabulary import LANGS
from ..vocabulary import lang_of as _lang

MAX_ERRORS = 1000   # jsonschema errors looked at in one document (past it the rest is not listed)


@dataclass(frozen=True)
class Problem:
    """One problem of a document: where (JSON pointer), which field (name and label), what is wrong."""

    pointer: str
    field: str       # the field's name ("" for the document itself)
    label: str       # the field in words, in the chosen language
    code: str        # required, unknown_field, type, enum, const, format, pattern, minimum, maximum, length, items
    expected: str    # what was expected, in words
    found: str       # what the document holds there ("" for a missing field)
    message: str     # one sentence: label, expected, found (the pointer is beside it, not in it)

    def to_json(self) -> dict:
        return asdict(self)


def _pick(texts: dict, lang: str) -> str:
    return texts.get(_lang(lang)) or texts.get("nb") or next(iter(texts.values()))


# -- words ----------------------------------------------------------------------------------------------------

TYPE_WORDS = {
    "string": {"nb": "tekst", "nn": "tekst", "en": "text"},
    "integer": {"nb": "et heltall", "nn": "eit heiltal", "en": "a whole number"},
    "number": {"nb": "et tall", "nn": "eit tal", "en": "a number"},
    "boolean": {"nb": "ja eller nei (true/false)", "nn": "ja eller nei (true/false)", "en": "yes or no (true/false)"},
    "object": {"nb": "et objekt med felt", "nn": "eit objekt med felt", "en": "an object with fields"},
    "array": {"nb": "en liste", "nn": "ei liste", "en": "a list"},
    "null": {"nb": "ingenting (null)", "nn": "ingenting (null)", "en": "nothing (null)"},
}

SENTENCES = {
    "required": {"nb": "{label} mangler: feltet må fylles ut.",
                 "nn": "{label} manglar: feltet må fyllast ut.",
                 "en": "{label} is missing: the field is required."},
    "unknown_field": {"nb": "Ukjent felt «{field}»: skjemaet har ikke feltet; sjekk stavemåten.",
                      "nn": "Ukjent felt «{field}»: skjemaet har ikkje dette feltet; sjekk stavemåten.",
                      "en": "Unknown field “{field}”: the schema has no such field; check the spelling."},
    "other": {"nb": "{label}: forventet {expected}, fant {found}.",
              "nn": "{label}: venta {expected}, fann {found}.",
              "en": "{label}: expected {expected}, found {found}."},
}

EXPECT = {
    "date": {"nb": "en dato på formen ÅÅÅÅ-MM-DD", "nn": "ein dato på forma ÅÅÅÅ-MM-DD",
             "en": "a date written YYYY-MM-DD"},
    "one_of": {"nb": "én av: {values}", "nn": "ein av: {values}", "en": "one of: {values}"},
    "exactly": {"nb": "nøyaktig {value}", "nn": "nøyaktig {value}", "en": "exactly {value}"},
    "digits": {"nb": "{n} sifre", "nn": "{n} siffer", "en": "{n} digits"},
    "pattern": {"nb": "tekst på formen {pattern}", "nn": "tekst på forma {pattern}",
                "en": "text of the form {pattern}"},
    "minimum": {"nb": "minst {n}", "nn": "minst {n}", "en": "at least {n}"},
    "maximum": {"nb": "høyst {n}", "nn": "høgst {n}", "en": "at most {n}"},
    "above": {"nb": "mer enn {n}", "nn": "meir enn {n}", "en": "more than {n}"},
    "below": {"nb": "mindre enn {n}", "nn": "mindre enn {n}", "en": "less than {n}"},
    "nonempty": {"nb": "tekst som ikke er tom", "nn": "tekst som ikkje er tom", "en": "text that is not empty"},
    "min_length": {"nb": "minst {n} tegn", "nn": "minst {n} teikn", "en": "at least {n} characters"},
    "max_length": {"nb": "høyst {n} tegn", "nn": "høgst {n} teikn", "en": "at most {n} characters"},
    "min_items": {"nb": "minst {n} element i listen", "nn": "minst {n} element i lista",
                  "en": "at least {n} item(s) in the list"},
    "max_items": {"nb": "høyst {n} element i listen", "nn": "høgst {n} element i lista",
                  "en": "at most {n} items in the list"},
    "unique": {"nb": "en liste uten like element", "nn": "ei liste utan like element",
               "en": "a list without repeated items"},
    "alternatives": {"nb": "én av de tillatte formene", "nn": "ei av dei tillatne formene",
                     "en": "one of the allowed forms"},
    "not": {"nb": "en annen verdi", "nn": "ein annan verdi", "en": "another value"},
}

SUMMARY = {
    "one": {"nb": "1 problem i dokumentet", "nn": "1 problem i dokumentet", "en": "1 problem in the document"},
    "many": {"nb": "{n} problemer i dokumentet", "nn": "{n} problem i dokumentet",
             "en": "{n} problems in the document"},
}

DOCUMENT = {"nb": "Dokumentet", "nn": "Dokumentet", "en": "The document"}
NOTHING = {"nb": "ingenting", "nn": "ingenting", "en": "nothing"}


def summary(count: int, lang: str = "nb") -> str:
    return _pick(SUMMARY["one"], lang) if count == 1 else _pick(SUMMARY["many"], lang).format(n=count)


# -- labels ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _field_labels() -> dict:
    data = shipped_yaml("field-labels.yaml")
    return {str(k): v for k, v in data.items() if isinstance(v, dict)}


def field_label(parts, lang: str = "nb") -> str:
    """The label of a field given its path (list of names and indices): the longest key of field-labels.yaml
    that matches its dotted path without indices, or a tail of it; else the field's heading in the intake
    form (form-labels.yaml); else the name."""
    names = [str(p) for p in parts if not isinstance(p, int) and not str(p).isdigit()]
    if not names:
        return _pick(DOCUMENT, lang)
    labels = _field_labels()
    for start in range(len(names)):
        key = ".".join(names[start:])
        if key in labels and isinstance(labels[key], dict):
            text = _pick({k: v for k, v in labels[key].items() if isinstance(v, str)}, lang)
            return text[:1].upper() + text[1:]
    heading, _help = form_words(tuple(names), _lang(lang))
    return heading or names[-1]


def value_labels(values, lang: str = "nb") -> dict[str, str]:
    """code → label for an enumeration's codes (schemas/vocabulary.yaml; a code without a label stays)."""
    from ..vocabulary import labels_for_enum
    return labels_for_enum(values, _lang(lang))


# -- the problems ---------------------------------------------------------------------------------------------

def pointer_of(parts) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _preview(value) -> str:
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _found(value, lang: str) -> str:
    return f"{_pick(TYPE_WORDS[_kind(value)], lang)} {_preview(value)}"


def _make(parts, code, expected, found, lang, field=None) -> Problem:
    pointer = pointer_of(parts)
    name = field if field is not None else (str(parts[-1]) if parts else "")
    label = field_label(parts, lang)
    if code in SENTENCES:
        template = SENTENCES[code]
    else:
        template = SENTENCES["other"]
    message = _pick(template, lang).format(label=label, field=name, expected=expected,
                                           found=found or _pick(NOTHING, lang))
    return Problem(pointer=pointer or "", field=name, label=label, code=code, expected=expected, found=found,
                   message=message)


def _expected_pattern(pattern: str, lang: str) -> str:
    digits = re.fullmatch(r"\^?\[0-9\]\{(\d+)\}\$?|\^?\\d\{(\d+)\}\$?", pattern)
    if digits:
        return _pick(EXPECT["digits"], lang).format(n=digits.group(1) or digits.group(2))
    return _pick(EXPECT["pattern"], lang).format(pattern=pattern)


def _from_error(error, lang: str) -> list[Problem]:
    parts = list(error.absolute_path)
    validator, value, instance = error.validator, error.validator_value, error.instance
    if validator == "required":
        missing = [name for name in value if isinstance(instance, dict) and name not in instance]
        return [_make(parts + [name], "required", "", "", lang) for name in missing]
    if validator in ("additionalProperties", "unevaluatedProperties"):
        known = set(error.schema.get("properties", {}))
        patterns = list(error.schema.get("patternProperties", {}))
        extra = [k for k in instance if k not in known and not any(re.search(p, k) for p in patterns)] \
            if isinstance(instance, dict) else []
        return [_make(parts + [k], "unknown_field", "", "", lang) for k in extra]
    if validator == "type":
        kinds = value if isinstance(value, list) else [value]
        expected = " / ".join(_pick(TYPE_WORDS.get(k, {"nb": k}), lang) for k in kinds)
        return [_make(parts, "type", expected, _found(instance, lang), lang)]
    if validator == "enum":
        labels = value_labels(value, lang)
        shown = ", ".join(f"{json.dumps(v, ensure_ascii=False)} ({labels[str(v)]})" if labels[str(v)] != str(v)
                          else json.dumps(v, ensure_ascii=False) for v in value)
        return [_make(parts, "enum", _pick(EXPECT["one_of"], lang).format(values=shown),
                      _found(instance, lang), lang)]
    if validator == "const":
        return [_make(parts, "const", _pick(EXPECT["exactly"], lang).format(value=json.dumps(value)),
                      _found(instance, lang), lang)]
    if validator == "format":
        expected = _pick(EXPECT["date"], lang) if value in ("date", "full-date") else str(value)
        return [_make(parts, "format", expected, _found(instance, lang), lang)]
    if validator == "pattern":
        return [_make(parts, "pattern", _expected_pattern(value, lang), _found(instance, lang), lang)]
    simple = {"minimum": "minimum", "maximum": "maximum", "exclusiveMinimum": "above", "exclusiveMaximum": "below",
              "maxLength": "max_length", "minItems": "min_items", "maxItems": "max_items",
              "uniqueItems": "unique", "not": "not"}
    if validator == "minLength":
        key = "nonempty" if value == 1 else "min_length"
        return [_make(parts, "length", _pick(EXPECT[key], lang).format(n=value), _found(instance, lang), lang)]
    if validator in simple:
        return [_make(parts, validator, _pick(EXPECT[simple[validator]], lang).format(n=value),
                      _found(instance, lang), lang)]
    if validator in ("anyOf", "oneOf") and error.context:
        # the alternative that got furthest explains best what was meant
        deepest = max(error.context, key=lambda e: (len(e.absolute_path), -len(list(e.context or []))))
        inner = _from_error(deepest, lang)
        if inner:
            return inner
        return [_make(parts, validator, _pick(EXPECT["alternatives"], lang), _found(instance, lang), lang)]
    return [_make(parts, validator, error.message, _found(instance, lang), lang)]


def _vacuous(condition, instance) -> bool:
    """An `if` that holds only because the fields it tests are absent (a case without `case.kind` matches
    every `if kind == ...`): its `then` would demand every kind's document, which says nothing useful."""
    if not isinstance(condition, dict) or not isinstance(instance, dict):
        return False
    for name, sub in condition.get("properties", {}).items():
        if name not in instance or _vacuous(sub, instance[name]):
            return True
    return False


def _from_vacuous_branch(error, root, document) -> bool:
    """Whether the error comes from the `then` of an `if` that held vacuously (walks the schema path from the
    root schema without following $ref; where it cannot, the error is kept)."""
    schema, instance = root, document
    tokens = list(error.absolute_schema_path)
    path = list(error.absolute_path)
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if not isinstance(schema, (dict, list)):
            return False
        if token == "then" and isinstance(schema, dict):
            if _vacuous(schema.get("if"), instance):
                return True
        if isinstance(schema, dict) and token == "$ref":
            return False
        if token == "properties" and isinstance(schema, dict) and i + 1 < len(tokens):
            name = tokens[i + 1]
            schema = schema.get("properties", {}).get(name)
            if not path or not isinstance(instance, dict) or path[0] != name:
                return False
            instance, path = instance.get(name), path[1:]
            i += 2
            continue
        if token == "items" and isinstance(schema, dict):
            if not path or not isinstance(instance, list):
                return False
            instance, path = instance[path[0]], path[1:]
        try:
            schema = schema[token]
        except (KeyError, IndexError, TypeError):
            return False
        i += 1
    return False


def problems(validator, document, lang: str = "nb") -> list[Problem]:
    """Every problem of `document` under a jsonschema validator, in document order, without repeats."""
    found: dict[tuple, Problem] = {}
    # at most MAX_ERRORS are looked at: a document with a million wrong items is refused as fast as one with a
    # thousand (collecting them all took seconds per megabyte)
    for error in itertools.islice(validator.iter_errors(document), MAX_ERRORS):
        if _from_vacuous_branch(error, validator.schema, document):
            continue
        for problem in _from_error(error, lang):
            found.setdefault((problem.pointer, problem.code, problem.expected), problem)
    return sorted(found.values(), key=lambda p: (_order_key(p.pointer), p.code))


def _order_key(pointer: str):
    return [(0, int(p), "") if p.isascii() and p.isdigit() else (1, 0, p) for p in pointer.split("/")[1:]]


__all__ = ["Problem", "problems", "summary", "field_label", "value_labels", "pointer_of", "LANGS"]
