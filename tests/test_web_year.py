"""The overview, allocation and case-form pages through FastAPI's test client (the browser tests drive them in
tests/test_web_year_e2e.py): the same rows as the command line, exports, problems beside their fields."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from forskrift.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_2026 = sorted((ROOT / "cases" / "kollektiv-2026").glob("*.json"))
STRAND = ROOT / "cases" / "kollektiv-2026" / "behovsmelding-strand-eligible.json"


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def _files(paths):
    return [("files", (p.name, p.read_bytes(), "application/json")) for p in paths]


def test_pages_answer(client):
    for path in ("/overview", "/allocation", "/form", "/form?year=2021", "/overview?lang=en"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'class="skip-link" href="#main"' in response.text


def test_overview_rows_and_exports(client):
    page = client.post("/overview", data={"lang": "nb"}, files=_files(EXAMPLES_2026)).text
    assert page.count('<tr data-decision=') == len(EXAMPLES_2026)
    assert 'aria-sort="none"' in page and "Strand kommune" in page and "350 000" in page
    exported = client.post("/overview/export", params={"format": "csv"},
                           data={"lang": "nb", "shipped": "examples-2026"}).text
    rows = list(csv.reader(io.StringIO(exported)))
    assert sum(1 for r in rows if r and r[0] == "sak") == len(EXAMPLES_2026)
    xlsx = client.post("/overview/export", params={"format": "xlsx"}, data={"lang": "nb", "shipped": "examples-2026"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Saker", "Per region", "Per eier", "Per ordning"]


def test_overview_without_cases_says_so(client):
    response = client.post("/overview", data={"lang": "nb"})
    assert response.status_code == 400 and 'role="alert"' in response.text


def test_allocation_page_checks_its_proposal(client):
    page = client.post("/allocation", data={"lang": "nb", "shipped": "corpus-2026",
                                            "plan_name": "ROG-2026-LANGSIKTIG-PLAN.json", "frame": "68000000",
                                            "bound": "4000000", "set_aside": "10",
                                            "presented_on": "2026-03-05"}).text
    assert "Forslaget kontrollert mot regelverket: <strong>I orden</strong>" in page
    assert 'id="per-region"' in page and 'id="per-owner"' in page and "Bjerkreim kommune" in page
    assert "tilretteleggingsmidler 10 %" in page


def test_allocation_needs_one_plan(client):
    response = client.post("/allocation", data={"lang": "nb", "shipped": "corpus-2026", "frame": "1000"})
    assert response.status_code == 400 and "ROG-2026-LANGSIKTIG-PLAN-UTKAST-OKTOBER.json" in response.text


def test_form_shows_every_problem_beside_its_field(client):
    page = client.post("/form", data={"lang": "nb", "year": "2026", "action": "check",
                                      "case/date": "31.02.2026", "behovsmelding/budget/amount_applied": "mye"}).text
    assert page.count('class="field-problem"') >= 4
    assert 'aria-invalid="true"' in page
    assert ": forventet en dato (ÅÅÅÅ-MM-DD), fant «31.02.2026»." in page
    assert "mangler: feltet må fylles ut." in page


def test_form_loads_a_case_and_downloads_it_unchanged(client):
    loaded = client.post("/form", data={"lang": "nb"},
                         files=[("load", ("sak.json", STRAND.read_bytes(), "application/json"))]).text
    assert 'id="form-ok"' in loaded
    # send the form back as the browser would, asking for the JSON
    values = _form_values(loaded, "case-form")
    values["action"] = "download"
    response = client.post("/form", data=values)
    assert response.headers["content-type"].startswith("application/json")
    assert json.loads(response.text) == json.loads(STRAND.read_text(encoding="utf-8"))


def _form_values(html: str, form_id: str) -> dict:
    """The values a browser sends for a form: its inputs and the selected option of each select."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values, self.inside, self.select = {}, False, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form":
                self.inside = a.get("id") == form_id
            elif self.inside and tag == "input" and a.get("name") and a.get("type") != "file":
                self.values[a["name"]] = a.get("value", "")
            elif self.inside and tag == "select":
                self.select = a.get("name")
            elif self.inside and tag == "option" and self.select and "selected" in a:
                self.values[self.select] = a.get("value") or "\0"

        def handle_data(self, data):
            if self.select and self.values.get(self.select) == "\0":
                self.values[self.select] = data

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "form":
                self.inside = False

    parser = Parser()
    parser.feed(html)
    return parser.values


