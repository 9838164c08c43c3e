"""The ONE report model: a checked case as a caseworker reads it, in one language, built from the language-
neutral result (codes and figures) and the rulebook (its texts). The text report, the JSON report and the web
page are renderings of it (`text.py`, `json.py`, `html.py`), so they show the same things in the same order
with the same words; a letter (or any other rendering) should be made from it too.

    from forskrift.report import build_report
    report = build_report(result, "nn")              # result: what Checker.check_* returns
    report.header.applicant, report.decision.label   # 'Sandnes kommune', 'Tilskotsberettiga'
    for group in report.groups:                      # by provision, in the regulation's order
        group.citation                               # 'forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3'
        for finding in group.findings:
            finding.status_label, finding.explanation   # 'Ikkje oppfylt', ('Eigendelen er 150 000 kr, ...',)

Changing the language is building the report again from the same result: nothing is checked again.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..i18n import DECISION, DECISION_DOCUMENT, DECISION_RULE, DECISION_RULE_DOCUMENT, STATUS, word
from ..vocabulary import label, lang_of
from . import fmt
from .citations import join_citation
from .explain import Explainer
from .fields import field_label, field_of_pointer, unit_of

MARK = {"met": "✓", "not_met": "✗", "missing_information": "?", "needs_judgement": "!", "not_applicable": "-"}
EVIDENCE_SHOWN = 12       # evidence rows shown before the rest is folded (deciding rows are always shown)


@dataclass(frozen=True)
class EvidenceRow:
    """A field the rule read: where (JSON pointer), what it is (label), its value as words, or missing."""

    pointer: str
    label: str
    value: str | None
    missing: bool
    deciding: bool


@dataclass(frozen=True)
class FindingView:
    """One finding in words. `explanation`: what was found and what was required, with the figures (for a
    finding not met or missing information); `evidence`: the deciding fields first, then the others,
    `evidence_folded` of them beyond what a compact rendering shows."""

    rule: str
    status: str
    status_label: str
    mark: str
    blocking: bool
    blocking_label: str
    requirement: str
    explanation: tuple[str, ...]
    judgement: str | None
    interpretation: str | None
    missing: tuple[str, ...]
    citation: str
    cites: tuple[str, ...]
    source: str | None
    unverified: bool
    evidence: tuple[EvidenceRow, ...]
    evidence_folded: int
    anchor: str
    absence_fails: str | None = None   # the rule's reason why absence fails it, with what is absent


@dataclass(frozen=True)
class ProvisionGroup:
    """The findings under one provision (the first a rule cites), with the provision's citation, its link and
    its paraphrase."""

    key: str
    citation: str
    url: str
    paraphrase: str | None
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class NotApplicable:
    rule: str
    citation: str
    requirement: str


@dataclass(frozen=True)
class Header:
    """Who applied, under what, for how much; and under which rulebook and engine it was checked."""

    case_id: str
    file: str
    applicant: str | None
    applicant_kind: str | None
    owners: tuple[str, ...]
    document: str
    scheme: str
    grant_year: str | None
    amount_applied: str | None
    date: str
    rulebook_id: str
    rulebook_title: str
    rulebook_citation: str
    rulebook_instrument: str
    rulebook_status: str
    validity: str
    text_unverified: bool
    engine: str
    document_hash: str
    calls: tuple = ()         # (kind label, id, citation, date, validity, text unverified) of each call checked
    no_call: bool = False     # a kind of case calls govern, and none of the office applies on its date


@dataclass(frozen=True)
class DecisionView:
    status: str
    label: str
    decided_by: tuple[str, ...]
    rule_text: str
    rests_on_calls: tuple = ()   # (the call's citation, its deciding rules) where the decision rests on a call


@dataclass(frozen=True)
class Report:
    """A checked case in one language. `result` is the language-neutral result it was built from (kept, so a
    page can be rendered again in another language without checking again)."""

    lang: str
    header: Header
    decision: DecisionView
    summary: tuple[tuple[str, str, int], ...]      # (status, label, count), statuses in their order
    groups: tuple[ProvisionGroup, ...]
    not_applicable: tuple[NotApplicable, ...]
    anchor: str
    result: dict

    def to_dict(self) -> dict:
        """The report as JSON data (without the result it was built from)."""
        data = asdict(self)
        data.pop("result")
        return data


@dataclass(frozen=True)
class FileError:
    """A file that could not be checked: where its problem is and what it is."""

    lang: str
    file: str
    where: str
    message: str
    anchor: str
    result: dict
    problems: tuple[tuple[str, str], ...] = ()     # (JSON pointer, message) of every schema problem

    def to_dict(self) -> dict:
        return {"lang": self.lang, "file": self.file, "where": self.where, "message": self.message,
                "problems": [list(p) for p in self.problems]}


def error_where(result: dict) -> str:
    """Where a failed file's problem is, as the command line says it: "file[:line] [/pointer]"."""
    error = result["error"]
    where = error.get("file", result["file"])
    if error.get("line"):
        where += f":{error['line']}"
    if error.get("pointer") is not None:
        where += f" {error['pointer'] or '/'}"
    return where


