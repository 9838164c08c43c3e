"""The durable-rules backend, the engine of record, used through a thin wrapper over its C core.

How it is used (see ../shared/notes/durable-rules.md for why):
- one ruleset per rulebook, created once per process and never deleted;
- the rules of a rulebook are split into groups; each group is one fact type (`t`) and every durable rule ANDs
  that type, so no rule is purely negative and no type has a wide alpha fan-out;
- each rule part (applies, condition, judgement) compiles to a T and an F condition (three-valued logic);
- a case's facts are asserted in one batch, every action is drained, then the same facts are retracted: the
  state (one sid) is kept from case to case. Creating and deleting a state per case cost about 70 µs, a sixth of
  the engine: durable-rules allocates and clears some 8 KB for every rule of the ruleset in each new state
  (createStateNode, state.c), whatever facts the case has. A state is never deleted (deleting one with actions
  pending crashes the process): if a case stops half-way (an error, an interruption), its sid is abandoned and the
  next case gets a fresh one, and a clean state is checked at every assert (a fact still there is "observed");
- a catch-all rule per fact type and a warm-up case keep the first state handled.
"""

from __future__ import annotations

import json
from itertools import count

from ... import jsonio
from ...errors import EvaluationError, RuleFileError
from ..outcome import NOT_APPLICABLE, Outcome, outcome, rule_parts
from .compile import FALSE, TRUE, GroupCompiler
from .facts import build_fact as build_fact  # build_fact: for tests
from .facts import fact_builder

NAME = "durable"
GROUP_SIZE = 6          # rules per fact type: at most 6 rules × 3 parts × 2 = 36 alpha heads (limit 64)
MAX_PROPERTIES = 240    # durable-rules refuses facts of more than 253 properties
MAX_DURABLE_RULES = 4096   # durable-rules holds at most 4,096 rules (actions) in a ruleset (MAX_ACTIONS, rete.c)

try:  # durable-rules does not import on Python >= 3.13
    import durable_rules_engine as _dre
    IMPORT_ERROR = None
except Exception as exc:  # noqa: BLE001 - any import failure means: not available
    _dre = None
    IMPORT_ERROR = exc

_OK, _NOT_HANDLED = 0, 1   # assert's answers for a clean state (RULES_OK, ERR_EVENT_NOT_HANDLED in rules.h)

PINNED_VERSION = "2.0.28"   # pyproject.toml pins durable-rules==2.0.28; tests/test_engine_durable.py checks it


def durable_version() -> str | None:
    """The durable-rules version the results name: the pinned one (looking it up in the package metadata
    costs a cold check a tenth of its time; a test holds the two equal)."""
    return PINNED_VERSION if _dre is not None else None


def __getattr__(name: str):
    if name == "DURABLE_VERSION":
        return durable_version()
    raise AttributeError(name)

_ruleset_names = count()


def available() -> bool:
    return _dre is not None


class _Group:
    """Rules of one document (at most GROUP_SIZE), compiled under one fact type."""

    def __init__(self, index: int, document: str, rules):
        self.type = f"g{index}"
        self.document = document
        self.compiler = GroupCompiler()
        self.static: dict[tuple[str, str], bool | None] = {}   # parts whose truth is known at compile time
        self.conditions: dict[str, object] = {}                 # durable rule name → condition
        self.names: dict[str, tuple[str, str, bool]] = {}       # durable rule name → (rule id, part, value)
        self.decided: dict[tuple[str, str], tuple[str, tuple]] = {}  # part → (how it is decided, defects)
        for rule in rules:
            for part, cond in rule_parts(rule).items():
                if cond is None:
                    self.static[(rule.id, part)] = None
                    continue
                true, false = self.compiler.compile(cond)
                for value, compiled in ((True, true), (False, false)):
                    if compiled is TRUE:
                        self.static[(rule.id, part)] = value
                    elif compiled is not FALSE:
                        name = f"{rule.id}|{part}|{'T' if value else 'F'}"
                        self.names[name] = (rule.id, part, value)
                        self.conditions[name] = compiled
                if (rule.id, part) not in self.static and not any(
                        n.startswith(f"{rule.id}|{part}|") for n in self.conditions):
                    self.static[(rule.id, part)] = None  # both folded to FALSE: never decidable
                self.decided[(rule.id, part)] = _how_decided(self.compiler, (rule.id, part) in self.static)
        self.rule_ids = [r.id for r in rules]
        props = self.compiler.root.property_count()
        if props > MAX_PROPERTIES:
            raise RuleFileError(f"rules {', '.join(self.rule_ids)} read {props} fields together; durable-rules "
                                f"accepts at most {MAX_PROPERTIES} per fact")

    def definitions(self) -> dict:
        defs = {}
        for name, cond in self.conditions.items():
            defs[name] = {"all": [{"m": {"$and": [{"t": self.type}, cond]}}]}
        defs["~seen_" + self.type] = {"all": [{"m": {"t": self.type}}]}
        return defs


