"""The case sets the impact page offers on the server: the shipped examples and the corpus, chosen by name.

A set is a fixed list of folders under the shipped cases (forskrift/paths.py: the repository's `cases/`, or the
copy inside the installed package). The page and the API accept only these names; a name never becomes a path,
so no request can make the server read any other file. Sources are reported as `cases/...`, as the command line
run at the top of the repository names them.
"""

from __future__ import annotations

from ..analysis.diff import case_documents
from ..paths import cases_dir

SETS = {   # name → (folders under cases/, label nb, label en)
    "examples": (("lokal-2021",), "Eksempelsakene (lokal-2021)", "The example cases (lokal-2021)"),
    "examples-2026": (("kollektiv-2026",), "Eksempelsakene for 2026 (kollektiv-2026)",
                      "The 2026 example cases (kollektiv-2026)"),
    "corpus": (("corpus/2025", "corpus/2026"), "Hele korpuset (2025 og 2026)", "The whole corpus (2025 and 2026)"),
    "corpus-2025": (("corpus/2025",), "Korpuset for 2025 (format 2021)", "The 2025 corpus (2021 format)"),
    "corpus-2026": (("corpus/2026",), "Korpuset for 2026 (format 2026)", "The 2026 corpus (2026 format)"),
}


def available() -> list[str]:
    """The names of the sets whose folders are there (all of them in a checkout and in an installed package)."""
    base = cases_dir()
    return [name for name, (folders, _, _) in SETS.items() if all((base / f).is_dir() for f in folders)]


def label(name: str, lang: str) -> str:
    _, nb, en = SETS[name]
    return en if lang == "en" else nb


def count(name: str) -> int:
    return len(documents(name))


def documents(name: str) -> list:
    """(source, read) pairs for the set's case files, sources named `cases/<folder>/<file>`."""
    if name not in available():
        raise KeyError(name)
    base = cases_dir()
    out = []
    for folder in SETS[name][0]:
        for source, read in case_documents([base / folder]):
            out.append(("cases/" + folder + source[len(str(base / folder)):].replace("\\", "/"), read))
    return out
