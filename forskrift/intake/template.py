"""The intake workbook (xlsx) an office sends to owners: made from the layout (layout.py), optionally filled
with an existing case (to send back for correction, and in the tests).

Sheets: a guide first; then a form per document and a table per list of objects, with headings and help texts
in the chosen language, drop-down lists for enumerated values (their labels from vocabulary.yaml) and for
yes/no; the technical name of each field (its JSON path) in a grey column (forms) or row (tables) so that the
importer finds each value whatever the language of the headings. A hidden sheet names the format and year.
"""

from __future__ import annotations

import datetime as _dt

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from ..vocabulary import labels_for_enum
from .layout import LIST_SEPARATOR, Field, Layout, Sheet

META_SHEET = "_forskrift"
LISTS_SHEET = "Lister"
GUIDE = {"nb": "Veiledning", "nn": "Rettleiing", "en": "Guide"}
YES = {"nb": "ja", "nn": "ja", "en": "yes"}
NO = {"nb": "nei", "nn": "nei", "en": "no"}
FORM_HEADINGS = {"nb": ("Felt", "Verdi", "Hjelp", "Teknisk navn"), "nn": ("Felt", "Verdi", "Hjelp", "Teknisk namn"),
                 "en": ("Field", "Value", "Help", "Technical name")}
PARENT = {"nb": "Nr. i «{title}»", "nn": "Nr. i «{title}»", "en": "No. in “{title}”"}
PARENT_KEY = "#parent"
TABLE_FIRST_ROW = 4          # headings, technical names, help texts, then the rows
TABLE_ROWS = 300             # rows prepared with drop-down lists
GUIDE_TEXT = {
    "nb": ["Mal for behovsmelding ({year}, format {format})",
           "Fyll ut arkene. På arkene med én verdi per linje skriver du i kolonne B; på tabellarkene én linje per "
           "element fra rad {first}.",
           "Felt merket * må fylles ut. Velg fra nedtrekkslisten der det finnes en. Flere verdier i én celle "
           "skilles med semikolon (;). Datoer skrives ÅÅÅÅ-MM-DD, beløp i hele kroner.",
           "Ikke endre den grå kolonnen/raden «Teknisk navn»: den forteller forskrift hvor verdien hører hjemme.",
           "Send arket tilbake til Statsforvalteren. Det leses inn med `forskrift import`, som melder alle feil "
           "på én gang med ark og celle.",
           "Arket om langsiktig plan fylles ut av samarbeidsforumet; eiere lar det stå tomt."],
    "nn": ["Mal for behovsmelding ({year}, format {format})",
           "Fyll ut arka. På arka med éin verdi per linje skriv du i kolonne B; på tabellarka éi linje per "
           "element frå rad {first}.",
           "Felt merka * må fyllast ut. Vel frå nedtrekkslista der det finst ei. Fleire verdiar i éi celle "
           "skil du med semikolon (;). Datoar skriv du ÅÅÅÅ-MM-DD, beløp i heile kroner.",
           "Ikkje endre den grå kolonnen/rada «Teknisk namn»: ho fortel forskrift kvar verdien høyrer heime.",
           "Send arket tilbake til Statsforvaltaren. Det blir lese inn med `forskrift import`, som melder alle "
           "feil på ein gong med ark og celle.",
           "Arket om langsiktig plan blir fylt ut av samarbeidsforumet; eigarar lèt det stå tomt."],
    "en": ["Behovsmelding template ({year}, format {format})",
           "Fill in the sheets. On the sheets with one value a line, write in column B; on the table sheets, one "
           "line per item from row {first}.",
           "Fields marked * are required. Choose from the drop-down list where there is one. Several values in "
           "one cell are separated by a semicolon (;). Dates are written YYYY-MM-DD, amounts in whole kroner.",
           "Do not change the grey column/row \"Technical name\": it tells forskrift where each value belongs.",
           "Send the workbook back to Statsforvalteren. `forskrift import` reads it and reports every problem "
           "at once, with sheet and cell.",
           "The long-term plan sheet is filled in by the samarbeidsforum; owners leave it empty."],
}
GREY = PatternFill("solid", fgColor="DDDDDD")
HEAD = PatternFill("solid", fgColor="C6E0F4")
BOLD = Font(bold=True)


