"""The difference between two rulebooks: in the rules, and in what they decide over a set of cases.

`rule_diff(a, b)` compares provisions (by reference) and rules (by id): added, removed, changed (what changed:
condition, applies_when, cites, blocking, requirement, judgement, document, source). `impact(a, b, paths)` evaluates
every case under both rulebooks and reports, per case, the decision under each and every finding that appears,
disappears or changes status, with the citations on both sides; `summary` counts per provision how many cases
each change touches and how many decisions it turns. Outcomes first: a case is read, validated and converted
once, and only the rules whose status changed are worded, from their status and reasons (the evidence a finding
of `check` carries is not shown here, so it is not gathered).

The cases come as paths (the command line) or as `documents`, (source, read) pairs whose read() gives the parsed
case (the web page's uploads, read in memory); `checker_for` lets a caller reuse its checkers and engines (the web
process keeps one engine per rulebook) instead of creating them for each comparison. Without either, a comparison
runs on the reference evaluator unless `engine` names durable (`DIFF_ENGINE`: why).

A case whose format a rulebook cannot read is converted when a conversion exists (forskrift/documents/convert.py;
the result says `converted`), otherwise the case is listed under `not_compared` with the reason.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from contextlib import contextmanager
from functools import partial

from ..check import Checker, case_files
from ..decision import decide
from ..documents.convert import can_convert, convert
from ..documents.read import read_json_file
from ..documents.schemas import CASE_FORMATS
from ..errors import ForskriftError, UsageError
from ..findings import citation, cited_text, cites_of, provision_key, reasons_of, status_of
from ..rulebook import registry
from ..vocabulary import lang_of

MESSAGES_KEPT = 50_000          # messages remembered per side of a comparison (a bound on memory)
RULE_FIELDS = ("document", "applies_text", "condition_text", "blocking", "source")


def _rule_view(rule) -> dict:
    return {
        "document": rule.document, "applies_text": rule.applies_text, "condition_text": rule.condition_text,
        "blocking": rule.blocking, "source": rule.source, "cites": [c.key() for c in rule.cites],
        "requirement": rule.requirement.nb,
        "judgement": rule.judgement.text.nb if rule.judgement else None,
        "judgement_when": rule.judgement.when_text if rule.judgement else None,
    }


def _norm(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def _books(rb) -> list:
    """What a side of the comparison checks against: a regulation alone, or a call with its regulation."""
    return [registry.regulation_of(rb), rb] if rb.is_call else [rb]


def _provisions(rb) -> dict:
    """Provisions by key: a regulation's by reference ("punkt 3.3"), so that two versions of a regulation line
    up; a call's by its whole citation, as one call's punkt 2 is not another call's."""
    out = {}
    for book in _books(rb):
        for p in book.provisions:
            key = book.citation_text(p.ref) if book.is_call else p.ref.key()
            out[key] = (book, p)
    return out


def rule_diff(a, b, codes: bool = False) -> dict:
    """Provisions and rules added, removed and changed from rulebook a to rulebook b (a call counts with the
    regulation it builds on). `codes`: an added or removed rule also has its requirement in every language
    (`texts`), for a page that shows it in another language later."""
    a_prov, b_prov = _provisions(a), _provisions(b)
    provisions = {
        "added": [{"provision": k, "citation": book.citation_text(p.ref), "paraphrase": p.paraphrase.nb}
                  for k, (book, p) in b_prov.items() if k not in a_prov],
        "removed": [{"provision": k, "citation": book.citation_text(p.ref), "paraphrase": p.paraphrase.nb}
                    for k, (book, p) in a_prov.items() if k not in b_prov],
        "changed": [{"provision": k, "from": a_prov[k][1].paraphrase.nb, "to": b_prov[k][1].paraphrase.nb}
                    for k in a_prov if k in b_prov and a_prov[k][1].paraphrase != b_prov[k][1].paraphrase],
    }
    a_rules = {r.id: r for book in _books(a) for r in book.rules}
    b_rules = {r.id: r for book in _books(b) for r in book.rules}
    changed = []
    for rid, old in a_rules.items():
        new = b_rules.get(rid)
        if new is None:
            continue
        va, vb = _rule_view(old), _rule_view(new)
        fields = [k for k in va if _norm(va[k]) != _norm(vb[k])]
        if fields:
            changed.append({"rule": rid, "fields": fields, "from": {k: va[k] for k in fields},
                            "to": {k: vb[k] for k in fields}, "origin": {"from": old.origin, "to": new.origin}})
    def listed(r):
        out = {"rule": r.id, "cites": [c.key() for c in r.cites], "requirement": r.requirement.nb,
               "blocking": r.blocking, "source": r.source, "origin": r.origin}
        if codes:
            out["texts"] = {lang: r.requirement.get(lang) for lang in ("nb", "nn", "en")}
        return out
    rules = {
        "added": [listed(r) for rid, r in b_rules.items() if rid not in a_rules],
        "removed": [listed(r) for rid, r in a_rules.items() if rid not in b_rules],
        "changed": changed,
    }
    return {"provisions": provisions, "rules": rules}


