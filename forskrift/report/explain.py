"""A finding's reasons (the trace of `forskrift/trace.py`) as sentences a caseworker writes, in bokmål, nynorsk
or English:

    Egenandelen er 150 000 kr, som er 20,0 % av omsøkt tilskudd 750 000 kr. Kravet er minst 30 % (225 000 kr);
    det mangler 75 000 kr.
    Tiltak 2 «Vurdering for læring» mangler sluttdatoen.

The sentences are made from the shape of the test (a comparison, membership, presence, a test over a list),
never from the rule's id, so a new rule explains itself. Field labels come from schemas/field-labels.yaml,
value labels from schemas/vocabulary.yaml, units from the schemas, numbers and dates from babel.
"""

from __future__ import annotations

from ..vocabulary import label as vocab_label
from ..vocabulary import lang_of
from . import fmt
from .fields import field_label, field_of_pointer, item_label, normal, plural_label, unit_of

W = {
    "missing": {"nb": "{s} mangler.", "nn": "{s} manglar.", "en": "{s} is missing."},
    "item_missing": {"nb": "{p} mangler {f}.", "nn": "{p} manglar {f}.", "en": "{p}: {f} is missing."},
    "is": {"nb": "{s} er {v}", "nn": "{s} er {v}", "en": "{s} is {v}"},
    "which_is": {"nb": ", som er {pct} av {base} {bv}", "nn": ", som er {pct} av {base} {bv}",
                 "en": ", which is {pct} of {base} {bv}"},
    "required": {"nb": "Kravet er {r}", "nn": "Kravet er {r}", "en": "The requirement is {r}"},
    "short": {"nb": "det mangler {d}", "nn": "det manglar {d}", "en": "{d} short"},
    "over": {"nb": "det er {d} for mye", "nn": "det er {d} for mykje", "en": "{d} too much"},
    "points": {"nb": "{n} prosentpoeng", "nn": "{n} prosentpoeng", "en": "{n} percentage points"},
    "not_allowed": {"nb": "{s} er {v}, og det er ikke tillatt her.", "nn": "{s} er {v}, og det er ikkje tillate her.",
                    "en": "{s} is {v}, which is not allowed here."},
    "one_of": {"nb": "{s} er {v}; kravet er én av: {o}.", "nn": "{s} er {v}; kravet er éin av: {o}.",
               "en": "{s} is {v}; the requirement is one of: {o}."},
    "equal": {"nb": "{s} er {v}; kravet er {r}.", "nn": "{s} er {v}; kravet er {r}.",
              "en": "{s} is {v}; the requirement is {r}."},
    "bool": {"nb": "{s}: {v}; kravet er {r}.", "nn": "{s}: {v}; kravet er {r}.", "en": "{s}: {v}; required: {r}."},
    "bool_fact": {"nb": "{s}: {v}.", "nn": "{s}: {v}.", "en": "{s}: {v}."},
    "fact": {"nb": "{s} er {v}.", "nn": "{s} er {v}.", "en": "{s} is {v}."},
    "lacks": {"nb": "{s} inneholder ikke {v}.", "nn": "{s} inneheld ikkje {v}.", "en": "{s} does not include {v}."},
    "has": {"nb": "{s} inneholder {v}, og det er ikke tillatt her.",
            "nn": "{s} inneheld {v}, og det er ikkje tillate her.",
            "en": "{s} includes {v}, which is not allowed here."},
    "given": {"nb": "{s} er oppgitt, men skal ikke være det.", "nn": "{s} er oppgitt, men skal ikkje vere det.",
              "en": "{s} is given, but must not be."},
    "none_passed": {"nb": "Ingen av {s} oppfyller kravet ({n} gjennomgått).",
                    "nn": "Ingen av {s} oppfyller kravet ({n} gått gjennom).",
                    "en": "None of {s} meets the requirement ({n} checked)."},
    "empty": {"nb": "Det er ingen oppføringer i {s}.", "nn": "Det er ingen oppføringar i {s}.",
              "en": "There are no entries in {s}."},
    "more": {"nb": "… og {n} til.", "nn": "… og {n} til.", "en": "… and {n} more."},
    "left_out": {"nb": "{p} teller ikke med: {r}", "nn": "{p} tel ikkje med: {r}", "en": "{p} does not count: {r}"},
    "count": {"nb": "antall {s}", "nn": "talet på {s}", "en": "the number of {s}"},
    "scalar_item": {"nb": "{s} inneholder {v}", "nn": "{s} inneheld {v}", "en": "{s} include {v}"},
    "sum": {"nb": "summen av {f} i {s}", "nn": "summen av {f} i {s}", "en": "the sum of {f} in {s}"},
    "sum_filtered": {"nb": "summen av {f} i de aktuelle {s}", "nn": "summen av {f} i dei aktuelle {s}",
                     "en": "the sum of {f} in {s} (those concerned)"},
    "count_filtered": {"nb": "antall aktuelle {s}", "nn": "talet på aktuelle {s}", "en": "the number of {s} concerned"},
    "min": {"nb": "den minste verdien av {f} i {s}", "nn": "den minste verdien av {f} i {s}",
            "en": "the smallest {f} in {s}"},
    "max": {"nb": "den største verdien av {f} i {s}", "nn": "den største verdien av {f} i {s}",
            "en": "the largest {f} in {s}"},
    "year": {"nb": "året for {f}", "nn": "året for {f}", "en": "the year of {f}"},
    "arith": {"+": {"nb": "{a} pluss {b}", "nn": "{a} pluss {b}", "en": "{a} plus {b}"},
              "-": {"nb": "{a} minus {b}", "nn": "{a} minus {b}", "en": "{a} minus {b}"},
              "*": {"nb": "{a} ganger {b}", "nn": "{a} gonger {b}", "en": "{a} times {b}"},
              "/": {"nb": "{a} delt på {b}", "nn": "{a} delt på {b}", "en": "{a} divided by {b}"}},
    "or": {"nb": "eller", "nn": "eller", "en": "or"},
    "not": {"nb": "ikke {v}", "nn": "ikkje {v}", "en": "not {v}"},
    "difference": {"nb": "forskjellen er {d}", "nn": "skilnaden er {d}", "en": "the difference is {d}"},
    "share_of": {"nb": "{a} av {b}", "nn": "{a} av {b}", "en": "{a} of {b}"},
    "margin": {"nb": "det er {d} til overs", "nn": "det er {d} til overs", "en": "{d} to spare"},
}

