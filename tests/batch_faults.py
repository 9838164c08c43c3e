"""Fault injection for tests/test_batch.py: run in each worker process, it makes the check of any file whose
name holds "crash" kill its process outright, as a crash in durable-rules' C code would, and the check of any
file whose name holds "hang" never end (as a check stuck in C code would: signals are blocked)."""

from __future__ import annotations

import os
import signal
import time

from forskrift.check import Checker

_original = Checker.check_path


def _check_path(self, path):
    if "crash" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "hang" in path.name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
        while True:
            time.sleep(3600)
    return _original(self, path)


def install():
    Checker.check_path = _check_path
