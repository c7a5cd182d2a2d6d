"""Where the shipped assets live, from a source checkout or an installed wheel.

The wheel carries ``resources/`` and ``models/`` inside the package
(``explainer/resources``); a source checkout keeps them at the repository root.
This module is the one place that knows both layouts.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def _asset_dir(name: str) -> Path:
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / name, package_dir.parent / name):
        if candidate.is_dir():
            return candidate
    return package_dir.parent / name


def resources_dir() -> Path:
    """The folder with icons, stylesheets, translations and lesson texts."""
    return _asset_dir("resources")


def models_dir() -> Path:
    """The folder with the checkpoints the product ships."""
    return _asset_dir("models")


def teaching_corpus_dir() -> Path:
    """The everyday texts written for the project (``corpus/teaching/{nl,en}``); absent where an install lacks them."""
    return _asset_dir("corpus") / "teaching"


def resource(*parts: str) -> Path:
    """Path of one file below ``resources/``."""
    return resources_dir().joinpath(*parts)