def test_form_adds_a_row(client):
    page = client.post("/form", data={"lang": "nb", "year": "2026", "action": "add:behovsmelding/measures",
                                      "rows:behovsmelding/measures": "1"}).text
    assert 'name="rows:behovsmelding/measures" value="2"' in page


def test_impact_page_shows_kroner_and_groups_files_not_compared(client):
    from forskrift.analysis.diff import diff
    expected = diff("lokal-2021", "kollektiv-2026", ["cases/corpus"])
    amounts = {}
    for path in (ROOT / "cases" / "corpus").rglob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))
        amount = (doc.get("behovsmelding") or {}).get("budget", {}).get("amount_applied")
        if amount is not None:
            amounts["cases/corpus/" + path.relative_to(ROOT / "cases" / "corpus").as_posix()] = amount
    gained = sum(amounts.get(c["file"], 0) for c in expected["cases"]
                 if c["decision_changed"] and c["decision"]["to"] == "eligible")
    lost = sum(amounts.get(c["file"], 0) for c in expected["cases"]
               if c["decision_changed"] and c["decision"]["from"] == "eligible")
    assert gained and lost
    page = client.post("/impact", data={"lang": "nb", "from": "lokal-2021", "to": "kollektiv-2026",
                                        "shipped": "corpus"}).text
    kr = lambda n: f"{n:,}".replace(",", " ") + " kr"   # noqa: E731
    assert f"tilskuddsberettiget: <strong>{kr(gained)}</strong>" in page
    assert f"ikke lenger er tilskuddsberettiget: <strong>{kr(lost)}</strong>" in page
    reasons = {x["reason"] for x in expected["not_compared"]}
    assert page.count('<tr data-n="') == len(reasons) < len(expected["not_compared"])


def _rulebook_zip(folder: Path, edit=None, extra: dict | None = None) -> bytes:
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            archive.writestr(name, edit(name, text) if edit else text)
        for name, text in (extra or {}).items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_impact_against_an_uploaded_rulebook(client):
    from forskrift.analysis.diff import diff
    cases = sorted((ROOT / "cases" / "corpus" / "2025").glob("*.json"))[:12]
    files = _files(cases)
    shipped = diff("lokal-2021", "kollektiv-2026", cases)["summary"]
    copy = _rulebook_zip(ROOT / "rules" / "kollektiv-2026", extra={"../evil.yaml": "x: 1"})
    page = client.post("/impact", data={"lang": "en", "from": "lokal-2021", "to": "lokal-2021"},
                       files=files + [("rulebook_archive", ("rb.zip", copy, "application/zip"))]).text
    assert f"decisions changed: {shipped['decisions_changed']}" in page      # the copy compares as the shipped
    assert not (ROOT / "evil.yaml").exists()
    broken = _rulebook_zip(ROOT / "rules" / "kollektiv-2026",
                           edit=lambda name, text: text.replace("id: kollektiv-2026", "id: [") if
                           name.endswith("rulebook.yaml") else text)
    response = client.post("/impact", data={"lang": "en", "from": "lokal-2021", "to": "lokal-2021"},
                           files=files + [("rulebook_archive", ("rb.zip", broken, "application/zip"))])
    assert response.status_code == 400 and "An edited rulebook" in response.text
    empty = client.post("/impact", data={"lang": "en", "from": "lokal-2021", "to": "lokal-2021"},
                        files=files + [("rulebook_archive", ("rb.zip", b"not a zip", "application/zip"))])
    assert empty.status_code == 400 and "not a .zip file" in empty.text