def rulebook_of(result: dict):
    """The rulebook a result names: a shipped one by id, or the folder it was read from (command line only;
    the web page passes the shipped rulebook itself and never reads a path from a result)."""
    from ..rulebook import registry

    rb = result["rulebook"]
    folder = (result.get("record") or {}).get("rulebook_folder")
    if rb["id"] in registry.shipped_ids():
        shipped = registry.get(rb["id"])
        if shipped.hash == rb["hash"] or not folder:
            return shipped
    return registry.get(folder) if folder else registry.get(rb["id"])


def build_report(result: dict, lang: str = "nb", rulebook=None, anchor: str = "case-1") -> Report | FileError:
    """The report of one result (a case result or a file error) in `lang` (nb, nn, en). `rulebook`: the
    rulebook it was checked under (found from the result when not given)."""
    lang = lang_of(lang)
    if "error" in result:
        problems = tuple((p.get("pointer") or "/", p["message"]) for p in result["error"].get("problems", []))
        return FileError(lang, result["file"], error_where(result), result["error"]["message"], anchor, result,
                         problems if len(problems) > 1 else ())
    rulebook = rulebook or rulebook_of(result)
    calls = _calls_of(result)
    case, rb = result["case"], result["rulebook"]
    schema_id = case.get("schema")
    explainer = Explainer(lang, schema_id)
    provisions = result["provisions"]
    url = rb.get("url") or rulebook.instrument.url
    document_kind = case.get("kind", "behovsmelding")
    groups: dict[str, list] = {}
    not_applicable = []
    for finding in result["findings"]:
        book = _book_of(finding, provisions, rulebook, calls)
        rule = book.rule_index.get(finding["rule"]) if book else None
        requirement = rule.requirement.get(lang) if rule else finding["rule"]
        if finding["status"] == "not_applicable":     # it cites nothing in the result: the rulebook says what
            not_applicable.append(NotApplicable(finding["rule"], _rule_citation(book, rule, rb), requirement))
            continue
        citation = _citation(finding["cites"], provisions, rb)
        groups.setdefault(finding["cites"][0], []).append(
            _finding_view(finding, rule, requirement, citation, book or rulebook, explainer, lang, anchor))
    order = {key: i for i, key in enumerate(provisions)}
    group_views = []
    for key in sorted(groups, key=lambda k: order.get(k, len(order))):
        entry = provisions.get(key) or {}
        if "citation" in entry:      # a call's provision: the key is its whole citation
            provision = _provision(calls.get(entry.get("rulebook")), key)
            text = key
        else:
            provision = _provision(rulebook, key)
            text = f"{rb['citation']} {key}"
        group_views.append(ProvisionGroup(key, text, url, provision.paraphrase.get(lang) if provision else None,
                                          tuple(groups[key])))
    decision = result["decision"]
    labels, rule_text = ((DECISION, DECISION_RULE) if document_kind == "behovsmelding"
                         else (DECISION_DOCUMENT, DECISION_RULE_DOCUMENT))
    return Report(
        lang=lang,
        header=_header(result, rulebook, lang),
        decision=DecisionView(decision["status"], labels[decision["status"]][lang], tuple(decision["decided_by"]),
                              rule_text[lang],
                              tuple((part["citation"], tuple(part["rules"])) for part in decision.get("rests_on", [])
                                    if part["kind"] != "regulation")),
        summary=tuple((s, STATUS[s][lang], n) for s, n in result["summary"].items()),
        groups=tuple(group_views),
        not_applicable=tuple(not_applicable),
        anchor=anchor,
        result=result,
    )


def _provision(rulebook, key: str):
    if rulebook is None:
        return None
    from ..findings import provision_key
    for provision in rulebook.provisions:
        if provision_key(rulebook, provision.ref) == key:
            return provision
    return None


def _calls_of(result: dict) -> dict:
    """The calls a result was checked against, by id (shipped ones; a call read from elsewhere is left out and
    its findings are shown by rule id)."""
    from ..rulebook import registry

    out = {}
    for call in result.get("calls", []):
        if call["id"] in registry.shipped_ids():
            out[call["id"]] = registry.get(call["id"])
    return out


