"""The durable-rules backend, the engine of record, used through a thin wrapper over its C core.

How it is used (see ../shared/notes/durable-rules.md for why):
- one ruleset per rulebook, created once per process and never deleted;
- the rules of a rulebook are split into groups; each group is one fact type (`t`) and every durable rule ANDs
  that type, so no rule is purely negative and no type has a wide alpha fan-out;
- each rule part (applies, condition, judgement) compiles to a T and an F condition (three-valued logic);
- a case's facts are asserted in one batch under a fresh sid, every action is drained, then the state is
  deleted: one live sid at a time, never deleted with actions pending;
- a catch-all rule per fact type and a warm-up case keep the first state handled.
"""

from __future__ import annotations

import json
from itertools import count

from ...errors import EvaluationError, RuleFileError
from ..outcome import PARTS, Outcome, rule_parts
from .compile import FALSE, TRUE, GroupCompiler
from .facts import build_fact

NAME = "durable"
GROUP_SIZE = 6          # rules per fact type: at most 6 rules × 3 parts × 2 = 36 alpha heads (limit 64)
MAX_PROPERTIES = 240    # durable-rules refuses facts of more than 253 properties

try:  # durable-rules does not import on Python >= 3.13
    import durable_rules_engine as _dre
    IMPORT_ERROR = None
except Exception as exc:  # noqa: BLE001 - any import failure means: not available
    _dre = None
    IMPORT_ERROR = exc

_VERSION: list = []


def durable_version() -> str | None:
    """The installed durable-rules version, looked up once and only when needed (the package metadata lookup
    costs tens of milliseconds, too much for every start of the command)."""
    if not _VERSION:
        from importlib.metadata import PackageNotFoundError, version
        try:
            _VERSION.append(version("durable-rules") if _dre is not None else None)
        except PackageNotFoundError:
            _VERSION.append("unknown")
    return _VERSION[0]


def __getattr__(name: str):
    if name == "DURABLE_VERSION":
        return durable_version()
    raise AttributeError(name)

_ruleset_names = count()


def available() -> bool:
    return _dre is not None


class _Group:
    def __init__(self, index: int, rules):
        self.type = f"g{index}"
        self.compiler = GroupCompiler()
        self.static: dict[tuple[str, str], bool | None] = {}   # parts whose truth is known at compile time
        self.conditions: dict[str, object] = {}                 # durable rule name → condition
        self.names: dict[str, tuple[str, str, bool]] = {}       # durable rule name → (rule id, part, value)
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


class DurableEngine:
    name = NAME

    def __init__(self, rulebook):
        if _dre is None:
            raise EvaluationError(f"durable-rules cannot be imported here: {IMPORT_ERROR}")
        self.version = durable_version()
        self.rulebook = rulebook
        rules = list(rulebook.rules)
        self.groups = [_Group(i, rules[start:start + GROUP_SIZE])
                       for i, start in enumerate(range(0, len(rules), GROUP_SIZE))]
        same: dict = {}   # equal slots of different groups share one memo key: computed once per case
        for group in self.groups:
            for slot in group.compiler.slots:
                slot.memo_key = same.setdefault((slot.expr, slot.truth, slot.vars), len(same))
        definitions = {}
        for group in self.groups:
            definitions.update(group.definitions())
        self.lookup = {}
        for group in self.groups:
            self.lookup.update(group.names)
        self._handle = _dre.create_ruleset(f"{rulebook.id}@{next(_ruleset_names)}", json.dumps(definitions))
        self._sids = count()
        self._warm_up()

    def _warm_up(self):
        if self.groups:
            self._run([{"t": self.groups[0].type, "sid": "~warmup"}], "~warmup")

    def _run(self, facts: list[dict], sid: str) -> set[str]:
        fired: set[str] = set()
        try:
            _code, state = _dre.assert_facts(self._handle, json.dumps(facts))
            result = _dre.start_action_for_state(self._handle, state)
            message = result[1] if result else None
            lookup = self.lookup
            while message is not None:
                # an action message is '{"<rule name>":{...}}'; rule names hold no quotes, so the name is
                # read without parsing the JSON (parsing was a fifth of the engine's time)
                name = message[2:message.index('"', 2)]
                if name in lookup:
                    fired.add(name)
                message = _dre.complete_and_start_action(self._handle, state)
            _dre.delete_state(self._handle, sid)
        except _dre.error as exc:
            raise EvaluationError(f"durable-rules failed on this case: {exc}") from None
        return fired

    def evaluate(self, doc: dict, sid: str | None = None) -> dict[str, Outcome]:
        sid = f"s{next(self._sids)}"
        memo: dict = {}
        facts = [build_fact(group.compiler.root, doc, group.type, sid, memo) for group in self.groups]
        fired = self._run(facts, sid)
        values: dict[tuple[str, str], bool | None] = {}
        for group in self.groups:
            values.update(group.static)
        for name in fired:
            rid, part, value = self.lookup[name]
            if values.get((rid, part)) not in (None, value) and (rid, part) in values:
                raise EvaluationError(f"rule {rid}: durable-rules found {part} both true and false")
            values[(rid, part)] = value
        out = {}
        for rule in self.rulebook.rules:
            out[rule.id] = Outcome(*(values.get((rule.id, part)) for part in PARTS))
        return out