def _how_decided(compiler: GroupCompiler, constant: bool) -> tuple[str, tuple]:
    """How durable-rules decides a part just compiled: "constant" (known when compiling), "native" (its own
    network alone), "value_slots" (its network, on values computed here: sums, counts, differences...) or
    "truth_slots" (a truth value computed here, for a documented defect: the defects are returned)."""
    if constant:
        return "constant", ()
    truth = tuple(slot for slot in compiler.used if slot.truth)
    if truth:
        defects = [compiler.slot_defects[slot.name] for slot in truth]
        return "truth_slots", tuple(sorted(set(defects)))
    return ("value_slots" if compiler.used else "native"), ()


def _groups(rulebook) -> list[_Group]:
    """The rules grouped by the document they check (GROUP_SIZE at most per group), in rulebook order."""
    by_document: dict[str, list] = {}
    for rule in rulebook.rules:
        by_document.setdefault(rule.document, []).append(rule)
    groups = []
    for document, rules in by_document.items():
        for start in range(0, len(rules), GROUP_SIZE):
            groups.append(_Group(len(groups), document, rules[start:start + GROUP_SIZE]))
    return groups


def decided_natively(rulebook) -> dict:
    """How the parts (applies, condition, judgement) of a rulebook's rules are decided on the durable backend:
    counts per kind (see _how_decided), the defects behind truth slots, and the share decided by durable-rules'
    network (native or on value slots) of the parts not constant. Needs no durable-rules: compiling suffices."""
    counts = {"parts": 0, "native": 0, "value_slots": 0, "truth_slots": 0, "constant": 0}
    defects: dict[str, list[str]] = {}
    for group in _groups(rulebook):
        for (rid, part), (how, why) in group.decided.items():
            counts["parts"] += 1
            counts[how] += 1
            for defect in why:
                defects.setdefault(defect, []).append(f"{rid}.{part}")
    decidable = counts["parts"] - counts["constant"]
    share = (counts["native"] + counts["value_slots"]) / decidable if decidable else 1.0
    return {**counts, "share": round(share, 4), "truth_slot_defects": defects}


def _too_large(rulebook, count_: int, how: str) -> str:
    return (f"rulebook {rulebook.id} is too large for durable-rules: its {len(rulebook.rules)} rules compile into "
            f"{count_} durable rules, {how}; the engine holds at most {MAX_DURABLE_RULES} (about 980 rules of a "
            "rulebook like the shipped ones). Split it into smaller rulebooks, or check with --engine reference")


# createRuleset's answers for a ruleset over one of durable-rules' limits (rules.h: ERR_RULE_LIMIT_EXCEEDED,
# ERR_RULE_EXISTS_LIMIT_EXCEEDED, ERR_RULE_BETA_LIMIT_EXCEEDED, ERR_EXPRESSION_LIMIT_EXCEEDED)
LIMIT_CODES = (106, 107, 108, 113)


def _error_code(exc) -> int | None:
    text = str(exc)
    digits = text[text.rfind(":") + 1:].strip()
    return int(digits) if digits.isascii() and digits.isdigit() else None


def _refused(rulebook, exc, ruleset: str) -> str:
    """The message for a compiled ruleset durable-rules refuses for another reason than a limit (which the
    compiler should never produce): the ruleset is kept in a file to be looked at, and named by its digest."""
    import hashlib
    import tempfile

    digest = hashlib.sha256(ruleset.encode("utf-8")).hexdigest()[:16]
    try:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", prefix=f"forskrift-refused-{rulebook.id}-",
                                         suffix=".json", delete=False) as kept:
            kept.write(ruleset)
        where = f"kept in {kept.name}"
    except OSError:
        where = "not kept (no temporary folder)"
    return (f"durable-rules refused the compiled rules of rulebook {rulebook.id} ({exc}); the ruleset it was "
            f"given (sha256 {digest}…) is {where}. This is a defect of forskrift's compiler or of durable-rules: "
            "please report it with that file. Meanwhile check with --engine reference")


class _Unclean(Exception):
    """assert_facts found a fact of this case already in the state (ERR_EVENT_OBSERVED): the state kept from
    case to case was not left clean."""


