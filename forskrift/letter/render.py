"""Fill the letter templates: Word with docxtpl, HTML with Jinja2 (both autoescaping what the case says)."""

from __future__ import annotations

import io
from pathlib import Path

from ..errors import UsageError
from .model import templates_dir

FORMATS = ("docx", "html")


def _folder(folder: str | Path | None) -> Path:
    path = Path(folder) if folder else templates_dir()
    if not path.is_dir():
        raise UsageError(f"--templates {path}: no such folder")
    return path


def render_docx(letter: dict, folder: str | Path | None = None) -> bytes:
    try:
        from docxtpl import DocxTemplate
    except ImportError:
        raise UsageError("the Word letter needs docxtpl: pip install 'forskrift[letter]'") from None
    template = _folder(folder) / "vedtak.docx"
    if not template.is_file():
        raise UsageError(f"no Word template {template}")
    document = DocxTemplate(str(template))
    document.render({"letter": letter, "p": letter["p"]}, autoescape=True)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_html(letter: dict, folder: str | Path | None = None) -> str:
    try:
        import jinja2
    except ImportError:
        raise UsageError("the HTML letter needs jinja2: pip install 'forskrift[letter]'") from None
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_folder(folder))), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    try:
        template = env.get_template("vedtak.html")
    except jinja2.TemplateNotFound:
        raise UsageError(f"no HTML template vedtak.html in {_folder(folder)}") from None
    return template.render(letter=letter, p=letter["p"])


def render(letter: dict, fmt: str, folder: str | Path | None = None) -> bytes:
    if fmt == "docx":
        return render_docx(letter, folder)
    if fmt == "html":
        return render_html(letter, folder).encode("utf-8")
    raise UsageError(f"--format {fmt!r}: choose docx or html")
