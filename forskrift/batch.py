"""Checking many case files: in this process or in N worker processes, results streamed in input order.

Nothing is lost: every input path gives exactly one result, a case result or a file error with its reason (an
unexpected failure on one file becomes an error result for that file, and the batch goes on). Each file has a
time limit (`--timeout`); one that takes longer is reported like any other bad file. With `jobs > 1` each
worker process builds its own `Checker` (and so its own durable-rules ruleset) once; rulesets are never shared
between processes or threads. Workers are started with "spawn", so no engine state is inherited from the
parent; a worker that crashes or overruns is replaced. Results come back in the sorted input order whatever the
number of workers, and only a bounded number of them is held at any time.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from . import jsonio
from .check import Checker, case_files
from .documents.read import display_name
from .errors import ForskriftError
from .render.text import error_where

OUTCOMES = ("eligible", "not_eligible", "undetermined", "invalid")

_worker: dict = {}


def work_items(paths) -> list:
    """The files under the given paths, in order: a path string to check, or a ready error result."""
    items = []
    for item in case_files(paths):
        if isinstance(item, tuple):
            path, error = item
            items.append({"file": display_name(str(path)), "error": error.to_json()})
        else:
            items.append(str(item))
    return items


def check_one(checker: Checker, item) -> dict:
    """One result for one item; never raises for a problem of the file."""
    if isinstance(item, dict):
        return item
    name = display_name(item)
    try:
        return checker.check_path(Path(item))
    except ForskriftError as exc:
        return {"file": name, "error": exc.to_json()}
    except RecursionError:
        return {"file": name, "error": {"file": name, "message": "document too deeply nested to evaluate"}}
    except Exception as exc:  # noqa: BLE001 - one file's failure must not lose the rest of the batch
        return {"file": name, "error": {"file": name, "message": f"internal error while checking this file "
                                        f"({type(exc).__name__}: {display_name(str(exc))}); please report it"}}


def outcome(result: dict) -> str:
    return "invalid" if "error" in result else result["decision"]["status"]


def _init_worker(options: dict, setup: str | None = None):
    if setup:   # a test's fault injection: "module:function", called in each worker before it starts
        import importlib
        module, _, name = setup.partition(":")
        getattr(importlib.import_module(module), name)()
    _worker["checker"] = Checker(**options, warn=lambda _message: None)


def _crashed(item, as_lines: bool):
    path = display_name(item) if isinstance(item, str) else item.get("file", "?")
    result = {"file": path, "error": {"file": path, "message": "the worker process checking this file died "
                                      "(the engine crashed on it); please report it"}}
    return _as_line(result) if as_lines else result


def _as_line(result: dict) -> tuple[str, str, str | None]:
    """(outcome, the result as one JSON line, the stderr line of a failed file)."""
    return outcome(result), jsonio.dumps(result), error_line(result)


def error_line(result: dict) -> str | None:
    if "error" not in result:
        return None
    return f"forskrift: invalid input: {error_where(result)}: {result['error']['message']}"


DEFAULT_TIMEOUT = 60.0   # seconds one file may take (reading, validation, evaluation) before it is given up


def timeout_result(item, seconds: float, as_lines: bool = False):
    path = display_name(item) if isinstance(item, str) else item.get("file", "?")
    result = {"file": path, "error": {"file": path, "message": f"checking this file took longer than {seconds:g} "
                                      "s, the limit per file (set --timeout to change it); it was given up"}}
    return _as_line(result) if as_lines else result


def run_batch(items: list, checker: Checker, options: dict, *, jobs: int = 1, as_lines: bool = False,
              setup: str | None = None, timeout: float | None = DEFAULT_TIMEOUT):
    """Yield per item, in order, a result dict, or with `as_lines` a tuple (outcome, JSON line, error line).

    `checker` serves the single-process path; `options` are the keyword arguments that build a `Checker` in
    each worker process; `setup` ("module:function") is called in each worker first (tests inject faults).
    `timeout` (seconds, None or 0 for none) bounds each file: a file that takes longer gets an error result
    like any other bad file. In worker processes the worker is killed and replaced (this stops anything,
    the engine's C code included); in this process a timer interrupts the check between two Python steps.
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            result = _check_timed(checker, item, timeout)
            yield _as_line(result) if as_lines else result
        return
    yield from _in_workers(items, options, jobs, as_lines, setup, timeout)


class _Overtime(BaseException):
    """Raised by the timer in the middle of a check that took too long (a BaseException, so that no
    `except Exception` on the way swallows it)."""


def _check_timed(checker: Checker, item, timeout: float | None) -> dict:
    import signal
    import threading
    if (not timeout or isinstance(item, dict) or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        return check_one(checker, item)

    def on_alarm(_signum, _frame):
        raise _Overtime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    try:
        # repeated every second past the limit: an alarm that lands in a callback which swallows exceptions
        # (a garbage-collector or weakref callback) is followed by another
        signal.setitimer(signal.ITIMER_REAL, timeout, 1.0)
        try:
            return check_one(checker, item)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overtime:
        # the engine may have been stopped half-way through a case: start afresh with new engines
        checker.engines.clear()
        return timeout_result(item, timeout)
    finally:
        signal.signal(signal.SIGALRM, previous)


def _worker_main(conn, options: dict, setup: str | None, as_lines: bool):
    """A worker process: build a Checker, say so, then check the (index, item) pairs of each chunk it is sent,
    sending each result back as soon as it is done; stop on None."""
    try:
        _init_worker(options, setup)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the batch
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        chunk = conn.recv()
        if chunk is None:
            return
        for index, item in chunk:
            result = check_one(_worker["checker"], item)
            conn.send((index, _as_line(result) if as_lines else result))


class _Worker:
    def __init__(self, context, options, setup, as_lines):
        import time
        parent, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, options, setup, as_lines), daemon=True)
        self.process.start()
        child.close()
        self.conn = parent
        self.ready = False
        self.pending: list = []          # (index, item) sent and not yet answered, in order
        self.deadline = None
        self.started = time.monotonic()

    def stop(self, *, kill: bool):
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                self.process.kill()
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _in_workers(items: list, options: dict, jobs: int, as_lines: bool, setup: str | None,
                timeout: float | None):
    """Chunks of items in N spawned worker processes, a bounded number of results held, yielded in order.

    Each worker sends each result back as it finishes it, so the parent knows which file a worker is on and
    since when. A worker that dies (a crash in the engine's C code) costs only the file it was on, which gets
    an error result; a worker that is still on one file after `timeout` seconds is killed, and that file gets
    a time-out result. Either way the rest of its chunk goes back to the front of the queue and a new worker
    takes over. Nothing is lost and nothing hangs.
    """
    import multiprocessing
    import time
    from collections import deque
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("spawn")
    jobs = min(jobs, len(items))
    size = max(1, min(64, len(items) // (jobs * 8)))
    queue: deque = deque(list(enumerate(items))[i:i + size] for i in range(0, len(items), size))
    window = jobs * 4 * size            # results held while waiting for an earlier one stay below this
    done: dict = {}
    next_out = 0
    failed_starts = 0
    workers = [_Worker(context, options, setup, as_lines) for _ in range(jobs)]

    def finish(worker: _Worker, index: int, result):
        done[index] = result
        worker.pending.pop(0)
        worker.deadline = time.monotonic() + timeout if (timeout and worker.pending) else None

    def replace(worker: _Worker, *, killed: bool, first_result=None):
        """Stop a worker; give its current item `first_result` (if any) and requeue the rest."""
        nonlocal failed_starts
        worker.stop(kill=True)
        if worker.pending:
            index, item = worker.pending[0]
            done[index] = first_result(item)
            if worker.pending[1:]:
                queue.appendleft(worker.pending[1:])
            worker.pending = []
        elif not worker.ready and not killed:
            failed_starts += 1
            if failed_starts >= 3:
                raise ForskriftError("worker processes die as they start; try --jobs 1")
        workers.remove(worker)
        if queue:
            workers.append(_Worker(context, options, setup, as_lines))

    try:
        while next_out < len(items):
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            if next_out >= len(items):
                break
            now = time.monotonic()
            for worker in workers:
                if worker.ready and not worker.pending and queue and queue[0][0][0] < next_out + window:
                    chunk = queue.popleft()
                    worker.conn.send(chunk)
                    worker.pending = list(chunk)
                    worker.deadline = now + timeout if timeout else None
            deadlines = [w.deadline for w in workers if w.deadline is not None]
            wait_for = max(0.0, min(deadlines) - now) if deadlines else None
            ready = set(wait([w.conn for w in workers] + [w.process.sentinel for w in workers], wait_for))
            for worker in list(workers):
                if worker.conn in ready or worker.process.sentinel in ready:
                    try:
                        while worker.conn.poll():
                            kind, payload = worker.conn.recv()
                            if kind == "ready":
                                worker.ready = True
                            elif kind == "failed":
                                raise ForskriftError(f"a worker process cannot start: {payload}")
                            else:
                                finish(worker, kind, payload)
                    except (EOFError, OSError):
                        replace(worker, killed=False, first_result=lambda item: _crashed(item, as_lines))
                        continue
                    if not worker.process.is_alive() and worker.process.sentinel in ready:
                        replace(worker, killed=False, first_result=lambda item: _crashed(item, as_lines))
                        continue
                if worker.deadline is not None and time.monotonic() > worker.deadline:
                    replace(worker, killed=True, first_result=lambda item: timeout_result(item, timeout, as_lines))
    finally:
        for worker in workers:
            worker.stop(kill=next_out < len(items))


def progress(total: int):
    """A progress bar on stderr when stderr is a terminal; otherwise nothing (and tqdm is not imported)."""
    if total <= 1 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, file=sys.stderr, unit="case", leave=False, dynamic_ncols=True)


def summary_line(counts: Counter, total: int) -> str:
    parts = ", ".join(f"{counts.get(name, 0)} {name}" for name in OUTCOMES)
    return f"forskrift: {total} file{'s' if total != 1 else ''} checked: {parts}"
