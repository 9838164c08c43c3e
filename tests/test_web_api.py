"""The web application through FastAPI's test client: the HTTP API gives the command line's findings JSON and
error messages, the pages show decisions, citations and rulebooks, and the care with data holds (security
headers, size limits, no case data in the logs, one engine per rulebook on one thread)."""

from __future__ import annotations

import html
import json
import logging
import re
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from forskrift.check import Checker
from forskrift.cli import main
from forskrift.commands.serve import LOOPBACK_HOSTS, is_loopback
from forskrift.rulebook import registry
from forskrift.web.app import create_app
from forskrift.web.service import service

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))
SANDNES = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"
KLEPP = ROOT / "cases" / "lokal-2021" / "desentralisert-klepp-egenandel-20-prosent-not-eligible.json"
JSON = {"content-type": "application/json"}


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def cli_json(capsys, *argv):
    main(["check", "--format", "json", *argv])
    out, _ = capsys.readouterr()
    return json.loads(out)


def without_time(result: dict) -> dict:
    """A result without the time of the check (record.checked_at), the one part that differs between runs."""
    return {**result, "record": {k: v for k, v in result.get("record", {}).items() if k != "checked_at"}}


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


# --- the API ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_api_check_gives_the_command_lines_json(client, capsys, path):
    response = client.post("/api/check", headers=JSON, params={"name": rel(path)}, content=path.read_bytes())
    assert response.status_code == 200
    assert without_time(response.json()) == without_time(cli_json(capsys, rel(path)))


def test_api_check_in_english(client, capsys):
    response = client.post("/api/check", headers=JSON, params={"lang": "en", "name": rel(KLEPP)},
                           content=KLEPP.read_bytes())
    assert without_time(response.json()) == without_time(cli_json(capsys, rel(KLEPP), "--lang", "en"))
    assert response.json()["decision"]["status"] == "not_eligible"
    assert "lang" not in response.json()           # a result is language-neutral


def test_api_check_default_name(client):
    result = client.post("/api/check", headers=JSON, content=SANDNES.read_bytes()).json()
    assert result["case"]["file"] == "request.json"
    assert result["decision"]["status"] == "eligible"


@pytest.mark.parametrize("body, pointer, phrase", [
    (b'{"format": "forskrift-case/2021.1", "case": ', None, "invalid JSON"),
    (b"", None, "empty"),
    (b'{"a": 1, "a": 2}', None, "duplicate key"),
    (b"\xff\xfe{}", None, "not UTF-8"),
])
def test_api_check_refuses_unreadable_json_like_the_command_line(client, tmp_path, capsys, body, pointer, phrase):
    response = client.post("/api/check", headers=JSON, params={"name": "bad.json"}, content=body)
    assert response.status_code == 422
    error = response.json()
    assert error["file"] == "bad.json" and phrase in error["error"]["message"]
    bad = tmp_path / "bad.json"
    bad.write_bytes(body)
    main(["check", "--format", "json", str(bad)])
    cli = json.loads(capsys.readouterr().out)
    assert error["error"] == cli["error"] | {"file": "bad.json"}


def test_api_check_refuses_a_schema_violation_with_its_pointer(client, tmp_path, capsys):
    doc = json.loads(SANDNES.read_text(encoding="utf-8"))
    doc["behovsmelding"]["egenandel"]["amount"] = "tretti prosent"
    body = json.dumps(doc).encode()
    error = client.post("/api/check", headers=JSON, params={"name": "x.json"}, content=body).json()
    assert error["error"]["pointer"] == "/behovsmelding/egenandel/amount"
    bad = tmp_path / "x.json"
    bad.write_bytes(body)
    main(["check", "--format", "json", str(bad)])
    assert error["error"]["message"] == json.loads(capsys.readouterr().out)["error"]["message"]


def test_api_rulebooks_match_the_command_line(client, capsys):
    main(["rules", "--format", "json"])
    assert client.get("/api/rulebooks").json() == json.loads(capsys.readouterr().out)
    main(["rules", "lokal-2021", "--format", "json", "--lang", "en"])
    assert client.get("/api/rulebooks/lokal-2021", params={"lang": "en"}).json() == \
        json.loads(capsys.readouterr().out)
    assert client.get("/api/rulebooks/nope").status_code == 404


