"""The caseworker's judgements: conclusions on the findings a check left open, and the decision recomputed
with them.

A judgement document (schemas/judgements.schema.json) holds, for one case, one judgement per open finding:
`met` or `not_met` with a reason, or `information_received` with the values received. How they are applied:

1. The case is checked as filed. A judgement applies only if it still fits: the same case (`case.id`), the same
   document (`document_hash`), the same rule (`rule_hash`, a hash of the rule as it read when judged), and a
   finding that is still open with the status the caseworker saw. Anything else is reported as not applied,
   with the reason; it is never applied silently.
2. `information_received`: the values are put into a copy of the case document (the patched copy is recorded
   with its own hash) and the whole case is evaluated again. The rule is thus judged on the information, not
   simply flipped to met: the information may as well show that the requirement is not met.
3. `met` / `not_met`: the finding (after step 2) takes the caseworker's conclusion; the finding keeps what the
   rule said and gains a `caseworker` entry with conclusion, reason, who and when.
4. The decision is computed again by the same rule as always (forskrift/decision.py).

The result carries the whole judgement document, so that `forskrift verify` can reproduce the decision.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections import Counter
from pathlib import Path

from .decision import decide
from .documents.read import DEFAULT_MAX_BYTES, parse_json_bytes, read_json_file
from .documents.schemas import default_schemas
from .errors import DocumentError, ForskriftError, UsageError
from .findings import STATUSES
from .i18n import STATUS

FORMAT = "forskrift-judgements/1"
SCHEMA_ID = "urn:forskrift:schema:judgements"
OPEN = ("needs_judgement", "missing_information")
SUFFIX = ".judgements.json"


def rule_hash(rule) -> str:
    """sha256 of what a rule says and cites (its conditions as written, its bokmål texts, citations, flags): a
    judgement made under one wording of a rule is not applied under another. Translations are left out on
    purpose: a new English or nynorsk text does not change what the rule requires."""
    data = {
        "id": rule.id, "cites": [ref.key() for ref in rule.cites], "document": rule.document,
        "requirement": rule.requirement.nb, "blocking": rule.blocking, "applies": rule.applies_text,
        "condition": rule.condition_text,
        "judgement": None if rule.judgement is None else {"text": rule.judgement.text.nb,
                                                          "when": rule.judgement.when_text},
        "interpretation": None if rule.interpretation is None else rule.interpretation.nb,
        "verified": rule.verified,
    }
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def validate(document, source: str) -> dict:
    """The judgement document, checked against its schema; a DocumentError names the JSON pointer."""
    validator = default_schemas().validator(SCHEMA_ID)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        error = errors[0]
        pointer = "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
        raise DocumentError(f"not a judgement document ({FORMAT}): {error.message[:300]}", file=source,
                            pointer=pointer)
    return document


def load(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    return validate(read_json_file(path, max_bytes=max_bytes), str(path))


def parse(data: bytes, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> dict:
    return validate(parse_json_bytes(data, source=source, max_bytes=max_bytes), source)


def new_document(result: dict) -> dict:
    """An empty judgement document for a check result (the case and rulebook it belongs to)."""
    return {"format": FORMAT,
            "case": {"id": result["case"]["id"], "document_hash": result["document_hash"]},
            "rulebook": {"id": result["rulebook"]["id"], "hash": result["rulebook"]["hash"]},
            "judgements": []}


# --- JSON pointers -----------------------------------------------------------------------------------------

def _tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def set_pointer(doc, pointer: str, value) -> None:
    """Put `value` at `pointer`, creating missing objects (or an array where the next token is 0 or -) on the
    way; an array index may be the next free place (its length, or -). Raises ValueError when impossible."""
    tokens = _tokens(pointer)
    node = doc
    for i, token in enumerate(tokens):
        last = i == len(tokens) - 1
        fresh = value if last else ([] if tokens[i + 1] in ("0", "-") else {})
        if isinstance(node, dict):
            if last:
                node[token] = value
                return
            if not isinstance(node.get(token), dict | list):
                node[token] = fresh
            node = node[token]
        elif isinstance(node, list):
            index = len(node) if token == "-" else _index(token, pointer)
            if index > len(node):
                raise ValueError(f"index {index} is past the end of the array ({len(node)} items)")
            if index == len(node):
                node.append(fresh)
            elif last:
                node[index] = value
            node = node[index]
            if last:
                return
        else:
            raise ValueError(f"{'/'.join(tokens[:i]) or 'the document'} is not an object or array")


def _index(token: str, pointer: str) -> int:
    if not (token.isascii() and token.isdigit()) or (token != "0" and token.startswith("0")):
        raise ValueError(f"{token!r} is not an array index")
    return int(token)


# --- applying ----------------------------------------------------------------------------------------------

def apply(checker, doc: dict, source: str, judgements: dict, judgements_source: str) -> dict:
    """Check `doc` with the judgements applied; the result is `checker.check_document`'s, plus `judgements`.

    Information received is applied first (each such judgement checked against the case as filed); a `met` or
    `not_met` conclusion is then checked against the finding as the rules give it with that information."""
    base = checker.check_document(doc, source)
    rulebook = checker.rulebook_for(doc, source)
    rules = {rule.id: rule for rule in rulebook.rules}
    lang = checker.lang
    case_changed = _case_changed(judgements, base)
    stale: list[dict] = []
    indexed = list(enumerate(judgements["judgements"]))
    received = _fitting([(i, j) for i, j in indexed if j["conclusion"] == "information_received"], rules,
                        _statuses(base), case_changed, stale)
    result, patched = base, None
    if received:
        result, patched = _with_information(checker, doc, source, received, judgements_source)
        result["document_hash"] = base["document_hash"]
    before = _statuses(base)
    by_rule = {f["rule"]: f for f in result["findings"]}
    for _, j in received:
        by_rule[j["rule"]].setdefault("caseworker", []).append(
            _entry(j, before[j["rule"]]) | {"values": j["values"], "status_after": by_rule[j["rule"]]["status"]})
    concluded = _fitting([(i, j) for i, j in indexed if j["conclusion"] != "information_received"], rules,
                         _statuses(result), case_changed, stale)
    for _, j in concluded:
        finding = by_rule[j["rule"]]
        finding.setdefault("caseworker", []).append(_entry(j, finding["status"]))
        finding["status"] = j["conclusion"]
        if finding.get("message") and finding.get("requirement"):   # a result that carries sentences
            own = lang if lang in _CONCLUDED else "nb"
            finding["message"] = f"{STATUS[j['conclusion']][own]} ({_CONCLUDED[own]}): {finding['requirement']}"
    counts = Counter(f["status"] for f in result["findings"])
    result["summary"] = {status: counts.get(status, 0) for status in STATUSES}
    result["decision"] = decide(result["findings"], lang)
    result["judgements"] = {"file": judgements_source, "document": judgements,
                            "applied": sorted(i for i, _ in received + concluded),
                            "not_applied": sorted(stale, key=lambda s: s["index"]), "patched": patched}
    return result


def patched_document(doc: dict, result: dict) -> dict:
    """The case as it was evaluated: `doc` with the information received that `result` records put in (the
    filed document itself when nothing was received)."""
    patched = (result.get("judgements") or {}).get("patched")
    if not patched:
        return doc
    copied = copy.deepcopy(doc)
    for item in patched["values"]:
        set_pointer(copied, item["pointer"], copy.deepcopy(item["value"]))
    return copied


_TEXT = {
    "head": {"nb": "Saksbehandlers vurderinger ({file}): {n} brukt, {m} ikke brukt",
             "nn": "Vurderingane til sakshandsamaren ({file}): {n} brukte, {m} ikkje brukte",
             "en": "Caseworker's judgements ({file}): {n} applied, {m} not applied"},
    "met": {"nb": "oppfylt", "nn": "oppfylt", "en": "met"},
    "not_met": {"nb": "ikke oppfylt", "nn": "ikkje oppfylt", "en": "not met"},
    "information_received": {"nb": "opplysninger mottatt", "nn": "opplysningar mottekne", "en": "information received"},
    "not_applied": {"nb": "ikke brukt", "nn": "ikkje brukt", "en": "not applied"},
    "patched": {"nb": "vurdert på en kopi av saken med de mottatte opplysningene",
                "nn": "vurdert på ein kopi av saka med dei mottekne opplysningane",
                "en": "evaluated on a copy of the case with the information received"},
}


def render_text(result: dict, lang: str = "nb") -> str:
    """The caseworker's conclusions of a result checked with judgements, as lines under the text report: each
    concluded finding with the conclusion, reason, who and when; the judgements not applied and why."""
    block = result.get("judgements")
    if not block:
        return ""
    lang = lang if lang in ("nb", "nn", "en") else "nb"
    lines = ["", _TEXT["head"][lang].format(file=block["file"], n=len(block["applied"]),
                                           m=len(block["not_applied"]))]
    for finding in result["findings"]:
        for entry in finding.get("caseworker", ()):
            lines.append(f"  {finding['rule']}: {_TEXT[entry['conclusion']][lang]} – {entry['reason']} "
                         f"[{entry['by']}, {entry['at']}]")
    for item in block["not_applied"]:
        lines.append(f"  {_TEXT['not_applied'][lang]}: #{item['index']} {item['rule']}: {item['reason']}")
    if block["patched"]:
        lines.append(f"  {_TEXT['patched'][lang]}: {block['patched']['document_hash']}")
    return "\n".join(lines) + "\n"


def _statuses(result: dict) -> dict:
    return {f["rule"]: f["status"] for f in result["findings"]}


def _entry(j: dict, from_status: str) -> dict:
    return {"conclusion": j["conclusion"], "from_status": from_status, "reason": j["reason"], "by": j["by"],
            "at": j["at"]}


def _fitting(items, rules: dict, statuses: dict, case_changed: str | None, stale: list) -> list:
    """The judgements among `items` that fit the findings' `statuses`; the others go to `stale` with why."""
    fitting, seen = [], set()
    for index, j in items:
        reason = case_changed or _unfit(j, rules, statuses, j["rule"] in seen)
        if reason:
            stale.append({"index": index, "rule": j["rule"], "reason": reason})
        else:
            fitting.append((index, j))
            seen.add(j["rule"])
    return fitting