def side_codes(result, finding, rulebook) -> dict:
    """What a side's message is worded from, in any language (the web page words it again when the language is
    switched, without comparing again): the trace of the finding, the case's schema (for the fields' labels and
    units) and the rule's requirement in each language (the rulebook may be an upload that is gone by then)."""
    rule = rulebook.rule_index.get(finding["rule"]) if rulebook is not None else None
    requirement = {lang: rule.requirement.get(lang) for lang in ("nb", "nn", "en")} if rule else None
    return {"reasons": finding.get("reasons", []), "schema": result["case"].get("schema"),
            "requirement": requirement}


class _Layout:
    """What a side words its findings from that is the same for every case: the rules of its rulebook (and of
    the calls checked with it), the book each belongs to, the result's provisions table, each rule's citations
    and the messages of findings that have no reasons. Made once per rulebook and calls, not once per case."""

    def __init__(self, rulebook, calls, lang: str):
        self.rulebook, self.lang = rulebook, lang
        self.book = {rule.id: book for book in (rulebook, *calls) for rule in book.rules}
        self.rules = {rule.id: rule for book in (rulebook, *calls) for rule in book.rules}
        self.blocking = [rid for rid, rule in self.rules.items() if rule.blocking]   # what a decision reads
        # what finding_words reads of a whole result (a call's provisions name the call)
        self.provisions = {provision_key(call, ref): citation(call, ref)
                           for call in calls for rule in call.rules for ref in rule.cites}
        self.result = {"rulebook": {"citation": rulebook.instrument.citation}, "provisions": self.provisions}
        self._citations: dict = {}
        self._messages: dict = {}
        from ..report.model import finding_message
        self._word = finding_message

    def citations(self, rid: str) -> list[str]:
        """The whole citation of each provision a rule cites (the side's `citations`), made once per rule."""
        if rid not in self._citations:
            self._citations[rid] = [cited_text(self.result, k) for k in cites_of(self.book[rid], self.rules[rid])]
        return self._citations[rid]

    def message(self, rid: str, status: str, reasons: list, schema_id: str | None) -> str:
        """A finding's message (report.model.finding_message), worded once per rule, status, schema and reasons:
        the message is made from nothing else, and the same reasons recur from case to case (in a corpus of
        2,000 cases, 9,153 messages with reasons had 340 different ones). The reasons are told apart by their
        repr, which is exact for what a trace holds (dicts, lists, strings, numbers, fractions, dates); a
        reason holding an object whose repr is only its address is worded every time."""
        key = (rid, status, schema_id, repr(reasons) if reasons else "")
        message = self._messages.get(key)
        if message is None:
            message = self._word(status, self._requirement(rid), reasons, schema_id, self.lang)
            if len(self._messages) < MESSAGES_KEPT and " at 0x" not in key[3]:
                self._messages[key] = message
        return message

    def _requirement(self, rid: str) -> str:
        return self.book[rid].rule_index[rid].requirement.get(lang_of(self.lang))


class _Outcomes:
    """One case under one rulebook, as far as a comparison needs it: the engine's outcomes, each rule's status
    and the decision. A changed rule's side (status, citations, message) is made later, and only for the rules
    whose status changed: from the status and the reasons (the trace), never from a whole finding, whose
    evidence the comparison does not show."""

    def __init__(self, layout: _Layout, doc: dict, schema_id: str, outcomes: dict):
        """`outcomes`: by rule id, of the regulation's rules and of the calls' (a call's rule ids are its own)."""
        self.layout, self.doc, self.schema_id, self.outcomes = layout, doc, schema_id, outcomes
        self.rulebook, self.book, self.rules = layout.rulebook, layout.book, layout.rules
        self.status = status = {rid: status_of(rule, outcomes[rid])[0] for rid, rule in layout.rules.items()}
        self.decision = decide([{"rule": rid, "blocking": True, "status": status[rid]} for rid in layout.blocking])
        # the rules that decided a decision other than eligible (a changed finding among them is decisive)
        self.deciding = frozenset(self.decision["decided_by"]) if self.decision["status"] != "eligible" else ()

    def side(self, rid: str, codes: bool = False) -> dict:
        """A changed rule's side of the comparison: its status, whether it blocks, its citations and its message
        (and with `codes` what the message is worded from)."""
        rule = self.rules[rid]
        status, unknown_part = status_of(rule, self.outcomes[rid])
        reasons = reasons_of(rule, status, unknown_part, self.doc)
        side = {"status": status, "blocking": rule.blocking, "citations": list(self.layout.citations(rid)),
                "message": self.layout.message(rid, status, reasons, self.schema_id)}
        if codes:
            side["codes"] = side_codes({"case": {"schema": self.schema_id}}, {"rule": rid, "reasons": reasons},
                                       self.book[rid])
        return side

    def provision(self, rid: str) -> str:
        """The whole citation of the first provision a rule cites."""
        return self.layout.citations(rid)[0]