OPS = {
    ">=": {"nb": "minst", "nn": "minst", "en": "at least"},
    ">": {"nb": "mer enn", "nn": "meir enn", "en": "more than"},
    "<=": {"nb": "høyst", "nn": "høgst", "en": "at most"},
    "<": {"nb": "mindre enn", "nn": "mindre enn", "en": "less than"},
    "==": {"nb": "", "nn": "", "en": ""},
    "!=": {"nb": "ikke", "nn": "ikkje", "en": "not"},
}
DATE_OPS = {
    ">=": {"nb": "tidligst", "nn": "tidlegast", "en": "no earlier than"},
    ">": {"nb": "etter", "nn": "etter", "en": "after"},
    "<=": {"nb": "senest", "nn": "seinast", "en": "no later than"},
    "<": {"nb": "før", "nn": "før", "en": "before"},
    "==": {"nb": "", "nn": "", "en": ""},
    "!=": {"nb": "ikke", "nn": "ikkje", "en": "not"},
}


def _w(key: str, lang: str, **kw) -> str:
    text = W[key][lang].format(**kw)
    if lang == "en" and "s" in kw and _plural_en(kw["s"]):
        text = text.replace(f"{kw['s']} is ", f"{kw['s']} are ", 1)
    return text


def _plural_en(subject: str) -> bool:
    """An English subject in the plural ("the partners", "the target groups"), for "are" instead of "is"."""
    last = subject.rsplit(":", 1)[-1].strip().split(" ")[-1].lower()
    return subject.lower().startswith(("the ", "partner", "measure")) and last.endswith("s") and not \
        last.endswith(("ss", "us", "is")) and " of " not in subject.lower()


def is_arith(v: dict) -> bool:
    """Whether a traced value is arithmetic (`a - b`), not a percentage of a value or an aggregate."""
    return isinstance(v, dict) and "op" in v and "left" in v and "right" in v and "value" in v


def right_literal(v: dict):
    """The literal on the right of arithmetic (`x * 100` → 100), or None."""
    right = v.get("right") or {}
    return right.get("literal") if "literal" in right else None


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


