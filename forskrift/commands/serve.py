"""`forskrift serve`: the local web page and HTTP API (needs the `web` extra: FastAPI, Jinja2, uvicorn,
python-multipart). Listens on loopback unless told otherwise; logs no case data."""

from __future__ import annotations

import ipaddress
import sys

from ..batch import DEFAULT_TIMEOUT
from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import UsageError
from .check import _timeout

LOOPBACK_NAMES = ("localhost",)
# Host headers a loopback server answers (guards against DNS rebinding); Starlette keeps IPv6 brackets
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def register(sub):
    p = sub.add_parser("serve", help="serve the web page and HTTP API on this machine")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    p.add_argument("--engine", choices=("durable", "reference"), default=None,
                   help="durable (default, the engine of record) or reference")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N",
                   help=f"largest case file accepted (default {DEFAULT_MAX_BYTES})")
    p.add_argument("--max-upload", type=int, default=None, metavar="N",
                   help="largest request accepted, a whole batch (default 64 MiB)")
    p.add_argument("--max-in-flight", type=int, default=None, metavar="N",
                   help="most bytes of request bodies received at once, over all requests (default twice "
                   "--max-upload); past it a request is answered 503, try again")
    p.add_argument("--timeout", type=str, default=None, metavar="SECONDS",
                   help=f"time limit per case (default {DEFAULT_TIMEOUT:g}; 0 for none): a case that takes longer "
                   "is reported like any other bad file")
    p.set_defaults(run=run)


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def log_config() -> dict:
    fmt = {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    return {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"plain": fmt},
        "filters": {"no_case_data": {"()": "forskrift.web.logs.NoCaseData"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr",
                                "filters": ["no_case_data"]}},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
            "forskrift.web": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        },
    }


def run(args) -> int:
    try:
        import uvicorn

        from ..web.app import DEFAULT_MAX_UPLOAD, create_app
    except ImportError as exc:
        raise UsageError(f"forskrift serve needs the web extra ({exc.name} is not installed): "
                         "pip install 'forskrift[web]'") from None
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: expected 0 to 65535")
    loopback = is_loopback(args.host)
    if not loopback:
        print(f"forskrift: warning: listening on {args.host}, not loopback: other machines can reach this page; "
              "cases may hold personal data", file=sys.stderr)
    hosts = LOOPBACK_HOSTS if loopback else None
    timeout = DEFAULT_TIMEOUT if args.timeout is None else _timeout(args.timeout)
    app = create_app(engine=args.engine, max_bytes=args.max_bytes,
                     max_upload=args.max_upload or DEFAULT_MAX_UPLOAD, allowed_hosts=hosts,
                     max_in_flight=args.max_in_flight, timeout=timeout)
    uvicorn.run(app, host=args.host, port=args.port, access_log=False, log_config=log_config(),
                server_header=False, proxy_headers=False)
    return 0
