"""An edited rulebook uploaded to the impact page (a folder of YAML files, or a .zip of one), to compare the
shipped rulebook with a working copy before it ships.

The files are written to a temporary folder that is removed when the comparison is done; only `*.yaml`/`*.yml`
files are taken, a path may not leave the folder (no `..`, no absolute path, no link in an archive), and the
count and total size are bounded. The folder must hold exactly one `rulebook.yaml`. The rulebook is then loaded
as `forskrift diff --to FOLDER` loads a working copy: safe YAML, validated against the rule-file schema.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

MAX_FILES = 500
MAX_TOTAL = 20 * 1024 * 1024


class RulebookUploadError(ValueError):
    """The upload is not a rulebook folder: the message says why."""


def _safe(name: str) -> PurePosixPath | None:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or any(p.startswith(".") for p in path.parts):
        return None
    if path.suffix.lower() not in (".yaml", ".yml"):
        return None
    return path


class UploadedRulebook:
    """A context manager: the folder of the uploaded rulebook, removed on exit."""

    def __init__(self, files: list[tuple[str, bytes]] = (), archive: bytes | None = None):
        self.files = list(files)
        if archive is not None:
            self.files += _unzip(archive)
        self.tmp: str | None = None

    def __enter__(self) -> Path:
        kept = [(p, data) for name, data in self.files if (p := _safe(name)) is not None]
        if not kept:
            raise RulebookUploadError("no rule files (*.yaml) in the upload")
        if len(kept) > MAX_FILES or sum(len(d) for _, d in kept) > MAX_TOTAL:
            raise RulebookUploadError(f"too many or too large rule files (at most {MAX_FILES} files, "
                                      f"{MAX_TOTAL // (1024 * 1024)} MiB)")
        heads = [p for p, _ in kept if p.name == "rulebook.yaml"]
        if len(heads) != 1:
            raise RulebookUploadError(f"expected exactly one rulebook.yaml in the upload, found {len(heads)}")
        root = heads[0].parent
        self.tmp = tempfile.mkdtemp(prefix="forskrift-rulebook-")
        folder = Path(self.tmp) / (root.name or "rulebook")
        for path, data in kept:
            try:
                relative = path.relative_to(root)
            except ValueError:
                continue
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return folder

    def __exit__(self, *exc):
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return False


def _unzip(data: bytes) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RulebookUploadError("the archive is not a .zip file") from None
    out, total = [], 0
    for info in archive.infolist():
        if info.is_dir() or (info.external_attr >> 16) & 0o170000 == 0o120000:   # folders and symbolic links
            continue
        if _safe(info.filename) is None:
            continue
        total += info.file_size
        if total > MAX_TOTAL or len(out) >= MAX_FILES:
            raise RulebookUploadError(f"the archive holds more than {MAX_TOTAL // (1024 * 1024)} MiB or "
                                      f"{MAX_FILES} rule files")
        out.append((info.filename, archive.read(info)))
    return out


__all__ = ["UploadedRulebook", "RulebookUploadError"]
