"""POST /judge (forskrift/web/judging.py): judgements recorded from the form, the decision made again, the
judgement document and the draft letter downloaded; bad input answered with a message, never a traceback."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from forskrift import judgements
from forskrift.web.app import create_app
from forskrift.web.judging import new_entries

ROOT = Path(__file__).resolve().parent.parent
EIGERSUND = ROOT / "cases" / "lokal-2021" / \
    "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json"
SOLA = ROOT / "cases" / "lokal-2021" / "desentralisert-sola-partnerskap-mangler-undetermined.json"


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def _form(case: Path, action: str, **fields) -> dict:
    return {"case_name": case.name, "case_text": case.read_text(encoding="utf-8"), "action": action,
            "lang": "nb", **fields}


def _met_both(by="KN") -> dict:
    return {"by": by, "conclusion-3.3c2-laererutdanning": "met", "reason-3.3c2-laererutdanning": "Beskrevet.",
            "conclusion-7.2-ledd4-koordinator": "met", "reason-7.2-ledd4-koordinator": "Begrenset omfang."}


def _post(client, data):
    return client.post("/judge", data=data, files={"unused": ("x", b"")})


def test_the_result_page_offers_judging_and_letters(client):
    page = client.post("/check", files={"files": (EIGERSUND.name, EIGERSUND.read_bytes(), "application/json")}).text
    assert page.count('<fieldset class="judge">') == 2
    assert 'name="conclusion-7.2-ledd4-koordinator"' in page and 'value="letter_docx"' in page


def test_recompute_with_judgements(client):
    response = _post(client, _form(EIGERSUND, "recompute", **_met_both()))
    assert response.status_code == 200
    assert "Tilskuddsberettiget" in response.text and "2 vurderinger brukt" in response.text
    assert '<fieldset class="judge">' not in response.text
    assert "Begrenset omfang." in response.text


def test_download_the_judgements_then_use_them(client):
    response = _post(client, _form(EIGERSUND, "judgements", **_met_both()))
    assert response.headers["content-disposition"].endswith(f'{EIGERSUND.stem}{judgements.SUFFIX}"')
    saved = judgements.validate(response.json(), "download")
    assert [j["conclusion"] for j in saved["judgements"]] == ["met", "met"]
    # sent back with the page: applied, and a new judgement on top is refused for a closed finding
    again = _post(client, _form(EIGERSUND, "recompute", judgements=json.dumps(saved), **_met_both()))
    assert again.status_code == 400 and "only an open finding" in again.text
    letter = _post(client, _form(EIGERSUND, "letter_docx", judgements=json.dumps(saved), letter_lang="nn"))
    assert letter.status_code == 200
    assert letter.headers["content-type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "Vedtak om tilskot – tilsegn" in text and "Begrenset omfang." in text


def test_information_received_from_the_form(client):
    partnerskap = json.loads((ROOT / "cases" / "lokal-2021" / "judgements" /
                              (SOLA.stem + judgements.SUFFIX)).read_text(encoding="utf-8"))
    value = partnerskap["judgements"][0]["values"][0]["value"]
    data = _form(SOLA, "letter_html", by="OH", **{
        "conclusion-3.3c1-partnerskap-uh": "information_received",
        "reason-3.3c1-partnerskap-uh": "Avtalen ble ettersendt.",
        "values-3.3c1-partnerskap-uh": "/partnerskap = " + json.dumps(value)})
    response = _post(client, data)
    assert response.status_code == 200 and "Vedtak om tilskudd – tilsagn" in response.text
    assert "Opplysninger mottatt: Avtalen ble ettersendt." in response.text


@pytest.mark.parametrize(("fields", "message"), [
    ({"conclusion-7.2-ledd4-koordinator": "met", "by": "KN"}, "write the reason"),
    ({"conclusion-7.2-ledd4-koordinator": "met", "reason-7.2-ledd4-koordinator": "x"}, "who concludes"),
    ({"conclusion-7.2-ledd4-koordinator": "perhaps", "reason-7.2-ledd4-koordinator": "x", "by": "KN"},
     "unknown conclusion"),
    ({"conclusion-3.3c2-laererutdanning": "information_received", "reason-3.3c2-laererutdanning": "x",
      "values-3.3c2-laererutdanning": "partnerskap = 1", "by": "KN"}, "expected /json/pointer"),
    ({"conclusion-1.2-1-malgruppe": "met", "reason-1.2-1-malgruppe": "x", "by": "KN"}, "only an open finding"),
    ({"judgements": "{}"}, "not a judgement document"),
    ({"action": "launch"}, "unknown action"),
])
def test_bad_forms_get_a_message(client, fields, message):
    data = _form(EIGERSUND, "recompute") | fields
    response = _post(client, data)
    assert response.status_code == 400
    assert message in response.text


def test_judgements_for_another_version_of_the_case_are_refused(client):
    saved = _post(client, _form(EIGERSUND, "judgements", **_met_both())).json()
    changed = json.loads(EIGERSUND.read_text(encoding="utf-8"))
    changed["behovsmelding"]["budget"]["lines"][4]["amount"] = 150000
    data = _form(EIGERSUND, "recompute", judgements=json.dumps(saved)) | {"case_text": json.dumps(changed)}
    response = _post(client, data)
    assert response.status_code == 400 and "another version" in response.text


def test_a_letter_for_a_case_that_is_not_an_application_is_refused(client):
    innstilling = ROOT / "cases" / "lokal-2021" / "innstilling-desentralisert-rogaland-2024-eligible.json"
    response = _post(client, _form(innstilling, "letter_docx"))
    assert response.status_code == 400 and "answers an application" in response.text


def test_new_entries_reads_only_chosen_conclusions():
    form = {"by": "KN", "conclusion-a": "", "conclusion-b": "not_met", "reason-b": "Nei."}
    assert new_entries(form) == [{"rule": "b", "conclusion": "not_met", "reason": "Nei.", "values": [],
                                  "by": "KN"}]
    assert new_entries({"conclusion-a": ""}) == []


def test_the_page_words_of_judging_are_their_own():
    """No key of the judging words is taken by another page's words (WORDS.update would hide it)."""
    from forskrift.web.impact_words import IMPACT_WORDS
    from forskrift.web.words import words
    assert words("nb")("judge_reason") == "Begrunnelse"
    assert "judge_reason" not in IMPACT_WORDS