def _citation(cites, provisions: dict, rb: dict) -> str:
    """The whole citation of a finding's provisions, from the rows of a `provisions` table."""
    refs = [provisions[key]["ref"] for key in cites if key in provisions]
    if refs and "citation" in provisions[cites[0]]:     # a call's: its keys are whole citations
        return "; ".join(cites)
    return join_citation(rb["citation"], refs) if refs else ", ".join(cites)


def _rule_citation(book, rule, rb: dict) -> str:
    """The whole citation of a rule that does not apply, from its rulebook (a result cites nothing for it)."""
    if book is None or rule is None:
        return ""
    from ..findings import cites_of, provision_rows

    return _citation(cites_of(book, rule), provision_rows(book), rb)


def _book_of(finding: dict, provisions: dict, rulebook, calls: dict):
    """The rulebook that wrote a finding's rule: a call's (named in its provisions' rows, or — for a rule that
    does not apply, which cites nothing in the result — the call that has the rule) or the regulation."""
    if "cites" not in finding:
        if rulebook is not None and finding["rule"] in rulebook.rule_index:
            return rulebook
        return next((call for call in calls.values() if finding["rule"] in call.rule_index), rulebook)
    entry = provisions.get(finding["cites"][0]) if finding["cites"] else None
    if entry and "rulebook" in entry:
        return calls.get(entry["rulebook"])
    return rulebook


def _finding_view(finding, rule, requirement, citation, rulebook, explainer: Explainer, lang, anchor) -> FindingView:
    status = finding["status"]
    asked = set(finding.get("missing", ()))
    evidence = [_evidence_row(e, explainer) for e in finding["evidence"] if not _silent_item_field(e, asked)]
    deciding = sum(1 for e in evidence if e.deciding)
    folded = max(0, len(evidence) - max(EVIDENCE_SHOWN, deciding))
    missing = tuple(f"{field_label(field_of_pointer(p), lang)} ({p})" for p in finding["missing"])
    source = None
    if finding.get("source"):
        info = rulebook.sources.get(finding["source"], {})
        source = info.get("title", finding["source"])
    judgement = rule.judgement.text.get(lang) if (status == "needs_judgement" and rule and rule.judgement) else None
    return FindingView(
        rule=finding["rule"], status=status, status_label=STATUS[status][lang], mark=MARK[status],
        blocking=finding["blocking"], blocking_label=word("blocking" if finding["blocking"] else "not_blocking", lang),
        requirement=requirement, explanation=tuple(explainer.finding_sentences(finding)),
        judgement=judgement,
        interpretation=rule.interpretation.get(lang) if rule and rule.interpretation else None,
        missing=missing, citation=citation, cites=tuple(finding["cites"]), source=source,
        unverified=finding["flags"]["unverified"], evidence=tuple(evidence), evidence_folded=folded,
        anchor=f"{anchor}-{finding['rule']}", absence_fails=_absence_fails(finding, rule, lang))


def _silent_item_field(item: dict, asked: set) -> bool:
    """An optional field a list item does not give, which neither decided the finding nor is asked for (a line
    without `amount_approximate` or `head_count`): not evidence of anything, so not shown."""
    return bool(item.get("missing") and not item.get("deciding") and item["pointer"] not in asked
                and any(part.isascii() and part.isdigit() for part in item["pointer"].split("/")))


def _absence_fails(finding, rule, lang) -> str | None:
    """What the document does not give and the rule's reason why that itself fails it (absence_fails)."""
    if not finding.get("absence_fails") or rule is None or rule.absence_fails is None:
        return None
    absent = ", ".join(f"{field_label(field_of_pointer(p), lang)} ({p})" for p in finding["absence_fails"]["absent"])
    return f"{absent}. {rule.absence_fails.get(lang)}"


def _evidence_row(item: dict, explainer: Explainer) -> EvidenceRow:
    pointer = item["pointer"]
    field = field_of_pointer(pointer)
    text = field_label(field, explainer.lang)
    if item.get("missing"):
        return EvidenceRow(pointer, text, None, True, bool(item.get("deciding")))
    value = item["value"]
    labels = _labels_for(field, explainer.schema_id)
    unit = unit_of(field, explainer.schema_id)
    if isinstance(value, (dict, list)) and not (isinstance(value, list)
                                                and all(not isinstance(v, (dict, list)) for v in value)):
        shown = f"({len(value)})"
    else:
        shown = explainer.scalar(value, unit, labels, None)
    return EvidenceRow(pointer, text, shown, False, bool(item.get("deciding")))


