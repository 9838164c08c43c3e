"""The one Checker of the web process, run on one worker thread.

durable-rules rulesets are created once per rulebook per process and must not be used from several threads at
once, so every check (and the creation of the engines) runs on a single dedicated thread; requests wait for it.
The impact page's comparisons (`forskrift.analysis.diff`) run there too, on checkers that share those engines.

Each case has a time limit (`timeout`, `forskrift serve --timeout`, as `check --timeout` per file): a watchdog
thread interrupts the engine thread when one case has run past it (an exception raised in that thread between
two Python steps, as the command line's timer does), the case gets an error result like any other bad file, the
engines are rebuilt for the next case, and the thread goes on with the next case or request.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from ..analysis.diff import diff
from ..batch import DEFAULT_TIMEOUT, timeout_result
from ..check import Checker
from ..documents.read import DEFAULT_MAX_BYTES
from ..errors import DocumentError, ForskriftError
from ..render.text import error_where
from ..rulebook import registry


def error_line(result: dict) -> str:
    """The one-line message the command line prints for a file that failed: "file[:line] /pointer: message"."""
    return f"{error_where(result)}: {result['error']['message']}"


def _build_engines(checker: Checker) -> None:
    for rulebook in registry.all_shipped():
        checker.engine_for(rulebook)       # every engine is created on the engine thread, at start or after a stop


class _GivenUp(Exception):
    """A case stopped by the watchdog, the engines rebuilt."""


class _Overtime(BaseException):
    """Raised in the engine thread by the watchdog (a BaseException, so that no `except Exception` keeps it)."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Make `thread_id` raise `exc` at its next Python step (None: withdraw one set and not raised yet)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc) if exc is not None else None)


class _Watchdog:
    """One thread that interrupts the engine thread when the case it is on runs past its deadline (and again
    every second while it still runs: an interruption that lands where exceptions are swallowed, such as a
    garbage-collector callback, is followed by another)."""

    def __init__(self, thread_id: int):
        self._thread_id = thread_id
        self._wake = threading.Condition()
        self._deadline: float | None = None
        threading.Thread(target=self._run, name="forskrift-watchdog", daemon=True).start()

    def start(self, seconds: float) -> None:
        with self._wake:
            self._deadline = time.monotonic() + seconds
            self._wake.notify()

    def stop(self) -> None:
        """No more interruptions for this case; one set but not yet raised is withdrawn."""
        with self._wake:
            self._deadline = None
        _raise_in(self._thread_id, None)

    def _run(self) -> None:
        with self._wake:
            while True:
                if self._deadline is None:
                    self._wake.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._wake.wait(left)
                    continue
                _raise_in(self._thread_id, _Overtime)
                self._deadline = time.monotonic() + 1.0


class CheckService:
    """Checks cases on one worker thread with one engine per rulebook, created when the service starts; each
    case within `timeout` seconds (None or 0: no limit)."""

    def __init__(self, *, engine: str | None = None, timeout: float | None = DEFAULT_TIMEOUT):
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="forskrift-engine")
        self._checker: Checker = self._executor.submit(self._start, engine).result()
        self.engine_name = self._checker.engine_name
        self._watchdog = _Watchdog(self._thread.ident)

    def _start(self, engine) -> Checker:
        checker = Checker(engine=engine)
        _build_engines(checker)
        self._thread = threading.current_thread()
        return checker

    def _check_all(self, items: list[tuple[str, bytes]], lang: str, max_bytes: int, each=None) -> list:
        assert threading.current_thread() is self._thread
        self._checker.lang = lang if lang in ("nb", "nn", "en") else "nb"
        self._checker.max_bytes = max_bytes
        if each is None:
            return [self._check_one(name, data) for name, data in items]
        made = []
        for i in range(len(items)):
            name, data = items[i]
            items[i] = (name, b"")        # the bytes are let go once the case is checked
            made.append(each(i, name, self._check_one(name, data)))
            del data
        return made

    def _check_one(self, name: str, data: bytes) -> dict:
        def work():
            try:
                return self._checker.check_bytes(data, name)
            except ForskriftError as exc:
                return {"file": name, "error": exc.to_json()}
            except RecursionError:
                return {"file": name, "error": {"file": name, "message": "document too deeply nested to evaluate"}}

        try:
            return self._within_limit(work)
        except _GivenUp:
            return timeout_result(name, self.timeout)

    def _within_limit(self, work):
        """work() under the time limit per case; _GivenUp when the watchdog had to stop it."""
        timeout = self.timeout
        if not timeout:
            return work()
        self._watchdog.start(timeout)
        try:
            try:
                return work()
            finally:
                self._watchdog.stop()
        except _Overtime:
            self._watchdog.stop()     # (again: the interruption may have landed in the first stop)
            # the engine may have been stopped half-way through a case: new engines for the next case
            self._checker.engines.clear()
            _build_engines(self._checker)
            raise _GivenUp from None

    def check_all(self, items: list[tuple[str, bytes]], lang: str = "nb",
                  max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
        """One result per (name, bytes): the same dict as `forskrift check --format json`, or {file, error}."""
        return self._executor.submit(self._check_all, items, lang, max_bytes).result()

    async def acheck_all(self, items: list[tuple[str, bytes]], lang: str = "nb",
                         max_bytes: int = DEFAULT_MAX_BYTES, each=None) -> list:
        """As `check_all`; with `each`, each(index, name, result) in place of each result, made on the engine
        thread as the result is, and the items' bytes let go (replaced by b"") as each is checked, so that
        neither the full results of a large batch nor all its files are held at once."""
        return await asyncio.wrap_future(self._executor.submit(self._check_all, items, lang, max_bytes, each))

    async def arun(self, fn):
        """fn(checker) on the engine thread (judgements and letters on one case: forskrift/web/judging.py), under
        the time limit per case: past it, a DocumentError that says so."""
        def call():
            assert threading.current_thread() is self._thread
            try:
                return self._within_limit(lambda: fn(self._checker))
            except _GivenUp:
                raise DocumentError(f"checking this case took longer than {self.timeout:g} s, the limit per case "
                                    "(set --timeout to change it); it was given up") from None
        return await asyncio.wrap_future(self._executor.submit(call))

    def _diff(self, from_id: str, to_id: str, documents: list, lang: str, codes: bool = False) -> dict:
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

        return diff(from_id, to_id, documents=documents, lang=lang, checker_for=checker_for, codes=codes)

    def diff(self, from_id: str, to_id: str, documents: list, lang: str = "nb") -> dict:
        """`forskrift diff --format json` over (source, read) pairs, on the engine thread with the shared engines."""
        return self._executor.submit(self._diff, from_id, to_id, documents, lang).result()

    async def adiff(self, from_id: str, to_id: str, documents: list, lang: str = "nb", codes: bool = False) -> dict:
        """As `diff`; `codes`: the sides of changed findings carry what their messages are worded from
        (forskrift/analysis/diff.py `reword`), for the impact page's language switch."""
        return await asyncio.wrap_future(self._executor.submit(self._diff, from_id, to_id, documents, lang, codes))


_lock = threading.Lock()
_services: dict = {}


def service(engine: str | None = None) -> CheckService:
    """The process's CheckService for this engine choice (created on first use, then reused)."""
    with _lock:
        if engine not in _services:
            _services[engine] = CheckService(engine=engine)
        return _services[engine]
