"""The one Checker of the web process, run on one worker thread.

durable-rules rulesets are created once per rulebook per process and must not be used from several threads at
once, so every check (and the creation of the engines) runs on a single dedicated thread; requests wait for it.
The impact page's comparisons (`forskrift.analysis.diff`) run there too, on checkers that share those engines.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from ..analysis.diff import diff
from ..check import Checker
from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import ForskriftError
from ..render.text import error_where
from ..rulebook import registry


def error_line(result: dict) -> str:
    """The one-line message the command line prints for a file that failed: "file[:line] /pointer: message"."""
    return f"{error_where(result)}: {result['error']['message']}"


class CheckService:
    """Checks cases on one worker thread with one engine per rulebook, created when the service starts."""

    def __init__(self, *, engine: str | None = None):
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="forskrift-engine")
        self._checker: Checker = self._executor.submit(self._start, engine).result()
        self.engine_name = self._checker.engine_name

    def _start(self, engine) -> Checker:
        checker = Checker(engine=engine)
        for rulebook in registry.all_shipped():
            checker.engine_for(rulebook)       # every engine is created here, once, on this thread
        self._thread = threading.current_thread()
        return checker

    def _check_all(self, items: list[tuple[str, bytes]], lang: str, max_bytes: int) -> list[dict]:
        assert threading.current_thread() is self._thread
        self._checker.lang = lang if lang in ("nb", "nn", "en") else "nb"
        self._checker.max_bytes = max_bytes
        results = []
        for name, data in items:
            try:
                results.append(self._checker.check_bytes(data, name))
            except ForskriftError as exc:
                results.append({"file": name, "error": exc.to_json()})
        return results

    def check_all(self, items: list[tuple[str, bytes]], lang: str = "nb",
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
        """One result per (name, bytes): the same dict as `forskrift check --format json`, or {file, error}."""
        return self._executor.submit(self._check_all, items, lang, max_bytes).result()

    async def acheck_all(self, items: list[tuple[str, bytes]], lang: str = "nb",
                         max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
        return await asyncio.wrap_future(self._executor.submit(self._check_all, items, lang, max_bytes))

    async def arun(self, fn):
        """fn(checker) on the engine thread (judgements and letters: forskrift/web/judging.py)."""
        def call():
            assert threading.current_thread() is self._thread
            return fn(self._checker)
        return await asyncio.wrap_future(self._executor.submit(call))

    def _diff(self, from_id: str, to_id: str, documents: list, lang: str) -> dict:
        assert threading.current_thread() is self._thread
        lang = lang if lang in ("nb", "nn", "en") else "nb"
        shared = self._checker.engines

        shipped_folders = {str(rb.folder) for rb in registry.all_shipped()}

        def checker_for(rulebook) -> Checker:
            if str(rulebook.folder) not in shipped_folders:
                # an uploaded working copy (web/uploaded_rulebook.py): the reference engine, not kept afterwards
                # (a durable ruleset cannot be dropped, and every upload would add one)
                return Checker(rules=str(rulebook.folder), engine="reference", lang=lang, engines={},
                               warn=lambda message: None)
            return Checker(rules=str(rulebook.folder), engine=self.engine_name, lang=lang, engines=shared,
                           warn=lambda message: None, calls=False)   # as the command line's diff

        return diff(from_id, to_id, documents=documents, lang=lang, checker_for=checker_for)

    def diff(self, from_id: str, to_id: str, documents: list, lang: str = "nb") -> dict:
        """`forskrift diff --format json` over (source, read) pairs, on the engine thread with the shared engines."""
        return self._executor.submit(self._diff, from_id, to_id, documents, lang).result()

    async def adiff(self, from_id: str, to_id: str, documents: list, lang: str = "nb") -> dict:
        return await asyncio.wrap_future(self._executor.submit(self._diff, from_id, to_id, documents, lang))


_lock = threading.Lock()
_services: dict = {}


def service(engine: str | None = None) -> CheckService:
    """The process's CheckService for this engine choice (created on first use, then reused)."""
    with _lock:
        if engine not in _services:
            _services[engine] = CheckService(engine=engine)
        return _services[engine]
