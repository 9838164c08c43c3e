"""The labels of enumerated values (bokmål, nynorsk, English), read from `schemas/vocabulary.yaml`.

A report shows `kommune`, not `municipality`. The file has one section per enumeration; an enumeration of a
schema is labelled by the section whose codes are exactly its codes, or else by the smallest section holding
all of them (`section_for`). `label("owner_type", "municipality", "nn")` gives one label;
`labels_for_enum(values, lang)` gives a drop-down's labels for the codes of a schema's `enum`.
"""

from __future__ import annotations

from functools import lru_cache

from .datafiles import shipped_yaml

LANGS = ("nb", "nn", "en")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, dict]:
    """The whole file: section → {"description": {lang: text}, "values": {code: {lang: label}}, ...}."""
    return {name: {**section, "values": {str(code): labels for code, labels in section["values"].items()}}
            for name, section in shipped_yaml("vocabulary.yaml").items()}


def lang_of(lang: str) -> str:
    """The language to use for `lang` (an unknown one falls back to bokmål)."""
    return lang if lang in LANGS else "nb"


def label(section: str, code, lang: str = "nb") -> str:
    """The label of `code` in a section; the code itself when the vocabulary does not know it."""
    entry = vocabulary().get(section, {}).get("values", {}).get(str(code))
    return entry[lang_of(lang)] if entry else str(code)


def section_for(values) -> str | None:
    """The section that labels an enumeration with these codes (exact match first, else the smallest
    section holding them all), or None."""
    return _section_for(frozenset(str(v) for v in values))


@lru_cache(maxsize=512)
def _section_for(codes: frozenset) -> str | None:
    best = None
    for name, section in vocabulary().items():
        if section.get("schema", True) is False:
            continue
        known = section["values"].keys()
        if codes == known:
            return name
        if codes <= known and (best is None or len(known) < len(vocabulary()[best]["values"])):
            best = name
    return best


def labels_for_enum(values, lang: str = "nb") -> dict[str, str]:
    """code → label for the codes of a schema's enumeration (codes without a label keep the code)."""
    section = section_for(values)
    return {str(v): label(section, v, lang) if section else str(v) for v in values}


def label_enum_value(values, code, lang: str = "nb") -> str:
    """The label of one code of an enumeration given by its codes."""
    section = section_for(values)
    return label(section, code, lang) if section else str(code)


__all__ = ["LANGS", "vocabulary", "label", "section_for", "labels_for_enum", "label_enum_value", "lang_of"]
