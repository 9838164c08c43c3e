"""`forskrift import`: a filled intake workbook (template.py) → a case document, with every problem at once.

Each value is read by the technical name beside it (the grey column of a form, the grey row of a table), so the
headings' language does not matter. A value that cannot be read (a word where a number belongs, a label not in
the drop-down list, a date that is not one) is a problem named by sheet and cell and the JSON pointer it was
meant for; then the document is validated against its schema and each schema problem is mapped back to the
cell it comes from. Nothing is written while there is a problem.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from ..documents.problems import field_label, pointer_of, problems, summary
from ..documents.schemas import default_schemas
from ..errors import DocumentError
from .layout import LIST_SEPARATOR, YEARS, Field, Layout
from .template import META_SHEET, NO, PARENT_KEY, TABLE_FIRST_ROW, YES, enum_choices, table_columns

WORDS = {
    "number": {"nb": "et tall", "nn": "eit tal", "en": "a number"},
    "integer": {"nb": "et heltall (hele kroner, uten mellomrom eller komma)",
                "nn": "eit heiltal (heile kroner, utan mellomrom eller komma)",
                "en": "a whole number (whole kroner, no spaces or decimals)"},
    "boolean": {"nb": "ja eller nei", "nn": "ja eller nei", "en": "yes or no"},
    "date": {"nb": "en dato (ÅÅÅÅ-MM-DD)", "nn": "ein dato (ÅÅÅÅ-MM-DD)", "en": "a date (YYYY-MM-DD)"},
    "choice": {"nb": "én av verdiene i listen: {choices}", "nn": "ein av verdiane i lista: {choices}",
               "en": "one of the values in the list: {choices}"},
    "parent": {"nb": "nummeret på en linje i «{title}» (1, 2, ...)",
               "nn": "nummeret på ei linje i «{title}» (1, 2, ...)",
               "en": "the number of a line of “{title}” (1, 2, ...)"},
    "cannot_read": {"nb": "{label}: forventet {expected}, fant «{found}».",
                    "nn": "{label}: venta {expected}, fann «{found}».",
                    "en": "{label}: expected {expected}, found “{found}”."},
    "not_a_template": {"nb": "dette er ikke en mal fra `forskrift template` (arket {sheet} mangler)",
                       "nn": "dette er ikkje ein mal frå `forskrift template` (arket {sheet} manglar)",
                       "en": "this is not a workbook made by `forskrift template` (sheet {sheet} is missing)"},
    "sheet_missing": {"nb": "arket mangler", "nn": "arket manglar", "en": "the sheet is missing"},
    "unreadable": {"nb": "kan ikke lese arbeidsboken: {error}", "nn": "kan ikkje lese arbeidsboka: {error}",
                   "en": "cannot read the workbook: {error}"},
}


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang) or WORDS[key]["nb"]


@dataclass(frozen=True)
class ImportProblem:
    """A problem of a filled workbook: the sheet and cell, the JSON pointer it is meant for, what is wrong."""

    sheet: str
    cell: str
    pointer: str
    message: str

    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def __str__(self) -> str:
        return f"{self.where()} ({self.pointer or '/'}): {self.message}"

    def to_json(self) -> dict:
        return asdict(self)


class ImportFailed(DocumentError):
    """A workbook that did not give a valid case document; `import_problems` holds every problem."""

    def __init__(self, message: str, import_problems: list[ImportProblem], **where):
        super().__init__(message, **where)
        self.import_problems = import_problems


class _Reader:
    def __init__(self, layout: Layout):
        self.layout = layout
        self.lang = layout.lang
        self.problems: list[ImportProblem] = []
        self.cells: dict[str, tuple[str, str]] = {}     # JSON pointer → (sheet, cell), for schema problems

    def problem(self, sheet: str, cell: str, pointer: str, message: str):
        self.problems.append(ImportProblem(sheet, cell, pointer, message))

    # -- values ---------------------------------------------------------------------------------------------

    def value(self, raw, field: Field, sheet: str, cell: str, pointer_parts: list):
        """The document value of a cell, or None (empty, or a problem recorded)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if field.is_list:
            parts = [p.strip() for p in str(raw).split(LIST_SEPARATOR)] if not isinstance(raw, (int, float)) \
                else [raw]
            out = []
            for index, part in enumerate(p for p in parts if p != ""):
                item = self.scalar(part, field, sheet, cell, pointer_parts + [index])
                if item is not None:
                    out.append(item)
            return out
        return self.scalar(raw, field, sheet, cell, pointer_parts)

    def scalar(self, raw, field: Field, sheet: str, cell: str, pointer_parts: list):
        kind = field.scalar_kind
        try:
            if field.enum:
                return self._choice(raw, field)
            if kind == "boolean":
                return self._boolean(raw)
            if kind == "integer":
                return self._integer(raw)
            if kind == "number":
                return self._number(raw)
            if kind == "date":
                return self._date(raw)
            if isinstance(raw, float) and raw.is_integer():
                return str(int(raw))
            if isinstance(raw, (_dt.datetime, _dt.date)):
                return (raw.date() if isinstance(raw, _dt.datetime) else raw).isoformat()
            return str(raw).strip()
        except ValueError as exc:
            expected = str(exc)
            found = raw.date().isoformat() if isinstance(raw, _dt.datetime) else raw
            label = field_label(pointer_parts, self.lang)
            self.problem(sheet, cell, pointer_of(pointer_parts),
                         _w("cannot_read", self.lang).format(label=label, expected=expected, found=found))
            return None

    def _choice(self, raw, field: Field):
        choices = enum_choices(field.enum, self.lang)
        text = str(raw).strip().lower()
        for code, shown in choices.items():
            if text in (shown.lower(), str(code).lower()):
                return next(v for v in field.enum if str(v) == code)
        raise ValueError(_w("choice", self.lang).format(choices=", ".join(choices.values())))

    def _boolean(self, raw):
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {YES[self.lang], "ja", "yes", "true", "sann", "1", "j", "y"}:
            return True
        if text in {NO[self.lang], "nei", "no", "false", "usann", "0", "n"}:
            return False
        raise ValueError(_w("boolean", self.lang))

    def _integer(self, raw):
        if isinstance(raw, bool):
            raise ValueError(_w("integer", self.lang))
        if isinstance(raw, int):
            return raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        text = re.sub(r"[\s\u00a0]", "", str(raw)).removeprefix("kr").removesuffix(",-")
        if re.fullmatch(r"-?\d{1,18}", text):
            return int(text)
        raise ValueError(_w("integer", self.lang))

    def _number(self, raw):
        if isinstance(raw, bool):
            raise ValueError(_w("number", self.lang))
        if isinstance(raw, (int, float)):
            return int(raw) if isinstance(raw, float) and raw.is_integer() else raw
        text = re.sub(r"[\s\u00a0%]", "", str(raw)).replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_w("number", self.lang)) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_w("number", self.lang))
        return int(number) if number.is_integer() else number

    def _date(self, raw):
        if isinstance(raw, _dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, _dt.date):
            return raw.isoformat()
        text = str(raw).strip()
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
        try:
            if match:
                return _dt.date(int(match[3]), int(match[2]), int(match[1])).isoformat()
            return _dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_w("date", self.lang)) from None


