"""The layout of the intake workbook, derived from the case schemas, so that the template cannot drift from them.

A year's template holds the documents an owner sends (the case block, the behovsmelding, the partnership) and,
for the forum, the long-term plan. Walking each document's schema gives:

- a **form sheet** per document: one row per field that holds one value (nested objects flattened: the budget's
  `amount_applied` is a row of the behovsmelding's form), lists of plain values in one cell separated by `;`;
- a **table sheet** per list of objects (owners, units, measures, budget lines, partners ...): one column per
  field of an item, one row per item; a list of objects inside an item gets its own table whose first column
  is the number of the item it belongs to.

Headings and help texts come from `schemas/form-labels.yaml` (nb, nn, en); enumerated values are shown by
their labels from `schemas/vocabulary.yaml`. The template writer (template.py) and the importer (importer.py)
both read this layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..datafiles import form_words as words
from ..documents.schemas import FieldType, SchemaSet, default_schemas
from ..vocabulary import lang_of as _lang

YEARS = {2021: ("forskrift-case/2021.1", "urn:forskrift:schema:case-2021"),
         2026: ("forskrift-case/2026.1", "urn:forskrift:schema:case-2026")}
DOCUMENTS = ("case", "behovsmelding", "partnerskap", "langsiktig_plan")
SKIP = {("case", "converted_from")}      # set by forskrift, not by an owner
LIST_SEPARATOR = ";"


@dataclass
class Field:
    """One value of the document: its path (names; "*" for a list item), its type and its words."""

    path: tuple
    type: FieldType
    heading: str
    help: str
    required: bool = False

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def is_list(self) -> bool:
        return self.type.kind == "array"

    @property
    def enum(self) -> tuple | None:
        return self.type.item.enum if self.is_list and self.type.item else self.type.enum

    @property
    def scalar_kind(self) -> str:
        return self.type.item.kind if self.is_list and self.type.item else self.type.kind


@dataclass
class Sheet:
    """A form (one field a row) or a table (one field a column, one item a row)."""

    title: str
    kind: str                 # "form" or "table"
    path: tuple               # the document path of the form, or of the list the table holds
    help: str = ""
    fields: list[Field] = field(default_factory=list)
    parent: Sheet | None = None   # a table inside an item of another table


def _required(schema: dict) -> set:
    return set(schema.get("required", [])) if isinstance(schema, dict) else set()


class Layout:
    """The sheets of one year's template, in order."""

    def __init__(self, year: int, lang: str = "nb", schemas: SchemaSet | None = None):
        if year not in YEARS:
            raise ValueError(year)
        self.year = year
        self.lang = _lang(lang)
        self.format, self.schema_id = YEARS[year]
        self.schemas = schemas or default_schemas()
        self.sheets: list[Sheet] = []
        self.missing_words: list[tuple] = []
        root = self.schemas.root(self.schema_id)
        for name in DOCUMENTS:
            child = self.schemas.child(root, name)
            if child is not None:
                self._form((name,), child)

    def _heading(self, path: tuple) -> tuple[str, str]:
        heading, help_text = words(path, self.lang)
        if heading is None:
            self.missing_words.append(path)
            heading = path[-1] if path[-1] != "*" else path[-2]
        return heading, help_text

    def _form(self, path: tuple, ftype: FieldType):
        title, help_text = self._heading(path)
        sheet = Sheet(title=title, kind="form", path=path, help=help_text)
        self.sheets.append(sheet)
        self._fields(sheet, path, (), ftype, required=True)

    def _fields(self, sheet: Sheet, base: tuple, rel: tuple, ftype: FieldType, required: bool):
        required_here = _required(ftype.schema)
        for name in self.schemas.field_names(ftype):
            path = base + rel + (name,)
            if (path[-2], name) in SKIP or name == "$schema" or path == ("format",):
                continue
            child = self.schemas.child(ftype, name)
            is_required = required and name in required_here
            if child.kind == "object":
                self._fields(sheet, base, rel + (name,), child, is_required)
            elif child.kind == "array" and child.item is not None and child.item.kind == "object":
                self._table(base + rel + (name,), child.item, parent=sheet if sheet.kind == "table" else None)
            else:
                heading, help_text = self._heading(path)
                sheet.fields.append(Field(path=rel + (name,), type=child, heading=heading, help=help_text,
                                          required=is_required))

    def _table(self, path: tuple, item: FieldType, parent: Sheet | None):
        title, help_text = self._heading(path)
        sheet = Sheet(title=title, kind="table", path=path, help=help_text, parent=parent)
        self.sheets.append(sheet)
        self._fields(sheet, path + ("*",), (), item, required=True)

    def sheet_titles(self) -> list[str]:
        return [s.title for s in self.sheets]


__all__ = ["Layout", "Sheet", "Field", "YEARS", "LIST_SEPARATOR", "words"]