def test_overview_decision_filter_uses_the_words_of_the_rows(client):
    """The 2026 examples hold behovsmeldinger and plans/proposals: the filter says both kinds' words."""
    import html
    import re
    page = client.post("/overview", data={"lang": "nb"}, files=_files(EXAMPLES_2026)).text
    select = page.split('<select id="ov-decision">', 1)[1].split("</select>", 1)[0]
    options = dict(re.findall(r'<option value="([a-z_]*)">([^<]*)</option>', select))
    assert html.unescape(options["eligible"]) == "Tilskuddsberettiget / I orden"
    plans = [p for p in EXAMPLES_2026 if not p.name.startswith("behovsmelding")]
    page = client.post("/overview", data={"lang": "nb"}, files=_files(plans)).text
    select = page.split('<select id="ov-decision">', 1)[1].split("</select>", 1)[0]
    assert "tilskuddsberettiget" not in select.lower()
    options = dict(re.findall(r'<option value="([a-z_]*)">([^<]*)</option>', select))
    assert (options["eligible"], options["not_eligible"]) == ("I orden", "Ikke i orden")


def test_switching_the_language_keeps_the_uploaded_rulebooks_comparison(client, monkeypatch):
    """The language switch words the kept comparison again: the uploaded rulebook's own texts, in the language
    switched to, and no new comparison (which could not use the upload: it is gone once the page is made)."""
    import html
    import re

    import forskrift.web.service as web_service
    from forskrift.analysis.diff import diff
    made = []
    monkeypatch.setattr(web_service, "diff", lambda *a, **k: made.append(a[:2]) or diff(*a, **k))
    cases = sorted((ROOT / "cases" / "corpus" / "2025").glob("*.json"))[:12]
    edited = _rulebook_zip(ROOT / "rules" / "kollektiv-2026",
                           edit=lambda name, text: text.replace("      en: ", "      en: EDITED ")
                           .replace("      nn: ", "      nn: ENDRA "))
    page = client.post("/impact", data={"lang": "nb", "from": "lokal-2021", "to": "lokal-2021"},
                       files=_files(cases) + [("rulebook_archive", ("rb.zip", edited, "application/zip"))]).text
    form = page[page.index('<form id="keep"'):page.index("</form>", page.index('<form id="keep"'))]
    assert len(made) == 1 and "EDITED" not in page.replace(form, "") and "ENDRA" not in page.replace(form, "")
    kept = {"n_files": "12",
            "kept_head": html.unescape(re.search(r'name="kept_head" hidden>(.*?)</textarea>', form, re.S).group(1)),
            "kept_case": [html.unescape(t) for t in re.findall(r'name="kept_case" hidden>(.*?)</textarea>', form,
                                                               re.S)]}
    for lang, mark in (("en", "EDITED"), ("nn", "ENDRA")):
        switched = client.post("/impact", data=kept | {"lang": lang}).text
        shown = re.sub(r'<form id="keep".*?</form>', "", switched, flags=re.S)
        assert f'<html lang="{lang}">' in shown and mark in shown
    assert len(made) == 1


