"""Rule tests: YAML files beside the rule files (`rules/<id>/<file>_test.yaml`), each a list of cases with the
decision and the findings they must give — in the manner of OpenFisca's YAML tests and Cedar's `run-tests`.

A test names its input — a case file, or a base case changed by JSON pointers (`set`, then `remove`), paths
relative to the repository root — and what it expects: the decision, optionally the rules that decided it, and
for each rule id named the status (optionally the first citation, the pointers reported missing and words the
bokmål explanation must contain). Rules a
test does not name are not compared.

An amendment (`amends:` in rulebook.yaml) is tested by its own test files *and* its base's tests, run under
the amendment. A base test is inherited unless it names (in `findings` or `decided_by`) a rule the amendment
replaces or repeals — those rules have the amendment's own tests — or the amendment's test files list it
under `not_inherited` with the reason (a base test whose decision the amendment changes on purpose). When the
amendment renumbers provisions, the citations expected by inherited tests are not compared.

This module works on Rulebook and Checker objects; the command line (`forskrift test`) and pytest
(tests/test_rule_tests.py) only call it. A test file that cannot be read, an input that cannot be built or
checked, or a rule id the rulebook does not have is an *error* (bad input), not a failure.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from ..check import Checker
from ..documents.read import read_json_file
from ..documents.schemas import SchemaSet, default_schemas
from ..errors import ForskriftError, RuleFileError
from ..findings import cited_text
from ..rulebook import registry
from ..rulebook.citations import Ref
from ..rulebook.load import TEST_SUFFIX
from ..rulebook.model import Rulebook
from ..rulebook.yamlsafe import load_yaml_file

SCHEMA_ID = "urn:forskrift:schema:ruletest"


@dataclass(frozen=True)
class FindingExpectation:
    status: str
    citation: str | None = None
    missing: tuple[str, ...] | None = None
    explains: str | None = None     # words the explanation (bokmål) must contain


@dataclass(frozen=True)
class RuleTest:
    """One test of a test file."""

    rulebook: str
    file: str                       # path of the test file
    name: str
    line: int | None
    input: dict
    decision: str
    decided_by: tuple[str, ...] | None
    findings: dict                  # rule id → FindingExpectation

    @property
    def id(self) -> str:
        return f"{Path(self.file).name}::{self.name}"


@dataclass
class TestResult:
    test: RuleTest
    outcome: str                    # passed | failed | error
    diff: list[str] = field(default_factory=list)
    error: str | None = None
    actual: dict | None = None      # rule id → status, for every rule the test names

    def to_json(self) -> dict:
        out = {"test": self.test.id, "file": self.test.file, "line": self.test.line, "rulebook": self.test.rulebook,
               "outcome": self.outcome}
        if self.diff:
            out["diff"] = self.diff
        if self.error:
            out["error"] = self.error
        return out


# -- loading -----------------------------------------------------------------------------------------------

def test_files(rulebook: Rulebook) -> list[Path]:
    return sorted(Path(rulebook.folder).glob(f"*{TEST_SUFFIX}"))


def _schema_error(data, schemas: SchemaSet, source: str, lines):
    errors = list(schemas.validator(SCHEMA_ID).iter_errors(data))
    if not errors:
        return
    error = jsonschema.exceptions.best_match(errors)
    where = "/".join(map(str, error.absolute_path))
    what = error.message if len(error.message) < 300 else error.message[:297] + "..."
    path = list(error.absolute_path)
    if path and path[-1] == "input" and error.validator in ("oneOf", "anyOf", "not", "required"):
        what = "input names either `case` (a case file) or `base` with `set` and/or `remove`"
    elif error.validator == "oneOf":
        what = ("a finding is a status (met, not_met, missing_information, needs_judgement, not_applicable) "
                "or {status, citation, missing, explains}")
    raise RuleFileError(what + (f" (at {where})" if where else ""), file=source,
                        line=lines.line_of(error.absolute_path))


def load_test_file(path: Path, rulebook: Rulebook, schemas: SchemaSet | None = None) -> list[RuleTest]:
    """Read and validate one test file; rule ids must exist in the rulebook. Raises RuleFileError."""
    schemas = schemas or default_schemas()
    data, lines = load_yaml_file(path)
    source = str(path)
    if data is None:
        raise RuleFileError("empty test file", file=source)
    _schema_error(data, schemas, source, lines)
    out, names = [], set()
    for index, item in enumerate(data["tests"]):
        at = ("tests", index)
        if item["name"] in names:
            raise RuleFileError(f"duplicate test name {item['name']!r}", file=source,
                                line=lines.line_of(at + ("name",)))
        names.add(item["name"])
        expect = item["expect"]
        findings = {}
        for rid, value in expect["findings"].items():
            if rid not in rulebook.rule_index:
                raise RuleFileError(f"test {item['name']!r}: rulebook {rulebook.id} has no rule {rid!r}",
                                    file=source, line=lines.line_of(at + ("expect", "findings", rid)))
            if isinstance(value, str):
                value = {"status": value}
            missing = value.get("missing")
            findings[rid] = FindingExpectation(value["status"], value.get("citation"),
                                               tuple(missing) if missing is not None else None,
                                               value.get("explains"))
        for rid in expect.get("decided_by", []):
            if rid not in rulebook.rule_index:
                raise RuleFileError(f"test {item['name']!r}: decided_by names {rid!r}, which rulebook "
                                    f"{rulebook.id} does not have", file=source,
                                    line=lines.line_of(at + ("expect", "decided_by")))
        decided = expect.get("decided_by")
        out.append(RuleTest(rulebook.id, source, item["name"], lines.line_of(at), item["input"], expect["decision"],
                            tuple(decided) if decided is not None else None, findings))
    return out


def base_of(rulebook: Rulebook) -> Rulebook | None:
    """The rulebook an amendment amends (next to it, else the shipped one of that id); None for a whole book."""
    if not rulebook.amends:
        return None
    name = rulebook.amends["base"]
    sibling = Path(rulebook.folder).parent / name
    return registry.get(str(sibling) if sibling.is_dir() else name)


@dataclass(frozen=True)
class TestSource:
    """A test file as a rulebook runs it: its own, or inherited from a base (`home` checks its rule ids)."""

    path: Path
    home: Rulebook
    excluded: frozenset = frozenset()   # rule ids: tests naming one of them are not inherited
    drop_citations: bool = False
    skipped: frozenset = frozenset()    # test ids (<file>::<name>) listed as not_inherited


def test_sources(rulebook: Rulebook) -> list[TestSource]:
    """The test files a rulebook runs: for an amendment, its base's (recursively) and then its own."""
    own = [TestSource(path, rulebook) for path in test_files(rulebook)]
    base = base_of(rulebook)
    if base is None:
        return own
    amends = rulebook.amends
    changed = frozenset(amends.get("replaces", [])) | frozenset(amends.get("repeals", []))
    renumbers = bool(amends.get("renumbers"))
    skipped = frozenset(not_inherited(rulebook))
    inherited = [dataclasses.replace(s, excluded=s.excluded | changed, drop_citations=s.drop_citations or renumbers,
                                     skipped=s.skipped | skipped)
                 for s in test_sources(base)]
    return inherited + own


