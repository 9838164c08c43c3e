"""What the server's logs may hold: a filter that keeps case data out of them (`forskrift serve`'s log set-up)."""

from __future__ import annotations

import logging


class NoCaseData(logging.Filter):
    """Drops tracebacks (whose messages could quote a case) from server logs; keeps the exception's type."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "error"
            record.msg, record.args = f"internal error ({kind}); details withheld: they may hold case data", ()
            record.exc_info = record.exc_text = None
        return True
