"""End to end: `forskrift serve` in a subprocess on a free loopback port, driven by headless Chromium (Debian's
/usr/bin/chromium through Playwright). Upload an example case, see the decision and a citation, switch language,
open the rulebook page; drop and paste; download the JSON; a batch of 100 case files shows 100 rows that sort
by decision and filter by status; the impact page compares lokal-2021 with kollektiv-2026 over uploaded corpus
cases and over the shipped corpus; the pages break no Content-Security-Policy rule; the server logs no case data.

With FORSKRIFT_SCREENSHOTS=1 the tests also save the screenshots under docs/screenshots/ that the README shows.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from forskrift.analysis.diff import diff
from forskrift.check import Checker
from forskrift.i18n import DECISION
from forskrift.rulebook import registry

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("the browser tests need Debian's chromium package at /usr/bin/chromium "
                "(apt-get install -y chromium; .ci/run installs it)", allow_module_level=True)

from playwright.sync_api import sync_playwright  # noqa: E402 - only once the browser is known to be there

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "cases" / "lokal-2021").glob("*.json"))
SANDNES = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"
KLEPP = ROOT / "cases" / "lokal-2021" / "desentralisert-klepp-egenandel-20-prosent-not-eligible.json"
SCREENSHOTS = ROOT / "docs" / "screenshots" if os.environ.get("FORSKRIFT_SCREENSHOTS") else None
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
CORPUS_2025 = ROOT / "cases" / "corpus" / "2025"
IMPACT_CASES = [CORPUS_2025 / f"ROG-2025-{name}.json" for name in (
    "DEKOM-MIDT-075-egenandel-20", "REKOM-SØR-035-fagskole-binding", "DEKOM-SØR-087-vgo-target",
    "DEKOM-SØR-048-ok")]
RANK = {"not_eligible": 0, "undetermined": 1, "eligible": 2, "error": 3}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The base URL of a `forskrift serve` on a free loopback port, and its log file."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "forskrift", "serve", "--host", "127.0.0.1", "--port", "0"],
                                cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        url = None
        while url is None:
            match = re.search(r"running on (http://127\.0\.0\.1:\d+)", log.read_text(errors="replace"))
            if match:
                url = match.group(1)
            elif proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"forskrift serve did not start:\n{log.read_text(errors='replace')}")
            else:
                time.sleep(0.1)
        with urllib.request.urlopen(url + "/") as response:
            assert response.status == 200
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True, locale="nb-NO")
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()
    assert problems == [], f"errors in the browser console (a CSP violation?): {problems}"


def shot(target, name: str, **options):
    """Save a screenshot of a page or an element when FORSKRIFT_SCREENSHOTS is set."""
    if SCREENSHOTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **options)


def submit(tab):
    """Send the check form and wait until the result page has loaded (its script included)."""
    with tab.expect_navigation(wait_until="load"):
        tab.click("#submit")


def test_upload_a_case_switch_language_and_open_its_rulebook(server, page):
    url, _ = server
    expected = Checker().check_path(KLEPP)
    page.goto(url + "/")
    page.set_input_files("#files", str(KLEPP))
    submit(page)
    banner = page.locator(".banner")
    assert banner.inner_text().strip() == DECISION[expected["decision"]["status"]]["nb"] == "Ikke tilskuddsberettiget"
    citation = page.locator("a.citation").first
    assert citation.get_attribute("href") == "https://lovdata.no/dokument/LTI/forskrift/2021-01-26-230"
    assert citation.inner_text().startswith("forskrift 26. januar 2021 nr. 230 punkt ")
    decisive = expected["decision"]["decided_by"][0]
    finding = page.locator(f"[id='case-1-{decisive}']")
    assert finding.locator(".status").inner_text() == "Ikke oppfylt"
    assert finding.is_visible()
    assert "/behovsmelding/egenandel/amount" in " ".join(page.locator("table.evidence").all_inner_texts())
    shot(page, "check-result")
    shot(finding.locator("xpath=.."), "check-finding")      # the provision with the finding

    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en]")
    assert page.locator(".banner").inner_text().strip() == "Not eligible"
    english = registry.get("lokal-2021").rule_index[decisive].requirement.en
    assert page.locator(f"[id='case-1-{decisive}'] .requirement").inner_text().endswith(english)
    assert "NOK 75,000 short" in page.locator(f"[id='case-1-{decisive}'] .explanation").inner_text()
    assert page.locator(f"[id='case-1-{decisive}'] .status").inner_text() == "Not met"

    page.click("dl.meta a[href^='/rulebooks/lokal-2021']")
    page.wait_for_selector("#provisions")
    rulebook = registry.get("lokal-2021")
    assert page.locator("h1").inner_text() == "Rulebook lokal-2021"
    assert page.locator("li.provision").count() == len(rulebook.provisions)
    assert page.locator("#coverage").is_visible()
    shot(page, "rulebook")
    with_rules = page.locator("li.provision.has-rules")
    assert with_rules.count() == sum(1 for p in rulebook.provisions
                                     if any(p.ref in rule.cites for rule in rulebook.rules))
    shot(with_rules.nth(with_rules.count() - 1), "rulebook-provision")
    page.click("#lang-switch")
    page.wait_for_selector("html[lang=nb]")
    assert page.locator("h1").inner_text() == "Regelverk lokal-2021"
    page.click("nav a[href^='/rulebooks']")
    rows = page.locator("#rulebooks tbody tr")
    assert rows.count() == len(registry.shipped_ids())
    shot(page, "rulebooks")


def test_drop_and_paste(server, page):
    url, _ = server
    page.goto(url + "/")
    page.evaluate("""([name, text]) => {
        const data = new DataTransfer();
        data.items.add(new File([text], name, {type: "application/json"}));
        document.getElementById("dropzone").dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true}));
    }""", [SANDNES.name, SANDNES.read_text(encoding="utf-8")])
    assert SANDNES.name in page.locator("#chosen").inner_text()
    submit(page)
    assert page.locator(".banner").inner_text().strip() == "Tilskuddsberettiget"

    page.goto(url + "/?lang=en")
    page.fill("#pasted", '{"format": "forskrift-case/2021.1", "case": {')
    submit(page)
    error = page.locator(".error-line").inner_text()
    assert error.startswith("pasted.json:1: invalid JSON")
    assert page.locator(".banner").inner_text().strip() == "Invalid file"


def test_download_the_json_result(server, page):
    url, _ = server
    page.goto(url + "/")
    page.set_input_files("#files", str(SANDNES))
    submit(page)
    with page.expect_download() as info:
        page.click("#download")
    result = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    expected = Checker().check_path(SANDNES)
    # the result the page was rendered from, unchanged (checked_at is when it was checked: the same second
    # only by chance)
    assert result["record"]["checked_at"] <= expected["record"]["checked_at"]
    same = {k: v for k, v in expected.items() if k != "record"} | {"case": expected["case"] | {"file": SANDNES.name}}
    assert {k: v for k, v in result.items() if k != "record"} == same


def test_printable_report(server, page):
    url, _ = server
    page.goto(url + "/")
    page.set_input_files("#files", [str(SANDNES), str(KLEPP)])
    submit(page)
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible()
    assert not page.locator(".actions").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("section.case > details[open]").count() == 2   # every case opens for printing
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def make_batch(folder: Path, n: int) -> list[Path]:
    """n case files made from the examples, each with its own case id."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        source = EXAMPLES[i % len(EXAMPLES)]
        doc = json.loads(source.read_text(encoding="utf-8"))
        doc["case"]["id"] = f"{doc['case']['id']}-{i:03d}"
        path = folder / f"sak-{i:03d}-{source.stem}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths


