"""What a process may keep for the next one, in the user's cache folder ($XDG_CACHE_HOME/forskrift, else
~/.cache/forskrift; FORSKRIFT_CACHE names another, FORSKRIFT_CACHE=off turns it off): the condition parser's
tables (lark's own cache), the parsed conditions (`conditions/parse.py`, so that a cold check need not import
lark), the loaded rulebooks (`rulebook/kept.py`) and the fingerprints of rule files that passed their JSON
Schema, so that a cold check need not import jsonschema. Nothing here is needed: when the folder cannot be
written, nothing is kept."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

_FOLDER: list = []


def folder() -> Path | None:
    """The cache folder (made, private to the user), or None when caching is off or impossible."""
    if not _FOLDER:
        chosen = os.environ.get("FORSKRIFT_CACHE")
        if chosen == "off":
            _FOLDER.append(None)
        else:
            base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") \
                / "forskrift"
            try:
                base.mkdir(mode=0o700, parents=True, exist_ok=True)
                _FOLDER.append(base if os.access(base, os.W_OK) else None)
            except OSError:
                _FOLDER.append(None)
    return _FOLDER[0]


def fingerprint(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def known_valid(key: str) -> bool:
    """Whether content with this fingerprint passed its schema before."""
    base = folder()
    return base is not None and (base / "valid" / key).is_file()


def remember_valid(key: str) -> None:
    base = folder()
    if base is None:
        return
    try:
        (base / "valid").mkdir(mode=0o700, exist_ok=True)
        (base / "valid" / key).touch()
    except OSError:
        pass


_FILES_FINGERPRINTS: dict[tuple, str | None] = {}


def files_fingerprint(paths, *extra: bytes) -> str | None:
    """A fingerprint of some files' names and bytes (and `extra`), read once per process; None when one cannot
    be read. What a kept file is named by: the code that made its content."""
    key = (tuple(str(p) for p in paths), extra)
    if key not in _FILES_FINGERPRINTS:
        try:
            parts = [Path(p).name.encode() + b"\0" + Path(p).read_bytes() for p in paths]
        except OSError:
            _FILES_FINGERPRINTS[key] = None
        else:
            _FILES_FINGERPRINTS[key] = fingerprint(*extra, *parts)
    return _FILES_FINGERPRINTS[key]


def read_pickle(path: Path):
    """What an earlier process kept at `path`, or None when nothing is there or it is spoilt (then it is made
    anew and written again). The folder is the user's own (made private by `folder`)."""
    import pickle

    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None


def write_pickle(path: Path, value) -> bool:
    """Keep `value` at `path` for the next process, atomically (a reader sees the old file or the new one);
    False when it cannot be kept."""
    import pickle
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        return True
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
