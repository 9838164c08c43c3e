"""The server's edge (`forskrift/web/middleware.py` and the app's error handlers): an overall cap on the bytes
of requests in flight, a time limit on bodies that stall, uploads kept in memory at any size, an access log a
path cannot forge, a client that goes away is no internal error, and every API error is JSON."""

from __future__ import annotations

import asyncio
import json
import logging
import tempfile
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from forskrift.web.app import create_app  # noqa: E402
from forskrift.web.middleware import BodyLimit  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SANDNES = ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json"
JSON = {"content-type": "application/json"}


async def _echo(scope, receive, send):
    """An application that reads the whole body, then answers 200 with its length."""
    size = 0
    while True:
        message = await receive()
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = str(size).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def _scope(path="/api/check", length=None):
    headers = [(b"content-type", b"application/json")]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return {"type": "http", "method": "POST", "path": path, "headers": headers}


async def _call(app, scope, parts, gate=None):
    """Send the body in `parts`, waiting for `gate` (an Event) before the last; (status, body)."""
    queue = list(parts)
    sent: list = []

    async def receive():
        if gate is not None and len(queue) == 1:
            await gate.wait()
        if not queue:
            await asyncio.sleep(3600)
        chunk = queue.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(queue)}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    return status, b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


def _recording(parts: list, events: list):
    """(receive, send) that hand out `parts` and write down each read, each status sent and each body sent."""
    async def receive():
        events.append("read")
        chunk = parts.pop(0)
        return {"type": "http.request", "body": chunk, "more_body": bool(parts)}

    async def send(message):
        events.append(message.get("status", "body"))

    return receive, send


def test_requests_in_flight_share_one_cap():
    async def scenario():
        limit = BodyLimit(_echo, max_body=1200, max_in_flight=1500)
        gate = asyncio.Event()
        first = asyncio.create_task(_call(limit, _scope(), [b"x" * 400, b"x" * 400], gate))
        await asyncio.sleep(0.05)                               # the first holds 400 bytes, more to come
        declared = await _call(limit, _scope(length=1200), [b"x" * 1200])   # 400 + 1200 > 1500: refused at once
        streamed = await _call(limit, _scope(), [b"x" * 600, b"x" * 600])   # over the cap while it streams
        small = await _call(limit, _scope(), [b"x" * 100])
        gate.set()
        return await first, declared, streamed, small, limit.in_flight

    first, declared, streamed, small, left = asyncio.run(scenario())
    assert first == (200, b"800")
    assert declared[0] == streamed[0] == 503
    assert "try again" in json.loads(declared[1])["error"]["message"]
    assert small == (200, b"100")
    assert left == 0                                            # every request gave back what it held


def test_a_body_that_stops_coming_is_given_up():
    async def scenario():
        limit = BodyLimit(_echo, max_body=1000, body_timeout=0.2, body_deadline=5)
        stalled = await _call(limit, _scope(), [b"x" * 10, b"never sent"], gate=asyncio.Event())
        return stalled, limit.in_flight

    (status, body), left = asyncio.run(scenario())
    assert status == 408 and "did not arrive in time" in json.loads(body)["error"]["message"]
    assert left == 0


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def test_an_upload_larger_than_a_case_is_never_written_to_disk(client, monkeypatch):
    rolled: list = []
    original = tempfile.SpooledTemporaryFile.rollover

    def rollover(self):
        rolled.append(self)
        return original(self)

    monkeypatch.setattr(tempfile.SpooledTemporaryFile, "rollover", rollover)
    big = b" " * (6 * 1024 * 1024) + SANDNES.read_bytes()        # over the 5 MiB case limit, under the upload
    page = client.post("/check", files=[("files", ("big.json", big, "application/json"))])
    assert page.status_code == 200 and "over the limit" in page.text
    assert rolled == []


def test_the_access_log_cannot_be_forged_by_a_path(client, caplog):
    with caplog.at_level(logging.INFO, logger="forskrift.web"):
        client.get("/api/nothing%0AGET%20/api/check%20200%201%20ms%0D")
    lines = [r.getMessage() for r in caplog.records if r.name == "forskrift.web"]
    assert len(lines) == 1 and "\n" not in lines[0] and "\r" not in lines[0]
    assert lines[0].startswith("GET /api/nothing\\x0aGET /api/check 200 1 ms\\x0d 404")