def test_a_batch_of_100_cases(server, page, tmp_path):
    url, _ = server
    paths = make_batch(tmp_path / "saker", 100)
    checker = Checker()
    results = [checker.check_path(p) for p in paths]
    decisions = Counter(r["decision"]["status"] for r in results)
    assert len(decisions) >= 2, "the examples should give more than one decision"
    page.goto(url + "/")
    page.set_input_files("#files", [str(p) for p in paths])
    submit(page)
    rows = page.locator("#batch tbody tr")
    assert rows.count() == 100
    shown = Counter(page.eval_on_selector_all("#batch tbody tr", "rows => rows.map(r => r.dataset.decision)"))
    assert shown == decisions

    def visible_decisions():
        return page.eval_on_selector_all("#batch tbody tr:not([hidden])", "rows => rows.map(r => r.dataset.decision)")

    page.click("#sort-decision")
    ranks = [RANK[d] for d in visible_decisions()]
    assert ranks == sorted(ranks) and ranks[0] == RANK[min(decisions, key=RANK.get)]
    page.click("#sort-decision")
    ranks = [RANK[d] for d in visible_decisions()]
    assert ranks == sorted(ranks, reverse=True)
    shot(page, "batch")

    page.select_option("#filter-decision", "eligible")
    assert visible_decisions() == ["eligible"] * decisions["eligible"]
    assert page.locator("#shown-count").inner_text() == f"{decisions['eligible']} / 100"
    page.select_option("#filter-decision", "")
    page.select_option("#filter-status", "missing_information")
    with_missing = sum(1 for r in results if r["summary"]["missing_information"])
    assert len(visible_decisions()) == with_missing > 0

    page.click("#batch tbody tr:not([hidden]) a[href^='#case-'] >> nth=0")
    target = page.evaluate("location.hash")
    assert page.locator(f"{target} .banner").is_visible()


