"""The impact page and `POST /api/diff` through FastAPI's test client: the API gives `forskrift diff --format
json` for the same cases (uploaded, or a shipped set chosen by name), the page shows the summary per provision
and the cases whose decision changes, only shipped rulebooks and sets can be named, and the care with data of
the other pages holds (nothing kept, no case data in the logs, security headers, size limits, shared engines)."""

from __future__ import annotations

import html
import json
import logging
import re
import shutil
import sys
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from forskrift.analysis.diff import diff
from forskrift.cli import main
from forskrift.rulebook import registry
from forskrift.web import shipped
from forskrift.web.app import create_app
from forskrift.web.service import service

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_impact_page import kept_form  # noqa: E402 - what the page's hidden form sends back, as the benchmark reads it

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "cases" / "corpus"
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))
PICKED = [CORPUS / "2025" / f"ROG-2025-{name}.json" for name in (
    "DEKOM-MIDT-075-egenandel-20", "REKOM-SØR-035-fagskole-binding", "DEKOM-SØR-087-vgo-target",
    "DEKOM-SØR-048-ok", "REKOM-NORD-042-coordinator-over-10")] + [CORPUS / "2026" / "ROG-2026-BM-MIDT-002-ok.json"]
PAIR = {"from": "lokal-2021", "to": "kollektiv-2026"}


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def cli_diff(capsys, *argv) -> dict:
    assert main(["diff", *argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def as_files(paths, field="files"):
    return [(field, (p.name, p.read_bytes(), "application/json")) for p in paths]


@pytest.fixture
def flat(tmp_path, monkeypatch):
    """The picked cases and a broken file side by side in a folder that is the working directory, so that the
    command line names them by file name, as the upload does."""
    for p in PICKED:
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / "broken.json").write_bytes(b'{"format": "forskrift-case/2021.1", "case": ')
    monkeypatch.chdir(tmp_path)
    return [tmp_path / p.name for p in PICKED] + [tmp_path / "broken.json"]


# --- POST /api/diff ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_api_diff_gives_the_command_lines_json(client, capsys, flat, lang):
    response = client.post("/api/diff", params=PAIR | {"lang": lang}, files=as_files(flat))
    assert response.status_code == 200
    expected = cli_diff(capsys, "--from", "lokal-2021", "--to", "kollektiv-2026", "--lang", lang,
                        *[p.name for p in flat])
    assert response.json() == expected
    summary = expected["summary"]
    # the coordinator case turns undetermined -> eligible: without an egenandel it has no egeninnsats, which is
    # asked about and does not block (a single source)
    assert summary["cases"] == 5 and summary["decisions_changed"] == 4 and summary["converted"] == 5
    assert [x["file"] for x in expected["not_compared"]] == ["ROG-2026-BM-MIDT-002-ok.json", "broken.json"]
    assert "invalid JSON" in expected["not_compared"][1]["reason"]


@pytest.mark.parametrize("name, folders", [("examples", ["cases/lokal-2021"]), ("corpus", ["cases/corpus"])])
def test_api_diff_over_a_shipped_set(client, capsys, name, folders):
    response = client.post("/api/diff", params=PAIR | {"cases": name})
    assert response.status_code == 200
    assert response.json() == cli_diff(capsys, "--from", "lokal-2021", "--to", "kollektiv-2026", *folders)


def test_api_diff_hearing_to_adopted(client, capsys):
    got = client.post("/api/diff", params={"from": "kollektiv-2025-horing", "to": "kollektiv-2026",
                                           "cases": "corpus-2026"}).json()
    assert got == cli_diff(capsys, "--from", "kollektiv-2025-horing", "--to", "kollektiv-2026", "cases/corpus/2026")
    assert got["summary"]["not_compared"] == 0 and got["summary"]["decisions_changed"] > 0


@pytest.mark.parametrize("params, phrase", [
    (PAIR | {"to": "rules/kollektiv-2026"}, "no rulebook 'rules/kollektiv-2026'"),   # a path is not an id here
    (PAIR | {"from": "/etc"}, "no rulebook '/etc'"),
    (PAIR | {"cases": "../../etc"}, "no case set '../../etc'"),
    (PAIR | {"cases": "/work"}, "no case set '/work'"),
    (PAIR, "no cases"),
])
def test_api_diff_refuses_what_is_not_shipped(client, params, phrase):
    response = client.post("/api/diff", params=params)
    assert response.status_code == 422 and phrase in response.json()["error"]["message"]


def test_api_diff_needs_from_and_to(client):
    assert client.post("/api/diff", params={"to": "kollektiv-2026", "cases": "examples"}).status_code == 422


def test_api_diff_holds_each_file_to_the_size_limit():
    with TestClient(create_app(max_bytes=2000)) as c:
        result = c.post("/api/diff", params=PAIR, files=as_files(PICKED[:1])).json()
    assert result["summary"]["cases"] == 0
    assert "over the limit of 2000 bytes" in result["not_compared"][0]["reason"]


def test_openapi_describes_api_diff_and_real_responses_satisfy_it(client):
    spec = client.get("/api/openapi.json").json()
    post = spec["paths"]["/api/diff"]["post"]
    assert {p["name"] for p in post["parameters"]} == {"from", "to", "cases", "lang"}
    assert "multipart/form-data" in post["requestBody"]["content"]
    described = post["responses"]["200"]["content"]["application/json"]["schema"]
    assert described == {"$ref": "#/components/schemas/diff"}
    validator = jsonschema.Draft202012Validator({**described, "components": spec["components"]})
    validator.validate(client.post("/api/diff", params=PAIR | {"cases": "examples"}).json())
    validator.validate(client.post("/api/diff", params=PAIR, files=as_files(PICKED)).json())
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"from": {}, "to": {}, "rules": {}, "summary": {}, "cases": [], "not_compared": []})


