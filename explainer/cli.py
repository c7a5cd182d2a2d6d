"""Command line: no sub-command opens the window; sub-commands work headless.

Each sub-command lives in ``explainer/commands/<name>.py`` with
``add_arguments(parser)`` and ``run(args) -> int``; it is imported only when
used, so ``explainer inspect`` never loads Qt and the window never loads the
training code.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import importlib.util
import os
import stat
import sys
from pathlib import Path

# numpy's BLAS would start a thread per core for each matrix product on the GUI thread (the
# embedding map's neighbour search); on two cores that thread competes with the model's worker and
# stalls typing. One thread, set before anything imports numpy. torch sets its own (gui.worker).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

COMMANDS = {
    "inspect": "tokens and next-token predictions for a text; --out writes a trace .npz",
    "models": "list the models the app finds (shipped, user folder, installed packages)",
    "train": "train a model on a text file or folder",
    "eval": "bits per character and perplexity of a causal model on a text file",
    "render": "draw one panel for a model and a text to PNG/SVG without a window",
    "download": "fetch a model from the Hugging Face Hub into its cache (resumable); without a name, list suggestions",
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


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    return _bounded_int(value, 1, "a whole number of at least 1")


def non_negative_int(value: str) -> int:
    """An argparse type: a whole number of at least 0."""
    return _bounded_int(value, 0, "a whole number of at least 0")


def _bounded_int(value: str, low: int, wanted: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not {wanted}") from None
    if number < low:
        raise argparse.ArgumentTypeError(f"{number} is not {wanted}")
    return number


def positive_float(value: str) -> float:
    """An argparse type: a finite number above 0."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not (0 < number < float("inf")):
        raise argparse.ArgumentTypeError(f"{value} is not a number above 0")
    return number


# arguments checked before any command runs: (dest, how the user wrote it)
TEXT_ARGUMENTS = (("text", "--text"), ("render_text", "--text"))
INPUT_PATHS = (("model", "the model"), ("render_model", "--model"), ("resume", "--resume"), ("data", "DATA"),
               ("file", "FILE"), ("tokenizer", "--tokenizer"), ("lesson", "--lesson"))
OUTPUT_FILES = ("inspect", "render")  # commands whose --out is a file (train's is a folder)


def path_problem(path: str) -> str | None:
    """Why ``path`` cannot be read as a model or data (None: fine, or not there, which the command reports).

    Decided from ``stat`` alone, before anything opens it: a pipe or a device
    could make the command wait forever or read without end.
    """
    try:
        mode = os.stat(Path(path).expanduser()).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return "is not a regular file or a folder (a pipe or a device is never opened)"


def argument_problem(args: argparse.Namespace) -> str | None:
    """The first argument that cannot work, in one line; None when all can."""
    for dest, name in TEXT_ARGUMENTS:
        value = getattr(args, dest, None)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:  # undecodable bytes arrive as surrogates (Python's surrogateescape)
                code = ord(value[exc.start])
                what = f"the byte 0x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "a lone surrogate"
                return f"{name}: not valid UTF-8 text ({what} at character {exc.start + 1})"
    for dest, name in INPUT_PATHS:
        value = getattr(args, dest, None)
        problem = path_problem(value) if isinstance(value, str) else None
        if problem:
            return f"{name} {value}: {problem}"
    outputs = [("--screenshot", getattr(args, "screenshot", None))]
    if args.command in OUTPUT_FILES:
        outputs.append(("--out", getattr(args, "out", None)))
    for name, out in outputs:
        if not isinstance(out, str):
            continue
        target = Path(out).expanduser()
        if target.is_dir():
            return f"{name} {out}: is a folder; give a file name"
        if not target.parent.is_dir():
            return f"{name} {out}: the folder {target.parent} does not exist"
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="explainer", description="LLM Explainer: see inside a "
                                     "transformer language model, live, as you type.")
    parser.add_argument("--model", help="model to open: a folder, ckpt.pt or .gguf file")
    parser.add_argument("--text", help="text to start with")
    parser.add_argument("--lang", choices=["nl", "en"], help="interface language")
    parser.add_argument("--size", metavar="WxH", type=_size, help="window size in pixels, e.g. 1366x768")
    parser.add_argument("--screenshot", metavar="PNG", help="open the window, save it to PNG once the "
                        "first prediction is drawn, and quit")
    parser.add_argument("--lesson", metavar="FILE", help="open the window at the first step of this lesson "
                        "(a .lesson.json file; with --screenshot, once that step is drawn)")
    parser.add_argument("--present", action="store_true", help="start in presentation mode: full screen, "
                        "text large enough for a projector")
    parser.add_argument("--precision", choices=["auto", "float32", "bfloat16"],
                        help="how the linear layers multiply: auto (default) uses bfloat16 for models with "
                        "30 M or more parameters where the CPU has bfloat16 instructions, float32 is exact")
    sub = parser.add_subparsers(dest="command")
    for name, help_text in _available().items():
        module = importlib.import_module(f"explainer.commands.{name}")
        module.add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: list[str] | None = None) -> int:
    # Start-up allocates a few hundred thousand long-lived objects (torch, Qt, the panels); the cyclic
    # collector would walk them again and again: 0.46 s before the first Trace, and 0.2 s more in three
    # full collections while the command parsers imported torch. It is off while they are imported, and
    # off again from where the window starts: run_app moves what exists once the window is built out of
    # its sight, and from then on collects on the GUI thread between events (explainer.gui.collector).
    # A command runs with Python's own collector.
    enabled = gc.isenabled()
    gc.disable()
    try:
        parser = build_parser()
    finally:
        if enabled:
            gc.enable()
    args = parser.parse_args(argv)
    problem = argument_problem(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.precision:  # every model this process opens, in the window or a command (core.precision)
        os.environ["EXPLAINER_PRECISION"] = args.precision
    if args.command:
        module = importlib.import_module(f"explainer.commands.{args.command}")
        return int(module.run(args) or 0)
    gc.disable()
    from explainer.gui.app import run_app  # Qt only when the window is wanted

    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