def test_a_folder_of_cases(server, page, tmp_path):
    url, _ = server
    folder = tmp_path / "mappe"
    make_batch(folder, 12)
    (folder / "notater.txt").write_text("ikke en sak", encoding="utf-8")
    page.goto(url + "/")
    page.set_input_files("#folder", str(folder))
    submit(page)
    assert page.locator("#batch tbody tr").count() == 12


def test_the_server_logs_no_case_data(server, page):
    url, log = server
    page.goto(url + "/")
    page.set_input_files("#files", str(KLEPP))
    submit(page)
    page.locator(".banner").wait_for()
    text = log.read_text(errors="replace")
    assert "POST /check 200" in text
    for example in EXAMPLES:
        doc = json.loads(example.read_text(encoding="utf-8"))
        assert doc["case"]["id"] not in text
        assert example.stem not in text
    assert "Klepp" not in text and "sak-0" not in text


def uploads(paths):
    """The cases as the impact page reads uploaded files: by file name, in memory (for the diff library)."""
    return [(p.name, lambda p=p: json.loads(p.read_text(encoding="utf-8"))) for p in paths]


def compare(tab):
    """Send the impact form and wait until the result page has loaded."""
    with tab.expect_navigation(wait_until="load"):
        tab.click("#submit")


def test_impact_of_the_2026_rulebook_on_uploaded_cases(server, page):
    url, _ = server
    expected = diff("lokal-2021", "kollektiv-2026", documents=uploads(IMPACT_CASES))
    changed = [c for c in expected["cases"] if c["decision_changed"]]
    assert len(changed) == 3 and expected["summary"]["cases"] == 4
    page.goto(url + "/")
    page.click("nav a[href^='/impact']")
    page.wait_for_selector("#impact-form")
    page.select_option("#from", "lokal-2021")
    page.select_option("#to", "kollektiv-2026")
    page.set_input_files("#files", [str(p) for p in IMPACT_CASES])
    compare(page)
    assert page.locator("h1").inner_text() == "Konsekvenser: lokal-2021 → kollektiv-2026"
    rows = page.locator("#changed-table tbody tr")
    assert rows.count() == len(changed)
    shown = page.eval_on_selector_all("section.impact-case", "s => s.map(x => x.dataset.case)")
    assert sorted(shown) == sorted(c["case"] for c in changed)

    egenandel = next(c for c in changed if "egenandel-20" in c["file"])
    section = page.locator(f"section.impact-case[data-case='{egenandel['case']}']")
    banners = section.locator("summary .banner").all_inner_texts()
    assert banners == ["Ikke tilskuddsberettiget", "Tilskuddsberettiget"]
    row = section.locator("tr[data-rule='7.2-3-egenandel']")
    assert "avgjørende" in row.inner_text() and "bortfalt krav" in row.inner_text()
    assert row.locator("td.from .status").inner_text() == "Ikke oppfylt"
    assert row.locator("td.from li.citation").inner_text() == "forskrift 26. januar 2021 nr. 230 punkt 7.2 nr. 3"
    assert row.locator("td.to").inner_text().strip() == "ikke et krav"
    appears = next(f for f in egenandel["findings"] if f["change"] == "appears")
    section.locator("details.others > summary").click()           # the changes that did not decide the case
    new_side = section.locator(f"tr[data-rule='{appears['rule']}'] td.to")
    assert new_side.locator("li.citation").all_inner_texts() == appears["to"]["citations"]

    provisions = page.locator("#by-provision tbody tr")
    turning = [p for p in expected["summary"]["provisions"] if p["decisions_turned"]]
    assert provisions.count() == len(turning) > 0
    touching = len(expected["summary"]["provisions"]) - len(turning)
    assert page.locator("#by-provision-touched tbody tr").count() == touching
    first = expected["summary"]["provisions"][0]
    assert provisions.first.locator("td").nth(0).inner_text() == first["provision"]
    assert provisions.first.locator("td").nth(1).inner_text() == str(first["decisions_turned"])
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "impact", clip={"x": 0, "y": 0, "width": 1280, "height": 1700}, full_page=True)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")      # printing opens every changed case
    assert page.locator("section.impact-case details:not([open])").count() == 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")

    page.click("#lang-switch")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").inner_text() == "Impact: lokal-2021 → kollektiv-2026"
    assert section.locator("summary .banner").all_inner_texts() == ["Not eligible", "Eligible"]
    with page.expect_download() as info:
        page.click("#download")
    downloaded = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    in_english = diff("lokal-2021", "kollektiv-2026", lang="en", documents=uploads(IMPACT_CASES))
    assert downloaded == in_english