def _with_information(checker, doc: dict, source: str, received: list, judgements_source: str):
    """The case checked again with the values received put into a copy of it; and the record of that copy."""
    patched_doc = copy.deepcopy(doc)
    values = []
    for index, j in received:
        for k, item in enumerate(j["values"]):
            try:
                set_pointer(patched_doc, item["pointer"], copy.deepcopy(item["value"]))
            except ValueError as exc:
                raise DocumentError(f"cannot put the received value at {item['pointer']} in case "
                                    f"{doc['case']['id']}: {exc}", file=judgements_source,
                                    pointer=f"/judgements/{index}/values/{k}/pointer") from None
            values.append({"rule": j["rule"], "pointer": item["pointer"], "value": item["value"]})
    try:
        result = checker.check_document(patched_doc, source)
    except ForskriftError as exc:
        where = f" at {exc.pointer or '/'}" if exc.pointer is not None else ""
        raise DocumentError(f"the case with the information received is not valid{where}: {exc.message}",
                            file=judgements_source, pointer="/judgements") from None
    return result, {"document_hash": result["document_hash"], "values": values}


_CONCLUDED = {"nb": "saksbehandlers vurdering", "nn": "vurderinga til sakshandsamaren", "en": "caseworker's conclusion"}


def _case_changed(judgements: dict, base: dict) -> str | None:
    if judgements["case"]["id"] != base["case"]["id"]:
        return f"the judgements are about case {judgements['case']['id']}, not {base['case']['id']}"
    if judgements["case"]["document_hash"] != base["document_hash"]:
        return (f"the case document has changed since the judgement (judged {judgements['case']['document_hash']}, "
                f"now {base['document_hash']}); check the case again and judge the open findings anew")
    return None