def _changes(old: _Outcomes, new: _Outcomes, codes: bool = False) -> list[dict]:
    """Every finding that appears, disappears or changes status from `old` to `new`, from the outcomes: sides
    are made only for the rules that changed."""
    before, after = old.status, new.status
    changed = [rid for rid, s in before.items() if s != "not_applicable" and after.get(rid, "not_applicable") != s]
    changed += [rid for rid, s in after.items() if s != "not_applicable"
                and before.get(rid, "not_applicable") == "not_applicable"]
    out = []
    for rid in changed:
        fa = old.side(rid, codes) if before.get(rid, "not_applicable") != "not_applicable" else None
        fb = new.side(rid, codes) if after.get(rid, "not_applicable") != "not_applicable" else None
        change = "appears" if fa is None else "disappears" if fb is None else "status_changed"
        out.append({"rule": rid, "change": change, "from": fa, "to": fb,
                    "decisive": rid in old.deciding or rid in new.deciding,
                    "provision": (new if fb is not None else old).provision(rid)})
    return out


def attribution(old: _Outcomes, new: _Outcomes) -> dict:
    """Who turned a decision, on both sides: the rules that decided it before (`before`) and those that decide
    it after (`after`), each with its provision, its status on its own side and its status on the other side
    (None: absent there, e.g. a repealed rule, so it stops deciding). An eligible side is decided by no single
    provision and has none."""
    def side(here: _Outcomes, there: _Outcomes):
        if here.decision["status"] == "eligible":
            return []
        present = {rid: s for rid, s in there.status.items() if s != "not_applicable"}
        out = []
        for rid in here.decision["decided_by"]:
            if rid not in here.status or here.status[rid] == "not_applicable":
                continue
            out.append({"rule": rid, "provision": here.provision(rid),
                        "status": here.status[rid], "other_side": present.get(rid)})
        return out
    return {"before": side(old, new), "after": side(new, old)}


class _Side:
    """One rulebook of the comparison, with its checker; converts a case it cannot read where it can."""

    def __init__(self, rulebook, checker, lang: str):
        self.rulebook = rulebook
        self.checker = checker
        self.lang = lang
        self._layouts: dict = {}

    def evaluate(self, doc: dict, source: str, prepared: dict) -> tuple[_Outcomes, str | None]:
        """The case's outcomes under this side's rulebook. `prepared` (one per case, shared by both sides) holds
        the case validated, and converted, per format: each is done once per case, not once per side."""
        fmt = doc.get("format")
        converted = None
        checker = self.checker
        if fmt in CASE_FORMATS and fmt not in self.rulebook.reads:
            target = can_convert(fmt, self.rulebook.reads)
            if target is None:
                raise ForskriftError(f"rulebook {self.rulebook.id} cannot read case format {fmt!r} (it reads "
                                     f"{', '.join(self.rulebook.reads)}) and no conversion exists", file=source)
            if fmt not in prepared:
                prepared[fmt] = (doc, checker.validate(doc, source))
            if target not in prepared:
                changed = convert(doc, target, source)
                prepared[target] = (changed, checker.validate(changed, source))
            converted = f"{fmt} -> {target}"
            fmt = target
        elif fmt not in prepared:
            prepared[fmt] = (doc, checker.validate(doc, source))
        doc, schema_id = prepared[fmt]
        rulebook, calls = checker.rulebooks_for(doc, source)     # a call with the regulation it builds on
        outcomes = dict(checker.engine_for(rulebook).evaluate(doc))
        for call in calls:
            outcomes.update(checker.engine_for(call).evaluate(doc))
        key = (rulebook.folder, rulebook.hash, *((call.folder, call.hash) for call in calls))
        if key not in self._layouts:
            self._layouts[key] = _Layout(rulebook, calls, self.lang)
        return _Outcomes(self._layouts[key], doc, schema_id, outcomes), converted