def test_openapi_description(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "post" in spec["paths"]["/api/check"]
    assert "application/json" in spec["paths"]["/api/check"]["post"]["requestBody"]["content"]
    assert "get" in spec["paths"]["/api/rulebooks"]
    assert "/check" not in spec["paths"]                      # pages are not part of the API
    # the responses are described by the findings schema, and real responses satisfy that description
    import jsonschema
    for code, name, body in (("200", "case_result", SANDNES.read_bytes()), ("422", "file_error", b"{")):
        described = spec["paths"]["/api/check"]["post"]["responses"][code]["content"]["application/json"]
        assert described["schema"] == {"$ref": f"#/components/schemas/{name}"}
        validator = jsonschema.Draft202012Validator({**described["schema"], "components": spec["components"]})
        validator.validate(client.post("/api/check", headers=JSON, content=body).json())
    # no documentation page that would load scripts from a CDN
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


# --- the pages -------------------------------------------------------------------------------------------------

def upload(client, *paths, lang="nb", **extra):
    files = [("files", (p.name, p.read_bytes(), "application/json")) for p in paths]
    return client.post("/check", data={"lang": lang, **extra}, files=files or None)


def test_check_page_form(client):
    page = client.get("/").text
    assert 'name="files"' in page and "multiple" in page and 'name="pasted"' in page
    assert 'lang="nb"' in page
    assert 'lang="en"' in client.get("/", params={"lang": "en"}).text


def test_check_page_shows_decision_citations_and_evidence(client):
    response = upload(client, KLEPP)
    assert response.status_code == 200
    page = response.text
    assert '<span class="banner decision-not_eligible" role="status">Ikke tilskuddsberettiget</span>' in page
    assert 'href="https://lovdata.no/dokument/LTI/forskrift/2021-01-26-230"' in page
    assert "forskrift 26. januar 2021 nr. 230 punkt 7.2" in page
    assert "egenandelen <code>/behovsmelding/egenandel/amount</code>" in page       # evidence by field
    result = Checker().check_path(KLEPP)
    for finding in result["findings"]:
        if finding["status"] != "not_applicable":
            assert f'id="case-1-{finding["rule"]}"' in page
            requirement = registry.get("lokal-2021").rule_index[finding["rule"]].requirement.nb
            assert str(escape(requirement)) in page
    # the header names the applicant, the scheme, the year and the amount applied for
    assert "Klepp kommune (eier)" in page and "750 000 kr" in page and "desentralisert ordning for skoler" in page
    # the figures of a finding not met
    assert str(escape("Egenandelen er 150 000 kr, som er 20,0 % av omsøkt tilskudd 750 000 kr.")) in page
    english = upload(client, KLEPP, lang="en").text
    assert '<span class="banner decision-not_eligible" role="status">Not eligible</span>' in english
    assert '<html lang="en">' in english


def test_findings_are_grouped_by_provision_in_the_rulebooks_order(client):
    page = upload(client, SANDNES).text
    rulebook = registry.get("lokal-2021")
    order = [rulebook.citation_text(p.ref) for p in rulebook.provisions]
    shown = re.findall(r'<a class="citation" href="[^"]+" [^>]*>([^<]+)</a>', page)
    assert shown, "no provision headings"
    assert len(shown) == len(set(shown))
    assert [order.index(text) for text in shown] == sorted(order.index(text) for text in shown)


def test_batch_with_an_invalid_file(client):
    files = [("files", (p.name, p.read_bytes(), "application/json")) for p in EXAMPLES]
    files.append(("files", ("broken.json", b'{"format": "forskrift-case/2021.1"}', "application/json")))
    page = client.post("/check", data={"lang": "nb"}, files=files).text
    rows = re.findall(r'<tr data-decision="([a-z_]+)"', page)
    assert len(rows) == len(EXAMPLES) + 1
    checker = Checker()
    expected = [checker.check_path(p)["decision"]["status"] for p in EXAMPLES] + ["error"]
    assert rows == expected
    assert "<code>broken.json /case: " in page                   # file and JSON pointer, as on the CLI
    assert "mangler: feltet må fylles ut" in page       # file and JSON pointer, as on the CLI


def test_pasted_json_and_folder_upload(client):
    page = client.post("/check", data={"lang": "nb", "pasted": SANDNES.read_text(encoding="utf-8")}).text
    assert "decision-eligible" in page and "pasted.json" in page
    folder = [("folder", (f"saker/{p.name}", p.read_bytes(), "application/json")) for p in EXAMPLES[:2]]
    folder.append(("folder", ("saker/notes.txt", b"not a case", "text/plain")))
    folder.append(("folder", ("saker/.hidden.json", b"{}", "application/json")))
    page = client.post("/check", data={"lang": "nb"}, files=folder).text
    assert len(re.findall(r'<tr data-decision=', page)) == 2
    assert f"saker/{EXAMPLES[0].name}" in page


def test_nothing_chosen(client):
    response = client.post("/check", data={"lang": "en", "pasted": "  "})
    assert response.status_code == 400 and "Choose at least one file" in response.text


def test_language_switch_and_download_do_not_check_again(client, capsys, monkeypatch):
    page = upload(client, KLEPP, SANDNES).text
    names = re.findall(r'<input type="hidden" name="doc_name" value="([^"]+)">', page)
    kept = [html.unescape(t) for t in re.findall(r'<textarea name="result_json" hidden>(.*?)</textarea>', page, re.S)]
    assert names == [KLEPP.name, SANDNES.name]
    assert "doc_text" not in page                      # the page keeps results, not the case documents
    from forskrift.check import Checker as CheckerClass

    def no_check(*args, **kwargs):
        raise AssertionError("the language switch checked the case again")
    monkeypatch.setattr(CheckerClass, "check_document", no_check)
    data = {"doc_name": names, "result_json": kept}
    english = client.post("/report", data=data | {"lang": "en"}).text
    assert '<html lang="en">' in english
    assert "Not eligible" in english and "Eligible" in english
    nynorsk = client.post("/report", data=data | {"lang": "nn"}).text
    assert '<html lang="nn">' in nynorsk and "Ikkje tilskotsberettiga" in nynorsk
    assert "Eigendelen er 150 000 kr" in nynorsk
    download = client.post("/report/download", data=data | {"lang": "nb"})
    assert download.headers["content-disposition"].startswith("attachment")
    results = download.json()
    monkeypatch.undo()
    expected = cli_json(capsys, rel(KLEPP), rel(SANDNES))
    for got, want in zip(results, expected, strict=True):
        assert without_time(got | {"case": got["case"] | {"file": want["case"]["file"]}}) == without_time(want)


def test_a_kept_result_that_is_not_a_result_is_refused_not_rendered(client):
    page = client.post("/report", data={"doc_name": ["x.json"], "result_json": ['{"rulebook": {"id": "../../etc"}}'],
                                         "lang": "nb"}).text
    assert "not a result of" in page


def test_rulebook_pages(client):
    listing = client.get("/rulebooks").text
    for rb in registry.all_shipped():
        assert f'href="/rulebooks/{rb.id}?lang=nb"' in listing
        assert rb.valid_from in listing
    page = client.get("/rulebooks/lokal-2021").text
    rulebook = registry.get("lokal-2021")
    positions = [page.index(rulebook.citation_text(p.ref) + "<") for p in rulebook.provisions]
    assert positions == sorted(positions)                                  # every provision, in order
    for rule in rulebook.rules:
        assert f'<code class="rule-id">{rule.id}</code>' in page
    cited = {ref for rule in rulebook.rules for ref in rule.cites}
    covered = sum(1 for p in rulebook.provisions if p.ref in cited)
    no_check = sum(1 for p in rulebook.provisions if p.ref not in cited and p.no_check)
    assert f"<strong>{covered}</strong> / {len(rulebook.provisions)} bestemmelser" in page
    assert f"<strong>{no_check}</strong> uten kontroll" in page
    assert "Coverage" in client.get("/rulebooks/lokal-2021", params={"lang": "en"}).text
    assert client.get("/rulebooks/nope").status_code == 404


# --- care with data --------------------------------------------------------------------------------------------

def test_security_headers_on_every_response(client):
    for response in (client.get("/"), upload(client, SANDNES), client.get("/api/rulebooks"),
                     client.get("/static/style.css"), client.get("/nope")):
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
    assert upload(client, SANDNES).headers["cache-control"] == "no-store"


def test_pages_load_nothing_from_elsewhere(client):
    for page in (client.get("/").text, upload(client, SANDNES).text, client.get("/rulebooks/lokal-2021").text):
        for ref in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page):
            assert ref.startswith("/static/"), ref
        assert "style=" not in page and "<style" not in page and "onclick" not in page   # CSP: no inline code