# --- the page ------------------------------------------------------------------------------------------------

def test_impact_form_offers_the_shipped_rulebooks_and_sets(client):
    page = client.get("/impact").text
    for rid in registry.shipped_ids():
        assert f'<option value="{rid}"' in page
    assert re.search(r'<select id="from" name="from">\s*(<option[^>]*>[^<]*</option>)*'
                     r'<option value="lokal-2021" selected>', page)
    for name in shipped.available():
        assert f'<option value="{name}" >' in page
    assert f"{len(shipped.documents('corpus'))} filer" in page
    assert 'name="files"' in page and "webkitdirectory" in page
    assert 'href="/impact?lang=nb" aria-current="page"' in page                  # in the navigation
    assert 'href="/impact?lang=nb"' in client.get("/").text
    assert "The impact of a change of rulebook" in client.get("/impact", params={"lang": "en"}).text


def test_impact_page_shows_provisions_and_changed_cases(client):
    expected = diff("lokal-2021", "kollektiv-2026", documents=[(p.name, lambda p=p: json.loads(p.read_bytes()))
                                                               for p in PICKED])
    response = client.post("/impact", data=PAIR | {"lang": "nb"}, files=as_files(PICKED))
    assert response.status_code == 200
    page = response.text
    changed = [c for c in expected["cases"] if c["decision_changed"]]
    assert re.findall(r'<section class="case impact-case" id="impact-\d+" data-case="([^"]+)"', page) == \
        [c["case"] for c in sorted(changed, key=lambda c: ({"not_eligible": 0, "undetermined": 1, "eligible": 2}[
            c["decision"]["from"]], {"not_eligible": 0, "undetermined": 1, "eligible": 2}[c["decision"]["to"]]))]
    turning = [p for p in expected["summary"]["provisions"] if p["decisions_turned"]]
    table = page[page.index('id="by-provision"'):page.index('id="by-provision-touched"')]
    assert re.findall(r'<td class="citation">([^<]+)</td><td class="num">(\d+)</td>', table) == \
        [(html.escape(p["provision"], quote=False), str(p["decisions_turned"])) for p in turning]
    assert "forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3" in table
    # both sides of a decisive change, with their citations
    row = page[page.index('data-rule="7.2-3-egenandel"'):]
    row = row[:row.index("</tr>")]
    assert "bortfalt krav" in row and "avgjørende" in row and "Ikke oppfylt" in row
    assert '<li class="citation">forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3</li>' in row
    assert '<em class="absent">ikke et krav</em>' in row
    assert "ROG-2026-BM-MIDT-002-ok.json" in page and "lokal-2021 cannot read" in page   # not compared, and why


def test_impact_page_over_a_shipped_set(client):
    page = client.post("/impact", data=PAIR | {"lang": "en", "shipped": "examples"}).text
    expected = diff("lokal-2021", "kollektiv-2026", ["cases/lokal-2021"])
    assert f"<strong>{expected['summary']['cases']}</strong> cases compared" in page
    assert len(re.findall(r'<section class="case impact-case"', page)) == expected["summary"]["decisions_changed"]
    assert 'name="shipped" value="examples"' in page                       # re-sent by name, not by content
    assert "doc_text" not in page


