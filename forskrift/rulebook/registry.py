"""Find rulebooks (shipped, or a folder given by path), load each once per process, and choose by date."""

from __future__ import annotations

from pathlib import Path

from ..errors import ForskriftError, UsageError
from ..paths import rules_dir
from .load import RULEBOOK_FILE, load_rulebook
from .model import Rulebook

_loaded: dict[Path, Rulebook] = {}


def shipped_ids(folder: Path | None = None) -> list[str]:
    folder = folder or rules_dir()
    return sorted(p.parent.name for p in folder.glob(f"*/{RULEBOOK_FILE}"))


def load(folder: Path) -> Rulebook:
    folder = Path(folder).resolve()
    if folder not in _loaded:
        _loaded[folder] = load_rulebook(folder)
    return _loaded[folder]


def get(id_or_path: str) -> Rulebook:
    """A rulebook by id (shipped) or by the path of a rulebook folder (policy staff's working copy)."""
    candidate = Path(id_or_path)
    if (candidate / RULEBOOK_FILE).is_file():
        return load(candidate)
    shipped = rules_dir() / id_or_path
    if (shipped / RULEBOOK_FILE).is_file():
        return load(shipped)
    raise UsageError(f"no rulebook {id_or_path!r}: give a rulebook id ({', '.join(shipped_ids())}) "
                     "or the path of a folder with a rulebook.yaml")


def all_shipped() -> list[Rulebook]:
    return [get(i) for i in shipped_ids()]


def for_date(date: str, fmt: str | None = None) -> Rulebook:
    """The rulebook in force on a date (rulebooks in hearing or proposal are chosen only by name)."""
    candidates = [rb for rb in all_shipped() if rb.status == "in_force" and rb.covers(date)]
    if fmt is not None:
        readable = [rb for rb in candidates if fmt in rb.reads]
        if candidates and not readable:
            names = ", ".join(rb.id for rb in candidates)
            raise UsageError(f"the rulebook in force on {date} ({names}) cannot read case format {fmt!r}")
        candidates = readable
    if not candidates:
        spans = "; ".join(f"{rb.id}: {rb.valid_from} to {rb.valid_to or 'open'}" for rb in all_shipped()
                          if rb.status == "in_force")
        raise UsageError(f"no rulebook in force on {date} ({spans or 'none shipped'}); choose one with --rules")
    if len(candidates) > 1:
        raise ForskriftError(f"more than one rulebook in force on {date}: "
                             f"{', '.join(rb.id for rb in candidates)}")
    return candidates[0]


def forget_if_changed(id_or_path: str) -> None:
    """Forget a loaded rulebook whose files changed on disk since it was loaded, so that the next `get` reads
    them again (for `verify`, which must judge the rulebook as it is now, also in a long-lived process)."""
    from ..documents.schemas import default_schemas
    from .load import content_hash
    candidate = Path(id_or_path)
    folder = (candidate if (candidate / RULEBOOK_FILE).is_file() else rules_dir() / id_or_path).resolve()
    loaded = _loaded.get(folder)
    if loaded is not None and content_hash(folder, default_schemas()) != loaded.hash:
        del _loaded[folder]