def _unfit(j: dict, rules: dict, statuses: dict, duplicate: bool) -> str | None:
    rule = rules.get(j["rule"])
    if rule is None:
        return f"rule {j['rule']} is not in the rulebook any more"
    if rule_hash(rule) != j["rule_hash"]:
        return f"rule {j['rule']} has changed since the judgement ({Path(rule.file).name}); judge it anew"
    status = statuses[j["rule"]]
    if status not in OPEN:
        return f"the finding is not open (it is {status}); nothing to conclude"
    if status != j["finding_status"]:
        return f"the finding is now {status}, not {j['finding_status']} as when judged"
    if duplicate:
        return "a second judgement of the same kind on the same rule; the first one applies"
    return None


def for_case(case_path: Path) -> Path:
    """Where a case's judgements are kept by convention: X.json → X.judgements.json beside it."""
    return case_path.with_name(case_path.name.removesuffix(".json") + SUFFIX)


__all__ = ["FORMAT", "OPEN", "SUFFIX", "apply", "for_case", "load", "new_document", "parse", "patched_document",
           "record", "rule_hash", "set_pointer", "validate"]


def record(checker, doc, result, *, rule_id, conclusion, values, reason, by, at, source) -> dict:
    """One judgement entry for an open finding of `result`; a UsageError when the finding is not open."""
    finding = next((f for f in result["findings"] if f["rule"] == rule_id), None)
    if finding is None:
        raise UsageError(f"rule {rule_id!r} is not in rulebook {result['rulebook']['id']}")
    if finding["status"] not in OPEN or finding.get("caseworker") and \
            finding["caseworker"][-1]["conclusion"] != "information_received":
        raise UsageError(f"the finding of rule {rule_id} is {finding['status']}"
                         f"{' by an earlier judgement' if finding.get('caseworker') else ''}; only an open finding "
                         "(needs_judgement or missing_information) is judged")
    rule = next(r for r in checker.rulebook_for(doc, source).rules if r.id == rule_id)
    entry = {"rule": rule_id, "rule_hash": rule_hash(rule), "finding_status": finding["status"],
             "conclusion": conclusion}
    if values:
        entry["values"] = values
    return entry | {"reason": reason, "by": by, "at": at}
