"""Benchmark of the web impact page over the shipped corpus (lokal-2021 → kollektiv-2026, 217 files).

    python benchmarks/bench_impact_page.py [--repeat N] [--browser]

Times, through FastAPI's test client, `POST /api/diff?cases=corpus` and `POST /impact` with the corpus chosen on
the server (the diff, then the page rendered), and prints the size of the page; then the language switch, which
sends the comparison the page keeps back and has it worded and rendered again (no comparison). With --browser
it also starts `forskrift serve` and times headless Chromium (/usr/bin/chromium) from pressing "Compare" to the
result page's load event, and the language switch. Not a test: speed is measured, never asserted.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAIR = {"from": "lokal-2021", "to": "kollektiv-2026"}

from timing import timed  # noqa: E402


def server_side(repeat: int) -> None:
    from fastapi.testclient import TestClient

    from forskrift.web.app import create_app
    with TestClient(create_app()) as client:
        client.post("/api/diff", params=PAIR | {"cases": "examples"})        # warm up
        seconds, response = timed(lambda: client.post("/api/diff", params=PAIR | {"cases": "corpus"}), repeat)
        s = response.json()["summary"]
        print(f"POST /api/diff?cases=corpus   {seconds:.3f} s  ({s['cases']} compared, {s['not_compared']} not "
              f"compared, {s['decisions_changed']} decisions changed; {len(response.content) / 1e6:.1f} MB JSON)")
        seconds, response = timed(lambda: client.post("/impact", data=PAIR | {"shipped": "corpus"}), repeat)
        print(f"POST /impact shipped=corpus   {seconds:.3f} s  (page {len(response.content) / 1e6:.2f} MB)")
        kept = kept_form(response.text)
        seconds, switched = timed(lambda: client.post("/impact", data=kept | {"lang": "en"}), repeat)
        assert '<html lang="en">' in switched.text
        print(f"POST /impact kept, lang=en    {seconds:.3f} s  (the language switch: {len(kept['kept_case'])} kept "
              f"cases, {sum(map(len, kept['kept_case'])) / 1e6:.2f} MB sent back)")


def kept_form(page: str) -> dict:
    """The result page's hidden form: the comparison it keeps, as the browser sends it back."""
    import html
    form = page[page.index('<form id="keep"'):]
    form = form[:form.index("</form>")]
    return {"shipped": re.search(r'name="shipped" value="([^"]*)"', form).group(1),
            "n_files": re.search(r'name="n_files" value="([^"]*)"', form).group(1),
            "kept_head": html.unescape(re.search(r'<textarea name="kept_head" hidden>(.*?)</textarea>', form,
                                                 re.S).group(1)),
            "kept_case": [html.unescape(t) for t in re.findall(r'<textarea name="kept_case" hidden>(.*?)</textarea>',
                                                               form, re.S)]}


def in_browser(repeat: int) -> None:
    from playwright.sync_api import sync_playwright
    log = Path("/tmp/forskrift-bench-serve.log")
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "forskrift", "serve", "--port", "0"], cwd=ROOT, stdout=out,
                                stderr=subprocess.STDOUT)
    try:
        url = None
        while url is None:
            match = re.search(r"running on (http://127\.0\.0\.1:\d+)", log.read_text(errors="replace"))
            url = match.group(1) if match else time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
            page = browser.new_page()
            times = []
            for _ in range(repeat):
                page.goto(url + "/impact")
                page.select_option("#shipped", "corpus")
                start = time.perf_counter()
                with page.expect_navigation(wait_until="load"):
                    page.click("#submit")
                times.append(time.perf_counter() - start)
            rows = page.locator("#changed-table tbody tr").count()
            start = time.perf_counter()
            page.click("#lang-switch")
            page.wait_for_selector("html[lang=en]")
            switch = time.perf_counter() - start
            browser.close()
        print(f"browser: Compare → loaded      {statistics.median(times):.3f} s  ({rows} changed cases listed); "
              f"language switch {switch:.3f} s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    server_side(args.repeat)
    if args.browser:
        in_browser(args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