def test_upload_limits():
    small = create_app(max_bytes=1000, max_upload=200_000)
    with TestClient(small) as c:
        error = c.post("/api/check", headers=JSON, params={"name": "big.json"}, content=SANDNES.read_bytes()).json()
        assert "over the limit of 1000 bytes" in error["error"]["message"]
        page = c.post("/check", files=[("files", ("big.json", SANDNES.read_bytes(), "application/json"))]).text
        assert "big.json: file is" in page and "over the limit of 1000 bytes" in page
        too_big = c.post("/api/check", headers=JSON, content=b" " * 200_001)
        assert too_big.status_code == 413 and "over the limit" in too_big.json()["error"]["message"]

        def chunks():                     # no Content-Length: the limit holds while the body streams
            for _ in range(30):
                yield b" " * 10_000
        assert c.post("/api/check", headers=JSON, content=chunks()).status_code == 413


def test_no_case_data_in_the_logs(client, caplog):
    doc = json.loads(SANDNES.read_text(encoding="utf-8"))
    doc["case"]["id"] = "PERSONOPPLYSNING-4242"
    with caplog.at_level(logging.DEBUG):
        client.post("/api/check", headers=JSON, params={"name": "elev-ola-nordmann.json"},
                    content=json.dumps(doc).encode())
        client.post("/check", files=[("files", ("elev-kari.json", json.dumps(doc).encode(), "application/json"))])
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))  # server side
    assert "POST /api/check 200" in logged and "POST /check 200" in logged
    for secret in ("PERSONOPPLYSNING-4242", "ola-nordmann", "elev-kari", "Sandnes"):
        assert secret not in logged


