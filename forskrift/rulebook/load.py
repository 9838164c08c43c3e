"""Load a rulebook folder: rulebook.yaml and its rule files, validated against their schemas, with every
citation resolved against the provision list and every condition parsed and checked against the case schema.

Errors name the file and the line. Nothing in a rule file is executed: YAML is loaded safely and conditions are
parsed by the condition language's grammar.

By default loading stops at the first error (RuleFileError). `forskrift lint` passes a `Problems` collector
instead: every problem is recorded with its kind, and loading goes on past it wherever it can (a rule that
cannot be read is left out and named in `Problems.broken`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .. import cache
from ..conditions import tree as t
from ..conditions.absence import asking
from ..conditions.bind import Binder, ConditionTypeError
from ..conditions.parse import ConditionSyntaxError, parse_condition
from ..documents.schemas import CASE_FORMATS, SchemaSet, default_schemas
from ..errors import RuleFileError
from ..paths import rules_dir
from . import amend
from .citations import Ref
from .model import Instrument, Judgement, Provision, Rule, Rulebook, Text
from .yamlsafe import load_yaml_file, read_rule_bytes

RULEBOOK_FILE = "rulebook.yaml"
TEST_SUFFIX = "_test.yaml"
VALUES_FILE = "values.yaml"      # decisions on enumerated values, for lint (forskrift/analysis/values.py), not rules
MUTANTS_FILE = "mutants.yaml"     # explained surviving mutants (forskrift/analysis/mutants.py), not rules


class Problems(list):
    """Collects (kind, RuleFileError) pairs instead of raising; `broken` holds the ids of rules left out."""

    def __init__(self):
        super().__init__()
        self.broken: set[str] = set()
        self.rule_data: dict[str, tuple] = {}   # rule id → (raw data, file, line map, path) for lint's checks

    def __call__(self, kind: str, error: RuleFileError):
        error.kind = kind
        self.append(error)


def _strict(kind: str, error: RuleFileError):
    error.kind = kind
    raise error


class _Given:
    """A validator that yields given errors (to report each schema error as `_validate` reports one)."""

    def __init__(self, errors):
        self.errors = errors

    def iter_errors(self, _data):
        return iter(self.errors)


def _fingerprint(data, schema_id: str, schemas: SchemaSet) -> str:
    """The content and its schema (with every schema it may refer to), for the cache of valid rule files."""
    return cache.fingerprint(schema_id.encode(), repr(data).encode(), schemas.fingerprint().encode())


def _validate(data, schema_id: str, schemas: SchemaSet, source: str, lines, validator=None):
    key = None
    if validator is None:
        key = _fingerprint(data, schema_id, schemas)
        if cache.known_valid(key):   # passed this very schema before: jsonschema need not even be imported
            return
    validator = validator or schemas.validator(schema_id)
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if not errors and key is not None:
        cache.remember_valid(key)
    if errors:
        import jsonschema
        error = jsonschema.exceptions.best_match(errors)
        where = "/".join(map(str, error.absolute_path))
        what = error.message if len(error.message) < 300 else error.message[:297] + "..."
        if error.validator == "oneOf":
            what = ("a reference names exactly one of punkt, paragraf or innledning (or ingress, the opening clause), "
                    "with ledd, letter, bokstav, nr")
        raise RuleFileError(f"{what}" + (f" (at {where})" if where else ""), file=source,
                            line=lines.line_of(error.absolute_path))


def validate_all(data, schema_id: str, schemas: SchemaSet, source: str, lines, report) -> list[tuple]:
    """Report every schema error (not only the best one); returns the paths of the failing parts."""
    failing = []
    for error in schemas.validator(schema_id).iter_errors(data):
        try:
            _validate(data, schema_id, schemas, source, lines, validator=_Given([error]))
        except RuleFileError as problem:
            path = tuple(error.absolute_path)
            kind = "schema"
            missing_text = error.validator == "required" and any(f"'{k}' is a required" in error.message
                                                                  for k in ("nb", "en"))
            if missing_text or (error.validator == "minLength" and path and path[-1] in ("nb", "en")):
                kind = "missing-text"
                lang = "en" if ("'en'" in error.message if missing_text else path[-1] == "en") else "nb"
                where = "/".join(map(str, path[:-1] if not missing_text else path))
                problem = RuleFileError(f"no {'English' if lang == 'en' else 'bokmål'} text ({lang}) at {where}",
                                        file=source, line=problem.line)
            report(kind, problem)
            failing.append(path)
    return failing


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml")
                  if p.name not in (RULEBOOK_FILE, MUTANTS_FILE, VALUES_FILE) and not p.name.endswith(TEST_SUFFIX))


def content_hash(folder: Path, schemas: SchemaSet) -> str:
    """sha256 over the rulebook's files and every schema (a schema change may change what a rule reads)."""
    digest = hashlib.sha256()
    files = [folder / RULEBOOK_FILE] + rule_files(folder)
    for path in files:
        digest.update(path.name.encode() + b"\0" + read_rule_bytes(path) + b"\0")
    for schema_path in sorted(schemas.files.values()):
        digest.update(schema_path.name.encode() + b"\0" + schema_path.read_bytes() + b"\0")
    return "sha256:" + digest.hexdigest()