def not_inherited(rulebook: Rulebook) -> dict[str, tuple[str, int | None]]:
    """The base tests an amendment's test files list under `not_inherited`: test id → (file, line)."""
    out = {}
    for path in test_files(rulebook):
        try:
            data, lines = load_yaml_file(path)
        except ForskriftError:
            continue                    # reported when the file's tests are loaded
        if isinstance(data, dict) and isinstance(data.get("not_inherited"), list):
            for index, item in enumerate(data["not_inherited"]):
                if isinstance(item, dict) and isinstance(item.get("test"), str):
                    out[item["test"]] = (str(path), lines.line_of(("not_inherited", index)))
    return out


def stale_not_inherited(rulebook: Rulebook) -> list[dict]:
    """`not_inherited` entries that name no test of the base: errors, with file and line."""
    if not rulebook.amends:
        return []
    base_ids = {test.id for test in load_tests(base_of(rulebook))}
    return [{"file": file, "line": line, "message": f"not_inherited names {tid!r}, which is not a test of base "
             f"rulebook {rulebook.amends['base']}"}
            for tid, (file, line) in not_inherited(rulebook).items() if tid not in base_ids]


def _names(test: RuleTest) -> set:
    return set(test.findings) | set(test.decided_by or ())


def load_source(source: TestSource, rulebook: Rulebook) -> list[RuleTest]:
    """The tests of one source as `rulebook` runs them. Raises RuleFileError."""
    tests = load_test_file(source.path, source.home)
    if source.home is rulebook:
        return tests
    out = []
    for test in tests:
        if _names(test) & source.excluded or test.id in source.skipped:
            continue
        findings = test.findings
        if source.drop_citations:
            findings = {rid: dataclasses.replace(want, citation=None) for rid, want in findings.items()}
        out.append(dataclasses.replace(test, rulebook=rulebook.id, findings=findings))
    return out


def load_tests(rulebook: Rulebook) -> list[RuleTest]:
    tests = []
    for source in test_sources(rulebook):
        tests.extend(load_source(source, rulebook))
    return tests


def resolve_rulebooks(names) -> list[Rulebook]:
    """Rulebook ids or folders (every shipped rulebook when none are named)."""
    if not names:
        return registry.all_shipped()
    return [registry.get(name) for name in names]


