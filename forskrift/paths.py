"""Where the shipped rulebooks, schemas and example cases are: inside the installed package, or at the top of a
checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    installed = _PACKAGE / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def rules_dir() -> Path:
    return _data_dir("rules")


def schemas_dir() -> Path:
    return _data_dir("schemas")


def cases_dir() -> Path:
    """The example cases and the corpus (offered by the web page's impact page by name, never by path)."""
    return _data_dir("cases")