class _ConditionCompiler:
    def __init__(self, binders: list[Binder]):
        self.binders = binders

    def __call__(self, text: str, source: str, line: int | None, what: str):
        try:
            parsed = parse_condition(text, keep=True)
        except ConditionSyntaxError as exc:
            offset = (exc.line - 1) if exc.line else 0
            col = f", column {exc.column}" if exc.column else ""
            raise RuleFileError(f"{what} does not parse: {exc}{col}", file=source,
                                line=(line or 0) + offset + (1 if "\n" in text.rstrip("\n") else 0) or None) from None
        typed = None
        for binder in self.binders:
            try:
                bound = binder.bind(parsed)
            except ConditionTypeError as exc:
                error = RuleFileError(f"{what}: {exc}", file=source, line=line)
                error.kind = "unknown-field" if str(exc).startswith("unknown field") else "condition"
                raise error from None
            typed = typed or bound
        return typed


def load_rulebook(folder: Path, schemas: SchemaSet | None = None, *, _stack: tuple = (),
                  problems: Problems | None = None) -> Rulebook | None:
    """Load a rulebook folder. Without `problems`, the first error raises RuleFileError; with it, every problem
    is collected and the rulebook is returned as far as it could be read (None when rulebook.yaml is unusable)."""
    schemas = schemas or default_schemas()
    report = problems if problems is not None else _strict
    folder = Path(folder)
    meta_path = folder / RULEBOOK_FILE
    if not meta_path.is_file():
        raise RuleFileError(f"no {RULEBOOK_FILE} in this folder: not a rulebook", file=str(folder))
    try:
        meta, lines = load_yaml_file(meta_path)
    except RuleFileError as exc:
        report("yaml", exc)
        return None
    source = str(meta_path)
    if problems is None:
        _validate(meta, "urn:forskrift:schema:rulebook", schemas, source, lines)
    elif validate_all(meta, "urn:forskrift:schema:rulebook", schemas, source, lines, report):
        return None
    for fmt in meta["reads"]:
        if fmt not in CASE_FORMATS:
            report("rulebook", RuleFileError(f"reads unknown case format {fmt!r}; known: "
                                             f"{', '.join(sorted(CASE_FORMATS))}",
                                             file=source, line=lines.line_of(("reads",))))
            return None

    provisions: list[Provision] = []
    seen_refs: set[Ref] = set()
    for index, item in enumerate(meta["provisions"]):
        ref = Ref.from_data(item["ref"])
        if ref in seen_refs:
            report("duplicate-provision", RuleFileError(f"provision {ref.key()} is listed twice", file=source,
                                                        line=lines.line_of(("provisions", index))))
            continue
        seen_refs.add(ref)
        provisions.append(Provision(ref, Text.from_data(item["paraphrase"]), item.get("heading"),
                                    Text.from_data(item.get("no_check")), meta["id"], source,
                                    lines.line_of(("provisions", index))))

    base = None
    if meta.get("amends"):
        try:
            base = _load_base(folder, meta, schemas, source, lines, _stack)
            amend.check_reads(meta, base, source, lines.line_of)
            provisions = amend.base_provisions(base, meta["amends"], provisions, source, lines.line_of)
        except RuleFileError as exc:
            if problems is None:
                raise
            report("amendment", exc)
            return None

    binders = [Binder(schemas, CASE_FORMATS[fmt]) for fmt in meta["reads"]]
    compile_condition = _ConditionCompiler(binders)
    documents = set()
    for binder in binders:
        documents |= {n for n in schemas.field_names(binder.root) if n not in ("format", "case", "$schema")}

    rules: list[Rule] = []
    ids: dict[str, str] = {}
    provision_refs = {p.ref for p in provisions}
    for path in rule_files(folder):
        rules.extend(_load_rule_file(path, schemas, meta, provision_refs, documents, compile_condition, ids,
                                     report, problems))
    own_hash = content_hash(folder, schemas)
    if base is not None:
        try:
            rules = amend.merge_rules(base, meta["amends"], rules, provision_refs, meta.get("sources", {}), source,
                                      lines.line_of)
        except RuleFileError as exc:
            if problems is None:
                raise
            report("amendment", exc)
        own_hash = amend.combined_hash(own_hash, base)

    rulebook = Rulebook(
        id=meta["id"],
        instrument=Instrument(**{k: meta["instrument"].get(k) for k in ("id", "title", "citation", "url", "office",
                                                                         "date")}),
        status=meta["status"], valid_from=meta["valid_from"], valid_to=meta.get("valid_to"),
        text_verified=meta["text_verified"], reads=tuple(meta["reads"]), provisions=provisions, rules=rules,
        folder=folder, hash=own_hash, sources=meta.get("sources", {}),
        amends=meta.get("amends"), kind=meta.get("kind", "regulation"), builds_on=meta.get("builds_on"),
        applies_to=tuple(meta.get("applies_to") or ()), frame=_frame(meta, provisions, source, lines, report))
    if rulebook.is_call:
        try:
            _check_builds_on(folder, meta, source, lines)
        except RuleFileError as exc:
            report("rulebook", exc)
    if folder.name != rulebook.id:
        report("rulebook", RuleFileError(f"rulebook id {rulebook.id!r} differs from its folder name "
                                         f"{folder.name!r}", file=source, line=lines.line_of(("id",))))
    return rulebook


