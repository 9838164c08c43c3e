"""Reproduce a stored decision: re-evaluate a case with a rulebook this installation vouches for — the one the
user names, or else the shipped rulebook of the id the record names, never a folder named inside the (untrusted)
record — and compare what the checker reproduces with what the record claims, field by field.

Every field that does not match is reported. Any mismatch in the decision, the findings, the hashes (of the
document and of the rulebook) or the summary counts, and any other field of the result that is not reproduced
(case id, rulebook title, ...), makes the record unverified (exit 1). Only `record` (when and where the check
ran) and `case.file` (where the case was read from) are not compared; a different forskrift or engine version
is named as the likely reason of a mismatch. The comparison walks whatever fields the result has, so it holds
as the result format grows: the checker's output now is the reference for what a record must contain. A result
made with a caseworker's judgements (`check --judgements`) carries them, and they are applied again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .check import Checker
from .documents.read import parse_json_bytes
from .documents.schemas import default_schemas
from .errors import DocumentError, UsageError
from .rulebook import registry

RESULT_MAX_BYTES = 256 * 1024 * 1024
# what a finding holds (results are language-neutral: codes and figures; the cited provisions are in the
# result's `provisions` table, compared apart)
COMPARED = ("status", "blocking", "cites", "reasons", "evidence", "missing", "flags", "source")


@dataclass
class Verdict:
    identical: bool
    changes: list[str] = field(default_factory=list)     # what differs in the outcome
    provenance: list[str] = field(default_factory=list)  # what differs in how it was made
    stored: dict = field(default_factory=dict)
    now: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"identical": self.identical, "changes": self.changes, "provenance": self.provenance,
                "decision": {"stored": self.stored.get("decision", {}).get("status"),
                             "now": self.now.get("decision", {}).get("status")},
                "case": self.now.get("case"), "rulebook": {"stored": self.stored["rulebook"]["hash"],
                                                           "now": self.now["rulebook"]["hash"]}}


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(f"file is {size} bytes, over the limit of {max_bytes} bytes "
                                "(set --max-bytes to change it)", file=str(path))
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot read file: {exc.strerror}", file=str(path)) from None


def load_result(path: Path, case_id: str | None) -> dict:
    """The stored result: a JSON object, or the one for `case_id` in a JSON array or JSON-lines file."""
    data = _read_bytes(path, RESULT_MAX_BYTES)
    try:
        payload = parse_json_bytes(data, source=str(path), max_bytes=RESULT_MAX_BYTES)
        candidates = payload if isinstance(payload, list) else [payload]
    except DocumentError:
        lines = [line for line in data.splitlines() if line.strip()]
        if len(lines) < 2:
            raise
        candidates = [parse_json_bytes(line, source=str(path), max_bytes=RESULT_MAX_BYTES) for line in lines]
    results = [c for c in candidates if isinstance(c, dict) and "decision" in c]
    if len(candidates) > 1 and case_id is not None:
        results = [r for r in results if isinstance(r.get("case"), dict) and r["case"].get("id") == case_id]
    if len(results) != 1:
        raise DocumentError(f"expected one case result{f' for case {case_id}' if case_id else ''} "
                            f"(the output of `forskrift check --format json`), found {len(results)}",
                            file=str(path))
    result = results[0]
    validator = default_schemas().validator("urn:forskrift:schema:findings")
    errors = sorted(validator.iter_errors(result), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        where = "/" + "/".join(map(str, errors[0].absolute_path))
        raise DocumentError(f"not a result of `forskrift check`: {errors[0].message[:200]}", file=str(path),
                            pointer=where if where != "/" else "")
    return result


def rulebook_source(result: dict, rules: str | None) -> str:
    """The rulebook to verify against: the one the user names, else the shipped rulebook of the record's id."""
    if rules:
        return rules
    rulebook_id = result["rulebook"]["id"]
    if not isinstance(rulebook_id, str) or rulebook_id not in registry.shipped_ids():
        raise UsageError(f"the record names rulebook {str(rulebook_id)[:80]!r}, which is not shipped with forskrift; "
                         "name the rulebook to verify against with --rules ID|FOLDER")
    return rulebook_id


NOT_COMPARED = {("record",), ("case", "file")}
VERSIONS = {("forskrift_version",), ("engine", "version")}


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _pointer(path: tuple) -> str:
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def field_changes(stored, now, path: tuple = ()) -> list[str]:
    """Every field where `stored` and `now` differ, as "/pointer: stored → now" (objects key by key, lists
    item by item), leaving out the fields that are not compared."""
    if path in NOT_COMPARED:
        return []
    if isinstance(stored, dict) and isinstance(now, dict):
        out = []
        for key in list(now) + [k for k in stored if k not in now]:
            if key not in stored:
                if (*path, key) not in NOT_COMPARED:
                    out.append(f"{_pointer((*path, key))}: missing from the record (reproduced: {_show(now[key])})")
            elif key not in now:
                out.append(f"{_pointer((*path, key))}: in the record ({_show(stored[key])}), not reproduced")
            else:
                out += field_changes(stored[key], now[key], (*path, key))
        return out
    if isinstance(stored, list) and isinstance(now, list) and len(stored) == len(now):
        return [c for i, (a, b) in enumerate(zip(stored, now, strict=True)) for c in field_changes(a, b, (*path, i))]
    if stored != now or type(stored) is not type(now):
        return [f"{_pointer(path)}: {_show(stored)} in the record, reproduced {_show(now)}"]
    return []


