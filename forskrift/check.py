"""The one-way flow for a case: read → validate → choose rulebook → evaluate → findings → decision → result.

The command line and the web page call `Checker`; they only parse arguments and render what it returns.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import sys
from collections import Counter
from pathlib import Path

import orjson

from . import __version__
from .decision import decide, rests_on
from .documents.fastvalid import Compiler
from .documents.read import DEFAULT_MAX_BYTES, display_name, parse_json_bytes, read_json_file
from .documents.schemas import default_schemas
from .engine import durable
from .engine.reference import ReferenceEngine
from .errors import DocumentError, ForskriftError, UsageError
from .findings import STATUSES, make_finding, provisions_table
from .rulebook import registry

ENGINES = ("durable", "reference")


# What orjson may write otherwise than the canonical form below: a number in exponent form (orjson always signs
# the exponent: 1e+16, 2e-07), one below 1e-4 written out in full (`json.dumps` writes 1e-05), and NaN or an
# infinity (orjson writes null). A document that holds any of these (or that merely looks so, in a string: a plus
# sign, "null", "0.0000", a digit before "e-") is written by the standard library instead.
def _maybe_not_canonical(text: bytes) -> bool:
    if b"+" in text or b"null" in text or b"0.0000" in text:
        return True
    for needle in (b"e-", b"E-"):   # "Lese- og skrive": a hyphen after an e is common in Norwegian text
        at = text.find(needle)
        while at != -1:
            if at and text[at - 1] in _DIGITS:
                return True
            at = text.find(needle, at + 2)
    return False


_DIGITS = frozenset(b"0123456789")
_CANONICAL_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
                      | orjson.OPT_PASSTHROUGH_SUBCLASS)   # what the standard library refuses goes to it to refuse


def document_hash(doc) -> str:
    """sha256 of the document's canonical JSON: `json.dumps` with sorted keys, no spaces, UTF-8 (the hash is kept
    in results and judgements, so the form never changes). orjson writes the same bytes, several times faster, for
    a document that holds none of what `_maybe_not_canonical` looks for (property-tested in tests/test_check.py)."""
    try:
        canonical = orjson.dumps(doc, option=_CANONICAL_OPTIONS)
    except orjson.JSONEncodeError:   # beyond 64 bits, a lone surrogate, a type of no JSON, too deep
        canonical = None
    if canonical is None or _maybe_not_canonical(canonical):
        canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return "sha256:" + hashlib.sha256(canonical).hexdigest()


def case_files(paths) -> list[Path | tuple[Path, ForskriftError]]:
    """Every case file under the given paths (folders walked in sorted order, symlink loops refused)."""
    out: list = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            seen: set = set()
            for root, dirs, files in os.walk(path, followlinks=True):
                real = os.path.realpath(root)
                if real in seen:
                    out.append((Path(root), DocumentError("folder loop (a symbolic link points back into "
                                                          "the tree); skipped", file=display_name(root))))
                    dirs[:] = []
                    continue
                seen.add(real)
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    # X.judgements.json is a caseworker's judgements beside case X (forskrift/judgements.py)
                    if name.endswith(".json") and not name.startswith(".") and not name.endswith(".judgements.json"):
                        out.append(Path(root) / name)
        elif path.exists():
            out.append(path)
        else:
            out.append((path, DocumentError("no such file or folder", file=display_name(str(path)))))
    return out


class Checker:
    """Checks case documents; keeps one engine per rulebook for the life of the process."""

    def __init__(self, *, rules: str | None = None, date: str | None = None, engine: str | None = None,
                 lang: str = "nb", max_bytes: int = DEFAULT_MAX_BYTES, warn=None, engines: dict | None = None,
                 calls: bool = True):
        """`rules`: a rulebook id or folder, or several separated by commas (a regulation and calls, or calls
        only: their regulation is the one they build on). `calls=False`: the regulation alone, no calls chosen
        by office and date. `engines`: share another Checker's engines (`checker.engines`)."""
        self.rules = rules
        self.date = date
        self.lang = lang
        self.max_bytes = max_bytes
        self.schemas = default_schemas()
        self.warn = warn or (lambda message: print(f"forskrift: warning: {message}", file=sys.stderr))
        if engine not in (None, *ENGINES):
            raise UsageError(f"unknown engine {engine!r}; choose durable or reference")
        if engine == "durable" and not durable.available():
            raise UsageError(f"--engine durable: durable-rules cannot be imported here ({durable.IMPORT_ERROR})")
        if engine is None:
            engine = "durable" if durable.available() else "reference"
            if engine == "reference":
                self.warn(f"durable-rules cannot be imported ({durable.IMPORT_ERROR}); "
                          "using the reference evaluator")
        self.engine_name = engine
        self._engines: dict = engines if engines is not None else {}
        self._by_date: dict = {}
        self._fast: dict = {}
        self.use_calls = calls
        self.calls_seen: dict = {}      # id → the call rulebooks cases were checked against (for `forskrift sum`)
        self._calls: dict = {}          # (regulation, office, date, kind, format) → the calls that apply
        self._call_kinds = None
        self._fixed = None          # the named rulebook (a regulation or a call); others named go to _named
        self._named: list = []
        if rules:
            books = [registry.get(name.strip()) for name in str(rules).split(",") if name.strip()]
            if not books:
                raise UsageError(f"--rules {rules!r}: name a rulebook")
            regulations = [b for b in books if not b.is_call]
            if len(regulations) > 1:
                raise UsageError(f"--rules {rules!r}: names more than one regulation "
                                 f"({', '.join(b.id for b in regulations)})")
            self._fixed = regulations[0] if regulations else books[0]
            self._named = [b for b in books if b is not self._fixed]
        if self._fixed is not None:
            self.engine_for(self._fixed)   # a rulebook the engine cannot hold is refused now, not at every case

    @property
    def engines(self) -> dict:
        return self._engines

    def engine_for(self, rulebook):
        key = (rulebook.folder, rulebook.hash)
        if key not in self._engines:
            cls = durable.DurableEngine if self.engine_name == "durable" else ReferenceEngine
            self._engines[key] = cls(rulebook)
        return self._engines[key]

    def call_kinds(self) -> set:
        if self._call_kinds is None:
            self._call_kinds = registry.call_kinds()
        return self._call_kinds

    def rulebooks_for(self, doc: dict, source: str) -> tuple:
        """(the regulation, the calls and forum decisions) a case is checked against."""
        fixed = self._fixed
        if fixed is not None and fixed.is_call:     # calls named: their regulation is the one they build on
            calls = [fixed] + self._named
            regulation = registry.regulation_of(fixed)
            for call in calls:
                if not call.is_call or call.builds_on != regulation.id:
                    raise UsageError(f"--rules: {call.id} does not build on {regulation.id}, as {fixed.id} does")
        else:
            regulation = self.rulebook_for(doc, source)
            calls = list(self._named)
            for call in calls:
                if call.builds_on != regulation.id:
                    raise UsageError(f"--rules: {call.id} builds on {call.builds_on}, not on {regulation.id}")
            if not calls and self.use_calls:
                case = doc["case"]
                key = (regulation.folder, case.get("statsforvalter"), self.date or case["date"],
                       case.get("kind", "behovsmelding"), doc["format"])
                if key not in self._calls:
                    self._calls[key] = registry.calls_for(regulation, office=key[1], date=key[2], case_kind=key[3],
                                                          fmt=key[4])
                calls = self._calls[key]
        for call in calls:
            if doc["format"] not in call.reads:
                raise DocumentError(f"{call.id} cannot read case format {doc['format']!r} (it reads "
                                    f"{', '.join(call.reads)})", file=source, pointer="/format")
        return regulation, calls

    def rulebook_for(self, doc: dict, source: str):
        """The regulation a case is checked against: the named one, or the one in force on its date."""
        fmt = doc["format"]
        if self._fixed is not None and not self._fixed.is_call:
            if fmt not in self._fixed.reads:
                raise DocumentError(f"rulebook {self._fixed.id} cannot read case format {fmt!r} (it reads "
                                    f"{', '.join(self._fixed.reads)})" + _conversion_hint(fmt, self._fixed),
                                    file=source, pointer="/format")
            return self._fixed
        date = self.date or doc["case"]["date"]
        key = (date, fmt)
        if key not in self._by_date:
            try:
                self._by_date[key] = registry.for_date(date, fmt)
            except UsageError as exc:
                raise DocumentError(exc.message, file=source,
                                    pointer="" if self.date else "/case/date") from None
        return self._by_date[key]

    def certainly_valid(self, schema_id: str, doc) -> bool:
        """The fast, conservative schema check (documents/fastvalid.py); False means: ask jsonschema."""
        if schema_id not in self._fast:
            self._fast[schema_id] = Compiler(self.schemas.by_id).compile_id(schema_id)
        check = self._fast[schema_id]
        return check is not None and check(doc)

    def validate(self, doc, source: str = "<input>") -> str:
        """Validate a case against its format's schema (fast path first); return the schema's id."""
        schema_id = self.schemas.case_schema_id(doc, source)
        if not self.certainly_valid(schema_id, doc):
            self.schemas.validate_case(doc, source, self.lang)   # decides, and names the problem by JSON pointer
        return schema_id

    def check_document(self, doc, source: str = "<input>") -> dict:
        schema_id = self.validate(doc, source)
        rulebook, calls = self.rulebooks_for(doc, source)
        engine = self.engine_for(rulebook)
        outcomes = engine.evaluate(doc)
        findings = [make_finding(rulebook, rule, outcomes[rule.id], doc) for rule in rulebook.rules]
        owner = {rule.id: rulebook for rule in rulebook.rules}
        for call in calls:
            call_outcomes = self.engine_for(call).evaluate(doc)
            for rule in call.rules:
                if rule.id in owner:
                    raise UsageError(f"rule id {rule.id!r} is both in {owner[rule.id].id} and in {call.id}: a "
                                     "call's rule ids must differ from its regulation's")
                owner[rule.id] = call
                findings.append(make_finding(call, rule, call_outcomes[rule.id], doc))
        counts = Counter(f["status"] for f in findings)
        case = doc["case"]
        decision = decide(findings)
        extra = {}
        if calls:
            self.calls_seen.update((call.id, call) for call in calls)
            decision["rests_on"] = rests_on(decision, owner)
            extra["calls"] = [_call_summary(call) for call in calls]
        elif self.use_calls and case.get("kind") in self.call_kinds():
            extra["calls"] = []     # a kind of case that calls govern, and none applies: the report says so
        return {
            "case": {"id": case["id"], "file": source, "date": case["date"], "format": doc["format"],
                     "schema": schema_id, "scheme": case.get("scheme"), "grant_year": case.get("grant_year"),
                     **({"kind": case["kind"]} if "kind" in case else {}),
                     "applicant": applicant_of(case), "amount_applied": amount_applied_of(doc)},
            "rulebook": {"id": rulebook.id, "hash": rulebook.hash, "instrument": rulebook.instrument.id,
                         "title": rulebook.instrument.title, "citation": rulebook.instrument.citation,
                         "url": rulebook.instrument.url,
                         "status": rulebook.status, "valid_from": rulebook.valid_from,
                         "valid_to": rulebook.valid_to, "text_verified": rulebook.text_verified},
            **extra,
            "engine": {"name": engine.name, "version": engine.version},
            "forskrift_version": __version__,
            "document_hash": document_hash(doc),
            "decision": decision,
            "summary": {status: counts.get(status, 0) for status in STATUSES},
            "provisions": provisions_table(rulebook, findings, calls),
            "findings": findings,
            "record": {"checked_at": _now(), "rulebook_folder": str(rulebook.folder),
                       "python": platform.python_version()},
        }

    def check_bytes(self, data: bytes, source: str) -> dict:
        return self.check_document(parse_json_bytes(data, source=source, max_bytes=self.max_bytes), source)

    def check_path(self, path: Path) -> dict:
        return self.check_document(read_json_file(path, max_bytes=self.max_bytes), display_name(str(path)))

    def check_paths(self, paths):
        """Yield one result per case file: a result dict, or {"file", "error"} for a file that failed."""
        for item in case_files(paths):
            if isinstance(item, tuple):
                path, error = item
                yield {"file": display_name(str(path)), "error": error.to_json()}
                continue
            try:
                yield self.check_path(item)
            except ForskriftError as exc:
                yield {"file": display_name(str(item)), "error": exc.to_json()}