def _raise(error):
    def read():
        raise error
    return read


def case_documents(paths):
    """(source, read) for every case file under the paths, in `forskrift check`'s order; read() gives the parsed
    document or raises the ForskriftError that says why it cannot."""
    for item in case_files(paths):
        if isinstance(item, tuple):
            yield str(item[0]), _raise(item[1])
        else:
            yield str(item), partial(read_json_file, item)


DIFF_ENGINE = "reference"
"""The engine a comparison runs on when none is named: the reference evaluator, which evaluates a case about
three times faster than durable-rules on these rulebooks (a comparison evaluates every case twice; a 10,000-case
diff takes about half the time). The two engines decide alike: the
differential tests (tests/test_backends_agree.py) hold them equal on every example, corpus and generated case,
and a comparison's output is the same on either. durable-rules stays the engine of record of `check`;
`engine="durable"` (`forskrift diff --engine durable`) compares on it."""


def _checker(engine, lang):
    engine = engine or DIFF_ENGINE
    return lambda rulebook: Checker(rules=str(rulebook.folder), engine=engine, lang=lang, warn=lambda m: None,
                                    calls=False)


def impact(a, b, paths=(), *, engine: str | None = None, lang: str = "nb", documents=None,
           checker_for=None, codes: bool = False) -> dict:
    """Check every case under rulebooks a and b; the per-case differences and the per-provision summary.
    `codes`: each side of a changed finding also carries what its message is worded from (`side_codes`)."""
    checker_for = checker_for or _checker(engine, lang)
    old_side, new_side = _Side(a, checker_for(a), lang), _Side(b, checker_for(b), lang)
    with _collector_paused():
        cases, not_compared = _compare(old_side, new_side, paths, documents, codes)
    return {"cases": cases, "not_compared": not_compared, "provisions": _by_provision(cases)}


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused while the cases are compared, and resumed as it was. The
    comparison builds a large result that lives to the end (about 27 changed findings a case between lokal-2021
    and kollektiv-2026, each a few dicts and lists) and makes next to no cyclic garbage (a 10,000-case comparison
    left 470 objects for the collector): every full collection walks the whole growing result again for
    nothing, a sixth of the time of a 10,000-case comparison. Reference counting frees everything else as usual.
    When it resumes, what was made meanwhile goes to the oldest generation as it is (gc.freeze, then unfreeze: two
    moves of a list, no pass over the objects) instead of through one more collection of the whole result as
    young objects; the next full collection looks at it as at any other old object."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        if enabled:
            gc.enable()


def _compare(old_side, new_side, paths, documents, codes: bool) -> tuple[list, list]:
    cases, not_compared = [], []
    for source, read in (case_documents(paths) if documents is None else documents):
        try:
            doc = read()
            prepared: dict = {}
            old, old_conv = old_side.evaluate(doc, source, prepared)
            new, new_conv = new_side.evaluate(doc, source, prepared)
        except ForskriftError as exc:
            not_compared.append({"file": source, "reason": str(exc.message)})
            continue
        cases.append({
            "case": old.doc["case"]["id"], "file": source, "format": old.doc["format"],
            "kind": old.doc["case"].get("kind", "behovsmelding"),      # the decision words: see i18n.DECISION_DOCUMENT
            "converted": {"from": old_conv, "to": new_conv},
            "decision": {"from": old.decision["status"], "to": new.decision["status"]},
            "decided_by": {"from": old.decision["decided_by"], "to": new.decision["decided_by"]},
            "decision_changed": old.decision["status"] != new.decision["status"],
            "attribution": attribution(old, new) if old.decision["status"] != new.decision["status"] else None,
            "findings": _changes(old, new, codes),
        })
    return cases, not_compared


def _by_provision(cases) -> list[dict]:
    touched: dict = defaultdict(set)
    turned: dict = defaultdict(set)
    sides: dict = {"before": defaultdict(set), "after": defaultdict(set)}
    moves: dict = defaultdict(lambda: defaultdict(int))
    for case in cases:
        move = f"{case['decision']['from']} -> {case['decision']['to']}"
        deciding = set()
        for change in case["findings"]:
            key = change["provision"]
            touched[key].add(case["case"])
            if case["decision_changed"] and change["decisive"]:
                deciding.add(key)
        for name, found in (case.get("attribution") or {}).items():   # both sides of a turned decision
            for item in found:
                sides[name][item["provision"]].add(case["case"])
                touched[item["provision"]].add(case["case"])
                deciding.add(item["provision"])
        for key in deciding:
            turned[key].add(case["case"])
            moves[key][move] += 1
    return sorted(({"provision": k, "cases_changed": len(touched[k]), "decisions_turned": len(turned[k]),
                    "decided_before": len(sides["before"][k]), "decides_after": len(sides["after"][k]),
                    "turns": dict(sorted(moves[k].items()))} for k in touched),
                  key=lambda row: (-row["decisions_turned"], -row["cases_changed"], row["provision"]))


