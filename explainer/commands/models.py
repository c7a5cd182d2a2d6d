"""``explainer models``: the models the app finds, as a table."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", action="append", default=[], metavar="FOLDER",
                   help="also list the models in this folder (may be repeated)")


def human_count(n: int | None) -> str:
    if n is None:
        return "?"
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def human_size(n: int) -> str:
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def printable(text: str, limit: int = 300) -> str:
    """A cell or a message as one line: control characters (from a file's name or content) shown as ?."""
    text = "".join(c if c.isprintable() else "?" for c in str(text)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 3] + "..."


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from explainer.core.checkpoints.locations import hf_hub_cache
    from explainer.core.checkpoints.registry import find_models, user_models_dir

    entries = find_models([Path(d) for d in args.dir])
    if not entries:
        print(f"no models found; put model folders, ckpt.pt or .gguf files in {user_models_dir()}")
        return 0
    rows = [["name", "languages", "format", "family", "parameters", "size", "source", "path"]]
    for e in entries:
        rows.append([printable(c, 1000) for c in (e.name, ",".join(e.languages) or "?", e.format, e.family,
                                                  human_count(e.n_params), human_size(e.size_bytes),
                                                  e.source, str(e.path))])
    print(table(rows))
    for e in entries:
        if e.problem:  # a broken model is listed, and says why it cannot be opened
            print(f"warning: {printable(str(e.path), 1000)}: {printable(e.problem)}")
    print(f"\nyour own models go in {user_models_dir()}; `explainer download` keeps models in {hf_hub_cache()}")
    return 0