def _frame(meta, provisions, source, lines, report) -> dict | None:
    data = meta.get("frame")
    if data is None:
        return None
    ref = Ref.from_data(data["provision"])
    if ref not in {p.ref for p in provisions}:
        report("citation", RuleFileError(f"frame.provision: {ref.key()} is not a provision of rulebook {meta['id']}",
                                         file=source, line=lines.line_of(("frame", "provision"))))
    return {"amount": data["amount"], "provision": ref, "basis": Text.from_data(data["basis"]),
            "document": data.get("document", "tilretteleggingssoknad")}


def regulation_folder(folder: Path, regulation_id: str) -> Path | None:
    """The folder of the regulation a call builds on: next to the call's folder, else the shipped one."""
    for candidate in (Path(folder).parent / regulation_id, rules_dir() / regulation_id):
        if (candidate / RULEBOOK_FILE).is_file():
            return candidate
    return None


def _check_builds_on(folder: Path, meta, source, lines) -> None:
    """A call or forum decision builds on a regulation rulebook that exists and reads every format it reads."""
    line = lines.line_of(("builds_on",))
    base = regulation_folder(folder, meta["builds_on"])
    if base is None:
        raise RuleFileError(f"builds_on: no rulebook {meta['builds_on']!r} next to this one or shipped",
                            file=source, line=line)
    data, _ = load_yaml_file(base / RULEBOOK_FILE)
    if not isinstance(data, dict) or data.get("kind", "regulation") != "regulation":
        raise RuleFileError(f"builds_on: {meta['builds_on']!r} is not a regulation rulebook (a call builds on "
                            "the regulation itself, not on another call)", file=source, line=line)
    missing = [fmt for fmt in meta["reads"] if fmt not in (data.get("reads") or ())]
    if missing:
        raise RuleFileError(f"reads {', '.join(missing)}, which the regulation it builds on "
                            f"({meta['builds_on']}) does not read", file=source, line=lines.line_of(("reads",)))


