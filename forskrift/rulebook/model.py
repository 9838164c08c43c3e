"""The rulebook's value objects: instrument, provisions, rules and the rulebook itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .citations import Ref


@dataclass(frozen=True)
class Text:
    """A text of a rule file in bokmål and English, and optionally nynorsk (bokmål stands in when it is not
    written)."""

    nb: str
    en: str
    nn: str | None = None

    def get(self, lang: str) -> str:
        if lang == "en":
            return self.en
        if lang == "nn" and self.nn:
            return self.nn
        return self.nb

    @classmethod
    def from_data(cls, data: dict | None) -> Text | None:
        return None if data is None else cls(data["nb"], data["en"], data.get("nn"))


@dataclass(frozen=True)
class Instrument:
    id: str
    title: str
    citation: str
    url: str
    office: str | None = None      # a call's or forum decision's author ("Statsforvalteren i Rogaland")
    date: str | None = None        # when a call was published or a decision adopted


KINDS = ("regulation", "call", "forum_decision")


@dataclass(frozen=True)
class Provision:
    ref: Ref
    paraphrase: Text
    heading: str | None = None
    no_check: Text | None = None
    origin: str | None = None      # the rulebook that defined it (amendments)
    file: str | None = None        # where it is listed (rulebook.yaml of its origin), for lint
    line: int | None = None


@dataclass(frozen=True)
class Judgement:
    text: Text
    when: object | None = None      # a typed condition, or None for "always"
    when_text: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    cites: tuple[Ref, ...]
    document: str
    requirement: Text
    blocking: bool
    applies: object                 # typed condition: the document is there and applies_when holds
    condition: object | None        # typed condition, None when the rule only needs judgement
    applies_text: str | None = None
    condition_text: str | None = None
    interpretation: Text | None = None
    judgement: Judgement | None = None
    absence_fails: Text | None = None   # why absence itself fails (else `x is present` asks: conditions/absence.py)
    evidence: tuple = ()            # extra typed paths to show
    source: str | None = None
    verified: bool = True
    explain_met: bool = False       # a met finding is explained too, with its margin (money against a limit)
    messages: dict = field(default_factory=dict)
    file: str = ""
    line: int | None = None
    origin: str = ""                # the rulebook the rule was written in (amendments)

    @property
    def needs_judgement(self) -> bool:
        return self.judgement is not None


@dataclass
class Rulebook:
    id: str
    instrument: Instrument
    status: str
    valid_from: str
    valid_to: str | None
    text_verified: bool
    reads: tuple[str, ...]
    provisions: list[Provision]
    rules: list[Rule]
    folder: Path
    hash: str
    sources: dict = field(default_factory=dict)
    amends: dict | None = None
    kind: str = "regulation"           # regulation | call | forum_decision
    builds_on: str | None = None       # a call's or decision's regulation rulebook
    applies_to: tuple[str, ...] = ()   # the case kinds a call or decision concerns
    frame: dict | None = None          # a call's money: {amount, provision (Ref), basis (Text), document}

    def __post_init__(self):
        self.provision_index = {p.ref: p for p in self.provisions}
        self.rule_index = {r.id: r for r in self.rules}

    def provision(self, ref: Ref) -> Provision | None:
        return self.provision_index.get(ref)

    def covers(self, date: str) -> bool:
        return self.valid_from <= date and (self.valid_to is None or date <= self.valid_to)

    @property
    def is_call(self) -> bool:
        """A call (utlysning) or a forum decision: an instrument of its own within a regulation."""
        return self.kind != "regulation"

    def citation_text(self, ref: Ref, lang: str = "nb") -> str:
        # a regulation: "forskrift 26. januar 2021 nr. 230 punkt 3.3"; a call is named first, then its punkt:
        # "Statsforvalteren i Rogaland, utlysning av tilretteleggingsmidler 2025/2026, punkt 2"
        return f"{self.instrument.citation}{',' if self.is_call else ''} {ref.text(lang)}"