class DurableEngine:
    name = NAME

    def __init__(self, rulebook):
        if _dre is None:
            raise EvaluationError(f"durable-rules cannot be imported here: {IMPORT_ERROR}")
        self.version = durable_version()
        self.rulebook = rulebook
        self.groups = _groups(rulebook)
        same: dict = {}   # equal slots of different groups share one memo key: computed once per case
        groups_of: dict = {}
        for group in self.groups:
            for slot in group.compiler.slots:
                slot.memo_key = same.setdefault((slot.expr, slot.truth, slot.difference, slot.vars), len(same))
                groups_of[slot.memo_key] = groups_of.get(slot.memo_key, 0) + 1
        for group in self.groups:
            for slot in group.compiler.slots:
                slot.shared = groups_of[slot.memo_key] > 1
        for group in self.groups:   # compiled once the memo keys are known: (doc, sid, memo) -> the group's fact
            group.build = fact_builder(group.compiler.root, group.type)
        definitions = {}
        for group in self.groups:
            definitions.update(group.definitions())
        self.lookup = {}
        for group in self.groups:
            self.lookup.update(group.names)
        if len(definitions) > MAX_DURABLE_RULES:
            raise RuleFileError(_too_large(rulebook, len(definitions), f"more than {MAX_DURABLE_RULES}"),
                                file=str(rulebook.folder))
        try:
            # UTF-8 as the facts are (orjson): durable-rules does not decode \u escapes, so an escaped literal
            # such as "p\u00e5" never equals the "på" of a fact
            ruleset = json.dumps(definitions, ensure_ascii=False)
            self._handle = _dre.create_ruleset(f"{rulebook.id}@{next(_ruleset_names)}", ruleset)
        except _dre.error as exc:   # 106: over a limit of the engine (actions, or 512 branches at one node)
            if _error_code(exc) in LIMIT_CODES:
                raise RuleFileError(_too_large(rulebook, len(definitions), f"refused ({exc})"),
                                    file=str(rulebook.folder)) from None
            raise RuleFileError(_refused(rulebook, exc, ruleset), file=str(rulebook.folder)) from None
        self._none_apply = {rule.id: NOT_APPLICABLE for rule in rulebook.rules}
        self._sids = count()
        self._sid = None    # the state kept from case to case (None: take a fresh one)
        self._warm_up()

    def _warm_up(self):
        if self.groups:
            self._run([{"t": self.groups[0].type, "sid": "~warmup"}], "~warmup")

    def _sid_for_case(self) -> str:
        if self._sid is None:
            self._sid = f"s{next(self._sids)}"
        return self._sid

    def _run(self, facts: list[dict], sid: str) -> set[str]:
        """Assert the facts, drain every action, retract the facts: the names of the durable rules that fired.
        The state is left as it was found; if anything stops it half-way, its sid is abandoned (never deleted)."""
        fired: set[str] = set()
        handle, lookup = self._handle, self.lookup
        text = jsonio.dumps(facts)
        done = False
        try:
            code, state = _dre.assert_facts(handle, text)
            if code not in (_OK, _NOT_HANDLED):   # a fact of an earlier case still there: not a clean state
                raise _Unclean(code)
            result = _dre.start_action_for_state(handle, state)
            message = result[1] if result else None
            while message is not None:
                # an action message is '{"<rule name>":{...}}'; rule names hold no quotes, so the name is
                # read without parsing the JSON (parsing was a fifth of the engine's time)
                name = message[2:message.index('"', 2)]
                if name in lookup:
                    fired.add(name)
                message = _dre.complete_and_start_action(handle, state)
            _dre.retract_facts(handle, text)
            done = True
        except _dre.error as exc:
            raise EvaluationError(f"durable-rules failed on this case: {exc}") from None
        finally:
            if not done and sid == self._sid:
                self._sid = None    # the state may hold facts or pending actions: the next case takes a new sid
        return fired

    def evaluate(self, doc: dict, sid: str | None = None) -> dict[str, Outcome]:
        sid = self._sid_for_case()
        memo: dict = {}
        # only the groups of documents the case has: a rule of a missing document does not apply (its applies
        # part is `<document> is present and ...`), and nothing else of it is evaluated (see Outcome)
        asserted = [group for group in self.groups if group.document is None or doc.get(group.document) is not None]
        facts = [group.build(doc, sid, memo) for group in asserted]
        try:
            fired = self._run(facts, sid) if facts else ()
        except _Unclean as exc:     # (never seen) the kept state was not clean: once more on a fresh one
            sid = self._sid_for_case()
            for fact in facts:
                fact["sid"] = sid
            try:
                fired = self._run(facts, sid)
            except _Unclean:
                raise EvaluationError(f"durable-rules answered {exc.args[0]} asserting this case's facts on a "
                                      "fresh state") from None
        values: dict[tuple[str, str], bool | None] = {}
        for group in asserted:
            values.update(group.static)
        for name in fired:
            rid, part, value = self.lookup[name]
            if values.get((rid, part)) not in (None, value) and (rid, part) in values:
                raise EvaluationError(f"rule {rid}: durable-rules found {part} both true and false")
            values[(rid, part)] = value
        out = dict(self._none_apply)   # in the rulebook's order; the rules of documents the case lacks stay so
        for group in asserted:
            for rid in group.rule_ids:
                applies = values.get((rid, "applies"))
                if applies is not False:
                    out[rid] = outcome(applies, values.get((rid, "condition")), values.get((rid, "judgement")))
        return out