# -- building the input ------------------------------------------------------------------------------------

def _split(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def _container(doc, parts: list[str], pointer: str, create: bool):
    current = doc
    for part in parts:
        if isinstance(current, dict):
            if part not in current:
                if not create:
                    raise KeyError(f"{pointer}: no {part!r} in the document")
                current[part] = {}
            current = current[part]
        elif isinstance(current, list):
            current = current[_index(current, part, pointer)]
        else:
            raise KeyError(f"{pointer}: {part!r} goes into a {type(current).__name__}")
    return current


def _index(items: list, part: str, pointer: str) -> int:
    if not (part.isascii() and part.isdigit()) or int(part) >= len(items):
        raise KeyError(f"{pointer}: no item {part!r} (the list has {len(items)})")
    return int(part)


def apply_changes(doc: dict, changes: dict | None, removals: list | None) -> dict:
    """A copy of `doc` with each pointer of `changes` set (missing objects on the way are made; '-' appends)
    and each pointer of `removals` removed. Raises KeyError naming the pointer that does not fit."""
    doc = copy.deepcopy(doc)
    for pointer, value in (changes or {}).items():
        parts = _split(pointer)
        if not parts:
            raise KeyError("'' (the whole document) cannot be set")
        parent = _container(doc, parts[:-1], pointer, create=True)
        last = parts[-1]
        if isinstance(parent, dict):
            parent[last] = copy.deepcopy(value)
        elif isinstance(parent, list):
            if last == "-":
                parent.append(copy.deepcopy(value))
            else:
                parent[_index(parent, last, pointer)] = copy.deepcopy(value)
        else:
            raise KeyError(f"{pointer}: the parent is a {type(parent).__name__}")
    for pointer in removals or []:
        parts = _split(pointer)
        if not parts:
            raise KeyError("'' (the whole document) cannot be removed")
        parent = _container(doc, parts[:-1], pointer, create=False)
        last = parts[-1]
        if isinstance(parent, dict):
            if last not in parent:
                raise KeyError(f"{pointer}: nothing there to remove")
            del parent[last]
        elif isinstance(parent, list):
            del parent[_index(parent, last, pointer)]
        else:
            raise KeyError(f"{pointer}: the parent is a {type(parent).__name__}")
    return doc


def repository_root(rulebook: Rulebook) -> Path:
    """rules/<id>/ lies two levels below the root of its checkout."""
    return Path(rulebook.folder).resolve().parent.parent


def _case_path(text: str, rulebook: Rulebook) -> Path:
    for root in (repository_root(rulebook), Path.cwd()):
        candidate = root / text
        if candidate.is_file():
            return candidate
    raise ForskriftError(f"no case file {text!r} (paths are relative to the repository root, "
                         f"{repository_root(rulebook)})")


def build_input(test: RuleTest, rulebook: Rulebook) -> tuple[dict, str]:
    """The case document of a test and a name for it."""
    spec = test.input
    if "case" in spec:
        path = _case_path(spec["case"], rulebook)
        return read_json_file(path), spec["case"]
    path = _case_path(spec["base"], rulebook)
    base = read_json_file(path)
    try:
        doc = apply_changes(base, spec.get("set"), spec.get("remove"))
    except KeyError as exc:
        raise ForskriftError(f"input cannot be built from {spec['base']}: {exc.args[0]}") from None
    return doc, f"{spec['base']} (changed by {test.id})"


# -- running -----------------------------------------------------------------------------------------------

def _first_citation(result: dict, finding: dict) -> str:
    """The text of the first provision a finding cites (from the result's `provisions` table); a rule that does
    not apply cites nothing in a result."""
    return cited_text(result, finding["cites"][0]) if finding.get("cites") else "(not applicable: cites nothing)"


def _citation_matches(expected: str, text: str, instrument_citation: str, key: str = "") -> bool:
    """The expected citation is the whole text or only the provision part ('punkt 7.2 nr. 3'); a call's finding
    cites the call, and its provision part is the structured reference's text."""
    return expected in (text, text.removeprefix(instrument_citation).strip(), key)


def _describe(status: str, citation: str | None = None, missing=None, explains: str | None = None) -> str:
    out = status
    if citation is not None:
        out += f" [{citation}]"
    if missing is not None:
        out += f" missing={json.dumps(list(missing))}"
    if explains is not None:
        out += f" explains={json.dumps(explains, ensure_ascii=False)}"
    return out


def _explanation(result: dict, finding: dict) -> str:
    """A finding's explanation in bokmål, as the report words it (forskrift/report/explain.py)."""
    from ..report.explain import explain_finding

    return " ".join(explain_finding(finding, "nb", result["case"].get("schema")))


def compare(test: RuleTest, result: dict) -> tuple[list[str], list[str], dict]:
    """(expected lines, actual lines, actual status per named rule) over what the test names."""
    by_rule = {f["rule"]: f for f in result["findings"]}
    expected = [f"decision: {test.decision}"]
    actual = [f"decision: {result['decision']['status']}"]
    if test.decided_by is not None:
        expected.append(f"decided_by: {', '.join(test.decided_by)}")
        actual.append(f"decided_by: {', '.join(result['decision']['decided_by'])}")
    statuses = {}
    for rid, want in test.findings.items():
        finding = by_rule[rid]
        statuses[rid] = finding["status"]
        expected.append(f"{rid}: {_describe(want.status, want.citation, want.missing, want.explains)}")
        got_citation = None
        if want.citation is not None:
            text = _first_citation(result, finding)
            ref = (result.get("provisions", {}).get(finding["cites"][0]) or {}).get("ref") \
                if finding.get("cites") else None
            matches = _citation_matches(want.citation, text, result["rulebook"]["citation"],
                                        Ref.from_data(ref).key() if ref else "")
            got_citation = want.citation if matches else text
        got_missing = tuple(finding.get("missing", ())) if want.missing is not None else None
        got_explains = None
        if want.explains is not None:
            text = _explanation(result, finding)
            got_explains = want.explains if want.explains in text else text
        actual.append(f"{rid}: {_describe(finding['status'], got_citation, got_missing, got_explains)}")
    return expected, actual, statuses


class Runner:
    """Runs rule tests, one Checker per rulebook (engines are built once)."""

    def __init__(self, engine: str | None = None, lang: str = "nb"):
        self.engine = engine
        self.lang = lang
        self._checkers: dict = {}

    def checker(self, rulebook: Rulebook) -> Checker:
        key = str(rulebook.folder)
        # a regulation alone; a call with its regulation (calls=False: none added by office and date)
        if key not in self._checkers:
            self._checkers[key] = Checker(rules=key, engine=self.engine, lang=self.lang, calls=False)
        return self._checkers[key]

    def run(self, test: RuleTest, rulebook: Rulebook) -> TestResult:
        try:
            doc, name = build_input(test, rulebook)
            result = self.checker(rulebook).check_document(doc, name)
        except ForskriftError as exc:
            return TestResult(test, "error", error=str(exc))
        expected, actual, statuses = compare(test, result)
        if expected == actual:
            return TestResult(test, "passed", actual=statuses)
        diff = list(difflib.unified_diff(expected, actual, "expected", "actual", lineterm="", n=0))
        diff = [line for line in diff if not line.startswith("@@")]
        return TestResult(test, "failed", diff=diff, actual=statuses)


@dataclass
class Report:
    results: list[TestResult] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)   # test files that could not be loaded

    @property
    def counts(self) -> dict:
        out = {"passed": 0, "failed": 0, "error": 0}
        for r in self.results:
            out[r.outcome] += 1
        out["error"] += len(self.errors)
        return out

    def exit_code(self) -> int:
        counts = self.counts
        if counts["error"]:
            return 2
        return 1 if counts["failed"] else 0

    def to_json(self) -> dict:
        return {"summary": self.counts, "results": [r.to_json() for r in self.results], "errors": self.errors}


