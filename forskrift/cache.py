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