def test_a_client_that_goes_away_is_not_an_internal_error(caplog):
    app = create_app()

    async def scenario():
        sent: list = []

        async def receive():
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/check", "raw_path": b"/api/check",
                 "query_string": b"", "root_path": "", "scheme": "http", "server": ("127.0.0.1", 8000),
                 "client": ("127.0.0.1", 5000), "http_version": "1.1", "asgi": {"version": "3.0"},
                 "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                             (b"content-length", b"100")]}
        await app(scope, receive, send)
        return sent

    with caplog.at_level(logging.INFO):
        asyncio.run(scenario())
    logged = [r.getMessage() for r in caplog.records]
    assert not any("internal error" in m for m in logged), logged
    assert any(m.startswith("POST /api/check 499") for m in logged), logged


def test_every_api_error_is_json(client):
    guarded = create_app(allowed_hosts=["127.0.0.1"])
    with TestClient(guarded, base_url="http://attacker.example") as other:
        answers = [other.get("/api/rulebooks")]
    answers += [
        client.get("/api/nothing"),                                   # 404
        client.get("/api/check"),                                     # 405
        client.post("/api/check", content=b"{}"),                     # 415, no JSON type
        client.post("/api/check", headers=JSON | {"sec-fetch-site": "cross-site"}, content=b"{}"),   # 403
        client.post("/api/check", headers=JSON, content=b"{"),        # 422, the case
        client.post("/api/diff", params={"from": "lokal-2021"}),      # 422, the request
    ]
    for response in answers:
        assert response.status_code >= 400
        assert response.headers["content-type"].startswith("application/json"), response.text
        assert response.json()["error"]["message"]


def test_a_refused_request_is_read_to_its_end_before_the_answer():
    """A request refused while its body is still coming (503, busy) has the rest read and dropped first, so that
    a client that sends its whole body before reading the answer gets the answer instead of a reset."""
    events: list = []

    async def scenario():
        limit = BodyLimit(_echo, max_body=1200, max_in_flight=1500)
        gate = asyncio.Event()
        first = asyncio.create_task(_call(limit, _scope(), [b"x" * 400, b"x" * 400], gate))
        await asyncio.sleep(0.05)
        parts = [b"x" * 300] * 4

        receive, send = _recording(parts, events)
        await limit(_scope(length=1200), receive, send)
        gate.set()
        await first
        return limit.in_flight

    assert asyncio.run(scenario()) == 0
    assert events == ["read"] * 4 + [503, "body"]


def test_an_answer_given_before_the_body_was_read_waits_for_its_end():
    """The API answers a case over the limit without reading it; the rest is dropped before the answer ends."""
    events: list = []

    async def answers_at_once(scope, receive, send):
        await receive()                                              # the first piece only
        await send({"type": "http.response.start", "status": 422, "headers": []})
        await send({"type": "http.response.body", "body": b"too large"})

    async def scenario():
        limit = BodyLimit(answers_at_once, max_body=10_000)
        parts = [b"x" * 100] * 5

        receive, send = _recording(parts, events)
        await limit(_scope(length=500), receive, send)
        return limit.in_flight

    assert asyncio.run(scenario()) == 0
    assert events == ["read", 422] + ["read"] * 4 + ["body"]


def test_an_upload_over_the_case_limit_is_counted_not_kept():
    """A file part over the case limit keeps none of its bytes (web/uploads.py); the result names its full
    size, as for any file over the limit."""
    from forskrift.web.uploads import OverLimit, _CappedBuffer

    buffer = _CappedBuffer(1000)
    for _ in range(50):
        buffer.write(b"x" * 100)
    assert len(buffer.data) == 0 and buffer.size == 5000
    data = buffer.read()
    assert isinstance(data, OverLimit) and data == b"" and data.size == 5000
    small = _CappedBuffer(1000)
    small.write(b"{}")
    small.seek(0)
    assert small.read() == b"{}"

    with TestClient(create_app(max_bytes=2000)) as c:
        page = c.post("/check", files=[("files", ("big.json", b" " * 5000 + b"{}", "application/json")),
                                       ("files", ("sandnes.json", SANDNES.read_bytes()[:1] + b" " * 10, "a/j"))])
    assert page.status_code == 200
    assert "file is 5002 bytes, over the limit of 2000 bytes" in page.text