def run_rulebooks(rulebooks, engine: str | None = None) -> Report:
    runner = Runner(engine)
    report = Report()
    for rulebook in rulebooks:
        for source in test_sources(rulebook):
            try:
                tests = load_source(source, rulebook)
            except ForskriftError as exc:
                report.errors.append({"file": str(source.path), **exc.to_json()})
                continue
            for test in tests:
                report.results.append(runner.run(test, rulebook))
        try:
            report.errors.extend(stale_not_inherited(rulebook))
        except ForskriftError as exc:
            report.errors.append({"file": str(rulebook.folder), **exc.to_json()})
    return report


def _shown(path: str) -> str:
    """A path relative to the working folder where it lies below it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def render_text(report: Report) -> str:
    lines = []
    for error in report.errors:
        where = _shown(error.get("file", "")) + (f":{error['line']}" if error.get("line") else "")
        lines.append(f"ERROR {where}: {error['message']}")
    for r in report.results:
        if r.outcome == "passed":
            continue
        where = _shown(r.test.file) + (f":{r.test.line}" if r.test.line else "")
        if r.outcome == "error":
            lines.append(f"ERROR {where} {r.test.name}: {r.error}")
        else:
            lines.append(f"FAIL  {where} {r.test.name}")
            lines.extend("    " + line for line in r.diff)
    c = report.counts
    lines.append(f"{c['passed']} passed, {c['failed']} failed, {c['error']} errors "
                 f"({len(report.results)} tests)")
    return "\n".join(lines) + "\n"
