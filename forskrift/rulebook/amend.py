"""Resolve a rulebook written as an amendment of another (`amends:` in rulebook.yaml).

An amending rulebook names its `base` (a rulebook id, found next to it) and lists what it changes:

- `adds`: ids of rules it adds (written in its own rule files; the id must not exist in the base);
- `replaces`: ids of base rules it replaces (written in its own rule files under the same id);
- `repeals`: ids of base rules it drops;
- `repeals_provisions`: references of base provisions it drops (no kept rule may cite them);
- `renumbers`: `{from: REF, to: REF}` pairs that move a base provision to a new number; the base's rules that
  cite it are re-cited. This is how policy staff renumber when the adopted text's § numbers are confirmed.

Its own `provisions` are added, or replace a base provision with the same reference (new paraphrase).
The result is the base's rules and provisions, minus repeals, plus this book's rule files; each rule and
provision keeps `origin`, the rulebook that wrote it. Every listed id is checked, and every rule file's rule
must be listed under `adds` or `replaces`: an amendment says exactly what it changes.
"""

from __future__ import annotations

import dataclasses
import hashlib

from ..errors import RuleFileError
from .citations import Ref
from .model import Provision, Rule, Rulebook


def renumber_map(amends: dict, source: str, line_of) -> dict[Ref, Ref]:
    out: dict[Ref, Ref] = {}
    for index, pair in enumerate(amends.get("renumbers", [])):
        old, new = Ref.from_data(pair["from"]), Ref.from_data(pair["to"])
        if old in out:
            raise RuleFileError(f"amends.renumbers: {old.key()} is renumbered twice", file=source,
                                line=line_of(("amends", "renumbers", index)))
        out[old] = new
    return out


def base_provisions(base: Rulebook, amends: dict, own: list[Provision], source: str, line_of) -> list[Provision]:
    """The base's provisions, renumbered, minus the repealed ones, with this book's own added or replacing."""
    renumbers = renumber_map(amends, source, line_of)
    base_refs = {p.ref for p in base.provisions}
    for index, (old, _new) in enumerate(renumbers.items()):
        if old not in base_refs:
            raise RuleFileError(f"amends.renumbers: base rulebook {base.id} has no provision {old.key()}",
                                file=source, line=line_of(("amends", "renumbers", index)))
    repealed = set()
    for index, data in enumerate(amends.get("repeals_provisions", [])):
        ref = Ref.from_data(data)
        if ref not in base_refs:
            raise RuleFileError(f"amends.repeals_provisions: base rulebook {base.id} has no provision {ref.key()}",
                                file=source, line=line_of(("amends", "repeals_provisions", index)))
        repealed.add(ref)
    own_by_ref = {p.ref: p for p in own}
    out: list[Provision] = []
    for provision in base.provisions:
        if provision.ref in repealed:
            continue
        ref = renumbers.get(provision.ref, provision.ref)
        if ref in own_by_ref:
            out.append(own_by_ref.pop(ref))
        else:
            out.append(dataclasses.replace(provision, ref=ref))
    out.extend(own_by_ref.values())
    seen: set = set()
    for provision in out:
        if provision.ref in seen:
            raise RuleFileError(f"after renumbering, provision {provision.ref.key()} occurs twice", file=source,
                                line=line_of(("amends", "renumbers")))
        seen.add(provision.ref)
    return sorted(out, key=lambda p: p.ref.sort_key())


def merge_rules(base: Rulebook, amends: dict, own: list[Rule], provision_refs: set, sources: dict,
                source: str, line_of) -> list[Rule]:
    """The base's rules minus repeals and replacements, re-cited after renumbering, plus this book's rules."""
    renumbers = renumber_map(amends, source, line_of)
    base_ids = {r.id for r in base.rules}
    own_ids = {r.id: r for r in own}
    lists = {key: list(amends.get(key, [])) for key in ("adds", "replaces", "repeals")}
    for key, ids in lists.items():
        for index, rid in enumerate(ids):
            where = line_of(("amends", key, index))
            if ids.index(rid) != index:
                raise RuleFileError(f"amends.{key}: rule {rid!r} is listed twice", file=source, line=where)
            if key == "adds" and rid in base_ids:
                raise RuleFileError(f"amends.adds: rule {rid!r} already exists in base rulebook {base.id}; "
                                    "list it under `replaces`", file=source, line=where)
            if key in ("replaces", "repeals") and rid not in base_ids:
                raise RuleFileError(f"amends.{key}: base rulebook {base.id} has no rule {rid!r}",
                                    file=source, line=where)
            if key in ("adds", "replaces") and rid not in own_ids:
                raise RuleFileError(f"amends.{key}: rule {rid!r} is not written in any rule file of this "
                                    "rulebook", file=source, line=where)
            if key == "repeals" and rid in own_ids:
                raise RuleFileError(f"amends.repeals: rule {rid!r} is repealed but also written in a rule file "
                                    "of this rulebook; list it under `replaces`", file=source, line=where)
    both = set(lists["replaces"]) & set(lists["repeals"])
    if both:
        raise RuleFileError(f"amends: rule(s) {', '.join(sorted(both))} both replaced and repealed", file=source,
                            line=line_of(("amends",)))
    listed = set(lists["adds"]) | set(lists["replaces"])
    for rule in own:
        if rule.id not in listed:
            raise RuleFileError(f"rule {rule.id!r} is written in this amending rulebook but not listed under "
                                "amends.adds or amends.replaces", file=rule.file, line=rule.line)
    dropped = set(lists["replaces"]) | set(lists["repeals"])
    out: list[Rule] = []
    for rule in base.rules:
        if rule.id in dropped:
            continue
        cites = tuple(renumbers.get(ref, ref) for ref in rule.cites)
        for ref in cites:
            if ref not in provision_refs:
                raise RuleFileError(f"base rule {rule.id!r} ({base.id}) cites {ref.key()}, which this amendment "
                                    "repeals; repeal or replace the rule too", file=source,
                                    line=line_of(("amends", "repeals_provisions")))
        if rule.source is not None and rule.source not in sources:
            raise RuleFileError(f"base rule {rule.id!r} names source {rule.source!r}, which this rulebook's "
                                "`sources` does not list", file=source, line=line_of(("sources",)))
        out.append(dataclasses.replace(rule, cites=cites))
    return out + list(own)


def combined_hash(own_hash: str, base: Rulebook) -> str:
    """The amendment's hash covers its base too: a change in the base changes the result."""
    return "sha256:" + hashlib.sha256(f"{own_hash}\0{base.hash}".encode()).hexdigest()


def check_reads(meta: dict, base: Rulebook, source: str, line_of):
    """The base's rules were bound against the base's formats; the amendment may not read more."""
    extra = [fmt for fmt in meta["reads"] if fmt not in base.reads]
    if extra:
        raise RuleFileError(f"reads {', '.join(extra)}, which base rulebook {base.id} does not read; the base's "
                            "conditions are not checked against it", file=source, line=line_of(("reads",)))