def _load_base(folder: Path, meta, schemas, source, lines, stack) -> Rulebook:
    """The base of an amendment: a rulebook folder next to this one, named by its id, or else the shipped one
    (so that a working copy of an amendment can be edited on its own)."""
    base_id = meta["amends"]["base"]
    chain = stack + (meta["id"],)
    if base_id in chain:
        raise RuleFileError(f"amends.base: circular amendment {' -> '.join(chain + (base_id,))}", file=source,
                            line=lines.line_of(("amends", "base")))
    base_folder = folder.parent / base_id
    if not (base_folder / RULEBOOK_FILE).is_file():
        base_folder = rules_dir() / base_id
    if not (base_folder / RULEBOOK_FILE).is_file():
        raise RuleFileError(f"amends.base: no rulebook {base_id!r} next to this one ({folder.parent}) or shipped",
                            file=source, line=lines.line_of(("amends", "base")))
    return load_rulebook(base_folder, schemas, _stack=chain)


def _listed_or_enclosing(ref: Ref, provision_refs) -> bool:
    """The provision is listed, or encloses a listed one (a file may be about a whole punkt)."""
    for listed in provision_refs:
        current = listed
        while current is not None:
            if current == ref:
                return True
            current = current.parent()
    return False


def _load_rule_file(path: Path, schemas, meta, provision_refs, documents, compile_condition, ids,
                    report=_strict, problems: Problems | None = None) -> list[Rule]:
    source = str(path)
    try:
        data, lines = load_yaml_file(path)
    except RuleFileError as exc:
        report("yaml", exc)
        return []
    if data is None:
        report("schema", RuleFileError("empty rule file", file=source))
        return []
    skip: set[int] = set()
    if problems is None:
        _validate(data, "urn:forskrift:schema:rulefile", schemas, source, lines)
    else:
        failing = validate_all(data, "urn:forskrift:schema:rulefile", schemas, source, lines, report)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or \
                any(p[:1] == ("rules",) and len(p) == 1 for p in failing):
            return []
        skip = {p[1] for p in failing if len(p) >= 2 and p[0] == "rules"}
        if any(not p or p[0] == "provision" for p in failing):
            data = {k: v for k, v in data.items() if k != "provision"}
    if "provision" in data and not _listed_or_enclosing(Ref.from_data(data["provision"]), provision_refs):
        report("citation", RuleFileError(f"the file's provision {Ref.from_data(data['provision']).key()} is not a "
                                         f"provision of rulebook {meta['id']}", file=source,
                                         line=lines.line_of(("provision",))))
    out = []
    for index, item in enumerate(data["rules"]):
        if index in skip:
            if isinstance(item, dict) and isinstance(item.get("id"), str) and problems is not None:
                problems.broken.add(item["id"])
            continue
        rule = _load_rule(item, ("rules", index), source, lines, meta, provision_refs, documents,
                          compile_condition, ids, report)
        if problems is not None:
            problems.rule_data[item["id"]] = (item, source, lines, ("rules", index))
        if rule is None:
            if problems is not None:
                problems.broken.add(item["id"])
            continue
        out.append(rule)
    return out


