"""End to end in Chromium, as tests/test_web_e2e.py (whose server, browser and page fixtures this uses): upload
an undetermined case, record the caseworker's judgements on its open findings, see the decision made again,
download the judgement document, and download the draft decision letter in Word (nynorsk) and HTML."""

from __future__ import annotations

import io
import json

import docx
import pytest
from test_web_e2e import ROOT, browser, page, server, submit  # noqa: F401 - fixtures of the browser tests

from forskrift import judgements

EIGERSUND = ROOT / "cases" / "lokal-2021" / \
    "kompetanseloftet-eigersund-koordinator-over-10-prosent-needs-judgement.json"
OPEN_RULES = ("3.3c2-laererutdanning", "7.2-ledd4-koordinator")


def _post(tab, action: str):
    with tab.expect_navigation(wait_until="load"):
        tab.click(f".judge-actions button[value='{action}']")


def test_record_judgements_and_download_the_letter(server, page):  # noqa: F811
    url, log = server
    page.goto(url + "/")
    page.set_input_files("#files", str(EIGERSUND))
    submit(page)
    assert page.locator(".banner").inner_text().strip() == "Ikke avgjort – krever saksbehandlers vurdering"
    assert page.locator("fieldset.judge").count() == len(OPEN_RULES)

    page.fill(".judge-actions input[name='by']", "Kari Nordmann")
    for rule in OPEN_RULES:
        page.select_option(f"select[name='conclusion-{rule}']", "met")
        page.fill(f"textarea[name='reason-{rule}']", f"Vurdert som oppfylt ({rule}): avtalen og budsjettet viser det.")
    _post(page, "recompute")
    assert page.locator(".banner").inner_text().strip() == "Tilskuddsberettiget"
    concluded = page.locator("[id='case-1-judge-7.2-ledd4-koordinator'] .caseworker")
    assert "Saksbehandlers vurdering: Oppfylt" in concluded.inner_text()
    assert "(7.2-ledd4-koordinator)" in concluded.inner_text() and "Kari Nordmann" in concluded.inner_text()
    assert page.locator("fieldset.judge").count() == 0
    assert "2 vurderinger brukt" in page.locator(".judge-actions").inner_text()

    with page.expect_download() as caught:
        page.click(".judge-actions button[value='judgements']")
    saved = json.loads(caught.value.path().read_text(encoding="utf-8"))
    assert caught.value.suggested_filename.endswith(judgements.SUFFIX)
    judgements.validate(saved, "download")
    assert [j["rule"] for j in saved["judgements"]] == list(OPEN_RULES)
    assert {j["by"] for j in saved["judgements"]} == {"Kari Nordmann"}

    page.select_option(".judge-actions select[name='letter_lang']", "nn")
    with page.expect_download() as caught:
        page.click(".judge-actions button[value='letter_docx']")
    assert caught.value.suggested_filename == "vedtak-ROG-2025-KOMPL-SOR-004-nn.docx"
    letter = docx.Document(io.BytesIO(caught.value.path().read_bytes()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Vedtak om tilskot – tilsegn" in text
    assert "Vurderinga til sakshandsamaren: Oppfylt: Vurdert som oppfylt (7.2-ledd4-koordinator)" in text
    assert "forvaltningslova § 29" in text

    page.select_option(".judge-actions select[name='letter_lang']", "")
    with page.expect_download() as caught:
        page.click(".judge-actions button[value='letter_html']")
    html = caught.value.path().read_text(encoding="utf-8")
    assert "Vedtak om tilskudd – tilsagn" in html and "Kari Nordmann" in html
    assert "Kari Nordmann" not in log.read_text(errors="replace")        # the server logs no case data


@pytest.mark.parametrize("lang", ["nb"])
def test_an_undetermined_letter_from_the_page_lists_what_is_open(server, page, lang):  # noqa: F811
    url, _ = server
    page.goto(url + f"/?lang={lang}")
    page.set_input_files("#files", str(EIGERSUND))
    submit(page)
    with page.expect_download() as caught:
        page.click(".judge-actions button[value='letter_docx']")
    letter = docx.Document(io.BytesIO(caught.value.path().read_bytes()))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Saken er ikke avgjort" in text and "Dette brevet er ikke et vedtak" in text
    assert "Klageadgang" not in text
