"""Schema problems of a case are reported all at once, each with its JSON pointer, its field, what was expected
and what was found, in bokmål (default) or English — on the command line, in JSON and on the web page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from forskrift.cli import main
from forskrift.documents.problems import problems, summary
from forskrift.documents.schemas import SchemaSet
from forskrift.errors import DocumentError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "cases" / "kollektiv-2026" / "behovsmelding-strand-eligible.json"


def _broken() -> dict:
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["case"]["date"] = "2026-13-01"                         # not a date
    doc["case"]["grant_year"] = "2026"                         # text for a number
    doc["case"]["colour"] = "blå"                              # unknown field
    doc["case"]["applicant"]["kind"] = "eier"                  # label instead of code
    doc["case"]["applicant"]["owners"][0]["org_number"] = "12"  # not 9 digits
    del doc["case"]["applicant"]["owners"][0]["type"]          # required field missing
    doc["behovsmelding"]["budget"]["amount_applied"] = -5      # below the minimum
    return doc


EXPECTED_POINTERS = ["/behovsmelding/budget/amount_applied", "/case/applicant/kind",
                     "/case/applicant/owners/0/org_number", "/case/applicant/owners/0/type", "/case/colour",
                     "/case/date", "/case/grant_year"]


@pytest.fixture(scope="module")
def schemas():
    return SchemaSet(ROOT / "schemas")


def test_every_problem_at_once_with_pointer_and_expectation(schemas):
    found = problems(schemas.validator("urn:forskrift:schema:case-2026"), _broken(), "nb")
    assert [p.pointer for p in found] == EXPECTED_POINTERS
    by = {p.pointer: p for p in found}
    assert by["/case/date"].expected == "en dato på formen ÅÅÅÅ-MM-DD"
    assert by["/case/date"].found == 'tekst "2026-13-01"'
    assert by["/case/grant_year"].message.endswith('forventet et heltall, fant tekst "2026".')
    assert by["/case/colour"].code == "unknown_field" and "«colour»" in by["/case/colour"].message
    assert by["/case/applicant/owners/0/type"].code == "required"
    assert "mangler" in by["/case/applicant/owners/0/type"].message
    assert by["/case/applicant/owners/0/org_number"].expected == "9 sifre"
    assert by["/behovsmelding/budget/amount_applied"].expected == "minst 0"
    # enumerated values are shown as codes with their labels from schemas/vocabulary.yaml
    assert '"owner" (eier)' in by["/case/applicant/kind"].expected
    for problem in found:
        assert "is not of type" not in problem.message and "required property" not in problem.message


def test_english_on_request(schemas):
    found = problems(schemas.validator("urn:forskrift:schema:case-2026"), _broken(), "en")
    messages = " ".join(p.message for p in found)
    assert "expected a whole number" in messages and "is missing: the field is required" in messages
    assert summary(7, "en") == "7 problems in the document" and summary(7, "nb") == "7 problemer i dokumentet"


def test_a_missing_case_block_is_one_problem_not_every_kind(schemas):
    """Without `case` every `if kind == ...` of the schema holds vacuously; only the missing block is named."""
    found = problems(schemas.validator("urn:forskrift:schema:case-2021"), {"format": "forskrift-case/2021.1"})
    assert [(p.pointer, p.code) for p in found] == [("/case", "required")]


def test_a_missing_document_of_the_kind_is_named(schemas):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    del doc["behovsmelding"]
    found = problems(schemas.validator("urn:forskrift:schema:case-2026"), doc)
    assert [(p.pointer, p.code) for p in found] == [("/behovsmelding", "required")]


def test_validate_case_raises_with_every_problem(schemas):
    with pytest.raises(DocumentError) as caught:
        schemas.validate_case(_broken(), "sak.json", "nb")
    error = caught.value
    assert error.pointer == EXPECTED_POINTERS[0] and "(7 problemer i dokumentet)" in error.message
    assert [p["pointer"] for p in error.to_json()["problems"]] == EXPECTED_POINTERS


@pytest.mark.parametrize("lang, phrase", [("nb", "forventet et heltall"), ("en", "expected a whole number")])
def test_command_line_lists_every_problem(tmp_path, capsys, lang, phrase):
    path = tmp_path / "sak.json"
    path.write_text(json.dumps(_broken(), ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(path), "--lang", lang]) == 2
    out = capsys.readouterr().out
    for pointer in EXPECTED_POINTERS:
        assert f"  - {pointer}: " in out
    assert phrase in out
    assert main(["check", str(path), "--lang", lang, "--format", "json"]) == 2
    result = json.loads(capsys.readouterr().out)
    assert [p["pointer"] for p in result["error"]["problems"]] == EXPECTED_POINTERS
