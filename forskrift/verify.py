"""Reproduce a stored decision: re-evaluate a case with the rulebook and engine a result names, and say whether
the outcome (decision and findings) is identical and, if not, what changed — the rulebook (its content hash),
the document (its hash), the engine or package version, and which findings differ. A result made with a
caseworker's judgements (`check --judgements`) carries them, and they are applied again."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .check import Checker
from .documents.read import parse_json_bytes
from .documents.schemas import default_schemas
from .errors import DocumentError, UsageError
from .rulebook import registry
from .rulebook.load import RULEBOOK_FILE

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


def rulebook_source(result: dict) -> str:
    """Where to find the rulebook the result was made with: the folder it was read from, else its id."""
    folder = result.get("record", {}).get("rulebook_folder")
    if folder and (Path(folder) / RULEBOOK_FILE).is_file():
        return folder
    rulebook_id = result["rulebook"]["id"]
    try:
        registry.get(rulebook_id)
    except UsageError:
        raise UsageError(f"the rulebook of this result ({rulebook_id}, read from {folder or 'an unknown folder'}) "
                         "is not found here") from None
    return rulebook_id


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


def verify(result_path: Path, case_path: Path, *, max_bytes: int) -> Verdict:
    data = _read_bytes(case_path, max_bytes)
    doc = parse_json_bytes(data, source=str(case_path), max_bytes=max_bytes)
    case_id = doc.get("case", {}).get("id") if isinstance(doc, dict) and isinstance(doc.get("case"), dict) \
        else None
    stored = load_result(result_path, case_id)
    engine = stored["engine"]["name"]
    source = rulebook_source(stored)
    registry.forget_if_changed(source)
    checker = Checker(rules=source, engine=engine, max_bytes=max_bytes)
    judged = stored.get("judgements")
    if judged:   # the decision was made with a caseworker's judgements: apply the same ones again
        from . import judgements
        judgements.validate(judged["document"], f"{result_path} /judgements/document")
        now = judgements.apply(checker, doc, str(case_path), judged["document"], judged["file"])
    else:
        now = checker.check_document(doc, str(case_path))
    provenance = []
    if stored["document_hash"] != now["document_hash"]:
        provenance.append(f"the case document differs from the one checked (document hash {stored['document_hash']}"
                          f", now {now['document_hash']})")
    if stored["rulebook"]["hash"] != now["rulebook"]["hash"]:
        provenance.append(f"rulebook {stored['rulebook']['id']} has changed since: a rule file or schema was edited "
                          f"(hash {stored['rulebook']['hash']}, now {now['rulebook']['hash']}; read from "
                          f"{now['record']['rulebook_folder']})")
    if stored["rulebook"]["id"] != now["rulebook"]["id"]:
        provenance.append(f"rulebook id {stored['rulebook']['id']}, now {now['rulebook']['id']}")
    if stored["engine"]["version"] != now["engine"]["version"]:
        provenance.append(f"engine {engine} {stored['engine']['version']}, now {now['engine']['version']}")
    if stored["forskrift_version"] != __version__:
        provenance.append(f"forskrift {stored['forskrift_version']}, now {__version__}")
    if stored["case"].get("format") != now["case"]["format"]:
        provenance.append(f"case format {stored['case'].get('format')}, now {now['case']['format']}")
    changes = []
    if stored["decision"] != now["decision"]:
        changes.append(f"decision: {stored['decision']['status']} → {now['decision']['status']}"
                       if stored["decision"]["status"] != now["decision"]["status"]
                       else "decision: same status, but decided_by differs")
    if judged and {k: v for k, v in judged.items() if k != "file"} != \
            {k: v for k, v in now["judgements"].items() if k != "file"}:
        changes.extend(_judgement_changes(judged, now["judgements"]))
    rule_files = {r.id: Path(r.file).name for r in checker.rulebook_for(doc, str(case_path)).rules}
    if stored["findings"] != now["findings"]:
        changes.extend(_finding_changes(stored["findings"], now["findings"], rule_files))
    if stored.get("provisions") != now["provisions"]:
        changed = sorted(k for k in set(stored.get("provisions", {})) | set(now["provisions"])
                         if stored.get("provisions", {}).get(k) != now["provisions"].get(k))
        changes.append(f"cited provisions differ: {', '.join(changed)}")
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
    head = (f"identical: {case_path} gives the stored outcome of {result_path}"
            if verdict.identical else f"different: {case_path} no longer gives the stored outcome of {result_path}")
    lines = [head]
    lines += [f"  outcome: {c}" for c in verdict.changes]
    lines += [f"  changed: {p}" for p in verdict.provenance]
    return "\n".join(lines) + "\n"


__all__ = ["Verdict", "verify", "render", "load_result"]
