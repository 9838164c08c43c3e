"""Lint rulebooks for policy staff: every problem the loader finds (not only the first), and what loads but
cannot be right — rules that never apply, rules that contradict each other, provisions nothing accounts for,
missing texts, and tests of vague words without a stated interpretation. Each finding names its file and line.
A text without nynorsk (`nn`) is a warning: the report falls back to bokmål there, so it is shown to the editor
but does not make `lint` fail.

Works on files and Rulebook objects (`forskrift/rulebook/load.py` with a `Problems` collector); the command
line (`forskrift lint`) only parses arguments and renders what `lint_paths` returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..conditions import tree as t
from ..documents.schemas import SchemaSet, default_schemas
from ..errors import RuleFileError, UsageError
from ..rulebook.citations import Ref
from ..rulebook.load import RULEBOOK_FILE, TEST_SUFFIX, Problems, load_rulebook, rule_files, validate_all
from ..rulebook.yamlsafe import load_yaml_file
from .bounds import impossible
from .values import undecided

MAX_QUANTIFIER_NESTING = 3   # quantifiers within quantifiers before `lint` warns (20 took minutes per case)

# kind → what it means (docs/lint.md, `forskrift lint --format json`)
KINDS = {
    "yaml": "the file is not valid YAML, or uses what rule files may not (tags, anchors, duplicate keys)",
    "schema": "the file does not follow schemas/rulefile.schema.json or schemas/rulebook.schema.json",
    "missing-text": "a bokmål (nb) or English (en) text is missing or blank",
    "unknown-field": "a rule names a field or document that the case schemas do not have",
    "condition": "a condition does not parse, or compares values of different kinds",
    "citation": "a citation does not resolve to a provision of the rulebook",
    "duplicate-id": "two rules have the same id",
    "duplicate-provision": "a provision is listed twice",
    "source": "a rule names a source that rulebook.yaml does not list",
    "amendment": "an amendment (amends:) names what its base does not have, or its base does not load",
    "rulebook": "rulebook.yaml is inconsistent (unknown case format, id differs from the folder)",
    "never-applies": "the rule's applicability is contradictory: it can never apply",
    "never-met": "the rule's condition contradicts its applicability: it can never be met",
    "conflict": "two blocking rules on the same document can both apply but can never both be met",
    "uncovered": "a provision has neither a rule that cites it nor a no_check entry",
    "slow": f"a condition nests quantifiers or aggregates (any/all/none/count/sum/min/max) more than "
            f"{MAX_QUANTIFIER_NESTING} deep: its time grows as the product of the lists' lengths",
    "vague": "a rule tests vague text, or a threshold its provision does not state, without an interpretation",
    "undecided-value": "a value of an enumerated field the rules read that the rulebook does not decide on "
                       "(accepted, rejected, judgement or otherwise, in values.yaml)",
    "missing-nynorsk": "(warning) a text has bokmål but no nynorsk (nn): a report in nynorsk shows the bokmål "
                       "text there",
}
# Kinds that are warnings: listed under `warnings`, not `findings`, and `lint` still exits 0 for them.
WARNING_KINDS = frozenset({"missing-nynorsk"})
# The texts of a rule (each {nb, nn, en}); `messages` holds one such text per status.
RULE_TEXTS = ("requirement", "interpretation", "judgement", "absence_fails")

# Words that mark text needing interpretation (matched as word beginnings, in bokmål, case-insensitive).
VAGUE_WORDS = ("hoveddel", "avgrens", "tilstrekkelig", "hensiktsmessig", "i hovedsak", "vesentlig", "rimelig",
               "i nødvendig grad", "i stor grad")
_VAGUE = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in VAGUE_WORDS) + r")", re.IGNORECASE)
# Not thresholds a text must state: 0 and 1 (count(x) >= 1, amount > 0, year - 1) and 100 (the whole, where
# shares are percentages: shares add up to 100, a sum * 100 compared with a share).
TRIVIAL_NUMBERS = (0, 1, 100)


@dataclass(frozen=True)
class Finding:
    kind: str
    file: str
    line: int | None
    message: str
    rule: str | None = None
    rulebook: str | None = None

    def to_json(self) -> dict:
        out = {"kind": self.kind, "file": self.file, "line": self.line, "message": self.message}
        if self.rule:
            out["rule"] = self.rule
        if self.rulebook:
            out["rulebook"] = self.rulebook
        return out

    def text(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where}: {self.kind}: {self.message}"


# ---- one rulebook ------------------------------------------------------------------------------------------

class _RulebookLint:
    def __init__(self, folder: Path, schemas: SchemaSet):
        self.folder = folder
        self.problems = Problems()
        self.rulebook = load_rulebook(folder, schemas, problems=self.problems)
        self.findings: list[Finding] = []
        rid = self.rulebook.id if self.rulebook else folder.name
        for error in self.problems:
            self.findings.append(Finding(error.kind, error.file or str(folder), error.line, error.message,
                                         rulebook=rid))
        if self.rulebook is not None:
            self.check()
        else:
            self.files_alone(schemas)

    def files_alone(self, schemas):
        """rulebook.yaml is unusable: still check each rule file as far as it can be without it (YAML, schema)."""
        alone = Problems()
        for path in rule_files(self.folder):
            try:
                data, lines = load_yaml_file(path)
            except RuleFileError as exc:
                alone("yaml", exc)
                continue
            if data is not None:
                validate_all(data, "urn:forskrift:schema:rulefile", schemas, str(path), lines, alone)
        for error in alone:
            self.findings.append(Finding(error.kind, error.file or str(self.folder), error.line, error.message,
                                         rulebook=self.folder.name))

    def add(self, kind, file, line, message, rule=None):
        self.findings.append(Finding(kind, file, line, message, rule, self.rulebook.id))

    def own(self, rule) -> bool:
        """Written in this rulebook (an amendment's inherited rules are linted with their own rulebook)."""
        return rule.origin == self.rulebook.id

    def line_of(self, rule, key=None):
        data = self.problems.rule_data.get(rule.id)
        if data is None or data[1] != rule.file:
            return rule.line
        _item, _file, lines, at = data
        return lines.line_of(at + ((key,) if key else ()))

    def check(self):
        rules = self.rulebook.rules
        self.texts()
        usable = []
        for rule in rules:
            if not self.own(rule):
                usable.append(rule)
            elif impossible(rule.applies):
                self.add("never-applies", rule.file, self.line_of(rule, "applies_when"),
                         f"rule {rule.id}: it can never apply: applies_when ({rule.applies_text}) contradicts itself",
                         rule.id)
            elif rule.condition is not None and impossible(rule.applies, rule.condition):
                self.add("never-met", rule.file, self.line_of(rule, "condition"),
                         f"rule {rule.id}: its condition can never be met where it applies", rule.id)
            else:
                usable.append(rule)
        self.conflicts([r for r in usable if r.blocking and r.condition is not None])
        self.slow([r for r in rules if self.own(r)])
        self.uncovered()
        self.vague()
        for problem in undecided(self.rulebook):
            self.add(problem["kind"], problem["file"], problem["line"], problem["message"])

    def texts(self):
        for rid, (item, file, lines, at) in self.problems.rule_data.items():
            for key in RULE_TEXTS:
                self._blank(item.get(key), file, lines, at + (key,), f"rule {rid}: {key}", rid)
            for status, text in (item.get("messages") or {}).items():
                self._blank(text, file, lines, at + ("messages", status), f"rule {rid}: messages.{status}", rid)
        for provision in self.rulebook.provisions:
            for key, text in (("paraphrase", provision.paraphrase), ("no_check", provision.no_check)):
                if text is None:
                    continue
                for lang, label in (("nb", "bokmål"), ("en", "English")):
                    if not getattr(text, lang).strip():
                        self.add("missing-text", provision.file or "", provision.line,
                                 f"provision {provision.ref.key()}: {key} has no {label} text ({lang})")
                if provision.origin in (None, self.rulebook.id) and not (text.nn or "").strip():
                    self.add("missing-nynorsk", provision.file or "", provision.line,
                             f"provision {provision.ref.key()}: {key} has no nynorsk text (nn)")
        frame = self.rulebook.frame
        if frame and frame.get("basis") is not None and not (frame["basis"].nn or "").strip():
            self.add("missing-nynorsk", str(self.folder / RULEBOOK_FILE), None,
                     f"rulebook {self.rulebook.id}: frame.basis has no nynorsk text (nn)")

    def _blank(self, text, file, lines, at, what, rid):
        if not isinstance(text, dict):
            return
        for lang, label in (("nb", "bokmål"), ("en", "English")):
            if isinstance(text.get(lang), str) and text[lang] and not text[lang].strip():
                self.add("missing-text", file, lines.line_of(at + (lang,)), f"{what} has no {label} text ({lang})",
                         rid)
        nn = text.get("nn")
        if not (isinstance(nn, str) and nn.strip()):
            self.add("missing-nynorsk", file, lines.line_of(at + (("nn",) if "nn" in text else ())),
                     f"{what} has no nynorsk text (nn)", rid)

    def conflicts(self, rules):
        for i, first in enumerate(rules):
            for second in rules[i + 1:]:
                if first.document != second.document or first.id == second.id:
                    continue
                if not (self.own(first) or self.own(second)):
                    continue
                if impossible(first.applies, second.applies):
                    continue
                if impossible(first.applies, second.applies, first.condition, second.condition):
                    self.add("conflict", second.file, self.line_of(second, "condition"),
                             f"rules {first.id} ({Path(first.file).name}:{self.line_of(first, 'condition')}) and "
                             f"{second.id} can both apply to a {first.document}, but their conditions can never "
                             "both be met: every such case would be not eligible", second.id)

    def slow(self, rules):
        for rule in rules:
            for key, node in (("applies_when", rule.applies), ("condition", rule.condition)):
                depth = quantifier_nesting(node)
                if depth > MAX_QUANTIFIER_NESTING:
                    self.add("slow", rule.file, self.line_of(rule, key),
                             f"rule {rule.id}: {key} nests {depth} quantifiers or aggregates (any/all/none/count/"
                             f"sum) within each other; more than {MAX_QUANTIFIER_NESTING} can take minutes per "
                             "case, as time grows with the product of the lists' lengths", rule.id)

    def uncovered(self):
        cited: set[Ref] = set()
        for rule in self.rulebook.rules:
            cited.update(rule.cites)
        for item, _file, _lines, _at in self.problems.rule_data.values():
            for cite in item.get("cites", []) if isinstance(item.get("cites"), list) else []:
                try:
                    cited.add(Ref.from_data(cite))
                except (TypeError, AttributeError):
                    pass
        for provision in self.rulebook.provisions:
            if provision.ref not in cited and provision.no_check is None:
                self.add("uncovered", provision.file or str(self.folder / RULEBOOK_FILE), provision.line,
                         f"provision {provision.ref.key()} of rulebook {self.rulebook.id} has no rule that cites "
                         "it and no no_check saying why none can")

    def vague(self):
        for rule in self.rulebook.rules:
            if rule.interpretation is not None or not self.own(rule):
                continue
            provisions = [self.rulebook.provision(ref) for ref in rule.cites]
            stated = " ".join([rule.requirement.nb, rule.requirement.en]
                              + [p.paraphrase.nb + " " + p.paraphrase.en for p in provisions if p])
            # Vague words count in the requirement, which says what the rule tests: a provision's paraphrase
            # covers the whole provision, and a rule may test a part of it that is not vague.
            words = sorted({m.group(1).lower() for m in _VAGUE.finditer(rule.requirement.nb)})
            if words:
                self.add("vague", rule.file, self.line_of(rule, "condition") or rule.line,
                         f"rule {rule.id}: its requirement says {', '.join(words)}, which needs "
                         "a reading; state it in `interpretation`", rule.id)
                continue
            missing = [n for n in thresholds(rule) if not _states(stated, n)]
            if missing:
                self.add("vague", rule.file, self.line_of(rule, "condition") or rule.line,
                         f"rule {rule.id}: the threshold(s) {', '.join(_show(n) for n in missing)} in its conditions "
                         "are not in its requirement or its provision's paraphrase; say where they come from in "
                         "`interpretation`", rule.id)


def thresholds(rule) -> list:
    """Numeric literals a rule's conditions test against (not inside date(...), not 0 or 1), in order."""
    found: list = []

    def walk(node):
        if isinstance(node, t.Call):
            return
        if isinstance(node, t.Lit) and node.kind == "number" and node.value not in TRIVIAL_NUMBERS:
            if node.value not in found:
                found.append(node.value)
        for child in t.children(node):
            walk(child)

    applies = rule.applies.items[1] if isinstance(rule.applies, t.And) and len(rule.applies.items) == 2 else None
    for node in (applies, rule.condition, rule.judgement.when if rule.judgement else None):
        if node is not None:
            walk(node)
    return found


def _show(value) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value * 100):g} %" if (value * 100).denominator == 1 else f"{float(value):g}"