def enum_choices(values, lang: str) -> dict[str, str]:
    """code → the text shown in the drop-down (its label; "label (code)" where two codes share a label)."""
    labels = labels_for_enum(values, lang)
    counts: dict[str, int] = {}
    for text in labels.values():
        counts[text] = counts.get(text, 0) + 1
    return {code: (text if counts[text] == 1 else f"{text} ({code})") for code, text in labels.items()}


def field_key(sheet: Sheet, field: Field) -> str:
    """The technical name of a field: its document path, list items as `*` (behovsmelding/measures/*/title)."""
    return "/".join(sheet.path + (("*",) if sheet.kind == "table" else ()) + field.path)


def heading_of(field: Field) -> str:
    return field.heading + (" *" if field.required else "")


def build(layout: Layout, document: dict | None = None) -> Workbook:
    """The template workbook of a layout; with `document`, filled with its values."""
    lang = layout.lang
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE[lang]
    for row, line in enumerate(GUIDE_TEXT[lang], start=1):
        cell = guide.cell(row=row, column=1, value=line.format(year=layout.year, format=layout.format,
                                                                first=TABLE_FIRST_ROW))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    guide["A1"].font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    for row, (key, value) in enumerate((("format", layout.format), ("year", layout.year), ("lang", lang),
                                        ("template", "forskrift-intake/1")), start=1):
        meta.cell(row=row, column=1, value=key)
        meta.cell(row=row, column=2, value=value)
    ranges: dict[tuple, str] = {}

    def choice_range(values) -> str:
        key = tuple(values)
        if key not in ranges:
            column = len(ranges) + 1
            texts = list(enum_choices(values, lang).values())
            for row, text in enumerate(texts, start=1):
                lists.cell(row=row, column=column, value=text)
            letter = get_column_letter(column)
            ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(texts)}"
        return ranges[key]

    def validation(field: Field) -> DataValidation | None:
        if field.is_list:
            return None
        if field.enum:
            return DataValidation(type="list", formula1=choice_range(field.enum), allow_blank=True)
        if field.scalar_kind == "boolean":
            return DataValidation(type="list", formula1=f'"{YES[lang]},{NO[lang]}"', allow_blank=True)
        return None

    headings = FORM_HEADINGS[lang]
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.title[:31])
        if sheet.kind == "form":
            for column, text in enumerate(headings, start=1):
                cell = ws.cell(row=1, column=column, value=text)
                cell.font, cell.fill = BOLD, HEAD
            for row, field in enumerate(sheet.fields, start=2):
                ws.cell(row=row, column=1, value=heading_of(field)).font = BOLD if field.required else Font()
                ws.cell(row=row, column=3, value=_help(field, lang)).alignment = Alignment(wrap_text=True)
                ws.cell(row=row, column=4, value=field_key(sheet, field)).fill = GREY
                dv = validation(field)
                if dv is not None:
                    ws.add_data_validation(dv)
                    dv.add(ws.cell(row=row, column=2))
                _format(ws.cell(row=row, column=2), field)
            ws.column_dimensions["A"].width = 34
            ws.column_dimensions["B"].width = 50
            ws.column_dimensions["C"].width = 60
            ws.column_dimensions["D"].width = 40
            ws.freeze_panes = "B2"
        else:
            columns = table_columns(sheet, lang)
            for column, (key, text, help_text, field) in enumerate(columns, start=1):
                head = ws.cell(row=1, column=column, value=text)
                head.font, head.fill = BOLD, HEAD
                if help_text:
                    head.comment = Comment(help_text, "forskrift")
                ws.cell(row=2, column=column, value=key).fill = GREY
                ws.cell(row=3, column=column, value=help_text).alignment = Alignment(wrap_text=True,
                                                                                      vertical="top")
                ws.column_dimensions[get_column_letter(column)].width = 24
                dv = validation(field) if field is not None else None
                if dv is not None:
                    ws.add_data_validation(dv)
                    letter = get_column_letter(column)
                    dv.add(f"{letter}{TABLE_FIRST_ROW}:{letter}{TABLE_FIRST_ROW + TABLE_ROWS}")
            ws.freeze_panes = f"A{TABLE_FIRST_ROW}"
    if document is not None:
        fill(wb, layout, document)
    return wb


