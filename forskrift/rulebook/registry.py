"""Find rulebooks (shipped, or a folder given by path), load each once per process, and choose by date."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ForskriftError, UsageError
from ..paths import rules_dir
from . import kept
from .load import RULEBOOK_FILE, load_rulebook
from .model import Rulebook
from .yamlsafe import load_yaml_file

_loaded: dict[Path, Rulebook] = {}


def shipped_ids(folder: Path | None = None) -> list[str]:
    folder = folder or rules_dir()
    return sorted(p.parent.name for p in folder.glob(f"*/{RULEBOOK_FILE}"))


def load(folder: Path) -> Rulebook:
    folder = Path(folder).resolve()
    if folder not in _loaded:
        _loaded[folder] = kept.load(folder, load_rulebook)   # the one kept by an earlier process, when it is the same
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


@dataclass(frozen=True)
class Header:
    """What choosing by date needs of a rulebook, read from its rulebook.yaml alone (loading every rulebook in
    full would cost the cold start of every check)."""

    id: str
    status: str
    valid_from: str
    valid_to: str | None
    reads: tuple
    kind: str = "regulation"
    builds_on: str | None = None
    office: str | None = None
    applies_to: tuple = ()

    def covers(self, date: str) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)


_headers: dict[Path, Header] = {}


_header_of_path: dict[Path, Header] = {}   # by the path as given: resolving it costs 30 µs (calls_for asks per case)


def header(folder: Path) -> Header:
    given = Path(folder)
    known = _header_of_path.get(given)
    if known is not None:
        return known
    folder = given.resolve()
    if folder not in _headers:
        data, _ = load_yaml_file(folder / RULEBOOK_FILE)
        try:
            _headers[folder] = Header(str(data["id"]), str(data["status"]), str(data["valid_from"]),
                                      None if data.get("valid_to") is None else str(data["valid_to"]),
                                      tuple(data.get("reads") or ()), str(data.get("kind", "regulation")),
                                      data.get("builds_on"), (data.get("instrument") or {}).get("office"),
                                      tuple(data.get("applies_to") or ()))
        except (KeyError, TypeError, AttributeError):  # a broken rulebook.yaml: the full loader says what is wrong
            book = load(folder)
            _headers[folder] = Header(book.id, book.status, book.valid_from, book.valid_to, book.reads, book.kind,
                                      book.builds_on, book.instrument.office, book.applies_to)
    _header_of_path[given] = _headers[folder]
    return _headers[folder]


def for_date(date: str, fmt: str | None = None) -> Rulebook:
    """The rulebook in force on a date (rulebooks in hearing or proposal are chosen only by name)."""
    shipped = [header(rules_dir() / i) for i in shipped_ids()]
    in_force = [h for h in shipped if h.status == "in_force" and h.kind == "regulation"]
    candidates = [h for h in in_force if h.covers(date)]
    if fmt is not None:
        readable = [h for h in candidates if fmt in h.reads]
        if candidates and not readable:
            names = ", ".join(h.id for h in candidates)
            raise UsageError(f"the rulebook in force on {date} ({names}) cannot read case format {fmt!r}")
        candidates = readable
    if not candidates:
        spans = "; ".join(f"{h.id}: {h.valid_from} to {h.valid_to or 'open'}" for h in in_force)
        raise UsageError(f"no rulebook in force on {date} ({spans or 'none shipped'}); choose one with --rules")
    if len(candidates) > 1:
        raise ForskriftError(f"more than one rulebook in force on {date}: "
                             f"{', '.join(h.id for h in candidates)}")
    return get(candidates[0].id)


def same_office(case_office: str | None, office: str | None) -> bool:
    """Whether a case's Statsforvalter ("Rogaland") is a call's office ("Statsforvalteren i Rogaland")."""
    def norm(text):
        text = " ".join(str(text).split()).casefold()
        for prefix in ("statsforvalteren i ", "statsforvaltaren i ", "fylkesmannen i "):
            text = text.removeprefix(prefix)
        return text
    return bool(case_office) and bool(office) and norm(case_office) == norm(office)


def calls_for(regulation: Rulebook, *, office: str | None, date: str, case_kind: str, fmt: str) -> list[Rulebook]:
    """The shipped calls and forum decisions that apply to a case: they build on the regulation it is checked
    against, are in force on its date, come from its Statsforvalter office and concern its kind of document."""
    out = []
    shipped = rules_dir()
    for rid in shipped_ids(shipped):
        h = header(shipped / rid)
        if h.kind == "regulation" or h.status != "in_force" or h.builds_on != regulation.id:
            continue
        if h.covers(date) and same_office(office, h.office) and case_kind in h.applies_to and fmt in h.reads:
            out.append(get(rid))
    return out


def call_kinds() -> set:
    """The case kinds some shipped call or forum decision concerns (for them, no call found is worth saying)."""
    kinds: set = set()
    for rid in shipped_ids():
        h = header(rules_dir() / rid)
        if h.kind != "regulation":
            kinds.update(h.applies_to)
    return kinds


def regulation_of(call: Rulebook) -> Rulebook:
    """The regulation rulebook a call builds on (next to the call's folder, else the shipped one)."""
    from .load import regulation_folder
    folder = regulation_folder(call.folder, call.builds_on)
    if folder is None:
        raise UsageError(f"{call.id} builds on {call.builds_on!r}, which is not found")
    return load(folder)


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
        forgotten = _headers.pop(folder, None)
        for given in [g for g, h in _header_of_path.items() if h is forgotten]:
            del _header_of_path[given]
