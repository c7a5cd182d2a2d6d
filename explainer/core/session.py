"""A session: what a teacher had on screen, saved as JSON and opened again later.

Writes are atomic (a temporary file in the same folder, flushed to disk, then
renamed over the old one), so an interrupted save never leaves a corrupt file.

A session file may come from anywhere (a colleague's USB stick, an old
version, a hand edit). ``load_session`` checks all of it before anyone uses
any of it: that it is a regular file (never waiting on a pipe) of at most
``MAX_JSON_BYTES``, JSON nested at most ``MAX_JSON_DEPTH`` deep
(``explainer.core.jsonfile``), and that every field has its type and
lies in its range. Any problem raises ``SessionError`` naming the file and
the problem, and never anything else, so a caller can apply a Session it got
knowing that all of it is sound.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import os
import reprlib
import stat
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Collection

from explainer.core.analysis.interventions import KINDS as ABLATION_KINDS
from explainer.core.analysis.interventions import MODES as ABLATION_MODES
from explainer.core.checkpoints import limits
from explainer.core.jsonfile import JSONFileError, parse

VERSION = 1
LANGUAGES = ("nl", "en")
MAX_PATH_CHARS = 4096
MAX_LAYOUT_CHARS = 1_000_000  # the window's dock state: a few kB
MAX_ABLATIONS = 10_000
MAX_TEMPERATURE = 5.0  # the next-token panel's range
ZOOM_RANGE = (0.5, 4.0)  # what the settings file accepts too
MAX_LESSON_STEP = 10_000


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
    return write_atomically(path, json.dumps(asdict(session), ensure_ascii=False, indent=2))


def write_atomically(path: str | Path, data: str) -> Path:
    """Write ``data`` to ``path`` as UTF-8 so that the file is either the old one or all of the new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    # mkstemp makes the file private; a session or a lesson is an ordinary document (keep an existing file's mode)
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


def load_session(path: str | Path, themes: Collection[str] | None = None) -> Session:
    """The Session in ``path``, every field checked; SessionError for anything else.

    ``themes``: the theme names a session may ask for (the GUI's); None accepts any short name.
    """
    path = Path(path)
    data = _parse(_read(path), path)
    try:
        return _session(data, themes)
    except _Bad as exc:
        raise SessionError(f"{path}: {exc}") from None


