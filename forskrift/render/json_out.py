"""Results as JSON: one object for one case, an array for several."""

from __future__ import annotations

from .. import jsonio


def render_json(results: list[dict], *, single: bool) -> str:
    payload = results[0] if single and len(results) == 1 else results
    return jsonio.dumps(payload, indent=True)
