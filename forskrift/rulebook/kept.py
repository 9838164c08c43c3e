"""A loaded rulebook kept in the user's cache folder (`forskrift/cache.py`) for the next process: a cold check
then reads one file instead of a rulebook's YAML, conditions and schema bindings (a tenth of a cold check).

A kept rulebook is found by a fingerprint of what made it, so it cannot be stale: the rulebook's content hash
(every rule file and every schema, the hash results carry), its folder, and the code that builds a rulebook
(the `rulebook` and `conditions` packages, the schema set, forskrift's and Python's versions). A rulebook that
amends another is not kept (its base would have to be fingerprinted too); one that cannot be read is loaded as
before, so that its errors are reported as before. At most MAX_KEPT are kept, the oldest dropped first."""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

from .. import __version__, cache
from ..errors import RuleFileError

MAX_KEPT = 40
_HERE = Path(__file__).resolve().parent.parent        # the forskrift package
_CODE = ("rulebook", "conditions")                    # the packages whose code builds a Rulebook
_CODE_FINGERPRINT: list[str] = []


def _code_fingerprint() -> str:
    if not _CODE_FINGERPRINT:
        files = sorted(p for package in _CODE for p in (_HERE / package).iterdir()
                       if p.suffix in (".py", ".lark"))
        files.append(_HERE / "documents" / "schemas.py")
        parts = [__version__.encode(), sys.version.encode()]
        parts += [p.name.encode() + b"\0" + p.read_bytes() for p in files]
        _CODE_FINGERPRINT.append(cache.fingerprint(*parts))
    return _CODE_FINGERPRINT[0]


def load(folder: Path, loader):
    """The rulebook of `folder` (resolved): the kept one when its fingerprint matches, else `loader(folder)`,
    kept for the next process."""
    base = cache.folder()
    if base is None:
        return loader(folder)
    from ..documents.schemas import default_schemas
    from .load import content_hash

    try:
        own = content_hash(folder, default_schemas())
        code = _code_fingerprint()
    except (RuleFileError, OSError):
        return loader(folder)       # the loader reports what is wrong, as it would without the cache
    path = base / "rulebooks" / f"{cache.fingerprint(own.encode(), str(folder).encode(), code.encode())[:32]}.pickle"
    kept = _read(path)
    if kept is not None and kept.hash == own and kept.folder == folder and kept.amends is None:
        return kept
    rulebook = loader(folder)
    if rulebook.amends is None and rulebook.hash == own:
        _keep(path, rulebook)
    return rulebook


def _read(path: Path):
    from .model import Rulebook

    try:
        with open(path, "rb") as f:
            kept = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError, TypeError,
            ValueError):
        return None     # none yet, or spoilt: loaded anew and written again
    return kept if isinstance(kept, Rulebook) else None


def _keep(path: Path, rulebook) -> None:
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".rulebook-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(rulebook, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        tmp = None
        kept = sorted(path.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-MAX_KEPT]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
        pass            # nothing is kept where it cannot be
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
