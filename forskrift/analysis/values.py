"""One vocabulary, decided on by every rulebook: the enumerated fields a rulebook's rules read, and whether the
rulebook decides on every value of each (`forskrift lint`, kind `undecided-value`).

A rulebook declares its decisions in `rules/<id>/values.yaml`: for every enumerated field its rules read
(named by its dotted path with list items left out, as conditions name it: `partnerskap.partners.type`), the
values it **accepted**, **rejected**, sends to **judgement**, or decides **otherwise** with the reason
(`otherwise: {value: reason}`, e.g. PPT: accepted in kompetanseløftet, judgement elsewhere). Lint reports
every value of such a field that the rulebook does not decide on, every value it names that the field does not
have, and a value decided twice. An amending rulebook inherits its base's decisions field by field and may
decide a field anew. The file is data for lint and for readers; the rules themselves decide the cases.

The fields a rulebook reads are found by walking its rules' typed conditions (applies_when, condition and
judgement.when): every path whose schema type is an enumeration (or a list of one), with the variables of
quantifiers and aggregates resolved to the list they range over.
"""

from __future__ import annotations

from pathlib import Path

from ..conditions import tree as t
from ..errors import RuleFileError
from ..paths import rules_dir
from ..rulebook.load import VALUES_FILE
from ..rulebook.yamlsafe import load_yaml_file

DECISIONS = ("accepted", "rejected", "judgement", "otherwise")


def enumerated_reads(rulebook) -> dict[str, dict]:
    """dotted field → {"values": the schema's enumeration, "rules": ids of the rules that read it}."""
    out: dict[str, dict] = {}

    def record(path: t.Path, scope: dict, rid: str):
        enum = path.enum
        if not enum:
            return
        base = scope.get(path.var, ()) if path.var else ()
        name = ".".join(base + path.parts)
        entry = out.setdefault(name, {"values": tuple(enum), "rules": []})
        if rid not in entry["rules"]:
            entry["rules"].append(rid)

    def walk(node, scope: dict, rid: str):
        if node is None:
            return
        if isinstance(node, t.Path):
            record(node, scope, rid)
            return
        if isinstance(node, t.Contains):
            record(node.array, scope, rid)
            return
        if isinstance(node, (t.Quantified, t.Aggregate)):
            array = node.array
            inner = dict(scope)
            if node.var:
                inner[node.var] = (scope.get(array.var, ()) if array.var else ()) + array.parts
            for child in t.children(node):
                walk(child, scope if child is array else inner, rid)
            return
        for child in t.children(node):
            walk(child, scope, rid)

    for rule in rulebook.rules:
        for part in (rule.applies, rule.condition, rule.judgement.when if rule.judgement else None):
            walk(part, {}, rule.id)
    return out


def _folder_of(rulebook) -> Path:
    return Path(rulebook.folder)


def base_folder(rulebook) -> Path | None:
    """The folder of an amendment's base (next to it, or the shipped one), as the loader finds it."""
    if not rulebook.amends:
        return None
    base_id = rulebook.amends["base"]
    folder = _folder_of(rulebook).parent / base_id
    if not (folder / "rulebook.yaml").is_file():
        folder = rules_dir() / base_id
    return folder if (folder / "rulebook.yaml").is_file() else None


def load_decisions(folder: Path, base: Path | None = None) -> tuple[dict, dict]:
    """(field → {value: decision}, field → (file, line)) of a rulebook's values.yaml, over its base's."""
    decisions: dict[str, dict] = {}
    where: dict[str, tuple] = {}
    if base is not None:
        decisions, where = load_decisions(base)
    path = folder / VALUES_FILE
    if not path.exists():
        return decisions, where
    data, lines = load_yaml_file(path)
    fields = (data or {}).get("fields") or {}
    if not isinstance(fields, dict):
        raise RuleFileError("values.yaml: `fields` must map a dotted field to its decisions", file=str(path))
    for name, entry in fields.items():
        line = lines.line_of(("fields", name))
        if not isinstance(entry, dict) or set(entry) - set(DECISIONS) or not all(
                isinstance(entry[k], list if k != "otherwise" else dict) for k in entry):
            raise RuleFileError(f"values.yaml: {name}: expected a mapping with {', '.join(DECISIONS[:3])} (lists of "
                                "values) and otherwise (value: reason)", file=str(path), line=line)
        decided: dict[str, str] = {}
        for kind in DECISIONS:
            listed = entry.get(kind) or ([] if kind != "otherwise" else {})
            for value in listed:
                decided[str(value)] = "twice" if str(value) in decided else kind
        decisions[name] = decided
        where[name] = (str(path), line)
    return decisions, where


def undecided(rulebook) -> list[dict]:
    """Problems of the rulebook's vocabulary: undecided values, values the schema does not have, values
    decided twice. Each: {kind, file, line, message}."""
    folder = _folder_of(rulebook)
    try:
        decisions, where = load_decisions(folder, base_folder(rulebook))
    except RuleFileError as exc:
        return [{"kind": "schema", "file": exc.file or str(folder / VALUES_FILE), "line": exc.line,
                 "message": exc.message}]
    out = []
    default_file = str(folder / VALUES_FILE)
    for name, info in sorted(enumerated_reads(rulebook).items()):
        decided = decisions.get(name, {})
        file, line = where.get(name, (default_file, None))
        missing = [v for v in info["values"] if v not in decided]
        if missing:
            out.append({"kind": "undecided-value", "file": file, "line": line,
                        "message": f"{name} (read by {', '.join(info['rules'])}): rulebook {rulebook.id} does not "
                                   f"decide on {', '.join(missing)}; list each under accepted, rejected, judgement "
                                   f"or otherwise in {VALUES_FILE}"})
        unknown = [v for v in decided if v not in info["values"]]
        if unknown:
            out.append({"kind": "undecided-value", "file": file, "line": line,
                        "message": f"{name}: {', '.join(unknown)} is not a value of this field "
                                   f"(it has: {', '.join(info['values'])})"})
        twice = [v for v, kind in decided.items() if kind == "twice"]
        if twice:
            out.append({"kind": "undecided-value", "file": file, "line": line,
                        "message": f"{name}: {', '.join(twice)} is decided twice"})
    return out