def _finding_changes(old: list[dict], new: list[dict], rule_files: dict) -> list[str]:
    changes = []
    old_by, new_by = {f["rule"]: f for f in old}, {f["rule"]: f for f in new}
    for rule in old_by.keys() - new_by.keys():
        changes.append(f"rule {rule}: in the stored result, no longer in the rulebook")
    for rule in new_by.keys() - old_by.keys():
        changes.append(f"rule {rule} ({rule_files.get(rule, '?')}): new since, {new_by[rule]['status']}")
    for rule in [f["rule"] for f in new if f["rule"] in old_by]:
        before, after = old_by[rule], new_by[rule]
        if before == after:
            continue
        where = f"rule {rule} ({rule_files.get(rule, '?')})"
        if before["status"] != after["status"]:
            changes.append(f"{where}: {before['status']} → {after['status']}")
        else:
            fields = [k for k in COMPARED if before.get(k) != after.get(k)] or ["order"]
            changes.append(f"{where}: {after['status']} as before, but {', '.join(fields)} differ")
    return changes


def verify(result_path: Path, case_path: Path, *, max_bytes: int, rules: str | None = None) -> Verdict:
    data = _read_bytes(case_path, max_bytes)
    doc = parse_json_bytes(data, source=str(case_path), max_bytes=max_bytes)
    case_id = doc.get("case", {}).get("id") if isinstance(doc, dict) and isinstance(doc.get("case"), dict) \
        else None
    stored = load_result(result_path, case_id)
    engine = stored["engine"]["name"]
    source = rulebook_source(stored, rules)
    registry.forget_if_changed(source)
    calls = [call["id"] for call in stored.get("calls", [])]   # the calls it was checked against, by id
    checker = Checker(rules=",".join([source, *calls]), engine=engine, max_bytes=max_bytes, calls=False)
    judged = stored.get("judgements")
    if judged:   # the decision was made with a caseworker's judgements: apply the same ones again
        from . import judgements
        judgements.validate(judged["document"], f"{result_path} /judgements/document")
        now = judgements.apply(checker, doc, str(case_path), judged["document"], judged["file"])
    else:
        now = checker.check_document(doc, str(case_path))
    provenance = []
    if stored["rulebook"]["id"] != now["rulebook"]["id"] or stored["rulebook"]["hash"] != now["rulebook"]["hash"]:
        provenance.append(f"made with another rulebook: the record names {_show(stored['rulebook']['id'])} "
                          f"({stored['rulebook']['hash']}); verified against {now['rulebook']['id']} "
                          f"({now['rulebook']['hash']}, read from {now['record']['rulebook_folder']}): a rule file "
                          "or schema differs, or it is another rulebook")
    if stored["document_hash"] != now["document_hash"]:
        provenance.append(f"the case document differs from the one checked (document hash {stored['document_hash']}"
                          f", now {now['document_hash']})")
    if stored["engine"]["version"] != now["engine"]["version"]:
        provenance.append(f"engine {engine} {stored['engine']['version']}, now {now['engine']['version']}")
    if stored["forskrift_version"] != __version__:
        provenance.append(f"forskrift {stored['forskrift_version']}, now {__version__}")
    changes = []
    if stored["decision"] != now["decision"]:
        changes.append(f"decision: {stored['decision']['status']} → {now['decision']['status']}"
                       if stored["decision"]["status"] != now["decision"]["status"]
                       else "decision: same status, but " + "; ".join(
                           field_changes(stored["decision"], now["decision"], ("decision",))))
    if judged and {k: v for k, v in judged.items() if k != "file"} != \
            {k: v for k, v in now["judgements"].items() if k != "file"}:
        changes.extend(_judgement_changes(judged, now["judgements"]))
    rule_files = {r.id: Path(r.file).name for r in checker.rulebook_for(doc, str(case_path)).rules}
    if stored["findings"] != now["findings"]:
        found = _finding_changes(stored["findings"], now["findings"], rule_files)
        changes.extend(found or [f"findings: {len(stored['findings'])} in the record, {len(now['findings'])} "
                                 "reproduced, the same rules in another order or repeated"])
    compared_apart = ("decision", "findings", "judgements")
    rest = {k: v for k, v in stored.items() if k not in compared_apart}
    changes.extend(c for c in field_changes(rest, {k: v for k, v in now.items() if k not in compared_apart})
                   if not any(c.startswith(_pointer(v) + ":") for v in VERSIONS))
    return Verdict(identical=not changes, changes=changes, provenance=provenance, stored=stored, now=now)


def _judgement_changes(old: dict, new: dict) -> list[str]:
    changes = []
    if old["applied"] != new["applied"]:
        changes.append(f"judgements applied: {old['applied']} → {new['applied']}")
    before = {(n["index"], n["reason"]) for n in old["not_applied"]}
    for item in new["not_applied"]:
        if (item["index"], item["reason"]) not in before:
            changes.append(f"judgement #{item['index']} ({item['rule']}) not applied now: {item['reason']}")
    if old["patched"] != new["patched"]:
        changes.append("the case with the information received differs")
    return changes or ["judgements: the record differs"]


def render(verdict: Verdict, result_path, case_path) -> str:
    head = (f"identical: {case_path} gives the stored record of {result_path}, field by field"
            if verdict.identical else f"different: {case_path} does not give the stored record of {result_path}")
    lines = [head]
    lines += [f"  changed: {p}" for p in verdict.provenance]
    lines += [f"  mismatch: {c}" for c in verdict.changes]
    return "\n".join(lines) + "\n"


__all__ = ["Verdict", "verify", "render", "load_result"]