def test_impact_page_over_an_uploaded_folder(client):
    folder = [("folder", (f"saker/{p.parent.name}/{p.name}", p.read_bytes(), "application/json")) for p in PICKED]
    folder.append(("folder", ("saker/notater.txt", b"ikke en sak", "text/plain")))
    folder.append(("folder", ("saker/.skjult.json", b"{}", "application/json")))
    result = client.post("/api/diff", params=PAIR, files=folder).json()
    assert [c["file"] for c in result["cases"]] == [f"saker/2025/{p.name}" for p in PICKED[:5]]
    assert [x["file"] for x in result["not_compared"]] == [f"saker/2026/{PICKED[5].name}"]
    page = client.post("/impact", data=PAIR, files=folder).text
    assert "Saker med endret utfall (4)" in page and f"saker/2025/{PICKED[0].name}" in page


@pytest.fixture
def diffs(monkeypatch):
    """The comparisons the web process makes (forskrift/web/service.py calls forskrift.analysis.diff.diff)."""
    import forskrift.web.service as web_service
    made = []

    def counted(*args, **kwargs):
        made.append(args[:2])
        return diff(*args, **kwargs)
    monkeypatch.setattr(web_service, "diff", counted)
    return made


def test_impact_language_switch_and_download_do_not_compare_again(client, diffs):
    page = client.post("/impact", data=PAIR | {"lang": "nb"}, files=as_files(PICKED[:3])).text
    assert diffs == [("lokal-2021", "kollektiv-2026")]
    assert "doc_text" not in page and "egenandel" in page                  # the cases are not sent back
    kept = kept_form(page)
    assert kept["n_files"] == "3" and len(kept["kept_case"]) == 3
    documents = [(p.name, lambda p=p: json.loads(p.read_bytes())) for p in PICKED[:3]]
    for lang, heading in (("en", "Cases whose outcome changes (3)"), ("nn", "Saker med endra utfall (3)")):
        switched = client.post("/impact", data=kept | {"lang": lang}).text
        assert f'<html lang="{lang}">' in switched and heading in switched
        # the findings are worded in the language switched to, as a comparison made in it words them
        in_lang = diff("lokal-2021", "kollektiv-2026", lang=lang, documents=documents)
        for case in in_lang["cases"]:
            for change in case["findings"]:
                for side in (change["from"], change["to"]):
                    if side:
                        assert side["message"] in html.unescape(switched)
        assert kept_form(switched) == kept | {"kept_head": kept_form(switched)["kept_head"]}
        # the rules added are listed with their requirement in that language too
        added = registry.get("kollektiv-2026").rule_index["malgruppe"]
        assert html.escape(added.requirement.get(lang), quote=False) in switched
    for lang in ("nb", "en"):
        download = client.post("/impact/download", data=kept | {"lang": lang})
        assert download.headers["content-disposition"].startswith("attachment")
        assert download.json() == diff("lokal-2021", "kollektiv-2026", lang=lang, documents=documents)
    assert diffs == [("lokal-2021", "kollektiv-2026")]          # switching and downloading compared nothing again
    # a form with the cases themselves (no kept comparison) is compared, as before
    names = [p.name for p in PICKED[:3]]
    data = PAIR | {"shipped": "", "doc_name": names, "doc_text": [p.read_text(encoding="utf-8") for p in PICKED[:3]]}
    assert client.post("/impact/download", data=data | {"lang": "nb"}).json() == \
        diff("lokal-2021", "kollektiv-2026", documents=documents)
    assert len(diffs) == 2


def test_a_switch_over_a_shipped_set_keeps_its_name(client, diffs):
    page = client.post("/impact", data=PAIR | {"lang": "en", "shipped": "examples"}).text
    kept = kept_form(page)
    assert kept["shipped"] == "examples" and kept["n_files"] == "0"
    switched = client.post("/impact", data=kept | {"lang": "nb"}).text
    assert "Eksempelsakene" in switched or shipped.label("examples", "nb") in html.unescape(switched)
    assert len(diffs) == 1


