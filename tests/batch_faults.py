"""Fault injection for tests/test_batch.py: run in each worker process, it makes the check of any file whose
name holds "crash" kill its process outright, as a crash in durable-rules' C code would."""

from __future__ import annotations

import os
import signal

from forskrift.check import Checker

_original = Checker.check_path


def _check_path(self, path):
    if "crash" in path.name:
        os.kill(os.getpid(), signal.SIGKILL)
    return _original(self, path)


def install():
    Checker.check_path = _check_path