def _labels_for(field: str, schema_id: str | None) -> str | None:
    """The vocabulary section of an enumerated field (or of the items of a list of enumerated values)."""
    if not schema_id:
        return None
    return _enum_sections(schema_id).get(field)


_ENUMS: dict = {}


def _enum_sections(schema_id: str) -> dict:
    if schema_id in _ENUMS:
        return _ENUMS[schema_id]
    from ..documents.schemas import default_schemas
    from ..vocabulary import section_for

    schemas = default_schemas()
    out: dict = {}

    def visit(node, path, depth):
        if depth > 12 or not isinstance(node, dict):
            return
        resolved = schemas.resolve(node) if "$ref" in node else node
        if isinstance(resolved.get("enum"), list) and path:
            section = section_for(resolved["enum"])
            if section:
                out[path] = section
                if path.endswith("[]"):
                    out.setdefault(path[:-2], section)
            return
        for key, child in resolved.get("properties", {}).items():
            visit(child, f"{path}.{key}" if path else key, depth + 1)
        if isinstance(resolved.get("items"), dict):
            visit(resolved["items"], path + "[]", depth + 1)
        for key in ("allOf", "anyOf", "oneOf"):
            for child in resolved.get(key, []) or []:
                visit(child, path, depth + 1)

    try:
        visit({"$ref": schema_id}, "", 0)
    except Exception:  # noqa: BLE001 - a schema that cannot be walked only loses the labels
        out = {}
    _ENUMS[schema_id] = out
    return out


def _header(result: dict, rulebook, lang: str) -> Header:
    case, rb = result["case"], result["rulebook"]
    applicant = case.get("applicant") or {}
    kind = applicant.get("kind")
    scheme = label("scheme", case["scheme"], lang) if case.get("scheme") else rb["title"]
    amount = case.get("amount_applied")
    valid_to = fmt.date(rb["valid_to"], lang) if rb.get("valid_to") else word("open", lang)
    document = case.get("kind", "behovsmelding")
    section = "case_kind_2026" if str(case.get("format", "")).endswith("2026.1") else "case_kind_2021"
    return Header(
        case_id=case["id"], file=case["file"], applicant=applicant.get("name"),
        applicant_kind=word(kind, lang) if kind in ("owner", "network") else None,
        owners=tuple(applicant.get("owners", ())),
        document=label(section, document, lang), scheme=scheme,
        grant_year=str(case["grant_year"]) if case.get("grant_year") is not None else None,
        amount_applied=fmt.amount(amount, lang) if amount is not None else None,
        date=fmt.date(case["date"], lang), rulebook_id=rb["id"], rulebook_title=rb["title"],
        rulebook_citation=rb["citation"], rulebook_instrument=rb["instrument"],
        rulebook_status=label("rulebook_status", rb["status"], lang),
        validity=f"{fmt.date(rb['valid_from'], lang)} – {valid_to}",
        text_unverified=not rb["text_verified"], engine=f"{result['engine']['name']} {result['engine']['version']}",
        document_hash=result["document_hash"],
        calls=tuple((word(c["kind"], lang), c["id"], c["citation"], fmt.date(c["date"], lang),
                     f"{fmt.date(c['valid_from'], lang)} – "
                     f"{fmt.date(c['valid_to'], lang) if c.get('valid_to') else word('open', lang)}",
                     not c["text_verified"]) for c in result.get("calls", [])),
        no_call=result.get("calls") == [])


def finding_words(result: dict, finding: dict, rulebook, lang: str) -> dict:
    """One finding in words without building the whole report (for `diff`): its citations (each cited
    provision's text) and a message — the status, the requirement and what decided it."""
    lang = lang_of(lang)
    rule = rulebook.rule_index.get(finding["rule"])
    requirement = rule.requirement.get(lang) if rule else finding["rule"]
    message = finding_message(finding["status"], requirement, finding.get("reasons", []),
                              result["case"].get("schema"), lang)
    from ..findings import cited_text
    citations = [cited_text(result, k) for k in finding["cites"]]
    return {"citations": citations, "message": message}


def finding_message(status: str, requirement: str, reasons: list, schema_id: str | None, lang: str) -> str:
    """A finding's message from its codes: the status, the requirement (already in `lang`) and what decided it
    (`reasons`, the trace, worded by the explainer)."""
    lang = lang_of(lang)
    sentences = Explainer(lang, schema_id).sentences(reasons)
    return " ".join([f"{STATUS[status][lang]}: {requirement}", *sentences])
