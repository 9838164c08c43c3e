"""Care with data at the edge of the application (plain ASGI middleware):

- `SecurityHeaders`: a strict Content-Security-Policy (own scripts and styles only, nothing from elsewhere),
  no caching of pages that may hold personal data, no framing, no referrer, no MIME sniffing;
- `BodyLimit`: refuses a request body over the limit (413), by Content-Length and while it streams; holds the
  bytes of all requests in flight under one overall cap (503 with Retry-After past it), and gives up a body that
  stops coming (408 when no part arrives for `body_timeout` seconds or the whole takes longer than
  `body_deadline`). A request answered before its body was read (503, or a case over the limit) has the rest of
  its body read and dropped first, within those limits, so that the client reads the answer instead of a reset;
- `SameOrigin`: refuses a state-changing request another site's page makes the browser send (by
  `Sec-Fetch-Site` and `Origin`), and an API request whose body is not declared as JSON (a cross-site
  "simple" request can only send text/plain, form-urlencoded or multipart bodies, never application/json);
- `AccessLog`: one log line per request with method, path (never the query string or the body; control
  characters escaped, so that a path cannot forge a line), status and time: no case data reaches the logs.
  (uvicorn's own access log is switched off by `forskrift serve`.) `HostCheck`: only the Host headers given.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")

HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]

log = logging.getLogger("forskrift.web")


class SecurityHeaders:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        static = scope["path"].startswith("/static/")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in dict(HEADERS)
                           and h[0].lower() != b"cache-control"]
                headers += HEADERS
                headers.append((b"cache-control", b"no-cache" if static else b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _TooLarge(Exception):
    pass


class _Busy(Exception):
    pass


class _TooSlow(Exception):
    pass


DEFAULT_BODY_TIMEOUT = 20.0      # seconds without any part of a body arriving
DEFAULT_BODY_DEADLINE = 120.0    # seconds for a whole body


class BodyLimit:
    """Bounds on request bodies, each request's and all together.

    `max_body` per request (413). `max_in_flight` over all requests being received at once: a request whose
    declared or received bytes would take the total over it is refused with 503 (try again), so that many
    large requests at once cannot exhaust memory. A body that stalls is given up with 408.
    """

    def __init__(self, app, max_body: int, max_in_flight: int | None = None,
                 body_timeout: float = DEFAULT_BODY_TIMEOUT, body_deadline: float = DEFAULT_BODY_DEADLINE):
        self.app = app
        self.max_body = max_body
        self.max_in_flight = max_in_flight or 4 * max_body
        self.body_timeout = body_timeout
        self.body_deadline = body_deadline
        self.in_flight = 0

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = 0
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit():
                declared = int(value)
                if declared > self.max_body:
                    return await self._refuse(scope, send, 413, self._too_large())
        begun = time.monotonic()
        if declared and self.in_flight + declared > self.max_in_flight:
            # read and drop the body first, holding none of it, so that a client still sending reads this answer
            # instead of a connection reset
            await self._drain(receive, 0, begun)
            return await self._refuse(scope, send, 503, self._busy())
        held = declared            # bytes counted against the overall cap for this request
        self.in_flight += held
        seen = 0
        body_done = scope["method"] in ("GET", "HEAD") and not declared
        started = False

        async def guarded_receive():
            nonlocal seen, held, body_done
            if body_done:
                return await receive()
            try:
                message = await self._next(receive, begun)
            except TimeoutError:
                raise _TooSlow from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if not message.get("more_body", False):
                    body_done = True
                if seen > self.max_body:
                    raise _TooLarge
                if seen > held:
                    if self.in_flight + (seen - held) > self.max_in_flight:
                        raise _Busy
                    self.in_flight += seen - held
                    held = seen
            else:
                body_done = True
            return message

        async def tracking_send(message):
            nonlocal started, body_done, held
            if message["type"] == "http.response.start":
                started = True
            elif message["type"] == "http.response.body" and not message.get("more_body") and not body_done:
                # the application answered without reading the whole body (a case over the limit): drop the
                # rest before the answer ends, as long as it stays within the limits, for the same reason;
                # what is dropped is not held, so it no longer counts against the overall cap
                self.in_flight -= held
                held = 0
                await self._drain(receive, seen, begun)
                body_done = True
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send, 413, self._too_large())
        except _Busy:
            self.in_flight -= held
            held = 0
            if not body_done:
                await self._drain(receive, seen, begun)
            if not started:
                await self._refuse(scope, send, 503, self._busy())
        except _TooSlow:
            if not started:
                await self._refuse(scope, send, 408, f"the request body did not arrive in time (nothing for "
                                   f"{self.body_timeout:g} s, or not all within {self.body_deadline:g} s)")
        finally:
            self.in_flight -= held

    async def _next(self, receive, begun: float):
        """The next message of a body, or TimeoutError when none comes within the limits."""
        left = self.body_deadline - (time.monotonic() - begun)
        return await asyncio.wait_for(receive(), timeout=max(0.0, min(self.body_timeout, left)))

    async def _drain(self, receive, seen: int, begun: float) -> bool:
        """Read and drop what is left of a body: True when it ended, False when it was given up (over the
        upload limit in all, or stalled; the connection is then closed under a client that keeps sending)."""
        while True:
            try:
                message = await self._next(receive, begun)
            except TimeoutError:
                return False
            if message["type"] != "http.request":
                return True
            seen += len(message.get("body", b""))
            if not message.get("more_body", False):
                return True
            if seen > self.max_body:
                return False

    def _too_large(self) -> str:
        return f"request body over the limit of {self.max_body} bytes (set --max-upload to change it)"

    def _busy(self) -> str:
        return (f"the server is receiving other large requests (over {self.max_in_flight} bytes at once); "
                "try again shortly")

    async def _refuse(self, scope, send, status: int, message: str):
        if scope["path"].startswith("/api/"):
            body, kind = json.dumps({"error": {"message": message}}).encode(), b"application/json"
        else:
            body, kind = message.encode(), b"text/plain; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"connection", b"close")]
        if status == 503:
            headers.append((b"retry-after", b"5"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value
    return None


async def _send_error(scope, send, status: int, message: str):
    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": {"message": message}}).encode(), b"application/json"
    else:
        body, kind = message.encode(), b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


JSON_BODY_PATHS = ("/api/check", "/api/report")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class SameOrigin:
    """Only this application's own pages, and programs that are not browsers, may post to it.

    A browser marks a request another site's page makes with `Sec-Fetch-Site: cross-site` (or `same-site`),
    an older one with an `Origin` that is not this server's; both are refused (403) for every method but
    GET/HEAD/OPTIONS. A program such as curl sends neither and is let through. `/api/check` also requires a JSON
    content type (415 otherwise), which a cross-site form or `fetch` without CORS can never send, so an older
    browser without these headers cannot be made to post a case either.
    """

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            return await self.app(scope, receive, send)
        site = (_header(scope, b"sec-fetch-site") or b"").decode("latin-1").lower()
        if site and site not in ("same-origin", "none"):
            return await _send_error(scope, send, 403, f"refused: a request from another site ({site})")
        origin = _header(scope, b"origin")
        # "null" is what a browser sends for our own form under `Referrer-Policy: no-referrer`; a browser
        # that sends Sec-Fetch-Site has been judged by it above
        if origin is not None and origin != b"null" and not site:
            host = (_header(scope, b"host") or b"").decode("latin-1").lower()
            given = origin.decode("latin-1").lower()
            if given.partition("://")[2] != host or not host:
                return await _send_error(scope, send, 403, "refused: a request from another site (Origin "
                                         "is not this server)")
        if scope["path"] in JSON_BODY_PATHS:
            kind = (_header(scope, b"content-type") or b"").decode("latin-1").split(";")[0].strip().lower()
            if kind != "application/json" and not (kind.startswith("application/") and kind.endswith("+json")):
                return await _send_error(scope, send, 415, "expected a JSON body (Content-Type: "
                                         f"application/json), found {kind or 'none'}")
        await self.app(scope, receive, send)


class HostCheck:
    """Answers only the Host headers given (a loopback server: guards against DNS rebinding); 400 otherwise,
    as JSON under /api/ like every API error."""

    def __init__(self, app, allowed_hosts: list[str]):
        self.app = app
        self.allowed = {h.lower() for h in allowed_hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        host = (_header(scope, b"host") or b"").decode("latin-1").lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name not in self.allowed:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await _send_error(scope, send, 400, "invalid host header")
        await self.app(scope, receive, send)


class AccessLog:
    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        start = time.perf_counter()
        status = 500

        async def send_status(message):
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            log.info("%s %s %s %.0f ms", _printable(scope["method"]), _printable(scope["path"]), status,
                     (time.perf_counter() - start) * 1000)


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    """A path as one line of the log: control characters (a newline that would start a forged line) escaped."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                            else f"\\u{ord(m.group()):04x}", text)