def test_many_large_uploads_at_once_are_answered_not_reset(tmp_path):
    """A real server (uvicorn), the overall cap small: a request held half-sent takes most of it, and a second
    one, sent whole before its client reads anything, is answered 503 (JSON, Retry-After), not reset."""
    import http.client
    import socket
    import threading

    import uvicorn

    app = create_app(max_upload=6 * 1024 * 1024, max_in_flight=6 * 1024 * 1024)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        size = 5 * 1024 * 1024
        holder = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        holder.putrequest("POST", "/api/check")
        holder.putheader("content-type", "application/json")
        holder.putheader("content-length", str(size))
        holder.endheaders()
        holder.send(b" " * 1024)                                    # holds its declared 5 MiB in flight
        threading.Event().wait(0.3)
        other = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        other.request("POST", "/api/check", body=b" " * size, headers={"content-type": "application/json"})
        answer = other.getresponse()
        assert answer.status == 503
        assert answer.getheader("retry-after") == "5"
        assert "try again" in json.loads(answer.read())["error"]["message"]
        other.close()
        holder.close()
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_case_over_the_time_limit_is_a_bad_file_and_the_server_goes_on(monkeypatch):
    """The web page's own check has a time limit per case (serve --timeout): a case that runs past it is
    interrupted and answered like any other bad file, in JSON; the next case is checked as usual."""
    import time

    from forskrift.web.service import CheckService

    checks = CheckService(timeout=0.5)
    original = checks._checker.check_bytes

    def check_bytes(data, name):
        if name.startswith("slow"):
            end = time.monotonic() + 30
            while time.monotonic() < end:     # Python steps, as a slow evaluation would take
                pass
        return original(data, name)

    monkeypatch.setattr(checks._checker, "check_bytes", check_bytes)
    case = SANDNES.read_bytes()
    started = time.monotonic()
    slow, fine = checks.check_all([("slow.json", case), ("sandnes.json", case)])
    assert time.monotonic() - started < 20
    assert slow == {"file": "slow.json", "error": {"file": "slow.json", "message": "checking this file took "
                    "longer than 0.5 s, the limit per file (set --timeout to change it); it was given up"}}
    assert fine["decision"]["status"] == "eligible"
    with TestClient(create_app(checks=checks)) as c:
        answer = c.post("/api/check", params={"name": "slow-2.json"}, headers=JSON, content=case)
        assert answer.status_code == 422 and "took longer than 0.5 s" in answer.json()["error"]["message"]
        page = c.post("/check", files=[("files", ("slow-3.json", case, "application/json")),
                                       ("files", ("sandnes.json", case, "application/json"))])
        assert page.status_code == 200 and "took longer than 0.5 s" in page.text
        again = c.post("/api/check", headers=JSON, content=case)
        assert again.status_code == 200 and again.json()["decision"]["status"] == "eligible"
    def slow_judging(checker):
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass

    from forskrift.errors import DocumentError
    with pytest.raises(DocumentError) as caught:        # the judging forms' recomputation: the same limit
        asyncio.run(checks.arun(slow_judging))
    assert "took longer than 0.5 s" in caught.value.message
    time.sleep(1.5)       # no interruption is left over to land later, outside a check
    assert checks.check_all([("sandnes.json", case)])[0]["decision"]["status"] == "eligible"


def test_a_long_result_page_is_sent_as_it_is_rendered_holding_no_reports(client):
    """Past the judging forms' 20 cases the check page keeps of each case only what its table shows and the
    result as JSON (view.LightCaseView), and renders each report as the page is sent: the same page, streamed."""
    from forskrift.web.service import service
    from forskrift.web.view import LightCaseView, case_view, light_case_view

    examples = sorted((ROOT / "cases").glob("*/*.json"))[:21]
    files = [("files", (p.name, p.read_bytes(), "application/json")) for p in examples]
    files.append(("files", ("broken.json", b"{", "application/json")))
    page = client.post("/check", files=files)
    assert page.status_code == 200 and "content-length" not in page.headers     # streamed
    assert page.text.count('name="result_json"') == 22 and page.text.rstrip().endswith("</html>")
    assert "invalid JSON" in page.text

    [result] = service().check_all([(examples[0].name, examples[0].read_bytes())])
    light = light_case_view(0, examples[0].name, result, "nb")
    assert isinstance(light, LightCaseView) and "html" not in light and "judging" not in light
    assert light["result"] == {"case": {"id": result["case"]["id"], "kind": "behovsmelding"}}   # no findings
    assert light["html"] == case_view(0, examples[0].name, result, "nb")["html"]
    assert light["result_json"] == case_view(0, examples[0].name, result, "nb")["result_json"]
    assert "html" not in light and "result_json" not in light                   # made when asked, not kept

    items = [(p.name, p.read_bytes()) for p in examples[:3]]
    made = asyncio.run(service().acheck_all(items, each=lambda i, name, r: (i, name, "error" in r)))
    assert made == [(i, p.name, False) for i, p in enumerate(examples[:3])]
    assert all(data == b"" for _, data in items)                                # let go once checked