def diff(from_id: str, to_id: str, paths=(), *, engine: str | None = None, lang: str = "nb", documents=None,
         checker_for=None, codes: bool = False) -> dict:
    """The whole comparison (`forskrift diff --format json`): the rulebooks, the rule diff, the summary, the cases
    and the files not compared. Cases from `paths`, or from `documents` (see the module docstring). `codes`
    (the web page): each changed finding's sides also carry `codes`, from which `reword` words them again in
    another language; `without_codes` gives the plain comparison back."""
    a, b = _side_rulebook(from_id, to_id), _side_rulebook(to_id, from_id)
    if paths or documents is not None:
        result = impact(a, b, paths, engine=engine, lang=lang, documents=documents, checker_for=checker_for,
                        codes=codes)
    else:
        result = {"cases": [], "not_compared": [], "provisions": []}
    transitions: dict = defaultdict(int)
    for case in result["cases"]:
        if case["decision_changed"]:
            transitions[f"{case['decision']['from']} -> {case['decision']['to']}"] += 1
    return {
        "from": _book(a), "to": _book(b),
        "rules": rule_diff(a, b, codes),
        "summary": {
            "cases": len(result["cases"]),
            "decisions_changed": sum(1 for c in result["cases"] if c["decision_changed"]),
            "findings_changed": sum(len(c["findings"]) for c in result["cases"]),
            "not_compared": len(result["not_compared"]),
            "converted": sum(1 for c in result["cases"] if c["converted"]["from"] or c["converted"]["to"]),
            "transitions": dict(sorted(transitions.items())),
            "provisions": result["provisions"],
        },
        "cases": result["cases"],
        "not_compared": result["not_compared"],
    }


def reword(result: dict, lang: str) -> dict:
    """A comparison made with `codes`, its findings' messages worded again in `lang` (nothing is compared again);
    the citations are Norwegian legal citations in every language and stay as they are."""
    from ..report.model import finding_message
    cases = []
    for case in result["cases"]:
        findings = []
        for change in case["findings"]:
            change = dict(change)
            for key in ("from", "to"):
                side = change[key]
                if side is None:
                    continue
                codes = side["codes"]
                requirement = (codes["requirement"] or {}).get(lang) or (codes["requirement"] or {}).get("nb") \
                    or change["rule"]
                change[key] = side | {"message": finding_message(side["status"], requirement, codes["reasons"],
                                                                 codes["schema"], lang)}
            findings.append(change)
        cases.append(case | {"findings": findings})
    return result | {"cases": cases}


def without_codes(result: dict) -> dict:
    """A comparison made with `codes`, as `forskrift diff --format json` gives it (the codes left out)."""
    def plain(side):
        return None if side is None else {k: v for k, v in side.items() if k != "codes"}
    rules = result["rules"]["rules"]
    listed = {key: [{k: v for k, v in item.items() if k != "texts"} for item in rules[key]]
              for key in ("added", "removed")}
    return result | {"cases": [case | {"findings": [change | {"from": plain(change["from"]), "to": plain(change["to"])}
                                                    for change in case["findings"]]}
                               for case in result["cases"]],
                     "rules": result["rules"] | {"rules": rules | listed}}


def _side_rulebook(name: str, other: str):
    """A side of `diff` by id or folder; `none` is the regulation that the call on the other side builds on,
    without the call (the difference a call makes)."""
    if name != "none":
        return registry.get(name)
    if other == "none":
        raise UsageError("diff: only one side can be `none` (the regulation of a call on the other side)")
    call = registry.get(other)
    if not call.is_call:
        raise UsageError(f"diff: `none` stands for the regulation a call builds on, and {call.id} is no call")
    return registry.regulation_of(call)


def _book(rb) -> dict:
    out = {"id": rb.id, "instrument": rb.instrument.id, "title": rb.instrument.title, "status": rb.status,
           "valid_from": rb.valid_from, "valid_to": rb.valid_to, "text_verified": rb.text_verified,
           "hash": rb.hash}
    if rb.is_call:
        out.update(kind=rb.kind, office=rb.instrument.office, citation=rb.instrument.citation,
                   builds_on=rb.builds_on)
    return out