@pytest.mark.parametrize("spoil", [
    lambda kept: kept | {"kept_head": "{not json"},
    lambda kept: kept | {"kept_case": ['{"case": "x"}']},
    lambda kept: kept | {"kept_case": [kept["kept_case"][0].replace('"change":"', '"change":"x', 1)]},
    lambda kept: kept | {"kept_head": kept["kept_head"].replace('"amounts":{', '"amounts":{"x":"y",', 1)},
    lambda kept: kept | {"kept_head": kept["kept_head"].replace('"transitions":{', '"transitions":{"x":1,', 1)},
    lambda kept: kept | {"kept_head": kept["kept_head"].replace('"texts":{', '"texts":"x","y":{', 1)},
])
def test_a_spoilt_kept_comparison_is_refused_with_a_message(client, spoil):
    kept = kept_form(client.post("/impact", data=PAIR | {"lang": "nb"}, files=as_files(PICKED[:1])).text)
    spoilt = spoil(kept)
    assert spoilt != kept
    response = client.post("/impact", data=spoilt | {"lang": "en"})
    assert response.status_code == 400 and "not a comparison of this page" in response.text
    assert client.post("/impact/download", data=spoilt | {"lang": "en"}).status_code == 400


@pytest.mark.parametrize("data, status, phrase", [
    (PAIR | {"lang": "en"}, 400, "Choose case files, a folder, or a set of shipped cases."),
    (PAIR | {"to": "../rules/lokal-2021", "shipped": "examples"}, 400, "no rulebook &#39;../rules/lokal-2021&#39;"),
    (PAIR | {"shipped": "/etc/passwd"}, 400, "no case set &#39;/etc/passwd&#39;"),
])
def test_impact_form_problems(client, data, status, phrase):
    response = client.post("/impact", data=data)
    assert response.status_code == status and phrase in response.text
    assert "<option value=\"examples\" selected>" in response.text or data.get("shipped") != "examples"
    assert client.post("/impact/download", data=data).status_code == 400


# --- care with data ------------------------------------------------------------------------------------------

def test_shipped_sets_are_names_never_paths():
    assert set(shipped.available()) == set(shipped.SETS)          # all there in a checkout
    for name in ("../../etc", "/etc", "cases/corpus", "corpus/2025"):
        with pytest.raises(KeyError):
            shipped.documents(name)
    sources = [s for s, _ in shipped.documents("corpus")]
    assert sources[0].startswith("cases/corpus/2025/") and sources[-1].startswith("cases/corpus/2026/")
    assert all(s.endswith(".json") for s in sources)


def test_security_headers_and_no_inline_code_on_the_impact_pages(client):
    for response in (client.get("/impact"),
                     client.post("/impact", data=PAIR, files=as_files(PICKED[:2])),
                     client.post("/api/diff", params=PAIR | {"cases": "examples"})):
        assert "default-src 'none'" in response.headers["content-security-policy"]
        assert response.headers["cache-control"] == "no-store"
    page = client.post("/impact", data=PAIR, files=as_files(PICKED[:2])).text
    for ref in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page):
        assert ref.startswith("/static/"), ref
    assert "style=" not in page and "<style" not in page and "onclick" not in page


def test_no_case_data_in_the_logs(client, caplog):
    doc = json.loads(PICKED[0].read_text(encoding="utf-8"))
    doc["case"]["id"] = "PERSONOPPLYSNING-4242"
    body = json.dumps(doc).encode()
    with caplog.at_level(logging.DEBUG):
        client.post("/api/diff", params=PAIR, files=[("files", ("elev-ola-nordmann.json", body, "application/json"))])
        client.post("/impact", data=PAIR, files=[("files", ("elev-kari.json", body, "application/json"))])
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    assert "POST /api/diff 200" in logged and "POST /impact 200" in logged
    for secret in ("PERSONOPPLYSNING-4242", "ola-nordmann", "elev-kari", "lokal-2021"):
        assert secret not in logged


def test_the_comparison_reuses_the_processs_engines(client):
    checks = service()
    engines = dict(checks._checker.engines)
    assert len(engines) == len(registry.shipped_ids())
    client.post("/api/diff", params={"from": "kollektiv-2025-horing", "to": "lokal-2021", "cases": "examples"})
    assert checks._checker.engines == engines
    assert all(checks._checker.engines[k] is engines[k] for k in engines)


def test_request_size_limit_on_the_impact_form():
    with TestClient(create_app(max_upload=10_000)) as c:
        response = c.post("/impact", data=PAIR, files=as_files(PICKED))
        assert response.status_code == 413
        assert c.post("/api/diff", params=PAIR, files=as_files(PICKED)).status_code == 413