def test_impact_speaks_of_an_innstilling_in_order_not_eligible(client):
    """An edited lokal-2021 that lifts the 30 % ceiling turns an innstilling from «ikke i orden» to «i orden»:
    the page says so in a document's words (a behovsmelding compared beside it does not change)."""
    import re
    innstilling = (ROOT / "cases/lokal-2021"
                   / "innstilling-regional-barnehage-rogaland-2025-over-30-prosent-not-eligible.json")
    klepp = ROOT / "cases/lokal-2021/desentralisert-klepp-egenandel-20-prosent-not-eligible.json"
    lifted = _rulebook_zip(ROOT / "rules" / "lokal-2021",
                           edit=lambda name, text: text.replace("<= 30 % of innstilling.ramme.amount",
                                                                "<= 90 % of innstilling.ramme.amount"))
    upload = [("rulebook_archive", ("rb.zip", lifted, "application/zip"))]
    page = client.post("/impact", data={"lang": "nb", "from": "lokal-2021", "to": "lokal-2021"},
                       files=_files([innstilling, klepp]) + upload).text
    page = re.sub(r'<form id="keep".*?</form>', "", page, flags=re.S)
    changed = page[page.index('id="changed-table"'):page.index("</table>", page.index('id="changed-table"'))]
    assert re.findall(r'<span class="pill decision-[a-z_]+">([^<]*)</span>', changed) == ["Ikke i orden", "I orden"]
    assert 'id="transitions"' in page
    transitions = page[page.index('id="transitions"'):page.index("</table>", page.index('id="transitions"'))]
    assert re.findall(r'<span class="pill decision-[a-z_]+">([^<]*)</span>', transitions) == ["Ikke i orden", "I orden"]
    banners = re.findall(r'<span class="banner decision-[a-z_]+"[^>]*>([^<]*)</span>', page)
    assert banners == ["Ikke i orden", "I orden"] and "Tilskuddsberettiget" not in changed + transitions


def test_the_year_pages_speak_nynorsk_and_offer_both_other_languages(client):
    page = client.post("/overview", data={"lang": "nn", "shipped": "examples-2026"}).text
    assert '<html lang="nn">' in page and "Ikkje tilskotsberettiga" in page and "Ikke tilskuddsberettiget" not in page
    assert 'name="to_lang" value="nb"' in page and 'name="to_lang" value="en"' in page   # worded again, kept
    empty = client.get("/overview?lang=nn").text
    switch = [line for line in empty.splitlines() if 'class="lang"' in line]
    assert len(switch) == 2 and 'hreflang="nb"' in switch[0] and 'hreflang="en"' in switch[1]
    allocation = client.post("/allocation", data={"lang": "nn", "shipped": "corpus-2026",
                                                  "plan_name": "ROG-2026-LANGSIKTIG-PLAN.json", "frame": "68000000",
                                                  "bound": "4000000", "set_aside": "10",
                                                  "presented_on": "2026-03-05"})
    assert allocation.status_code == 200 and '<html lang="nn">' in allocation.text
    assert "I orden" in allocation.text


def _kept(page: str) -> str:
    import html
    import re
    return html.unescape(re.search(r'<textarea name="kept" hidden>(.*?)</textarea>', page, re.S).group(1))


def test_switching_the_overviews_language_words_the_kept_rows_without_checking_again(client, monkeypatch):
    import re

    from forskrift.web.service import CheckService
    page = client.post("/overview", data={"lang": "nb", "shipped": "examples-2026"}).text
    assert 'id="lang-switch"' in page and 'formaction="/overview/words"' in page

    async def no_check(*_args, **_kwargs):
        raise AssertionError("the language switch checked the cases again")
    monkeypatch.setattr(CheckService, "acheck_all", no_check)
    switched = client.post("/overview/words", data={"lang": "nb", "to_lang": "nn", "kept": _kept(page),
                                                    "shipped": "examples-2026"})
    assert switched.status_code == 200 and '<html lang="nn">' in switched.text
    monkeypatch.undo()
    fresh = client.post("/overview", data={"lang": "nn", "shipped": "examples-2026"}).text

    def without_kept(text):
        return re.sub(r'<textarea name="kept" hidden>.*?</textarea>', "", text, flags=re.S)
    assert without_kept(switched.text) == without_kept(fresh)     # the same page as checking in nynorsk


@pytest.mark.parametrize("kept", ["not json", "{}", '[{"status": "eligible"}]', '[1, 2]',
                                  '[{"status": "eligible", "kind": "x", "open": [{"rule": "r"}], "rulebook": "../x"}]'])
def test_a_spoilt_kept_overview_is_a_bad_request(client, kept):
    response = client.post("/overview/words", data={"lang": "nb", "to_lang": "en", "kept": kept})
    assert response.status_code == 400
