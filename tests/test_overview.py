"""`forskrift check DIR --format csv|xlsx`: one row per case with owner, region, scheme, year, amount applied for,
decision, deciding provisions and open questions, and totals per region, owner and scheme that add up."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from forskrift.cli import main

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "cases" / "kollektiv-2026"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def _cases():
    return sorted(FOLDER.glob("*.json"))


def _csv(capsys, *argv) -> tuple[int, list[list[str]]]:
    code = main(["check", *argv, "--format", "csv"])
    return code, list(csv.reader(io.StringIO(capsys.readouterr().out)))


def test_csv_has_one_row_per_case_with_its_facts(capsys, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "forskrift-case/2026.1", "case": {"id": "x"}}', encoding="utf-8")
    code, rows = _csv(capsys, "cases/kollektiv-2026", str(broken))
    assert code == 2                                           # an invalid file, as for the other formats
    header = rows[0]
    assert header[:12] == ["Rad", "Fil", "Saks-ID", "Dokument", "Eier / søker", "Region", "Ordning", "År",
                           "Omsøkt beløp (kr)", "Resultat", "Avgjørende bestemmelser", "Åpne spørsmål"]
    cases = [dict(zip(header, r, strict=True)) for r in rows[1:] if r and r[0] == "sak"]
    assert len(cases) == len(_cases()) + 1
    by_id = {c["Saks-ID"]: c for c in cases}
    strand = by_id["ROG-2026-BM-MIDT-002-ok"]
    assert (strand["Eier / søker"], strand["Region"], strand["År"], strand["Omsøkt beløp (kr)"],
            strand["Resultat"]) == ("Strand kommune", "Midt", "2026", "350000", "Tilskuddsberettiget")
    refused = by_id["ROG-2026-BM-MIDT-083-fagskole-not-binding"]
    assert refused["Resultat"] == "Ikke tilskuddsberettiget" and refused["Avgjørende bestemmelser"].endswith("§ 1")
    open_case = by_id["ROG-2026-BM-SØR-006-partnerskap-mangler"]
    assert "Mangler opplysninger" in open_case["Åpne spørsmål"] and "§ 11" in open_case["Avgjørende bestemmelser"]
    network = by_id["ROG-2026-BM-MIDT-009-ok"]
    assert network["Eier / søker"] == "Ryfylke og Jæren midt-nettverk"
    assert [c for c in cases if c["Fil"] == str(broken)][0]["Resultat"] == "Ugyldig fil"


def test_totals_add_up(capsys):
    _code, rows = _csv(capsys, "cases/kollektiv-2026")
    header = rows[0]
    cases = [dict(zip(header, r, strict=True)) for r in rows[1:] if r and r[0] == "sak"]
    applied = sum(int(c["Omsøkt beløp (kr)"] or 0) for c in cases)
    eligible = sum(int(c["Omsøkt beløp (kr)"] or 0) for c in cases if c["Resultat"] == "Tilskuddsberettiget")
    regions = [r for r in rows if r and r[0] == "Per region" and r[1] not in ("Gruppe",)]
    total = [r for r in regions if r[1] == "Sum"][0]
    assert int(total[2]) == len(cases) and int(total[7]) == applied and int(total[8]) == eligible
    midt = [r for r in regions if r[1] == "Midt"][0]
    assert int(midt[7]) == sum(int(c["Omsøkt beløp (kr)"] or 0) for c in cases if c["Region"] == "Midt")
    owners = {r[1]: r for r in rows if r and r[0] == "Per eier" and r[1] != "Gruppe"}
    assert int(owners["Strand kommune"][7]) == 2 * 350000   # the example and its variant with Statped as partner
    schemes = [r for r in rows if r and r[0] == "Per ordning" and r[1] == "kollektiv kompetanseutvikling (2026)"]
    assert int(schemes[0][2]) == len(cases)


def test_xlsx_has_the_same_rows_and_total_sheets(capsys, tmp_path):
    _code, rows = _csv(capsys, "cases/kollektiv-2026")
    out = tmp_path / "oversikt.xlsx"
    main(["check", "cases/kollektiv-2026", "--format", "xlsx", "-o", str(out)])
    wb = load_workbook(out)
    assert wb.sheetnames == ["Saker", "Per region", "Per eier", "Per ordning"]
    sheet = [[("" if v is None else str(v)) for v in r] for r in wb["Saker"].iter_rows(values_only=True)]
    assert sheet[0] == rows[0][1:]
    assert sheet[1:] == [r[1:] for r in rows[1:] if r and r[0] == "sak"]
    region_rows = list(wb["Per region"].iter_rows(values_only=True))
    assert region_rows[-1][0] == "Sum" and region_rows[-1][1] == len(sheet) - 1


def test_xlsx_needs_an_output_file(capsys):
    assert main(["check", "cases/kollektiv-2026", "--format", "xlsx"]) == 2
    assert "needs -o" in capsys.readouterr().err


def test_english_headings(capsys):
    _code, rows = _csv(capsys, "cases/kollektiv-2026/behovsmelding-strand-eligible.json", "--lang", "en")
    assert rows[0][1:4] == ["File", "Case id", "Document"] and rows[1][9] == "Eligible"


def test_nynorsk_headings_and_decisions(capsys):
    gjesdal = "cases/kollektiv-2026/behovsmelding-gjesdal-fagskole-uten-forpliktende-avtale-not-eligible.json"
    _code, rows = _csv(capsys, gjesdal, "--lang", "nn")
    assert rows[0][4:6] == ["Eigar / søkjar", "Region"] and rows[0][10:12] == ["Avgjerande føresegner", "Opne spørsmål"]
    assert rows[1][9] == "Ikkje tilskotsberettiga" and "Manglar opplysningar: Behovsmeldinga bør seie" in rows[1][11]


def test_totals_headings_say_the_decision_words_of_the_documents_counted():
    from forskrift.overview import Totals
    row = {"region": "Sør", "owner": "Sandnes kommune", "scheme": "x", "status": "eligible", "amount_applied": 1}
    only_needs, only_letters, mixed = Totals(), Totals(), Totals()
    only_needs.add(dict(row, kind="behovsmelding"))
    only_letters.add(dict(row, kind="tilsagnsbrev"))
    mixed.add(dict(row, kind="behovsmelding"))
    mixed.add(dict(row, kind="innstilling"))
    assert only_needs.heading("eligible", "nb") == "Tilskuddsberettiget"
    assert only_letters.heading("eligible", "nb") == "I orden"
    assert only_letters.heading("not_eligible", "nn") == "Ikkje i orden"
    assert mixed.heading("eligible", "nb") == "Tilskuddsberettiget / i orden"
    assert mixed.heading("not_eligible", "en") == "Not eligible / not in order"
    assert mixed.heading("undetermined", "nb") == "Ikke avgjort"


def test_csv_totals_of_a_mixed_year_use_both_words(capsys):
    _code, rows = _csv(capsys, "cases/lokal-2021")     # behovsmeldinger, innstillinger, tilsagnsbrev, plans
    headings = [r for r in rows if r and r[1] == "Gruppe"]
    assert headings and all("Tilskuddsberettiget / i orden" in r and "Ikke tilskuddsberettiget / ikke i orden" in r
                            for r in headings)
