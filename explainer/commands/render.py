"""``explainer render --model M --text T --panel attention --out fig.png``: one panel, no window.

Builds the real panel around a real Trace (the same code the app draws with),
selects the layer, head and token asked for, and writes PNG (at ``--scale``
device pixels per pixel), SVG or CSV. Without a display it renders offscreen.

``--animate generate`` writes a GIF (or MP4) of the text growing token by
token as the model generates greedily (``--steps`` tokens, the next-token
panel unless ``--panel`` names another); ``--animate timeline`` one of the
text through every checkpoint of the model's training run (the timeline
panel unless ``--panel`` names another). See ``explainer.gui.animation``.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from explainer.cli import _size, non_negative_int, positive_float, positive_int


THEMES = ("light", "dark", "contrast")  # explainer.gui.palette.THEMES, without importing Qt to read options

def panel_ids() -> list[str]:
    from explainer.gui.panels import PANELS

    return [pid for pid, _cls in PANELS]


def add_arguments(p: argparse.ArgumentParser) -> None:
    # dests differ from the top-level --model/--text/--lang so the two never overwrite each other
    p.add_argument("--model", dest="render_model", help="model folder, ckpt.pt or .gguf (default: the shipped model)")
    p.add_argument("--text", dest="render_text", help="text to run (default: the first example sentence)")
    p.add_argument("--panel", help="which panel: " + ", ".join(panel_ids()) + " (needed unless --animate)")
    p.add_argument("--out", required=True, help="output file: .png, .svg or .csv; .gif or .mp4 with --animate")
    p.add_argument("--animate", choices=["generate", "timeline"],
                   help="an animation: the text growing token by token (generate), or the text through every "
                        "checkpoint of the training run (timeline)")
    p.add_argument("--steps", type=positive_int, default=12, help="tokens to generate with --animate generate "
                   "(default 12, at most 60)")
    p.add_argument("--frame-ms", type=positive_int, default=700, help="how long each frame of an animation "
                   "stays, in milliseconds (default 700)")
    p.add_argument("--layer", type=positive_int, default=1, help="layer to select, from 1 (default 1)")
    p.add_argument("--head", type=positive_int, default=1, help="head to select, from 1 (default 1)")
    p.add_argument("--token", type=non_negative_int, default=0, help="token to select, from 1 (default: none)")
    p.add_argument("--lang", dest="render_lang", choices=["nl", "en"], default="en", help="language of the labels")
    p.add_argument("--theme", default="light", choices=THEMES, help="light, dark or contrast")
    p.add_argument("--scale", type=positive_float, help="pixels per point (default 2 for PNG, for slides; "
                   "1 for an animation, whose file grows with every frame)")
    p.add_argument("--size", type=_size, default="1400x900",
                   help="panel size in points, WIDTHxHEIGHT (default 1400x900)")
    p.add_argument("--no-caption", action="store_true", help="PNG without the caption (model, text, selection)")


def _needs_offscreen() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return False
    if sys.platform.startswith("linux"):
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def _wait(app, done, timeout_s: float = 60.0) -> bool:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        app.processEvents()
        if done():
            return True
        time.sleep(0.01)
    return False


def run(args: argparse.Namespace) -> int:
    if _needs_offscreen():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    width, height = args.size  # (checked by argparse: 320x240 to 10000x10000)
    if args.scale is None and not args.animate:
        args.scale = 2.0
    if args.panel is None and args.animate:
        args.panel = "next_token" if args.animate == "generate" else "timeline"
    if args.panel is None:
        print("error: --panel is required (or --animate generate|timeline)", file=sys.stderr)
        return 2
    if args.animate and Path(args.out).suffix.lower() not in (".gif", ".mp4"):
        print(f"error: --out {args.out}: an animation is written as .gif or .mp4", file=sys.stderr)
        return 2
    if args.panel not in panel_ids():
        print(f"error: unknown panel {args.panel!r}; choose one of: {', '.join(panel_ids())}", file=sys.stderr)
        return 2

    from explainer.core.checkpoints import CheckpointError, load_model
    from explainer.core.trace import run as run_trace
    from explainer.gui import language, palette
    from explainer.gui.app import make_application
    from explainer.gui.catalog import default_model_path, load_examples
    from explainer.gui.export import ExportError, export_panel
    from explainer.gui.figure import caption_lines, figure_image, strip_controls
    from explainer.gui.panels import panel_classes
    from explainer.gui.state import AppState
    from explainer.gui.worker import LENS_K, configure_torch_threads

    configure_torch_threads()
    app = make_application()
    language.apply_language(args.render_lang, app)
    palette.apply_theme(args.theme, app)

    path = default_model_path(args.render_model)
    if path is None:
        print("error: no model given and no shipped model found; use --model", file=sys.stderr)
        return 2
    try:
        loaded = load_model(path)
        loaded.model.eval()
    except CheckpointError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cfg = loaded.cfg
    for flag, asked, have, what in (("--layer", args.layer, cfg.n_layer, "layers"), ("--head", args.head, cfg.n_head,
                                                                                     "heads")):
        if asked > have:  # (it was quietly drawn at the last one)
            print(f"error: {flag} {asked}: {loaded.name} has {have} {what} (1 to {have})", file=sys.stderr)
            return 2
    text = args.render_text
    if text is None:
        examples = load_examples()
        text = examples["masked"][args.render_lang] if not loaded.cfg.causal else examples[args.render_lang][0]

    if args.animate:
        return _animate(args, loaded, text, (width, height))
    state = AppState()
    state.set_model(loaded)
    state.set_text(text)  # panels that read the text itself (the tokenizer lab, the quiz) see it too
    trace = run_trace(loaded.model, loaded.tokenizer, text, lens_k=LENS_K)
    state.accept_trace(state.next_request_id(), trace)
    if args.token > trace.n_tokens:
        print(f"error: --token {args.token}: the text has {trace.n_tokens} tokens", file=sys.stderr)
        return 2
    state.select_layer(args.layer - 1)
    state.select_head(args.head - 1)
    state.select_token(args.token - 1)

    panel = panel_classes([args.panel])[args.panel](state)
    panel.resize(width, height)
    panel.show()
    panel.refresh()  # panels skip drawing while hidden; now it is shown
    # a projection fit or a bias probe runs in the background: wait until the panel's jobs are answered
    if not _wait(app, lambda: not state.jobs.pending(panel)):
        print(f"error: the {args.panel} panel did not finish drawing within a minute", file=sys.stderr)
        return 1
    if not args.out.lower().endswith(".csv"):
        strip_controls(panel)  # a figure for slides: the content, not the spin boxes and tabs around it
    _wait(app, lambda: False, 0.2)  # let layouts settle
    try:
        if args.out.lower().endswith(".png") and not args.no_caption:
            out = Path(args.out)
            image = figure_image(panel, caption_lines(state), args.scale)
            if not image.save(str(out), "PNG"):
                raise ExportError(f"{out}: the image could not be written")
        else:
            out = export_panel(panel, args.out, state.trace, scale=args.scale)
    except (ExportError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.panel} panel of {loaded.name} written to {out}")
    panel.close()
    return 0


def _animate(args: argparse.Namespace, loaded, text: str, size: tuple[int, int]) -> int:
    """``--animate``: compute the frames' Traces, draw the panel for each and write the animation."""
    from explainer.core.analysis.frames import FramesError, generation_frames, timeline_frames
    from explainer.core.checkpoints import CheckpointError
    from explainer.gui.animation import AnimationError, record, write_animation
    from explainer.core.checkpoints.timeline import find_run
    from explainer.gui.state import AppState
    from explainer.gui.worker import LENS_K

    try:
        if args.animate == "generate":
            frames = generation_frames(loaded, text, args.steps, lens_k=LENS_K)
        else:
            frames = timeline_frames(find_run(loaded.path), text, lens_k=LENS_K)
        like = AppState()  # the layer and head asked for, taken over by every frame
        like.set_model(loaded)
        like.select_layer(args.layer - 1)
        like.select_head(args.head - 1)
        images = record(args.panel, frames, size=size, scale=args.scale or 1.0, caption=not args.no_caption,
                        like=like)
        out = write_animation(images, args.out, frame_ms=args.frame_ms)
    except (FramesError, AnimationError, CheckpointError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.animate} animation ({len(images)} frames, {args.panel} panel) of {loaded.name} written to {out}")
    return 0