def test_impact_over_the_shipped_corpus(server, page):
    url, log = server
    expected = diff("lokal-2021", "kollektiv-2026", ["cases/corpus"])
    page.goto(url + "/impact?lang=en")
    page.select_option("#shipped", "corpus")
    assert page.locator("#busy").is_hidden()
    page.evaluate("document.getElementById('impact-form').addEventListener('submit', e => e.preventDefault(), "
                  "{once: true})")                                        # hold the first submit back to look
    page.click("#submit")
    assert page.locator("#busy").inner_text().startswith("Comparing")      # shown while the server works
    start = time.perf_counter()
    compare(page)
    print(f"impact page over the shipped corpus: {time.perf_counter() - start:.2f} s")   # measured, not asserted
    summary = expected["summary"]
    counts = page.locator("#impact-counts").inner_text()
    assert f"{summary['cases']} cases compared ({summary['converted']} converted)" in counts
    assert f"decisions changed: {summary['decisions_changed']}" in counts
    assert page.locator("#changed-table tbody tr").count() == summary["decisions_changed"]
    counts = page.eval_on_selector_all("#not-compared tbody tr", "rows => rows.map(r => Number(r.dataset.n))")
    assert sum(counts) == summary["not_compared"] and len(counts) < summary["not_compared"]   # grouped by reason
    assert "POST /impact 200" in log.read_text(errors="replace")