class Explainer:
    """Words a case's reasons in one language; `schema_id` (the case's schema) gives the units of fields."""

    def __init__(self, lang: str, schema_id: str | None = None):
        self.lang = lang_of(lang)
        self.schema_id = schema_id

    # -- values ----------------------------------------------------------------------------------------------

    def unit(self, v: dict) -> str | None:
        if "field" in v and "fn" not in v:
            return unit_of(v["field"], self.schema_id) or ("date" if v.get("kind") == "date" else None)
        if v.get("fn") in ("sum", "min", "max") and v.get("field"):
            return unit_of(f"{v['list'].get('field', '')}[].{v['field']}", self.schema_id) or (
                "date" if v.get("kind") == "date" else None)
        if "percent" in v:
            return self.unit(v["of"])
        if "op" in v:
            if v["op"] == "/" and self.unit(v["right"]):
                return None      # a ratio of two amounts (a share) has no unit of its own
            return self.unit(v["left"]) or self.unit(v["right"])
        if v.get("kind") == "date":
            return "date"
        return None

    def scalar(self, value, unit: str | None = None, labels: str | None = None, kind: str | None = None) -> str:
        lang = self.lang
        if value is None:
            return "–"
        if isinstance(value, bool):
            return fmt.yes_no(value, lang)
        if isinstance(value, list):
            return ", ".join(self.scalar(x, unit, labels, kind) for x in value) if value else "–"
        if unit == "date" or kind == "date":
            return fmt.date(value, lang)
        if isinstance(value, (int, float)):
            if unit == "kr":
                return fmt.amount(value, lang)
            if unit == "percent":
                return fmt.percent_whole(value, lang)
            if unit == "year":
                return str(int(value))
            return fmt.number(value, lang)
        if labels:
            return f"«{vocab_label(labels, value, lang)}»"
        text = str(value)
        return f"«{text if len(text) <= 80 else text[:77] + '…'}»"

    def value_text(self, v: dict, unit: str | None = None) -> str:
        """A computed value, formatted ('150 000 kr', '1. februar 2024', '«kommune»')."""
        if "literal" in v:
            return self.scalar(v["literal"], unit, None, v.get("kind"))
        unit = self.unit(v) or unit
        return self.scalar(v.get("value"), unit, v.get("labels"), v.get("kind"))

    def name(self, v: dict) -> str:
        """What a value is, as words ('egenandelen', 'antall tiltak', 'summen av beløpet i budsjettlinjene')."""
        lang = self.lang
        if "field" in v and "fn" not in v:
            return field_label(v["field"], lang)
        if v.get("fn") == "count":
            key = "count_filtered" if v.get("filtered") else "count"
            return _w(key, lang, s=plural_label(v["list"].get("field", ""), lang))
        if v.get("fn") in ("sum", "min", "max"):
            key = "sum_filtered" if v["fn"] == "sum" and v.get("filtered") else v["fn"]
            inner = field_label(f"{v['list'].get('field', '')}.{v.get('field', '')}", lang)
            return _w(key, lang, f=inner, s=field_label(v["list"].get("field", ""), lang))
        if v.get("fn") == "year":
            return _w("year", lang, f=self.name(v["of"]))
        if "percent" in v:
            return f"{fmt.percent_whole(v['percent'], lang)} {'of' if lang == 'en' else 'av'} {self.name(v['of'])}"
        if "op" in v:
            return W["arith"][v["op"]][lang].format(a=self.name(v["left"]), b=self.name(v["right"]))
        if "literal" in v:
            return self.value_text(v)
        return "?"

    def terms(self, v: dict, unit: str | None = None) -> str:
        """A value with the figures it is made of: 'rammen 14 000 000 kr minus bundne midler 2 000 000 kr'
        for arithmetic, 'rammen 14 000 000 kr' for a field (a literal is its value)."""
        if is_arith(v):
            left, right = v["left"], v["right"]
            if v["op"] == "/" and is_arith(left) and left["op"] == "*" and right_literal(left) == 100:
                # a percentage of a whole, `part * 100 / whole`: "9 600 000 kr av 27 300 000 kr"
                return W["share_of"][self.lang].format(a=self.terms(left["left"]), b=self.value_text(right))
            own = self.unit(v)
            side = None if v["op"] in "*/" else own or unit      # a factor keeps its own unit (or none)
            if v["op"] in "+-" and side == "percent" and "literal" in right:   # 30 % minus 2 percentage points
                b = _w("points", self.lang, n=fmt.number(right["literal"], self.lang))
                return W["arith"][v["op"]][self.lang].format(a=self.terms(left, side), b=b)
            return W["arith"][v["op"]][self.lang].format(a=self.terms(left, side), b=self.terms(right, side))
        if "literal" in v:
            return self.scalar(v["literal"], unit if unit == "percent" else None, None, v.get("kind"))
        return f"{self.name(v)} {self.value_text(v, self.unit(v) or unit)}"

    def arithmetic(self, v: dict, unit: str | None = None) -> str:
        """Arithmetic as a sum on paper: 'rammen 14 000 000 kr minus bundne midler 2 000 000 kr = 12 000 000 kr'."""
        return f"{self.terms(v, unit)} = {self.value_text(v, unit)}"

    def missing_fields(self, v: dict) -> list[dict]:
        """The fields of a value that are absent (what made a test unknown)."""
        if not isinstance(v, dict):
            return []
        if "field" in v and "fn" not in v:
            return [v] if v.get("missing") else []
        out = []
        for key in ("of", "left", "right", "list"):
            if key in v:
                out.extend(self.missing_fields(v[key]))
        return out

    # -- reasons ---------------------------------------------------------------------------------------------

    def sentences(self, reasons: list[dict], prefix: str | None = None, fact: bool = False) -> list[str]:
        """Sentences for reasons; `fact`: the reasons are alternatives none of which held, so a test that a
        value is not something is said as the fact ("eiertypen er «privat skoleeier»")."""
        out: list[str] = []
        for reason in reasons or []:
            for sentence in self.reason(reason, prefix, fact):
                if sentence not in out:
                    out.append(sentence)
        return out

    def _missing(self, fields: list[dict], prefix: str | None) -> list[str]:
        return [self._missing_sentence(field_label(v["field"], self.lang), prefix) for v in fields]

    def _missing_sentence(self, label: str, prefix: str | None) -> str:
        """"Student 1 mangler {label}." with an item's prefix, else "{Label} mangler." """
        return _w("item_missing", self.lang, p=prefix, f=label) if prefix else _w("missing", self.lang, s=_cap(label))

    def _subject(self, text: str, prefix: str | None) -> str:
        return f"{prefix}: {text}" if prefix else _cap(text)

    def reason(self, r: dict, prefix: str | None = None, fact: bool = False) -> list[str]:
        test, holds = r.get("test"), r.get("holds")
        if test == "or":
            return self.sentences(r.get("reasons", []), prefix, fact=True)
        if fact and holds is False and (test == "in" or (test == "compare" and r.get("op") == "!=")):
            v = r.get("value") or r.get("left")
            key = "bool_fact" if isinstance(v.get("value"), bool) else "fact"
            return [_w(key, self.lang, s=self._subject(self.name(v), prefix), v=self.value_text(v))]
        if test in ("all", "any", "none"):
            return self.over_list(r, prefix)
        if holds is None:
            fields = []
            for key in ("left", "right", "value", "list"):
                if key in r:
                    fields.extend(self.missing_fields(r[key]))
            return self._missing(fields, prefix) if fields else []
        if test == "compare":
            extra = [] if holds else (self.left_out(r["left"], prefix) + self.left_out(r["right"], prefix))
            return [self.compare(r, prefix), *extra]
        if test == "in":
            v = r["value"]
            value = self.value_text(v)
            if holds:
                return [_w("not_allowed", self.lang, s=self._subject(self.name(v), prefix), v=value)]
            options = f" {W['or'][self.lang]} ".join(
                self.scalar(o, self.unit(v), v.get("labels"), v.get("kind")) for o in r.get("options", []))
            return [_w("one_of", self.lang, s=self._subject(self.name(v), prefix), v=value, o=options)]
        if test == "contains":
            v = r["list"]
            option = self.scalar(r.get("option"), None, v.get("labels"), None)
            key = "has" if holds else "lacks"
            return [_w(key, self.lang, s=self._subject(self.name(v), prefix), v=option)]
        if test == "present":
            v = r["value"]
            if holds:
                return [_w("given", self.lang, s=self._subject(self.name(v), prefix))]
            return self._missing([v], prefix)
        return []

    def left_out(self, v: dict, prefix: str | None) -> list[str]:
        """Why the items a filtered count or sum leaves out do not count: "Partner 1 «Fagskolen» teller ikke
        med: partnertypen er «fagskole»; forpliktende samarbeid: nei; kravet er ja." """
        out = []
        for item in v.get("left_out", []) or []:
            head = self.item_prefix(v["list"], item, prefix)
            reasons = self.sentences(item.get("reasons", []), None, fact=True)
            if head and reasons:
                joined = "; ".join(s[:1].lower() + s[1:].rstrip(".") for s in reasons) + "."
                out.append(_w("left_out", self.lang, p=head, r=joined))
        return out

    def compare(self, r: dict, prefix: str | None) -> str:
        lang = self.lang
        left, right, op = r["left"], r["right"], r["op"]
        if "literal" in left and "literal" not in right:     # 1 <= count(...): read it the other way round
            left, right = right, left
            op = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}.get(op, op)
        unit = self.unit(left) or self.unit(right)
        subject = self._subject(self.name(left), prefix)
        lv = self.value_text(left, unit)
        if left.get("kind") == "boolean" or isinstance(left.get("value"), bool):
            if r.get("holds") is True:     # a judgement called for by a yes or no: the fact
                return _w("bool_fact", lang, s=subject, v=lv)
            wanted = right.get("literal", right.get("value"))
            if op == "!=" and isinstance(wanted, bool):
                wanted = not wanted
            return _w("bool", lang, s=subject, v=lv, r=self.scalar(wanted))
        numeric = unit in ("kr", "percent") or isinstance(left.get("value"), (int, float))
        if numeric and is_arith(left):     # the figures the left side is made of
            subject = self._subject(self.terms(left, unit), prefix)
            text = f"{subject} = {lv}"
        else:
            text = _w("is", lang, s=subject, v=lv)
        if unit not in ("kr", "percent", "year", "date") and not isinstance(left.get("value"), (int, float)):
            rv = (self.scalar(right["literal"], None, left.get("labels"), right.get("kind")) if "literal" in right
                  else self.value_text(right, unit))
            if op == "!=":
                return _w("not_allowed", lang, s=subject, v=lv)
            return _w("equal", lang, s=subject, v=lv, r=rv)
        if r.get("holds") is True:     # a test that holds (a judgement called for, or under `not`): the facts
            if "percent" in right:
                text += self._share(left, right["of"], unit)
            elif op == "!=" and numeric:   # two figures that should agree and do not
                other = self.arithmetic(right, unit) if is_arith(right) else (
                    self.value_text(right, unit) if "literal" in right
                    else f"{self.name(right)} {self.value_text(right, unit)}")
                text += ", " + _w("not", lang, v=other)
                gap = self.gap(left.get("value"), right.get("value", right.get("literal")), unit)
                if gap:
                    text += "; " + _w("difference", lang, d=gap)
            elif is_arith(right):
                text += "; " + self.arithmetic(right, unit)
            elif "literal" not in right:
                text += "; " + _w("is", lang, s=self.name(right), v=self.value_text(right, unit))
            if r.get("margin") and numeric and op in ("<=", "<", ">=", ">"):   # a met finding: what is left
                gap = self.gap(left.get("value"), right.get("value", right.get("literal")), unit)
                if gap:
                    text += "; " + _w("margin", lang, d=gap)
            return text + "."
        required: str
        words = (DATE_OPS if unit == "date" else OPS)[op][lang]
        if "percent" in right:
            text += self._share(left, right["of"], unit)
            required = f"{fmt.percent_whole(right['percent'], lang)} ({self.value_text(right, unit)})"
        elif "literal" in right:
            required = self.value_text(right, unit)
        elif is_arith(right) and numeric:
            required = self.arithmetic(right, unit)
        else:
            required = f"{self.name(right)} ({self.value_text(right, unit)})"
        text += ". " + _w("required", lang, r=f"{words} {required}".strip())
        diff = None if left.get("fn") == "count" else self.difference(
            op, left.get("value"), right.get("value", right.get("literal")), unit)
        if diff:
            text += "; " + diff
        return text + "."

    def _share(self, left: dict, base: dict, unit) -> str:
        """", som er 20,0 % av omsøkt tilskudd 750 000 kr" — the left value as a share of the base."""
        base_value = base.get("value")
        if isinstance(left.get("value"), (int, float)) and isinstance(base_value, (int, float)) and base_value:
            share = 100 * left["value"] / base_value
            return _w("which_is", self.lang, pct=fmt.percent(share, self.lang), base=self.name(base),
                      bv=self.value_text(base, unit))
        return ""

    def gap(self, lv, rv, unit) -> str | None:
        """The difference between two figures, formatted ('725 000 kr', '5 prosentpoeng')."""
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (lv, rv)):
            return None
        gap = abs(lv - rv)
        if unit == "kr":
            return fmt.amount(gap, self.lang)
        if unit == "percent":
            return _w("points", self.lang, n=fmt.number(gap, self.lang))
        return fmt.number(gap, self.lang)

    def difference(self, op, lv, rv, unit) -> str | None:
        if unit in ("date", "year") or not all(isinstance(x, (int, float)) and not isinstance(x, bool)
                                               for x in (lv, rv)):
            return None
        if op in (">=", ">") and rv > lv:
            gap, key = rv - lv, "short"
        elif op in ("<=", "<") and lv > rv:
            gap, key = lv - rv, "over"
        else:
            return None
        if unit == "kr":
            amount = fmt.amount(gap, self.lang)
        elif unit == "percent":
            amount = _w("points", self.lang, n=fmt.number(gap, self.lang))
        else:
            amount = fmt.number(gap, self.lang)
        return _w(key, self.lang, d=amount)

    def item_prefix(self, list_value: dict, item: dict, prefix: str | None) -> str | None:
        if item.get("scalar"):
            return prefix          # an item of a list of values: the list's own label says it
        noun = item_label(list_value.get("field", ""), self.lang)
        text = f"{noun} {item['index'] + 1}"
        if item.get("name"):
            text += f" «{item['name']}»"
        if prefix:
            return f"{prefix}, {text[:1].lower() + text[1:]}"
        return text

    def over_list(self, r: dict, prefix: str | None) -> list[str]:
        lang, lst = self.lang, r["list"]
        if lst.get("missing"):
            return self._missing([lst], prefix)
        out: list[str] = []
        if r["test"] == "any" and r.get("holds") is False:
            label = field_label(lst.get("field", ""), lang)
            if not r.get("count"):
                sentence = _w("empty", lang, s=label)
                out.append(f"{prefix}: {sentence[:1].lower()}{sentence[1:]}" if prefix else sentence)
                return out
            sentence = _w("none_passed", lang, s=label, n=r["count"])
            out.append(f"{prefix}: {sentence[:1].lower()}{sentence[1:]}" if prefix else sentence)
            if r["count"] > 3:
                return out
        for item in r.get("items", []):
            out.extend(self.sentences(item.get("reasons", []), self.item_prefix(lst, item, prefix)))
        if r.get("more"):
            out.append(_w("more", lang, n=r["more"]))
        return out


    def missing_pointers(self, pointers) -> list[str]:
        """"Student 1 mangler barnehagens organisasjonsnummer." for each field a finding is missing, by its JSON
        pointer: for a finding whose trace names no absent field (an unknown inside a count's `where`, say), so
        that it still says what is missing and of which item."""
        out = []
        for pointer in pointers or ():
            parts = pointer.strip("/").split("/")
            label = field_label(field_of_pointer(pointer), self.lang)
            index = max((i for i, part in enumerate(parts) if part.isascii() and part.isdigit()), default=None)
            prefix = None
            if index is not None:
                list_field = ".".join(part for part in parts[:index] if not (part.isascii() and part.isdigit()))
                prefix = f"{item_label(list_field, self.lang)} {int(parts[index]) + 1}"
            out.append(self._missing_sentence(label, prefix))
        return out

    def finding_sentences(self, finding: dict) -> list[str]:
        """What decided a finding, from its trace; a finding missing information whose trace names no absent
        field says what is missing from its `missing` pointers instead of nothing."""
        out = self.sentences(finding.get("reasons", []))
        if not out and finding.get("status") == "missing_information":
            out = self.missing_pointers(finding.get("missing", []))
        return out


def explain_finding(finding: dict, lang: str, schema_id: str | None = None) -> list[str]:
    """The sentences that say what decided a finding (empty when it has no reasons and misses nothing)."""
    return Explainer(lang, schema_id).finding_sentences(finding)


__all__ = ["Explainer", "explain_finding", "normal"]