def _set(document: dict, path, value):
    for name in path[:-1]:
        document = document.setdefault(name, {})
    document[path[-1]] = value


def read_workbook(path: Path | str, lang: str | None = None) -> tuple[dict | None, list[ImportProblem]]:
    """(case document, problems) of a filled workbook; the document is None when it cannot be made at all."""
    from openpyxl import load_workbook
    lang_default = lang or "nb"
    try:
        wb = load_workbook(path, data_only=True, read_only=False)
    except Exception as exc:   # openpyxl raises many kinds for a file that is not a workbook
        return None, [ImportProblem("", "", "", _w("unreadable", lang_default).format(error=exc))]
    if META_SHEET not in wb.sheetnames:
        return None, [ImportProblem(META_SHEET, "", "", _w("not_a_template", lang_default).format(sheet=META_SHEET))]
    meta = {str(row[0]): row[1] for row in wb[META_SHEET].iter_rows(values_only=True) if row and row[0]}
    fmt = meta.get("format")
    year = next((y for y, (f, _sid) in YEARS.items() if f == fmt), None)
    if year is None:
        return None, [ImportProblem(META_SHEET, "B1", "/format",
                                    f"unknown format {fmt!r}; known: {', '.join(f for f, _ in YEARS.values())}")]
    layout = Layout(year, lang or str(meta.get("lang") or "nb"))
    reader = _Reader(layout)
    document: dict = {"format": fmt}
    filled_items: dict[tuple, list] = {}
    for sheet in layout.sheets:
        title = sheet.title[:31]
        if title not in wb.sheetnames:
            reader.problem(title, "", pointer_of(sheet.path), _w("sheet_missing", reader.lang))
            continue
        ws = wb[title]
        if sheet.kind == "form":
            by_key = {}
            for row in range(2, ws.max_row + 1):
                key = ws.cell(row=row, column=4).value
                if key:
                    by_key[str(key)] = row
            for field in sheet.fields:
                key = "/".join(sheet.path + field.path)
                row = by_key.get(key)
                parts = list(sheet.path + field.path)
                if row is None:
                    reader.problem(title, "", pointer_of(parts), _w("sheet_missing", reader.lang))
                    continue
                cell = f"B{row}"
                reader.cells[pointer_of(parts)] = (title, cell)
                value = reader.value(ws[cell].value, field, title, cell, parts)
                if value is not None:
                    _set(document, parts, value)
            reader.cells.setdefault(pointer_of(sheet.path), (title, "B2"))
            continue
        columns = table_columns(sheet, reader.lang)
        keys = {str(ws.cell(row=2, column=c).value): c for c in range(1, ws.max_column + 1)
                if ws.cell(row=2, column=c).value}
        items = []
        for row in range(TABLE_FIRST_ROW, ws.max_row + 1):
            raw = {key: ws.cell(row=row, column=keys[key]).value for key, *_ in columns if key in keys}
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw.values()):
                continue
            items.append((row, raw))
        filled_items[sheet.path] = []
        parent_items = filled_items.get(sheet.parent.path) if sheet.parent is not None else None
        counters: dict = {}
        for row, raw in items:
            if sheet.parent is None:
                container_parts = list(sheet.path)
                index = len(filled_items[sheet.path])
            else:
                number = raw.get(PARENT_KEY)
                letter = _letter(keys.get(PARENT_KEY, 1))
                try:
                    number = int(number)
                    parent_parts, parent_item = parent_items[number - 1]
                except (TypeError, ValueError, IndexError):
                    reader.problem(title, f"{letter}{row}", pointer_of(sheet.path),
                                   _w("cannot_read", reader.lang).format(
                                       label=sheet.title, expected=_w("parent", reader.lang).format(
                                           title=sheet.parent.title), found=number))
                    continue
                rest = sheet.path[len(sheet.parent.path) + 1:]
                container_parts = parent_parts + list(rest)
                index = counters.get(number, 0)
                counters[number] = index + 1
            item_parts = container_parts + [index]
            item: dict = {}
            for key, _text, _help, field in columns:
                if field is None:
                    continue
                parts = item_parts + list(field.path)
                cell = f"{_letter(keys.get(key, 0))}{row}" if key in keys else ""
                reader.cells[pointer_of(parts)] = (title, cell)
                if key not in keys:
                    continue
                value = reader.value(raw.get(key), field, title, cell, parts)
                if value is not None:
                    _set(item, list(field.path), value)
            reader.cells[pointer_of(item_parts)] = (title, f"A{row}")
            filled_items[sheet.path].append((item_parts, item))
            target = _ensure_list(document, container_parts)
            target.append(item)
        reader.cells.setdefault(pointer_of(sheet.path), (title, f"A{TABLE_FIRST_ROW}"))
    _drop_empty_documents(document)
    return document, reader.problems + _schema_problems(document, layout, reader)


