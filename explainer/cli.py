"""Command line: no sub-command opens the window; sub-commands work headless.

Each sub-command lives in ``explainer/commands/<name>.py`` with
``add_arguments(parser)`` and ``run(args) -> int``; it is imported only when
used, so ``explainer inspect`` never loads Qt and the window never loads the
training code.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

COMMANDS = {
    "inspect": "tokens and next-token predictions for a text; --out writes a trace .npz",
    "models": "list the models the app finds (shipped, user folder, installed packages)",
    "train": "train a model on a text file or folder",
    "eval": "bits per character and perplexity of a causal model on a text file",
    "render": "draw one panel for a model and a text to PNG/SVG without a window",
}


def _available() -> dict[str, str]:
    found = {}
    for name, help_text in COMMANDS.items():
        if importlib.util.find_spec(f"explainer.commands.{name}") is not None:
            found[name] = help_text
    return found


def _size(value: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in value.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a size like 1366x768") from None
    if not (320 <= w <= 10000 and 240 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"{value!r}: width and height must lie between 320x240 and 10000x10000")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description="LLM Explainer: see inside a "
                                     "transformer language model, live, as you type.")
    parser.add_argument("--model", help="model to open: a folder, ckpt.pt or .gguf file")
    parser.add_argument("--text", help="text to start with")
    parser.add_argument("--lang", choices=["nl", "en"], help="interface language")
    parser.add_argument("--size", metavar="WxH", type=_size, help="window size in pixels, e.g. 1366x768")
    parser.add_argument("--screenshot", metavar="PNG", help="open the window, save it to PNG once the "
                        "first prediction is drawn, and quit")
    sub = parser.add_subparsers(dest="command")
    for name, help_text in _available().items():
        module = importlib.import_module(f"explainer.commands.{name}")
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command:
        module = importlib.import_module(f"explainer.commands.{args.command}")
        return int(module.run(args) or 0)
    from explainer.gui.app import run_app  # Qt only when the window is wanted

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
