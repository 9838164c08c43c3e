"""The web form of a case (made from the same layout as the xlsx template): a document → the form's values,
and the submitted values → a document with every problem, each tied to the input it comes from."""

from __future__ import annotations

import datetime as _dt

from .importer import _drop_empty_documents, _ensure_list, _Reader, _schema_problems, _set
from .layout import Layout
from .template import _get, cell_text, field_key, table_columns


def input_name(key: str, row: int | None = None) -> str:
    return key if row is None else f"{key}#{row}"


def values_of(layout: Layout, document: dict) -> tuple[dict, dict]:
    """(input name → text, table path → number of rows) for a document (the form prefilled)."""
    values: dict[str, str] = {}
    rows: dict = {}
    for sheet in layout.sheets:
        if sheet.kind == "form":
            base = _get(document, sheet.path)
            for field in sheet.fields:
                text = _text(cell_text(field, _get(base, field.path), layout.lang))
                if text:
                    values[input_name(field_key(sheet, field))] = text
            continue
        items = _get(document, sheet.path) if sheet.parent is None else None
        items = [i for i in (items or []) if isinstance(i, dict)]
        rows[sheet.path] = len(items)
        for row, item in enumerate(items):
            for key, _t, _h, field in table_columns(sheet, layout.lang):
                if field is not None:
                    text = _text(cell_text(field, _get(item, field.path), layout.lang))
                    if text:
                        values[input_name(key, row)] = text
    return values, rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return str(value)


def document_of(layout: Layout, values: dict, rows: dict) -> tuple[dict, dict]:
    """(document, input name → [problem messages]) from submitted values; rows: table path → row count."""
    reader = _Reader(layout)
    document: dict = {"format": layout.format}
    for sheet in layout.sheets:
        if sheet.kind == "form":
            for field in sheet.fields:
                key = field_key(sheet, field)
                parts = list(sheet.path + field.path)
                reader.cells[_pointer(parts)] = ("", input_name(key))
                value = reader.value(values.get(input_name(key)), field, "", input_name(key), parts)
                if value is not None:
                    _set(document, parts, value)
            reader.cells.setdefault(_pointer(sheet.path), ("", ""))
            continue
        if sheet.parent is not None:
            continue                      # nested tables are edited in the workbook, not in the form
        index = 0
        for row in range(rows.get(sheet.path, 0)):
            columns = [(key, field) for key, _t, _h, field in table_columns(sheet, layout.lang) if field]
            raw = {key: values.get(input_name(key, row)) for key, _f in columns}
            if all(not (v or "").strip() for v in raw.values()):
                continue
            item_parts = list(sheet.path) + [index]
            item: dict = {}
            for key, field in columns:
                parts = item_parts + list(field.path)
                name = input_name(key, row)
                reader.cells[_pointer(parts)] = ("", name)
                value = reader.value(raw[key], field, "", name, parts)
                if value is not None:
                    _set(item, list(field.path), value)
            reader.cells[_pointer(item_parts)] = ("", input_name(columns[0][0], row))
            _ensure_list(document, list(sheet.path)).append(item)
            index += 1
    _drop_empty_documents(document)
    problems = reader.problems + _schema_problems(document, layout, reader)
    by_input: dict[str, list[str]] = {}
    for problem in problems:
        by_input.setdefault(problem.cell, []).append(problem.message)
    return document, by_input, problems


def _pointer(parts) -> str:
    from ..documents.problems import pointer_of
    return pointer_of(parts)


__all__ = ["values_of", "document_of", "input_name"]