def _call_summary(call) -> dict:
    return {"id": call.id, "hash": call.hash, "kind": call.kind, "instrument": call.instrument.id,
            "title": call.instrument.title, "citation": call.instrument.citation, "url": call.instrument.url,
            "office": call.instrument.office, "date": call.instrument.date, "builds_on": call.builds_on,
            "valid_from": call.valid_from, "valid_to": call.valid_to, "text_verified": call.text_verified}


def applicant_of(case: dict) -> dict | None:
    """Who applied, as the report's header names them: an owner (its name) or a network (its name and its
    owners' names)."""
    applicant = case.get("applicant")
    if not isinstance(applicant, dict):
        return None
    owners = [o.get("name") for o in applicant.get("owners", []) if isinstance(o, dict) and o.get("name")]
    out = {"kind": applicant.get("kind", "owner"), "owners": owners}
    if applicant.get("network_name"):
        out["name"] = applicant["network_name"]
    elif owners:
        out["name"] = owners[0]
    return out


def amount_applied_of(doc: dict) -> int | float | None:
    """The amount applied for (a behovsmelding's budget), for the report's header; None for other documents."""
    budget = (doc.get("behovsmelding") or {}).get("budget") if isinstance(doc.get("behovsmelding"), dict) else None
    amount = budget.get("amount_applied") if isinstance(budget, dict) else None
    return amount if isinstance(amount, (int, float)) and not isinstance(amount, bool) else None


def _conversion_hint(fmt: str, rulebook) -> str:
    from .documents.convert import can_convert
    target = can_convert(fmt, rulebook.reads)
    if target is None:
        return ""
    return (f"; `forskrift diff` converts such a case to {target} to compare it under {rulebook.id} "
            "(forskrift/documents/convert.py)")


def _now() -> str:
    """The time of a check, UTC to the second: the one part of a result that differs between runs."""
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def exit_code(results) -> int:
    """0 every case eligible; 1 some case not eligible or undetermined; 2 some file invalid."""
    code = 0
    for result in results:
        if "error" in result:
            return 2
        if result["decision"]["status"] != "eligible":
            code = 1
    return code
