"""Self-contained copies of the rule-file and rulebook schemas for editors (VS Code's YAML extension and other
users of yaml-language-server), in schemas/editor/.

schemas/rulefile.schema.json refers to schemas/rulebook.schema.json by its `urn:` id, which the project's own
registry resolves but an editor cannot fetch. The bundled copies inline what is referred to (under
`$defs/rulebook_<name>`), drop the `urn:` ids and declare draft-07, the draft yaml-language-server knows best
(the keywords used — `$defs` reached by `$ref`, `const`, `oneOf`, `pattern` — mean the same there).

    python -m forskrift.rulebook.editor_schema      # rewrites schemas/editor/*.bundled.schema.json

tests/test_lint.py checks that the committed copies equal what this writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..paths import schemas_dir

RULEBOOK_ID = "urn:forskrift:schema:rulebook"
DRAFT = "http://json-schema.org/draft-07/schema#"
BUNDLES = {"rulefile": "rulefile.schema.json", "rulebook": "rulebook.schema.json"}


def _load(name: str) -> dict:
    return json.loads((schemas_dir() / name).read_text(encoding="utf-8"))


def _rewrite(node, prefix: str):
    """Point references at the bundled $defs: the rulebook's own '#/$defs/x' (when inlined) and 'urn:...#/$defs/x'."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                if value.startswith(RULEBOOK_ID + "#/$defs/"):
                    value = "#/$defs/rulebook_" + value.rsplit("/", 1)[1]
                elif value.startswith("#/$defs/") and prefix:
                    value = "#/$defs/" + prefix + value.rsplit("/", 1)[1]
                elif not value.startswith("#"):
                    raise ValueError(f"cannot bundle a reference to {value}")
            out[key] = _rewrite(value, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite(v, prefix) for v in node]
    return node


def bundle(kind: str) -> dict:
    """The self-contained schema for `rulefile` (a rule file) or `rulebook` (rulebook.yaml)."""
    schema = _load(BUNDLES[kind])
    out = {"$schema": DRAFT, "title": schema["title"],
           "description": f"Bundled for editors from schemas/{BUNDLES[kind]} by forskrift/rulebook/editor_schema.py;"
                          " do not edit."}
    body = {k: v for k, v in schema.items() if k not in ("$schema", "$id", "title")}
    out.update(_rewrite(body, ""))
    if kind == "rulefile":
        rulebook_defs = _load(BUNDLES["rulebook"])["$defs"]
        out.setdefault("$defs", {})
        for name, definition in rulebook_defs.items():
            out["$defs"]["rulebook_" + name] = _rewrite(definition, "rulebook_")
    return out


def write(folder: Path | None = None) -> list[Path]:
    folder = folder or schemas_dir() / "editor"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in BUNDLES:
        path = folder / f"{kind}.bundled.schema.json"
        path.write_text(json.dumps(bundle(kind), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written in write():
        print(written, file=sys.stderr)
