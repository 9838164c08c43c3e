"""The overview of a year's cases: one row per case (owner, region, scheme, year, amount applied for, decision,
deciding provisions, open questions) and totals per region, owner and scheme — as CSV or xlsx, streamed.

`case_row(result, document)` is the ONE place a row is made from a check result and its case document (switch
it to the report model when that lands). The writers take rows one at a time (`header`, `row`, `footer`): CSV
writes each row as it comes; xlsx uses openpyxl's write-only mode, so neither holds the batch in memory (the
totals are running sums). The web overview and its export use the same rows.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from pathlib import Path

from .i18n import DECISION, DECISION_DOCUMENT
from .vocabulary import lang_of as _lang

COLUMNS = ("file", "case_id", "kind", "owner", "region", "scheme", "year", "amount_applied", "decision",
           "deciding_provisions", "open_questions")
HEADINGS = {
    "nb": {"file": "Fil", "case_id": "Saks-ID", "kind": "Dokument", "owner": "Eier / søker", "region": "Region",
           "scheme": "Ordning", "year": "År", "amount_applied": "Omsøkt beløp (kr)", "decision": "Resultat",
           "deciding_provisions": "Avgjørende bestemmelser", "open_questions": "Åpne spørsmål",
           "group": "Gruppe", "cases": "Saker", "eligible": "Tilskuddsberettiget",
           "not_eligible": "Ikke tilskuddsberettiget", "undetermined": "Ikke avgjort", "invalid": "Ugyldige filer",
           "invalid_file": "Ugyldig fil",
           "amount_eligible": "Omsøkt beløp, tilskuddsberettigede (kr)", "total": "Sum",
           "by_region": "Per region", "by_owner": "Per eier", "by_scheme": "Per ordning", "rows": "Saker",
           "row_kind": "Rad", "case": "sak", "none": "(ingen)"},
    "nn": {"file": "Fil", "case_id": "Saks-ID", "kind": "Dokument", "owner": "Eigar / søkjar", "region": "Region",
           "scheme": "Ordning", "year": "År", "amount_applied": "Beløp det er søkt om (kr)", "decision": "Resultat",
           "deciding_provisions": "Avgjerande føresegner", "open_questions": "Opne spørsmål",
           "group": "Gruppe", "cases": "Saker", "eligible": "Tilskotsberettiga",
           "not_eligible": "Ikkje tilskotsberettiga", "undetermined": "Ikkje avgjort", "invalid": "Ugyldige filer",
           "invalid_file": "Ugyldig fil",
           "amount_eligible": "Beløp det er søkt om, tilskotsberettiga (kr)", "total": "Sum",
           "by_region": "Per region", "by_owner": "Per eigar", "by_scheme": "Per ordning", "rows": "Saker",
           "row_kind": "Rad", "case": "sak", "none": "(ingen)"},
    "en": {"file": "File", "case_id": "Case id", "kind": "Document", "owner": "Owner / applicant",
           "region": "Region", "scheme": "Scheme", "year": "Year", "amount_applied": "Amount applied for (NOK)",
           "decision": "Decision", "deciding_provisions": "Deciding provisions", "open_questions": "Open questions",
           "group": "Group", "cases": "Cases", "eligible": "Eligible", "not_eligible": "Not eligible",
           "undetermined": "Undetermined", "invalid": "Invalid files", "invalid_file": "Invalid file",
           "amount_eligible": "Amount applied for, eligible (NOK)", "total": "Total",
           "by_region": "By region", "by_owner": "By owner", "by_scheme": "By scheme", "rows": "Cases",
           "row_kind": "Row", "case": "case", "none": "(none)"},
}
SCHEME_2026 = {"nb": "kollektiv kompetanseutvikling (2026)", "nn": "kollektiv kompetanseutvikling (2026)",
               "en": "collective competence development (2026)"}
GROUPS = (("by_region", "region"), ("by_owner", "owner"), ("by_scheme", "scheme"))
TOTAL_COLUMNS = ("group", "cases", "eligible", "not_eligible", "undetermined", "invalid", "amount_applied",
                 "amount_eligible")


def heading(key: str, lang: str) -> str:
    return HEADINGS[_lang(lang)][key]


def read_document(result: dict) -> dict | None:
    """The case document a result was made from (re-read from its file), or None."""
    path = (result.get("case") or {}).get("file") or result.get("file")
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError):
        return None


def _owner(case: dict, document: dict) -> str:
    applicant = case.get("applicant") or {}
    if applicant.get("kind") == "network" and applicant.get("network_name"):
        return applicant["network_name"]
    names = [o.get("name", "") for o in applicant.get("owners", []) if isinstance(o, dict)]
    if names:
        return "; ".join(n for n in names if n)
    for name in ("samarbeidsforum", "langsiktig_plan"):
        forum = document.get(name, {})
        if isinstance(forum, dict) and (forum.get("name") or forum.get("forum")):
            return forum.get("name") or forum.get("forum")
    return case.get("statsforvalter", "")


def _scheme(case: dict, document: dict, lang: str) -> str:
    from .vocabulary import label
    if case.get("scheme"):
        return label("scheme", case["scheme"], _lang(lang))
    if document.get("format") == "forskrift-case/2026.1":
        return SCHEME_2026[_lang(lang)]
    return ""


def _amount(document: dict):
    behovsmelding = document.get("behovsmelding")
    if isinstance(behovsmelding, dict):
        return (behovsmelding.get("budget") or {}).get("amount_applied")
    return None


def row_codes(result: dict, document: dict | None) -> dict:
    """One row of the overview without words: what a result and its document say, as codes and figures (a
    case's open questions as their rule, status, first citation and trace). `row_words` words it in a language;
    the web page keeps these, so that switching its language words them again without checking again."""
    if "error" in result:
        return {"file": result["file"], "status": "invalid", "error": result["error"]["message"]}
    document = document or {}
    case = document.get("case", {}) if isinstance(document.get("case"), dict) else {}
    status = result["decision"]["status"]
    by_rule = {f["rule"]: f for f in result["findings"]}
    citation = result["rulebook"]["citation"]
    deciding = []
    for rule in result["decision"].get("decided_by", []) if status != "eligible" else []:
        finding = by_rule.get(rule)
        text = f"{citation} {finding['cites'][0]}" if finding else rule
        if text not in deciding:
            deciding.append(text)
    open_findings = [{"rule": f["rule"], "status": f["status"], "reasons": f.get("reasons", []),
                      "provision": f"{citation} {f['cites'][0]}"}
                     for f in result["findings"] if f["status"] in ("missing_information", "needs_judgement")]
    return {"file": result["case"]["file"], "case_id": result["case"]["id"],
            "kind": result["case"].get("kind", "behovsmelding"), "owner": _owner(case, document),
            "region": case.get("competence_region", ""), "scheme": case.get("scheme"),
            "format": document.get("format"), "year": result["case"].get("grant_year") or "",
            "amount_applied": _amount(document), "status": status, "deciding_provisions": "; ".join(deciding),
            "rulebook": result["rulebook"]["id"], "schema": result["case"].get("schema"), "open": open_findings}


def row_words(codes: dict, lang: str = "nb", rulebook=None) -> dict:
    """A row of `row_codes` in words (`rulebook`: the one its open questions' requirements are read from; None
    words them by rule id)."""
    lang = _lang(lang)
    if codes["status"] == "invalid":
        return {"file": codes["file"], "case_id": "", "kind": "", "owner": "", "region": "", "scheme": "",
                "year": "", "amount_applied": None, "decision": heading("invalid_file", lang), "status": "invalid",
                "deciding_provisions": codes["error"], "open_questions": ""}
    labels = DECISION if codes["kind"] == "behovsmelding" else DECISION_DOCUMENT
    open_questions = []
    if codes["open"]:     # worded by the report model, in the overview's language
        from .report.model import finding_message
        index = rulebook.rule_index if rulebook is not None else {}
        for f in codes["open"]:
            rule = index.get(f["rule"])
            requirement = rule.requirement.get(lang) if rule else f["rule"]
            message = finding_message(f["status"], requirement, f["reasons"], codes["schema"], lang)
            open_questions.append(f"{f['provision']}: {message}")
    scheme = _scheme({"scheme": codes["scheme"]}, {"format": codes["format"]}, lang)
    return {"file": codes["file"], "case_id": codes["case_id"], "kind": codes["kind"], "owner": codes["owner"],
            "region": codes["region"], "scheme": scheme, "year": codes["year"],
            "amount_applied": codes["amount_applied"], "decision": labels[codes["status"]][lang],
            "status": codes["status"], "deciding_provisions": codes["deciding_provisions"],
            "open_questions": " | ".join(open_questions)}


def case_row(result: dict, document: dict | None, lang: str = "nb") -> dict:
    """One row of the overview from a check result (and its document, for owner, region and amount)."""
    codes = row_codes(result, document)
    rulebook = None
    if codes.get("open"):     # the rulebook is read only for the requirements of open questions
        from .report.model import rulebook_of
        rulebook = rulebook_of(result)
    return row_words(codes, lang, rulebook)


class Totals:
    """Running totals per region, owner and scheme; the headings of their decision columns say the decision words
    of the kinds of document counted (a recommendation or a letter in order is not «tilskuddsberettiget»)."""

    def __init__(self):
        self.groups = {key: defaultdict(lambda: defaultdict(int)) for key, _ in GROUPS}
        self.kinds: set[str] = set()

    def heading(self, column: str, lang: str) -> str:
        """A totals column's heading: for the decision columns, in the words of the documents counted — those
        of a behovsmelding, those of other documents («I orden»), or both joined when the batch mixes them."""
        if column not in ("eligible", "not_eligible") or not self.kinds - {"behovsmelding"}:
            return heading(column, lang)
        other = DECISION_DOCUMENT[column][_lang(lang)]
        if "behovsmelding" not in self.kinds:
            return other
        return f"{heading(column, lang)} / {other[:1].lower()}{other[1:]}"

    def add(self, row: dict):
        if row.get("kind"):
            self.kinds.add(row["kind"])
        for key, column in GROUPS:
            names = [row[column]] if column != "owner" else [n for n in str(row["owner"]).split("; ")]
            for name in names or [""]:
                bucket = self.groups[key][name]
                bucket["cases"] += 1
                bucket[row["status"]] += 1
                amount = row["amount_applied"] or 0
                bucket["amount_applied"] += amount
                if row["status"] == "eligible":
                    bucket["amount_eligible"] += amount

    def rows(self, key: str, lang: str) -> list[list]:
        out = []
        total = defaultdict(int)
        for name in sorted(self.groups[key], key=str):
            bucket = self.groups[key][name]
            out.append([name or heading("none", lang)] + [bucket[c] for c in TOTAL_COLUMNS[1:]])
            for c in TOTAL_COLUMNS[1:]:
                total[c] += bucket[c]
        if key == "by_region" or key == "by_scheme":
            out.append([heading("total", lang)] + [total[c] for c in TOTAL_COLUMNS[1:]])
        return out


class CsvOverview:
    """CSV: the header, one line per case as it comes, then the totals (each line says what it is)."""

    def __init__(self, out, lang: str = "nb"):
        self.lang = _lang(lang)
        self.writer = csv.writer(out, lineterminator="\n")
        self.out = out
        self.totals = Totals()

    def header(self):
        self.writer.writerow([heading("row_kind", self.lang)] + [heading(c, self.lang) for c in COLUMNS])

    def row(self, row: dict):
        self.totals.add(row)
        self.writer.writerow([heading("case", self.lang)] + [_cell(row[c]) for c in COLUMNS])
        self.out.flush()

    def footer(self):
        for key, _column in GROUPS:
            self.writer.writerow([])
            self.writer.writerow([heading(key, self.lang)] + [self.totals.heading(c, self.lang)
                                                              for c in TOTAL_COLUMNS])
            for line in self.totals.rows(key, self.lang):
                self.writer.writerow([heading(key, self.lang)] + line)


class XlsxOverview:
    """xlsx (openpyxl write-only): a sheet of cases written row by row, then one sheet per kind of total."""

    def __init__(self, target, lang: str = "nb"):
        from openpyxl import Workbook
        self.lang = _lang(lang)
        self.target = target
        self.wb = Workbook(write_only=True)
        self.sheet = self.wb.create_sheet(heading("rows", self.lang))
        self.totals = Totals()

    def header(self):
        self.sheet.freeze_panes = "A2"
        self.sheet.append([heading(c, self.lang) for c in COLUMNS])

    def row(self, row: dict):
        self.totals.add(row)
        self.sheet.append([_cell(row[c]) for c in COLUMNS])

    def footer(self):
        for key, _column in GROUPS:
            ws = self.wb.create_sheet(heading(key, self.lang))
            ws.append([self.totals.heading(c, self.lang) for c in TOTAL_COLUMNS])
            for line in self.totals.rows(key, self.lang):
                ws.append(line)
        self.wb.save(self.target)


def _cell(value):
    return "" if value is None else value


def write(results, fmt: str, target, lang: str = "nb") -> None:
    """Write the overview of results (an iterable, consumed one at a time) as csv (target: a text stream)
    or xlsx (target: a path or a binary stream)."""
    writer = CsvOverview(target, lang) if fmt == "csv" else XlsxOverview(target, lang)
    writer.header()
    for result in results:
        writer.row(case_row(result, read_document(result) if "error" not in result else None, lang))
    writer.footer()


def csv_text(rows: list[dict], lang: str = "nb") -> str:
    """The CSV of rows already made (the web page's export)."""
    out = io.StringIO()
    writer = CsvOverview(out, lang)
    writer.header()
    for row in rows:
        writer.row(row)
    writer.footer()
    return out.getvalue()


def xlsx_bytes(rows: list[dict], lang: str = "nb") -> bytes:
    out = io.BytesIO()
    writer = XlsxOverview(out, lang)
    writer.header()
    for row in rows:
        writer.row(row)
    writer.footer()
    return out.getvalue()


__all__ = ["case_row", "row_codes", "row_words", "write", "csv_text", "xlsx_bytes", "COLUMNS", "heading", "Totals",
           "read_document"]