def _ensure_list(document: dict, parts: list) -> list:
    node = document
    for index, name in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, list):
            node = node[name]
            continue
        if name not in node:
            node[name] = [] if last else {}
        node = node[name]
    return node


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(column) if column else ""


def _drop_empty_documents(document: dict):
    """A document of the template left empty (e.g. the long-term plan, filled by the forum) is not in the case."""
    def empty(value) -> bool:
        if isinstance(value, dict):
            return all(empty(v) for v in value.values())
        if isinstance(value, list):
            return all(empty(v) for v in value)
        return value is None
    for name in list(document):
        if name not in ("format", "case") and empty(document[name]):
            del document[name]
    document.setdefault("case", {})     # so that each of its required fields is named


def _schema_problems(document: dict, layout: Layout, reader: _Reader) -> list[ImportProblem]:
    out = []
    unreadable = {p.pointer for p in reader.problems}     # already reported where it was written
    validator = default_schemas().validator(layout.schema_id)
    for problem in problems(validator, document, reader.lang):
        if problem.pointer in unreadable:
            continue
        sheet, cell = _locate(problem.pointer, reader.cells)
        out.append(ImportProblem(sheet, cell, problem.pointer, problem.message))
    return out


def _locate(pointer: str, cells: dict) -> tuple[str, str]:
    """The sheet and cell of a pointer, or of its nearest ancestor that has one."""
    while pointer:
        if pointer in cells:
            return cells[pointer]
        pointer = pointer.rsplit("/", 1)[0]
    return cells.get("/case", ("", ""))


def import_workbook(path: Path | str, lang: str | None = None) -> dict:
    """The case document of a filled workbook; raise ImportFailed with every problem."""
    document, found = read_workbook(path, lang)
    if found or document is None:
        first = found[0] if found else None
        message = f"{first} ({summary(len(found), lang or 'nb')})" if len(found) > 1 else str(first)
        raise ImportFailed(message, found, file=str(path))
    return document


__all__ = ["read_workbook", "import_workbook", "ImportProblem", "ImportFailed"]
