"""The intake workbook: made from the schemas (every field has Norwegian words, enumerations get drop-down
lists), filled from each shipped behovsmelding example it imports back to the same document that checks the
same; a workbook with mistakes reports every one of them at once by sheet, cell and JSON pointer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.intake.importer import ImportFailed, import_workbook, read_workbook
from forskrift.intake.layout import Layout
from forskrift.intake.template import build

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [p for folder in ("lokal-2021", "kollektiv-2026") for p in sorted((ROOT / "cases" / folder).glob("*.json"))
            if json.loads(p.read_text(encoding="utf-8"))["case"].get("kind", "behovsmelding")
            in ("behovsmelding", "langsiktig_plan")]
STRAND = ROOT / "cases" / "kollektiv-2026" / "behovsmelding-strand-eligible.json"


def _year(doc: dict) -> int:
    return 2021 if doc["format"] == "forskrift-case/2021.1" else 2026


def _filled(tmp_path, source: Path, lang: str = "nb") -> Path:
    doc = json.loads(source.read_text(encoding="utf-8"))
    out = tmp_path / (source.stem + ".xlsx")
    build(Layout(_year(doc), lang), doc).save(out)
    return out


def test_the_examples_cover_both_years():
    years = [_year(json.loads(p.read_text(encoding="utf-8"))) for p in EXAMPLES]
    assert years.count(2021) >= 10 and years.count(2026) >= 4


@pytest.fixture(scope="module")
def checker():
    return Checker()


@pytest.mark.parametrize("source", EXAMPLES, ids=lambda p: p.stem)
def test_a_filled_template_imports_to_the_same_case(tmp_path, checker, source):
    original = json.loads(source.read_text(encoding="utf-8"))
    imported = import_workbook(_filled(tmp_path, source))
    assert imported == original
    before = checker.check_document(original, "case.json")
    after = checker.check_document(imported, "case.json")
    assert after["decision"] == before["decision"]
    statuses = [(f["rule"], f["status"]) for f in before["findings"]]
    assert [(f["rule"], f["status"]) for f in after["findings"]] == statuses


@pytest.mark.parametrize("year", [2021, 2026])
@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_field_has_words_and_enumerations_have_lists(tmp_path, year, lang):
    layout = Layout(year, lang)
    assert layout.missing_words == [], "add headings for these fields to schemas/form-labels.yaml"
    out = tmp_path / "mal.xlsx"
    build(layout).save(out)
    wb = load_workbook(out)
    assert wb["_forskrift"].sheet_state == "hidden"
    eiere = wb[{"nb": "Eiere", "nn": "Eigarar", "en": "Owners"}[lang]]
    formulas = [dv.formula1 for dv in eiere.data_validations.dataValidation]
    assert any("Lister" in f for f in formulas)            # owner type: a drop-down list
    lists = wb["Lister"]
    values = {c.value for row in lists.iter_rows() for c in row if c.value}
    if lang == "nb":
        assert {"kommune", "privat barnehageeier"} <= values              # labels, not codes
    form = wb[{"nb": "Behovsmelding", "nn": "Behovsmelding", "en": "Behovsmelding"}[lang]]
    assert any('"ja,nei"' == dv.formula1 or '"yes,no"' == dv.formula1
               for dv in form.data_validations.dataValidation)         # yes/no fields


def test_a_template_with_mistakes_reports_every_one_by_cell(tmp_path):
    out = _filled(tmp_path, STRAND)
    wb = load_workbook(out)
    sak, eiere, budsjett, tiltak, form = wb["Sak"], wb["Eiere"], wb["Budsjett"], wb["Tiltak"], wb["Behovsmelding"]
    rows = {sak.cell(row=r, column=4).value: r for r in range(2, sak.max_row + 1)}
    sak.cell(row=rows["case/id"], column=2).value = None                           # required, left empty
    columns = {eiere.cell(row=2, column=c).value: c for c in range(1, eiere.max_column + 1)}
    eiere.cell(row=4, column=columns["case/applicant/owners/*/type"]).value = "kommunen"   # not in the list
    columns = {budsjett.cell(row=2, column=c).value: c for c in range(1, budsjett.max_column + 1)}
    budsjett.cell(row=5, column=columns["behovsmelding/budget/lines/*/amount"]).value = "tre hundre"
    columns = {tiltak.cell(row=2, column=c).value: c for c in range(1, tiltak.max_column + 1)}
    tiltak.cell(row=4, column=columns["behovsmelding/measures/*/start"]).value = "31.02.2026"
    rows = {form.cell(row=r, column=4).value: r for r in range(2, form.max_row + 1)}
    form.cell(row=rows["behovsmelding/needs_assessment/employees_involved"], column=2).value = "kanskje"
    wb.save(out)
    document, problems = read_workbook(out)
    found = {(p.sheet, p.cell, p.pointer) for p in problems}
    assert ("Sak", f"B{rows_of(sak)['case/id']}", "/case/id") in found
    assert ("Eiere", f"{col(eiere, 'case/applicant/owners/*/type')}4", "/case/applicant/owners/0/type") in found
    assert ("Budsjett", f"{col(budsjett, 'behovsmelding/budget/lines/*/amount')}5",
            "/behovsmelding/budget/lines/1/amount") in found
    assert ("Tiltak", f"{col(tiltak, 'behovsmelding/measures/*/start')}4", "/behovsmelding/measures/0/start") in found
    assert ("Behovsmelding", f"B{rows['behovsmelding/needs_assessment/employees_involved']}",
            "/behovsmelding/needs_assessment/employees_involved") in found
    assert len(problems) == 5, [str(p) for p in problems]
    text = "\n".join(map(str, problems))
    assert "forventet én av verdiene i listen" in text and "fant «kommunen»" in text
    assert "forventet en dato (ÅÅÅÅ-MM-DD), fant «31.02.2026»" in text
    assert "forventet ja eller nei, fant «kanskje»" in text
    with pytest.raises(ImportFailed) as caught:
        import_workbook(out)
    assert len(caught.value.import_problems) == len(problems)


def rows_of(ws) -> dict:
    return {ws.cell(row=r, column=4).value: r for r in range(2, ws.max_row + 1)}


def col(ws, key: str) -> str:
    return next(ws.cell(row=2, column=c).column_letter for c in range(1, ws.max_column + 1)
                if ws.cell(row=2, column=c).value == key)


def test_command_line_template_and_import(tmp_path, capsys):
    template = tmp_path / "mal.xlsx"
    assert main(["template", "--year", "2026", "-o", str(template), "--from", str(STRAND)]) == 0
    assert main(["import", str(template), "-o", str(tmp_path)]) == 0
    imported = json.loads((tmp_path / "mal.json").read_text(encoding="utf-8"))
    assert imported == json.loads(STRAND.read_text(encoding="utf-8"))
    empty = tmp_path / "tom.xlsx"
    assert main(["template", "--year", "2021", "-o", str(empty)]) == 0
    capsys.readouterr()
    assert main(["import", str(empty), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "Sak!B" in err and "(/case/id)" in err and "mangler" in err
    assert not (tmp_path / "tom.json").exists()
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_bytes(b"not a zip")
    assert main(["import", str(not_a_workbook)]) == 2
    assert "kan ikke lese arbeidsboken" in capsys.readouterr().err
