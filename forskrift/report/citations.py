"""Several citations of one provision written the Norwegian way: "punkt 3.1 nr. 1–3", "punkt 7.3 tredje ledd
nr. 1, 3 og 5", "§ 9 første ledd bokstav a og c"."""

from __future__ import annotations

import dataclasses

from ..rulebook.citations import Ref


def _runs(numbers: list[int]) -> list[str]:
    """[1, 2, 3, 5] → ["1–3", "5"] (a run of two stays two: "1 og 2")."""
    out, start, prev = [], None, None
    for n in sorted(set(numbers)):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.extend(_run(start, prev))
            start = prev = n
    if start is not None:
        out.extend(_run(start, prev))
    return out


def _run(a: int, b: int) -> list[str]:
    if b - a >= 2:
        return [f"{a}–{b}"]
    return [str(x) for x in range(a, b + 1)]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " og " + items[-1]


def join_refs(refs: list[dict]) -> list[str]:
    """Structured references (as in a result's `provisions`) → their citations, those that differ only in `nr`
    (or only in `bokstav`) joined: ["punkt 3.1 nr. 1–3", "punkt 7.2 nr. 3"], in the order first cited."""
    groups: dict = {}
    for data in refs:
        ref = Ref.from_data(data)
        if ref.nr is not None:
            key, part = ("nr", dataclasses.replace(ref, nr=None)), ref.nr
        elif ref.bokstav is not None:
            key, part = ("bokstav", dataclasses.replace(ref, bokstav=None)), ref.bokstav
        else:
            key, part = ("", ref), None
        groups.setdefault(key, []).append(part)
    out = []
    for (kind, base), parts in groups.items():
        if kind == "" and (("nr", base) in groups or ("bokstav", base) in groups):
            continue        # "punkt 3.1" with "punkt 3.1 nr. 1–3": the narrower citation says it
        text = base.text("nb")
        if kind == "nr":
            text += " nr. " + _and(_runs(parts))
        elif kind == "bokstav":
            text += " bokstav " + _and(sorted(set(parts)))
        out.append(text)
    return out


def join_citation(instrument_citation: str, refs: list[dict]) -> str:
    """The whole citation of a finding: "forskrift 26. januar 2021 nr. 230 punkt 3.1 nr. 1–3"."""
    return f"{instrument_citation} " + "; ".join(join_refs(refs))