def test_host_header_guard():
    guarded = create_app(allowed_hosts=LOOPBACK_HOSTS)
    for host in ("127.0.0.1", "localhost:8000", "[::1]:8000"):
        with TestClient(guarded, base_url=f"http://{host}") as c:
            assert c.get("/").status_code == 200, host
    with TestClient(guarded, base_url="http://attacker.example") as c:   # DNS rebinding onto loopback
        assert c.get("/").status_code == 400


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


def test_one_engine_per_rulebook_on_one_thread(client):
    checks = service()
    engines = dict(checks._checker._engines)
    assert len(engines) == len(registry.shipped_ids())
    seen_threads = set()
    original = checks._check_all

    def spy(*args):
        seen_threads.add(threading.current_thread().name)
        return original(*args)

    checks._check_all = spy
    try:
        results: list = []
        workers = [threading.Thread(target=lambda p=p: results.append(
            client.post("/api/check", headers=JSON, content=p.read_bytes()).json()["decision"]["status"]))
            for p in EXAMPLES * 3]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
    finally:
        del checks._check_all
    checker = Checker()
    assert sorted(results) == sorted(checker.check_path(p)["decision"]["status"] for p in EXAMPLES * 3)
    assert len(seen_threads) == 1 and next(iter(seen_threads)).startswith("forskrift-engine")
    assert checks._checker._engines == engines and all(
        checks._checker._engines[k] is engines[k] for k in engines)
    assert service() is checks