def _states(text: str, value) -> bool:
    """The text states the number: as itself, or as a percentage (30 % for 0.3)."""
    forms = set()
    for number in (value, value * 100):
        if number.denominator == 1:
            forms.add(str(number.numerator))
            if abs(number.numerator) >= 10000:   # Norwegian style groups thousands with a space: 50 000
                forms.add(f"{number.numerator:,}".replace(",", " "))
        else:
            forms.update({f"{float(number):g}", f"{float(number):g}".replace(".", ",")})
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in forms)


def quantifier_nesting(node) -> int:
    """The largest number of quantifiers and aggregates over a list nested within each other in a condition."""
    if node is None:
        return 0
    best = 0
    stack = [(node, 0)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, (t.Quantified, t.Aggregate)):
            depth += 1
            best = max(best, depth)
        stack.extend((child, depth) for child in t.children(current))
    return best


# ---- paths -----------------------------------------------------------------------------------------------

def _targets(raw: str) -> list[tuple[Path, Path | None]]:
    """(rulebook folder, the one file to report on or None for all) for a PATH argument."""
    path = Path(raw)
    if path.is_dir():
        if (path / RULEBOOK_FILE).is_file():
            return [(path, None)]
        books = sorted(p.parent for p in path.glob(f"*/{RULEBOOK_FILE}"))
        if not books:
            raise UsageError(f"{raw}: neither a rulebook folder (with {RULEBOOK_FILE}) nor a folder of rulebooks")
        return [(book, None) for book in books]
    if path.is_file():
        if path.name.endswith(TEST_SUFFIX):
            raise UsageError(f"{raw}: a rule-test file; `forskrift lint` checks rule files and rulebooks")
        if path.suffix not in (".yaml", ".yml") or not (path.parent / RULEBOOK_FILE).is_file():
            raise UsageError(f"{raw}: not a rule file (a .yaml file in a folder with a {RULEBOOK_FILE})")
        return [(path.parent, None if path.name == RULEBOOK_FILE else path)]
    raise UsageError(f"{raw}: no such file or folder")


