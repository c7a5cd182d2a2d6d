"""What the app remembers between runs (QSettings): the keys, the layout version, and safe reading.

A value in the settings file may have been edited by hand or written by
another version of the app. Reading one never fails: a value of the wrong
type or out of range gives the default.
"""

from __future__ import annotations

import hashlib
import hmac
import math

from PySide6.QtCore import QByteArray, QSettings

LAYOUT_VERSION = 4  # QMainWindow.saveState/restoreState version: raise it when the dock arrangement changes

GEOMETRY = "geometry"
WINDOW_STATE = "window_state"
THEME = "theme"
FONT_SCALE = "font_scale"
RECENT_MODELS = "recent_models"


def _value(settings: QSettings, key: str, default):
    """``settings.value(key, default)``, or ``default`` when the stored value cannot even be converted."""
    try:
        return settings.value(key, default)
    except Exception:  # a hand-edited @Variant(…) may be something PySide cannot hand to Python
        return default


def read_float(settings: QSettings, key: str, default: float, low: float, high: float) -> float:
    """The stored number, or ``default`` when it is missing, not a number or outside [low, high]."""
    try:
        value = float(_value(settings, key, default))
    except (TypeError, ValueError, OverflowError):
        return default
    return value if math.isfinite(value) and low <= value <= high else default


def read_str(settings: QSettings, key: str, default: str, allowed=None) -> str:
    """The stored text, or ``default`` when it is missing, not text, or not one of ``allowed``."""
    value = _value(settings, key, default)
    if not isinstance(value, str) or (allowed is not None and value not in allowed):
        return default
    return value


def read_list(settings: QSettings, key: str) -> list[str]:
    """A stored list of strings (QSettings returns a lone string for a one-item list); [] when unreadable."""
    value = _value(settings, key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return []
    return [str(v) for v in value if isinstance(v, str) and v]


SEAL = b"LLMX"  # a dock layout the app stored begins with this and 8 bytes of its digest (``seal_layout``)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8, person=b"explainer-dock").digest()


def seal_layout(state) -> QByteArray:
    """``window.saveState()`` as the app stores it (settings, session files): with a digest of itself.

    ``QMainWindow.restoreState`` trusts its bytes: a layout with one byte damaged (a dock area numbered 2 billion)
    crashed the app on every start. A stored layout is restored only when its digest still matches.
    """
    data = bytes(state)
    return QByteArray(SEAL + _digest(data) + data)


def unseal_layout(value) -> QByteArray | None:
    """The layout to give ``restoreState``, or None when it is damaged or has no seal. A layout stored by an
    earlier version has none: its window opens with the docks arranged afresh, once (bytes damaged past their
    first few were seen to crash Qt, so no check of its beginning would be enough)."""
    if value is None:
        return None
    data = bytes(value)
    if not data.startswith(SEAL):
        return None
    body = data[len(SEAL) + 8:]
    return QByteArray(body) if body and hmac.compare_digest(data[len(SEAL):len(SEAL) + 8], _digest(body)) else None


def read_layout(settings: QSettings, key: str) -> QByteArray | None:
    """A stored dock layout that is safe to restore (see ``unseal_layout``), or None."""
    return unseal_layout(read_bytes(settings, key))


def read_bytes(settings: QSettings, key: str) -> QByteArray | None:
    """Stored bytes (a window's geometry or dock layout), or None when missing or not bytes at all."""
    value = _value(settings, key, None)
    if isinstance(value, (bytes, bytearray)):
        value = QByteArray(bytes(value))
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
