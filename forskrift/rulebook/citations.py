"""Provision references as structured data, and their Norwegian citation text ("punkt 7.2 nr. 3",
"§ 9 første ledd bokstav a")."""

from __future__ import annotations

from dataclasses import dataclass

_ORDINALS = ["første", "andre", "tredje", "fjerde", "femte", "sjette", "sjuende", "åttende", "niende", "tiende",
             "ellevte", "tolvte", "trettende", "fjortende", "femtende", "sekstende", "syttende", "attende",
             "nittende", "tjuende"]
_ORDINALS_EN = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
                "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
                "eighteenth", "nineteenth", "twentieth"]
REF_KEYS = ("punkt", "paragraf", "innledning", "ingress", "bestemmelse", "letter", "ledd", "bokstav", "nr")


@dataclass(frozen=True, order=True)
class Ref:
    """A provision: a punkt, a § or the introduction, narrowed by heading letter, ledd, bokstav and nr."""

    unit: str                      # punkt | paragraf | innledning | ingress (opening clause) | bestemmelse (§ unknown)
    number: str = ""
    letter: str | None = None
    ledd: int | None = None
    bokstav: str | None = None
    nr: int | None = None

    @classmethod
    def from_data(cls, data: dict) -> Ref:
        if "punkt" in data:
            unit, number = "punkt", str(data["punkt"])
        elif "paragraf" in data:
            unit, number = "paragraf", str(data["paragraf"])
        elif "bestemmelse" in data:
            unit, number = "bestemmelse", str(data["bestemmelse"])
        elif data.get("ingress"):
            unit, number = "ingress", ""
        else:
            unit, number = "innledning", ""
        return cls(unit, number, data.get("letter"), data.get("ledd"), data.get("bokstav"), data.get("nr"))

    def to_data(self) -> dict:
        out: dict = {}
        if self.unit in ("innledning", "ingress"):
            out[self.unit] = True
        else:
            out[self.unit] = self.number
        for key in ("letter", "ledd", "bokstav", "nr"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    def key(self) -> str:
        """A compact stable key, e.g. 'punkt 3.3 (D) nr. 4' — the same as the Norwegian citation."""
        return self.text("nb")

    def text(self, lang: str = "nb") -> str:
        ordinals = _ORDINALS_EN if lang == "en" else _ORDINALS   # nynorsk cites as bokmål does
        parts = []
        if self.unit == "punkt":
            parts.append(f"punkt {self.number}")
        elif self.unit == "paragraf":
            parts.append(f"§ {self.number}")
        elif self.unit == "bestemmelse":
            subject = self.number.replace("_", " ")
            parts.append(f"bestemmelsen om {subject} (§ ikke kjent)" if lang != "en"
                         else f"the provision on {subject} (§ not known)")
        elif self.unit == "ingress":
            parts.append("ingressen" if lang != "en" else "preamble")
        else:
            parts.append("innledningen" if lang != "en" else "introduction")
        if self.letter:
            parts.append(f"({self.letter})")
        if self.ledd:
            word = ordinals[self.ledd - 1]
            parts.append(f"{word} ledd" if lang != "en" else f"{word} paragraph")
        if self.bokstav:
            parts.append(f"bokstav {self.bokstav}" if lang != "en" else f"letter {self.bokstav}")
        if self.nr:
            parts.append(f"nr. {self.nr}" if lang != "en" else f"no. {self.nr}")
        return " ".join(parts)

    def parent(self) -> Ref | None:
        """The enclosing provision (nr → ledd → letter → punkt → parent punkt), or None at the top."""
        for attr in ("nr", "bokstav", "ledd", "letter"):
            if getattr(self, attr) is not None:
                values = {k: getattr(self, k) for k in ("unit", "number", "letter", "ledd", "bokstav", "nr")}
                values[attr] = None
                return Ref(**values)
        if self.unit == "punkt" and "." in self.number:
            return Ref("punkt", self.number.rsplit(".", 1)[0])
        return None

    def sort_key(self) -> tuple:
        number = tuple(int(x) if x.isascii() and x.isdigit() else 0
                       for x in self.number.replace("a", "").split(".") if x)
        return ({"ingress": -1, "innledning": 0, "punkt": 1, "paragraf": 1, "bestemmelse": 2}[self.unit], number,
                self.number,
                self.letter or "", self.ledd or 0, self.bokstav or "", self.nr or 0)