def test_serve_without_the_web_extra_says_what_to_install(monkeypatch, capsys):
    import sys
    monkeypatch.setitem(sys.modules, "uvicorn", None)        # as if the web extra were not installed
    assert main(["serve", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "needs the web extra" in err and "pip install 'forskrift[web]'" in err and "Traceback" not in err


def test_serve_refuses_a_bad_port(capsys):
    assert main(["serve", "--port", "70000"]) == 2
    assert "--port 70000" in capsys.readouterr().err


def test_server_log_filter_withholds_tracebacks():
    from forskrift.web.logs import NoCaseData as _NoCaseData
    try:
        raise ValueError("ROG-2025-DEKOM-SOR-014 Ola Nordmann")
    except ValueError:
        import sys
        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                   (), sys.exc_info())
    assert _NoCaseData().filter(record)
    formatted = logging.Formatter().format(record)
    assert "ValueError" in formatted and "Ola Nordmann" not in formatted and "Traceback" not in formatted


def test_download_needs_a_case(client):
    assert client.post("/check/download", data={"lang": "en"}).status_code == 400


def test_every_word_of_the_page_is_in_three_languages():
    from forskrift.web.words import WORDS
    missing = [key for key, texts in WORDS.items() if not all(texts.get(lang) for lang in ("nb", "nn", "en"))]
    assert missing == []


def test_check_page_in_nynorsk(client):
    page = upload(client, KLEPP, lang="nn").text
    assert '<html lang="nn">' in page
    assert "Ikkje tilskotsberettiga" in page and "Søkjar" in page


def test_api_report_in_nynorsk(client):
    response = client.post("/api/report", headers=JSON, params={"lang": "nn"}, content=KLEPP.read_bytes())
    assert response.status_code == 200
    report = response.json()
    assert report["lang"] == "nn" and report["decision"]["label"] == "Ikkje tilskotsberettiga"
    assert report["header"]["applicant"] == "Klepp kommune"


def test_cross_site_simple_requests_are_refused_before_the_case_is_read(client):
    """A page of another site can make a browser post text/plain, a form or a body without a type, but not
    JSON; and the browser says where the request comes from. Neither kind reaches the checker."""
    body = SANDNES.read_bytes()
    for headers in ({"content-type": "text/plain"}, {"content-type": "application/x-www-form-urlencoded"},
                    {"content-type": "multipart/form-data; boundary=x"}, {}):
        response = client.post("/api/check", headers=headers, content=body)
        assert response.status_code == 415, headers
        assert "application/json" in response.json()["error"]["message"]
    for headers in ({"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"},
                    {"origin": "http://attacker.example"}, {"origin": "null", "sec-fetch-site": "cross-site"},
                    {"origin": "http://testserver.attacker.example"}):
        response = client.post("/api/check", headers=JSON | headers, content=body)
        assert response.status_code == 403, headers
        assert "another site" in response.json()["error"]["message"]
        page = client.post("/check", headers=headers, files={"files": ("a.json", body)})
        assert page.status_code == 403 and "another site" in page.text
    for headers in ({"sec-fetch-site": "same-origin", "origin": "http://testserver"}, {"sec-fetch-site": "none"},
                    {"sec-fetch-site": "same-origin", "origin": "null"},
                    {"content-type": "application/json; charset=utf-8"}):
        response = client.post("/api/check", headers=JSON | headers, content=body)
        assert response.status_code == 200, headers
    assert client.get("/api/rulebooks", headers={"sec-fetch-site": "cross-site"}).status_code == 200


# --- the count pills: each document kind's decision words -----------------------------------------------------

INNSTILLING_OVER = (ROOT / "cases" / "lokal-2021"
                    / "innstilling-regional-barnehage-rogaland-2025-over-30-prosent-not-eligible.json")
TILSAGN = ROOT / "cases" / "lokal-2021" / "tilsagn-desentralisert-sandnes-2024-eligible.json"


def pills(page: str) -> list[tuple[str, str]]:
    counts = page.split('<p class="counts">', 1)[1].split("</p>", 1)[0]
    return [(d, html.unescape(text)) for d, text in re.findall(r'<span class="pill decision-([a-z_]+)">([^<]*)</span>',
                                                          counts)]


def decision_options(page: str) -> list[tuple[str, str]]:
    select = page.split('<select id="filter-decision">', 1)[1].split("</select>", 1)[0]
    return [(d, html.unescape(text)) for d, text in re.findall(r'<option value="([a-z_]*)">([^<]*)</option>', select)]


def test_count_pills_use_each_document_kinds_decision_words(client):
    """A tilsagnsbrev or an innstilling that is in order is «I orden», not «Tilskuddsberettiget»: the batch's pills
    count each kind in its own words; a decision no case has is still shown, at 0."""
    page = upload(client, KLEPP, SANDNES, INNSTILLING_OVER, TILSAGN).text
    assert pills(page) == [
        ("eligible", "Tilskuddsberettiget: 1"), ("eligible", "I orden: 1"),
        ("not_eligible", "Ikke tilskuddsberettiget: 1"), ("not_eligible", "Ikke i orden: 1"),
        ("undetermined", "Ikke avgjort – krever saksbehandlers vurdering: 0")]
    assert decision_options(page) == [
        ("", "alle"), ("eligible", "Tilskuddsberettiget / I orden"),
        ("not_eligible", "Ikke tilskuddsberettiget / Ikke i orden"),
        ("undetermined", "Ikke avgjort – krever saksbehandlers vurdering"), ("error", "Ugyldig fil")]


def test_a_batch_of_allocation_documents_never_says_eligible(client):
    page = upload(client, INNSTILLING_OVER, TILSAGN, lang="nn").text
    assert pills(page) == [("eligible", "I orden: 1"), ("not_eligible", "Ikkje i orden: 1"),
                           ("undetermined", "Ikkje avgjort – krev vurdering frå sakshandsamaren: 0")]
    assert "tilskotsberettiga" not in page.split('<p class="counts">', 1)[1].split("</p>", 1)[0].lower()
    # switching the language renders the kept results again, with the same kinds' words
    kept = re.findall(r'<textarea name="result_json" hidden>(.*?)</textarea>', page, re.S)
    form = {"lang": "en", "doc_name": re.findall(r'name="doc_name" value="([^"]*)"', page),
            "result_json": [html.unescape(t) for t in kept]}
    english = client.post("/report", data=form).text
    assert pills(english) == [("eligible", "In order: 1"), ("not_eligible", "Not in order: 1"),
                              ("undetermined", "Undetermined – needs a caseworker: 0")]


def test_a_behovsmelding_batch_keeps_the_grant_words(client):
    page = upload(client, KLEPP).text
    assert [label for _d, label in pills(page)] == [
        "Tilskuddsberettiget: 0", "Ikke tilskuddsberettiget: 1", "Ikke avgjort – krever saksbehandlers vurdering: 0"]
