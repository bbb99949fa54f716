"""Read a committed model artifact's ``manifest.json`` and check every file against its sha256.

Shared by the static semantic artifact (:mod:`unspun.semantic.model`) and the cross-encoder
(:mod:`unspun.semantic.cross`): a truncated, edited or missing file is a
:class:`~unspun.errors.ModelMissingError` naming the command that restores it, never a wrong answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unspun.errors import ModelMissingError


def read_checked_manifest(
    model_dir: Path, *, what: str, schema: object, hashes_key: str, files: Sequence[str], restore: str
) -> dict[str, Any]:
    """``model_dir``'s manifest, after checking its ``schema`` and the sha256 of each of ``files``.

    ``what`` names the artifact in messages ("semantic model", "cross-encoder"); ``hashes_key`` is the
    manifest's mapping of file name to sha256; ``restore`` says how to get a good copy back.

    Raises:
        ModelMissingError: the folder, the manifest or a file is missing, or a hash differs.
    """
    path = model_dir / "manifest.json"
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelMissingError(f"{what} manifest {path} is unreadable ({exc}); {restore}") from exc
    if manifest.get("schema") != schema:
        raise ModelMissingError(
            f"{path} has schema {manifest.get('schema')!r}, expected {schema!r}; {restore}"
        )
    hashes = manifest.get(hashes_key, {})
    for name in files:
        file = model_dir / name
        if not file.is_file():
            raise ModelMissingError(f"{what} file {file} is missing; {restore}")
        with file.open("rb") as fh:
            actual = hashlib.file_digest(fh, "sha256").hexdigest()
        if actual != hashes.get(name):
            raise ModelMissingError(
                f"{what} file {file} has sha256 {actual[:12]}…, the manifest says "
                f"{str(hashes.get(name))[:12]}…; the file is corrupt or stale: {restore}"
            )
    return manifest