# -- reading ----------------------------------------------------------------------------------
def _read(path: Path) -> bytes:
    """The file's bytes: only a regular file, only up to MAX_JSON_BYTES, never waiting on a pipe."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise SessionError(f"{path}: is a folder, not a session file")
        if not stat.S_ISREG(info.st_mode):
            raise SessionError(f"{path}: is not a regular file")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # swapped for something else since
                raise SessionError(f"{path}: is not a regular file")
            raw = f.read(limits.MAX_JSON_BYTES + 1)
    except SessionError:
        raise
    except FileNotFoundError:
        raise SessionError(f"{path}: no such file") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise SessionError(f"{path}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if len(raw) > limits.MAX_JSON_BYTES:
        raise SessionError(f"{path}: is larger than the {limits.MAX_JSON_BYTES // 2**20} MB a session file may have")
    return raw


def _parse(raw: bytes, path: Path) -> Any:
    """The JSON in ``raw``: at most MAX_JSON_DEPTH deep, refused before parsing when deeper."""
    try:
        return parse(raw, path)
    except JSONFileError as exc:
        raise SessionError(f"{path}: not a session file ({exc.problem})") from None


# -- checking -------------------------------------------------------------------------------
class _Bad(ValueError):
    """One field's problem, in words; load_session puts the file's name in front."""


def _session(data: Any, themes: Collection[str] | None) -> Session:
    if not isinstance(data, dict) or "text" not in data:
        raise _Bad("not a session file (no text in it)")
    version = _int(data, "version", 0, 0, None)
    if version > VERSION:
        raise _Bad("written by a newer version of the app")
    text = _str(data, "text", limits.MAX_TEXT_CHARS)
    return Session(
        text=text,
        model_path=_str(data, "model_path", MAX_PATH_CHARS, no_nul=True),
        token=_int(data, "token", -1, -1, limits.MAX_TEXT_CHARS),
        layer=_int(data, "layer", 0, 0, limits.MAX_LAYERS - 1),
        head=_int(data, "head", 0, 0, limits.MAX_HEADS - 1),
        temperature=_number(data, "temperature", 1.0, 0.0, MAX_TEMPERATURE),
        top_k=_int(data, "top_k", 0, 0, limits.MAX_VOCAB),
        top_p=_number(data, "top_p", 1.0, 0.0, 1.0),
        ablations=check_ablations(data.get("ablations", [])),
        layout=_layout(data),
        settings=_settings(data.get("settings", {}), themes),
        version=version if "version" in data else VERSION,
    )


_REPR = reprlib.Repr()
_REPR.maxstring, _REPR.maxother, _REPR.maxlevel, _REPR.maxlong = 40, 40, 2, 40
_REPR.maxlist = _REPR.maxdict = 4


def _describe(value: Any) -> str:
    """A short picture of a value from the file, for a message."""
    return _REPR.repr(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int(data: dict, key: str, default: int, low: int, high: int | None) -> int:
    value = data.get(key, default)
    if not _is_int(value):
        raise _Bad(f"{key} must be a whole number, not {_describe(value)}")
    if value < low or (high is not None and value > high):
        raise _Bad(f"{key} {value} is outside {low} to {high}" if high is not None else
                   f"{key} {value} is below {low}")
    return value


def _number(data: dict, key: str, default: float, low: float, high: float) -> float:
    value = data.get(key, default)
    if not (_is_int(value) or isinstance(value, float)):
        raise _Bad(f"{key} must be a number, not {_describe(value)}")
    if not (math.isfinite(value) and low <= value <= high):
        raise _Bad(f"{key} {value} is outside {low:g} to {high:g}")
    return float(value) if isinstance(value, float) else value


def _unicode(key: str, value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(f"{key} holds a character that is not valid Unicode (a lone surrogate)") from None
    return value


def _str(data: dict, key: str, max_chars: int, no_nul: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise _Bad(f"{key} must be a string, not {_describe(value)}")
    if len(value) > max_chars:
        raise _Bad(f"{key} is {len(value):,} characters long, more than the {max_chars:,} allowed")
    if no_nul and "\x00" in value:
        raise _Bad(f"{key} holds a NUL character")
    return _unicode(key, value)


def _layout(data: dict) -> str:
    value = _str(data, "layout", MAX_LAYOUT_CHARS)
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise _Bad("layout is not base64 (the window's saved arrangement)") from None
    return value


def check_ablations(value: Any, name: str = "ablations") -> list[dict[str, Any]]:
    """Each ablation's keys checked for type and range (``name`` is the field, for messages).

    Shared by sessions and lesson files, which write ablations alike; a
    problem raises ValueError naming the ablation and the key. One without a
    kind or layer passes here: a session skips it later with a notice, a
    lesson step refuses it.
    """
    if not isinstance(value, list):
        raise _Bad(f"{name} must be a list, not {_describe(value)}")
    if len(value) > MAX_ABLATIONS:
        raise _Bad(f"{len(value):,} ablations, more than the {MAX_ABLATIONS:,} allowed")
    for i, item in enumerate(value, 1):
        where = f"ablation {i}"
        if not isinstance(item, dict):
            raise _Bad(f"{where} must be an object, not {_describe(item)}")
        unknown = sorted(set(item) - {"kind", "layer", "head", "mode"})
        if unknown:
            raise _Bad(f"{where} has an unknown field {unknown[0]!r}")
        for key, allowed in (("kind", ABLATION_KINDS), ("mode", ABLATION_MODES)):
            if key in item and item[key] not in allowed:
                raise _Bad(f"{where}: {key} must be one of {', '.join(allowed)}, not {_describe(item[key])}")
        try:
            if "layer" in item:
                _int(item, "layer", 0, 0, limits.MAX_LAYERS - 1)
            if "head" in item:
                _int(item, "head", -1, -1, limits.MAX_HEADS - 1)
        except _Bad as exc:
            raise _Bad(f"{where}: {exc}") from None
    return value


def _settings(value: Any, themes: Collection[str] | None) -> dict[str, Any]:
    """Display settings: the ones the app knows are checked; others (from another version) are kept unread."""
    if not isinstance(value, dict):
        raise _Bad(f"settings must be an object, not {_describe(value)}")
    if "language" in value and value["language"] not in LANGUAGES:
        raise _Bad(f"settings: language must be one of {', '.join(LANGUAGES)}, not {_describe(value['language'])}")
    if "theme" in value:
        theme = value["theme"]
        if not isinstance(theme, str) or len(theme) > 64 or (themes is not None and theme not in themes):
            known = f"one of {', '.join(themes)}" if themes is not None else "a theme name"
            raise _Bad(f"settings: theme must be {known}, not {_describe(theme)}")
    if "zoom" in value:
        _number(value, "zoom", 1.0, *ZOOM_RANGE)
    if "lesson_step" in value:
        _int(value, "lesson_step", 0, 0, MAX_LESSON_STEP)
    if "lesson_file" in value:  # the lesson file that was open (none: the guided tour)
        _str(value, "lesson_file", MAX_PATH_CHARS, no_nul=True)
    return value  # (its "views", the panels' own settings, are checked where they are applied: session_io)
