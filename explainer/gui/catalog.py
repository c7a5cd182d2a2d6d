"""What ships with the app and what is on this computer: example sentences, the default model, found models."""

from __future__ import annotations

import json
from pathlib import Path

from explainer.core.checkpoints import registry
from explainer.paths import models_dir, resource

DEFAULT_MODEL = "tiny-gpt-nl-en"


def load_examples() -> dict:
    """Example sentences per language from resources/examples.json (empty lists if missing)."""
    try:
        data = json.loads(resource("examples.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data.setdefault("nl", ["De kat zat op de mat en keek naar de"])
    data.setdefault("en", ["The cat sat on the mat and looked at the"])
    data.setdefault("masked", {"nl": "De kat zat op de [MASK].", "en": "The cat sat on the [MASK]."})
    return data


def default_model_path(explicit: str | None = None) -> Path | None:
    """--model if given; else the shipped default; else the first model the registry finds."""
    if explicit:
        return Path(explicit).expanduser()
    shipped = models_dir() / DEFAULT_MODEL
    if shipped.exists():
        return shipped
    for entry in found_models():
        return Path(entry.path)
    return None


def found_models() -> list:
    """Openable models the registry finds (shipped first)."""
    try:
        entries = list(registry.find_models())
    except Exception:  # a broken model folder must not keep the window from opening
        return []
    return [e for e in entries if e.path and not e.problem]
