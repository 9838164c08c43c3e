"""Checking many case files: in this process or in N worker processes, results streamed in input order.

Nothing is lost: every input path gives exactly one result, a case result or a file error with its reason (an
unexpected failure on one file becomes an error result for that file, and the batch goes on). With `jobs > 1`
each worker process builds its own `Checker` (and so its own durable-rules ruleset) once; rulesets are never
shared between processes or threads. Workers are started with "spawn", so no engine state is inherited from
the parent. Results come back in the sorted input order whatever the number of workers.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from . import jsonio
from .check import Checker, case_files
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
            items.append({"file": str(path), "error": error.to_json()})
        else:
            items.append(str(item))
    return items


def check_one(checker: Checker, item) -> dict:
    """One result for one item; never raises for a problem of the file."""
    if isinstance(item, dict):
        return item
    try:
        return checker.check_path(Path(item))
    except ForskriftError as exc:
        return {"file": item, "error": exc.to_json()}
    except RecursionError:
        return {"file": item, "error": {"file": item, "message": "document too deeply nested to evaluate"}}
    except Exception as exc:  # noqa: BLE001 - one file's failure must not lose the rest of the batch
        return {"file": item, "error": {"file": item, "message": f"internal error while checking this file "
                                        f"({type(exc).__name__}: {exc}); please report it"}}


def outcome(result: dict) -> str:
    return "invalid" if "error" in result else result["decision"]["status"]


def _init_worker(options: dict, setup: str | None = None):
    if setup:   # a test's fault injection: "module:function", called in each worker before it starts
        import importlib
        module, _, name = setup.partition(":")
        getattr(importlib.import_module(module), name)()
    _worker["checker"] = Checker(**options, warn=lambda _message: None)


def _work_chunk(chunk: list, as_lines: bool) -> list:
    out = []
    for item in chunk:
        result = check_one(_worker["checker"], item)
        out.append(_as_line(result) if as_lines else result)
    return out


def _crashed(item, as_lines: bool):
    path = item if isinstance(item, str) else item.get("file", "?")
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


def run_batch(items: list, checker: Checker, options: dict, *, jobs: int = 1, as_lines: bool = False,
              setup: str | None = None):
    """Yield per item, in order, a result dict, or with `as_lines` a tuple (outcome, JSON line, error line).

    `checker` serves the single-process path; `options` are the keyword arguments that build a `Checker` in
    each worker process; `setup` ("module:function") is called in each worker first (tests inject faults).
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            result = check_one(checker, item)
            yield _as_line(result) if as_lines else result
        return
    yield from _in_workers(items, options, jobs, as_lines, setup)


def _in_workers(items: list, options: dict, jobs: int, as_lines: bool, setup: str | None):
    """Chunks of items in a pool of spawned workers, a bounded number in flight, results in input order.

    If a worker dies (a crash in the engine's C code), the pool breaks: the items of the chunks not yet done
    are then checked again one at a time, each in a fresh single-worker pool, so that the file that kills a
    worker gets an error result and every other file its real result. Nothing is lost and nothing hangs.
    """
    import multiprocessing
    from collections import deque
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    jobs = min(jobs, len(items))
    size = max(1, min(64, len(items) // (jobs * 8)))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]

    def pool(workers: int):
        return ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                   initargs=(options, setup))

    executor = pool(jobs)
    pending: deque = deque()
    next_chunk = 0
    try:
        while next_chunk < len(chunks) or pending:
            try:
                while next_chunk < len(chunks) and len(pending) < jobs * 4:
                    future = executor.submit(_work_chunk, chunks[next_chunk], as_lines)
                    pending.append((chunks[next_chunk], future))
                    next_chunk += 1
                chunk, future = pending[0]
                results = future.result()
                pending.popleft()
            except BrokenProcessPool:   # a worker died: redo every chunk not yet yielded, one file at a time
                executor.shutdown(wait=False, cancel_futures=True)
                retry = [c for c, _ in pending]
                if next_chunk < len(chunks):   # the next chunk too: the broken pool may have refused it
                    retry.append(chunks[next_chunk])
                    next_chunk += 1
                pending.clear()
                yield from _one_by_one([item for again in retry for item in again], as_lines, pool)
                executor = pool(jobs)
                continue
            yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _one_by_one(chunk: list, as_lines: bool, pool):
    """Each item alone in a single-worker pool (a new pool only after one broke), to find the one that kills."""
    from concurrent.futures.process import BrokenProcessPool
    single = None
    try:
        for item in chunk:
            single = single or pool(1)
            try:
                yield single.submit(_work_chunk, [item], as_lines).result()[0]
            except BrokenProcessPool:
                single.shutdown(wait=True, cancel_futures=True)
                single = None
                yield _crashed(item, as_lines)
    finally:
        if single is not None:
            single.shutdown(wait=True, cancel_futures=True)


def progress(total: int):
    """A progress bar on stderr when stderr is a terminal; otherwise nothing (and tqdm is not imported)."""
    if total <= 1 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm
    return tqdm(total=total, file=sys.stderr, unit="case", leave=False, dynamic_ncols=True)


def summary_line(counts: Counter, total: int) -> str:
    parts = ", ".join(f"{counts.get(name, 0)} {name}" for name in OUTCOMES)
    return f"forskrift: {total} file{'s' if total != 1 else ''} checked: {parts}"