def lint_paths(paths, schemas: SchemaSet | None = None) -> dict:
    """Lint the rulebooks and rule files given; raises UsageError when a path is unusable."""
    schemas = schemas or default_schemas()
    targets = [target for raw in (paths or ["rules"]) for target in _targets(str(raw))]
    done: dict[Path, list[Finding]] = {}
    seen: set = set()
    findings: list[Finding] = []
    for folder, only in targets:
        key = folder.resolve()
        if key not in done:
            done[key] = _RulebookLint(folder, schemas).findings
        for finding in done[key]:
            if only is not None and Path(finding.file).resolve() != only.resolve():
                continue
            ident = (finding.kind, finding.file, finding.line, finding.message)
            if ident not in seen:
                seen.add(ident)
                findings.append(finding)
    findings.sort(key=lambda f: (f.file, f.line or 0, f.kind, f.message))
    warnings = [f for f in findings if f.kind in WARNING_KINDS]
    findings = [f for f in findings if f.kind not in WARNING_KINDS]
    return {"findings": [f.to_json() for f in findings],
            "warnings": [f.to_json() for f in warnings],
            "summary": {"rulebooks": sorted({str(folder) for folder, _ in targets}), "findings": len(findings),
                        "by_kind": _count(findings), "warnings": len(warnings),
                        "warnings_by_kind": _count(warnings)},
            "kinds": KINDS}


def _count(findings) -> dict[str, int]:
    by_kind: dict[str, int] = {}
    for finding in findings:
        by_kind[finding.kind] = by_kind.get(finding.kind, 0) + 1
    return dict(sorted(by_kind.items()))


def render_text(report: dict) -> str:
    """One line per problem, then one per warning, then the summary (which counts warnings apart)."""
    lines = [Finding(f["kind"], f["file"], f["line"], f["message"]).text() for f in report["findings"]]
    warnings = report.get("warnings", [])
    lines += [Finding(f["kind"], f["file"], f["line"], "(warning) " + f["message"]).text() for f in warnings]
    summary = report["summary"]
    books = ", ".join(summary["rulebooks"])
    if summary["findings"]:
        counts = ", ".join(f"{kind} {n}" for kind, n in summary["by_kind"].items())
        lines.append(f"{summary['findings']} problem(s) in {books} ({counts})")
    else:
        lines.append(f"no problems in {books}")
    if warnings:
        counts = ", ".join(f"{kind} {n}" for kind, n in summary["warnings_by_kind"].items())
        lines.append(f"{len(warnings)} warning(s) ({counts}); warnings do not make lint fail")
    return "\n".join(lines) + "\n"
