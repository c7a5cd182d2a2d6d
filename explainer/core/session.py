"""A session: what a teacher had on screen, saved as JSON and opened again later.

Writes are atomic (a temporary file in the same folder, flushed to disk, then
renamed over the old one), so an interrupted save never leaves a corrupt file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

VERSION = 1


class SessionError(ValueError):
    """A session file that cannot be read; the message names the file and the problem."""


@dataclass
class Session:
    """Text, model, selection, sampling settings, ablations, panel layout and display settings."""

    text: str = ""
    model_path: str = ""
    token: int = -1
    layer: int = 0
    head: int = 0
    temperature: float = 1.0
    top_k: int = 0
    top_p: float = 1.0
    ablations: list[dict[str, Any]] = field(default_factory=list)
    layout: str = ""  # the window's saved dock state, base64
    settings: dict[str, Any] = field(default_factory=dict)  # language, theme, zoom, …
    version: int = VERSION


def save_session(session: Session, path: str | Path) -> Path:
    path = Path(path)
    data = json.dumps(asdict(session), ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private; a session is an ordinary document (keep an existing file's mode)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def load_session(path: str | Path) -> Session:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionError(f"{path}: no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SessionError(f"{path}: not a session file ({exc})") from None
    if not isinstance(data, dict) or "text" not in data:
        raise SessionError(f"{path}: not a session file (no text in it)")
    if int(data.get("version", 0)) > VERSION:
        raise SessionError(f"{path}: written by a newer version of the app")
    known = set(Session.__dataclass_fields__)
    try:
        return Session(**{k: v for k, v in data.items() if k in known})
    except TypeError as exc:
        raise SessionError(f"{path}: {exc}") from None