def table_columns(sheet: Sheet, lang: str) -> list[tuple]:
    """(technical name, heading, help, field) of a table's columns; a nested table starts with its parent."""
    columns = []
    if sheet.parent is not None:
        columns.append((PARENT_KEY, PARENT[lang].format(title=sheet.parent.title), "", None))
    columns += [(field_key(sheet, f), heading_of(f), _help(f, lang), f) for f in sheet.fields]
    return columns


def _help(field: Field, lang: str) -> str:
    text = field.help
    if field.is_list and field.enum:
        choices = ", ".join(enum_choices(field.enum, lang).values())
        text = (text + " " if text else "") + {"nb": "Mulige verdier: ", "nn": "Moglege verdiar: ",
                                                "en": "Possible values: "}[lang] + choices
    return text


def _format(cell, field: Field):
    if field.scalar_kind == "date" and not field.is_list:
        cell.number_format = "yyyy-mm-dd"
    elif field.scalar_kind in ("string",) or field.is_list:
        cell.number_format = "@"


# -- filling a template with a case ---------------------------------------------------------------------------

def cell_text(field: Field, value, lang: str):
    """A document value as the template shows it (labels for codes, ja/nei, lists joined by `;`)."""
    if value is None:
        return None
    if field.is_list:
        return f"{LIST_SEPARATOR} ".join(str(_scalar_text(field, item, lang)) for item in value)
    return _scalar_text(field, value, lang)


def _scalar_text(field: Field, value, lang: str):
    if field.enum:
        return enum_choices(field.enum, lang).get(str(value), str(value))
    if isinstance(value, bool):
        return YES[lang] if value else NO[lang]
    if field.scalar_kind == "date" and isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _get(document, path):
    for name in path:
        if not isinstance(document, dict) or name not in document:
            return None
        document = document[name]
    return document


def fill(wb: Workbook, layout: Layout, document: dict):
    """Write a case document's values into a template made from `layout`."""
    lang = layout.lang
    for sheet in layout.sheets:
        ws = wb[sheet.title[:31]]
        if sheet.kind == "form":
            base = _get(document, sheet.path)
            for row, field in enumerate(sheet.fields, start=2):
                value = cell_text(field, _get(base, field.path), lang)
                if value is not None:
                    ws.cell(row=row, column=2, value=value)
            continue
        columns = table_columns(sheet, lang)
        row = TABLE_FIRST_ROW
        for parent_number, item in _items(document, sheet):
            for column, (key, _text, _help_text, field) in enumerate(columns, start=1):
                value = parent_number if key == PARENT_KEY else cell_text(field, _get(item, field.path), lang)
                if value is not None:
                    ws.cell(row=row, column=column, value=value)
            row += 1


def _items(document: dict, sheet: Sheet):
    """(number of the parent item or None, item) for every item of the list a table holds."""
    if sheet.parent is None:
        items = _get(document, sheet.path) or []
        return [(None, item) for item in items if isinstance(item, dict)]
    split = len(sheet.parent.path)
    rest = sheet.path[split + 1:]
    out = []
    for number, (_grand, parent_item) in enumerate(_items(document, sheet.parent), start=1):
        for item in _get(parent_item, rest) or []:
            out.append((number, item))
    return out


__all__ = ["build", "fill", "table_columns", "field_key", "enum_choices", "cell_text", "META_SHEET",
           "TABLE_FIRST_ROW", "PARENT_KEY", "YES", "NO"]