def _load_rule(item, at, source, lines, meta, provision_refs, documents, compile_condition, ids,
               report) -> Rule | None:
    """One rule of a rule file; None (after reporting) when it cannot be read."""
    line = lines.line_of(at)
    rid = item["id"]
    broken = False

    def compiled(text, where, what):
        nonlocal broken
        try:
            return compile_condition(text, source, lines.line_of(at + where), what)
        except RuleFileError as exc:
            report(getattr(exc, "kind", "condition"), exc)
            broken = True
            return None

    if rid in ids:
        report("duplicate-id", RuleFileError(f"duplicate rule id {rid!r} (also in {ids[rid]})", file=source,
                                             line=lines.line_of(at + ("id",))))
    else:
        ids[rid] = f"{Path(source).name}:{line}"
    cites = []
    for cindex, cite in enumerate(item["cites"]):
        ref = Ref.from_data(cite)
        if ref not in provision_refs:
            report("citation", RuleFileError(f"rule {rid}: cites {ref.key()}, which is not a provision of rulebook "
                                             f"{meta['id']}", file=source, line=lines.line_of(at + ("cites", cindex))))
            continue
        cites.append(ref)
    document = item["document"]
    if document not in documents:
        report("unknown-field", RuleFileError(f"rule {rid}: unknown document {document!r}; the case formats have: "
                                              f"{', '.join(sorted(documents))}", file=source,
                                              line=lines.line_of(at + ("document",))))
        return None
    applies_text = item.get("applies_when")
    doc_present = compile_condition(f"{document} is present", source, line, "document")
    applies = doc_present
    if applies_text:
        when = compiled(applies_text, ("applies_when",), f"rule {rid}: applies_when")
        applies = t.And((doc_present, when))
    condition_text = item.get("condition")
    condition = None
    if condition_text is not None:
        condition = compiled(condition_text, ("condition",), f"rule {rid}: condition")
        if condition is not None and "absence_fails" not in item:
            condition = asking(condition)   # absence asks, unless the rule declares why it fails
    judgement = None
    if "judgement" in item:
        jdata = item["judgement"]
        jwhen = None
        if jdata.get("when"):
            jwhen = compiled(jdata["when"], ("judgement", "when"), f"rule {rid}: judgement.when")
        judgement = Judgement(Text(jdata["nb"], jdata["en"], jdata.get("nn")), jwhen, jdata.get("when"))
    if condition_text is None and judgement is None:
        report("schema", RuleFileError(f"rule {rid}: has neither a condition nor a judgement marker; a provision "
                                       "that cannot be checked mechanically is marked `judgement`", file=source,
                                       line=line))
        broken = True
    evidence = []
    for eindex, text in enumerate(item.get("evidence", [])):
        node = compiled(f"{text} is present", ("evidence", eindex), f"rule {rid}: evidence")
        if node is not None:
            evidence.append(node.path)
    source_key = item.get("source")
    if source_key is not None and source_key not in meta.get("sources", {}):
        report("source", RuleFileError(f"rule {rid}: unknown source {source_key!r}; rulebook.yaml lists: "
                                       f"{', '.join(sorted(meta.get('sources', {}))) or 'none'}", file=source,
                                       line=lines.line_of(at + ("source",))))
    if broken or not cites:
        return None
    messages = {k: Text.from_data(v) for k, v in item.get("messages", {}).items()}
    return Rule(
        id=rid, cites=tuple(cites), document=document, requirement=Text.from_data(item["requirement"]),
        blocking=item["blocking"], applies=applies, condition=condition, applies_text=applies_text,
        condition_text=condition_text, interpretation=Text.from_data(item.get("interpretation")),
        judgement=judgement, absence_fails=Text.from_data(item.get("absence_fails")), evidence=tuple(evidence),
        source=source_key,
        verified=item.get("verified", meta["text_verified"]), explain_met=item.get("explain_met", False),
        messages=messages, file=source, line=line,
        origin=meta["id"])
