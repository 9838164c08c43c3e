"""The project's own YAML data files in schemas/ (labels of fields, enumerated values and form headings), read
once per process with libyaml's safe loader where PyYAML has it: these files are read on every cold check, and
the pure-Python parser spent about a fifth of a cold check's CPU time on them."""

from __future__ import annotations

from functools import lru_cache

from .paths import schemas_dir


@lru_cache(maxsize=8)
def shipped_yaml(name: str) -> dict:
    """The data of `schemas/<name>` (an empty dict for an empty or missing file). Safe loader only: the files
    are data. Callers must not change what they get; it is shared."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = schemas_dir() / name
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader) or {}  # noqa: S506 - a safe loader, chosen above


def form_words(path: tuple, lang: str) -> tuple[str | None, str]:
    """(heading, help) of a field or document path in the intake form (schemas/form-labels.yaml): the longest
    key that matches its dotted path without list markers ("*"), or a tail of it; (None, "") when none does. A
    language the file does not have falls back to bokmål.
    Here, at the bottom of the house, because both the intake forms and the schema problems read it."""
    names = [p for p in path if p != "*"]
    labels = shipped_yaml("form-labels.yaml")
    for start in range(len(names)):
        entry = labels.get(".".join(names[start:]))
        if isinstance(entry, dict):
            heading = entry.get(lang) or entry.get("nb")
            help_texts = entry.get("help") or {}
            return heading, help_texts.get(lang) or help_texts.get("nb", "")
    return None, ""
