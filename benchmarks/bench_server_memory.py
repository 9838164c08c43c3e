"""Peak memory of `forskrift serve` under many large requests at once: N clients each send a body of S MB at
the same time, in 1 MB pieces — to `/api/check`, or with --page as a file in a multipart form to the check page —
and the server's RSS is sampled every 20 ms. The API stops reading a body once it is over the case limit; the
page's requests share the overall cap on bytes in flight (`--max-in-flight`, default twice `--max-upload`), past
which they are answered 503, so memory stays bounded.

    python benchmarks/bench_server_memory.py [--requests 10] [--mb 60] [--page [--cases N]] [--max-in-flight N]

The RSS includes the body held by this process's client threads only in the client, not the server.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


PART_HEAD = (b'--BOUNDARY\r\ncontent-disposition: form-data; name="files"; filename="case-%d.json"\r\n'
             b"content-type: application/json\r\n\r\n")


def many_cases(size: int, parts: int) -> bytes:
    """A multipart body of `parts` valid case files (an example padded with spaces), about `size` bytes in all."""
    case = (ROOT / "cases" / "lokal-2021" / "desentralisert-sandnes-eligible.json").read_bytes()
    each = max(len(case), size // parts - len(PART_HEAD) - 2)
    padded = case + b" " * (each - len(case))
    return b"".join(PART_HEAD % i + padded + b"\r\n" for i in range(parts)) + b"--BOUNDARY--\r\n"


def send(port: int, size: int, statuses: Counter, lock: threading.Lock, form: bool, body: bytes | None = None):
    body_piece = b"x" * (1024 * 1024)
    head, tail = b"", b""
    if form:   # the check page: one file of `size` bytes in a multipart form
        head = PART_HEAD % 0
        tail = b"\r\n--BOUNDARY--\r\n"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        conn.putrequest("POST", "/check" if form else "/api/check")
        conn.putheader("content-type", "multipart/form-data; boundary=BOUNDARY" if form else "application/json")
        conn.putheader("content-length", str(len(body) if body is not None else len(head) + size + len(tail)))
        conn.endheaders()
        if body is not None:   # many files in one form
            for start in range(0, len(body), len(body_piece)):
                conn.send(body[start:start + len(body_piece)])
        else:
            conn.send(head)
            sent = 0
            while sent < size:
                piece = body_piece[:min(len(body_piece), size - sent)]
                conn.send(piece)
                sent += len(piece)
            conn.send(tail)
        response = conn.getresponse()
        status = response.status
        response.read()
    except (OSError, http.client.HTTPException) as exc:
        status = type(exc).__name__
    finally:
        conn.close()
    with lock:
        statuses[status] += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--mb", type=int, default=60)
    parser.add_argument("--max-in-flight", type=int, default=None)
    parser.add_argument("--page", action="store_true", help="post to the check page (multipart) instead of the API")
    parser.add_argument("--cases", type=int, default=0, metavar="N",
                        help="with --page: N valid case files (padded) of --mb MB in all per request, instead of "
                        "one file of --mb MB (at most 2000, the page's limit of files)")
    args = parser.parse_args()
    port = free_port()
    argv = [sys.executable, "-m", "forskrift", "serve", "--port", str(port)]
    if args.max_in_flight:
        argv += ["--max-in-flight", str(args.max_in_flight)]
    server = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        idle = rss_kb(server.pid)
        peak = idle
        stop = threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, rss_kb(server.pid))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        statuses: Counter = Counter()
        lock = threading.Lock()
        start = time.perf_counter()
        body = many_cases(args.mb * 1024 * 1024, args.cases) if args.page and args.cases else None
        clients = [threading.Thread(target=send, args=(port, args.mb * 1024 * 1024, statuses, lock,
                                                                args.page, body))
                   for _ in range(args.requests)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        wall = time.perf_counter() - start
        time.sleep(0.5)
        stop.set()
        sampler.join()
        after = rss_kb(server.pid)
        what = f" ({args.cases} case files each)" if body is not None else ""
        print(f"{args.requests} requests of {args.mb} MB{what} at once to {'/check' if args.page else '/api/check'}, "
              "max in flight "
              f"{args.max_in_flight or 'default (128 MiB)'}: server RSS idle {idle / 1024:.0f} MB, peak "
              f"{peak / 1024:.0f} MB, after {after / 1024:.0f} MB; answers {dict(statuses)}; {wall:.1f} s")
    finally:
        server.terminate()
        server.wait(10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
