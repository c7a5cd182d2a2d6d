"""The README's screenshots, taken from the real app with the shipped default models.

    python scripts/screenshots.py [--out resources/screenshots] [--only window,lens,...]

Starts the application in a real X window (on a private Xvfb display when
there is no $DISPLAY and Xvfb is installed; otherwise Qt's offscreen
platform on a virtual 1920×1080 screen), in Dutch, with the light theme and
a throw-away QSettings file so a developer's own layout and zoom never leak
in. It waits for every trace, the logit lens and the embedding map's
background fit before each grab, and saves:

    window.png             the default layout: tokens, attention, next token
    architecture.png, embedding.png, embedding_paths.png, lens.png,
    positions.png          one panel large (focus mode)
    masked.png             the masked LM (tiny-bert-nl-en) filling in [MASK]
    timeline.png           the training timeline, moved to a middle checkpoint
    why.png                the guided lesson's "Why this word?" step, both of its panels computed
    presentation-nl.png, presentation-en.png
                           presentation mode in the guided lesson
                           (made by scripts/presentation_screenshots.py)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GPT = ROOT / "models" / "tiny-gpt-nl-en"
BERT = ROOT / "models" / "tiny-bert-nl-en"
WINDOW_SIZE = (1600, 1180)  # README width; tall enough that no panel scrolls (lens: 922 px, architecture: ~960 px)
FOCUS_SHOTS = ("architecture", "embedding", "embedding_paths", "lens", "positions")
MAX_BYTES = 400 * 1024  # each README image; the whole folder stays under 4 MB
ALL_SHOTS = ("window",) + FOCUS_SHOTS + ("masked", "timeline", "why", "presentation")


class ShotError(RuntimeError):
    """A screenshot could not be taken (the app never reached the state to show)."""


def start_display() -> subprocess.Popen | None:
    """A private Xvfb display when none is set; None (and the offscreen platform) when that is impossible."""
    if os.environ.get("DISPLAY") and os.environ.get("QT_QPA_PLATFORM", "xcb") == "xcb":
        return None
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        return None
    for number in range(99, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1920x1200x24", "-nolisten", "tcp"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(50):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                os.environ["DISPLAY"] = f":{number}"
                os.environ["QT_QPA_PLATFORM"] = "xcb"
                return proc
            if proc.poll() is not None:
                break
            time.sleep(0.1)
        proc.terminate()
    return None


class Shooter:
    """One Dutch main window on the default model, and the moves that set up each picture."""

    def __init__(self, app, out: Path, settings_dir: Path) -> None:
        from PySide6.QtCore import QSettings

        from explainer.gui import language, palette
        from explainer.gui.catalog import load_examples
        from explainer.gui.main_window import MainWindow

        self.app, self.out = app, out
        language.apply_language("nl", app)
        palette.apply_theme("light", app, scale=1.0)
        self.settings = QSettings(str(settings_dir / "settings.ini"), QSettings.IniFormat)
        self.examples = load_examples()
        self.text = (self.examples.get("nl") or ["De kat zat op de mat en keek naar de"])[0]
        self.window = MainWindow(lang="nl", settings=self.settings)
        self.window.resize(*WINDOW_SIZE)
        self.window.move(0, 0)
        self.window.show()
        self.pump(1.0)
        self.state = self.window.state

    # -- waiting ---------------------------------------------------------------------
    def pump(self, seconds: float, until=None, what: str = "") -> None:
        """Run the event loop for ``seconds``, or until ``until()`` holds (then a ShotError if it never does)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.app.processEvents()
            if until is not None and until():
                return
            time.sleep(0.02)
        if until is not None and not until():
            raise ShotError(f"gave up waiting for {what or 'the app'} after {seconds:.0f} s")

    def settle(self) -> None:
        """Let docks resize, plots relayout and queued repaints land."""
        self.pump(1.5)

    def open(self, path: Path, text: str) -> None:
        self.window.set_text(text)
        self.window.open_model(str(path))
        self.pump(120, lambda: self.state.model is not None and Path(self.state.model.path).resolve()
                  == path.resolve(), f"the model {path.name}")
        self.wait_trace(text)

    def wait_trace(self, text: str, lens: bool = False, newer_than=None) -> None:
        def ready() -> bool:
            tr = self.state.trace
            return (tr is not None and tr.text == text and tr is not newer_than
                    and (not lens or tr.lens_ids is not None) and not self.window.controller.in_flight)
        self.pump(120, ready, "the trace" + (" with the logit lens" if lens else ""))

    def wait_embedding_map(self) -> None:
        panel = self.window.panels["embedding"]
        self.pump(300, lambda: panel.fit_result is not None, "the embedding map's fit")
        self.pump(10, lambda: panel.projection is not None, "the embedding projection")

    # -- grabbing --------------------------------------------------------------------
    def save(self, name: str) -> Path:
        from PySide6.QtCore import Qt

        self.settle()
        image = self.window.grab().toImage()
        if image.width() > WINDOW_SIZE[0]:
            image = image.scaledToWidth(WINDOW_SIZE[0], Qt.SmoothTransformation)
        path = self.out / f"{name}.png"
        if not image.save(str(path), "PNG", 0):  # 0: strongest PNG compression (lossless either way)
            raise ShotError(f"could not write {path}")
        optimise(path)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
              f"{image.width()}×{image.height()}, {path.stat().st_size / 1024:.0f} KB")
        return path

    # -- the pictures ----------------------------------------------------------------
    def select(self, index: int) -> None:
        self.state.select_token(index)
        self.pump(0.5)

    def window_shot(self) -> None:
        self.open(GPT, self.text)
        self.select(self.state.trace.n_tokens - 1)  # the last token: the one whose next word is predicted
        self.save("window")

    def focus_shot(self, name: str) -> None:
        w, presenter = self.window, self.window.presenter
        panel_id = "embedding" if name.startswith("embedding") else name
        if self.state.model is None or Path(self.state.model.path).resolve() != GPT.resolve():
            self.open(GPT, self.text)
        if presenter.focused is not None:
            presenter.unfocus()
        presenter.focus(panel_id)
        self.settle()
        if panel_id == "embedding":
            self.wait_embedding_map()
            w.panels["embedding"].paths_box.setChecked(name == "embedding_paths")
        if panel_id == "lens":
            self.wait_trace(self.text, lens=True)
        self.select(self.state.trace.n_tokens - 1)
        self.save(name)
        presenter.unfocus()
        self.settle()

    def masked_shot(self) -> None:
        text = "De kat zat op de [MASK] en keek naar de vogels."  # the lesson's sentence; every row stays legible
        self.open(BERT, text)
        trace = self.state.trace
        mask = next((i for i, t in enumerate(trace.tokens) if "MASK" in str(t).upper()), trace.n_tokens - 1)
        self.select(mask)
        # the head whose [MASK] row leans hardest on one other token: a map with something to see
        rows = trace.attn[:, :, mask, :].copy()  # (L, H, T)
        rows[:, :, mask] = 0.0
        layer, head = divmod(int(rows.max(axis=-1).argmax()), rows.shape[1])
        self.state.select_layer(layer)
        self.state.select_head(head)
        self.save("masked")

    def timeline_shot(self) -> None:
        from PySide6.QtCore import Qt

        w = self.window
        if self.state.model is None or Path(self.state.model.path).resolve() != GPT.resolve():
            self.open(GPT, self.text)
        panel = w.panels["timeline"]
        # the timeline with the next-token panel beside it: what moving along the run changes
        timeline, nxt = w.docks["timeline"], w.docks["next_token"]
        for dock in w.docks.values():
            dock.hide()
        for dock in (timeline, nxt):
            w.removeDockWidget(dock)  # out of their tab groups, so they can sit side by side
        w.addDockWidget(Qt.BottomDockWidgetArea, timeline)
        w.splitDockWidget(timeline, nxt, Qt.Horizontal)
        for dock in (timeline, nxt):
            dock.show()
        self.settle()
        w.resizeDocks([timeline, nxt], [850, 750], Qt.Horizontal)
        self.pump(60, lambda: len(panel.snapshots) > 1, "the training timeline's checkpoints")
        middle = len(panel.snapshots) // 2
        before = self.state.trace
        panel.slider.setValue(middle)
        target = panel.snapshots[middle].path.resolve()
        self.pump(120, lambda: self.state.model is not None
                  and Path(self.state.model.path).resolve() == target, "the middle checkpoint")
        self.wait_trace(self.text, newer_than=before)
        self.select(self.state.trace.n_tokens - 1)
        self.pump(30, lambda: not self.state.jobs.pending(panel), "the timeline's prefetch")
        self.save("timeline")
        w.reset_layout()


    def why_shot(self) -> None:
        w = self.window
        if self.state.model is None or Path(self.state.model.path).resolve() != GPT.resolve():
            self.open(GPT, self.text)
        view = w.lesson
        view.start(0)
        steps = view.controller.lesson.steps
        index = [s.id for s in steps].index("why")
        view.controller.go(index)
        self.wait_trace(steps[index].input)
        contributions, attribution = w.panels["contributions"], w.panels["attribution"]
        self.pump(120, lambda: contributions.result is not None and attribution.result is not None,
                  "the Why step's two explanations")
        self.save("why")
        view.close()
        self.settle()


def fit_budget(path: Path) -> None:
    """Keep a PNG under MAX_BYTES: Pillow's optimiser first, then a smooth downscale to 1600 px wide."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    optimise(path)
    image = QImage(str(path))
    if path.stat().st_size > MAX_BYTES and image.width() > WINDOW_SIZE[0]:
        image.scaledToWidth(WINDOW_SIZE[0], Qt.SmoothTransformation).save(str(path), "PNG", 0)
        optimise(path)
    print(f"{path.name}: {image.width()}×{image.height()} → {QImage(str(path)).width()} px wide, "
          f"{path.stat().st_size / 1024:.0f} KB")


def optimise(path: Path) -> None:
    """Squeeze a PNG with Pillow when it is installed (an optional extra; Qt's own file is kept otherwise)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.load()
    smaller = path.with_suffix(".tmp.png")
    image.save(smaller, optimize=True)
    if smaller.stat().st_size < path.stat().st_size:
        smaller.replace(path)
    else:
        smaller.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "resources" / "screenshots"))
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {', '.join(ALL_SHOTS)}")
    args = parser.parse_args(argv)
    wanted = [s for s in args.only.split(",") if s] or list(ALL_SHOTS)
    unknown = sorted(set(wanted) - set(ALL_SHOTS))
    if unknown:
        parser.error(f"unknown screenshot(s): {', '.join(unknown)}")
    for model in (GPT, BERT):
        if not model.exists():
            print(f"error: the shipped model {model} is missing; train it first", file=sys.stderr)
            return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    code = 0
    window_shots = [s for s in wanted if s != "presentation"]
    if window_shots:
        code = take_window_shots(window_shots, out)
    if "presentation" in wanted:
        # its own process: presentation mode goes full screen on a virtual 1080p projector
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "presentation_screenshots.py"),
                                 "--model", str(GPT), "--out", str(out)], env=env)
        code = code or result.returncode
        for lang in ("nl", "en"):
            path = out / f"presentation-{lang}.png"
            if path.exists():
                fit_budget(path)
    return code


def take_window_shots(shots: list[str], out: Path) -> int:
    xvfb = start_display()
    if xvfb is None and not os.environ.get("DISPLAY"):
        sys.path.insert(0, str(ROOT / "scripts"))
        from presentation_screenshots import virtual_screen
        virtual_screen(1920, 1200)
    sys.path.insert(0, str(ROOT))
    try:
        from explainer.gui.app import make_application
        from explainer.gui.worker import configure_torch_threads

        configure_torch_threads(1)
        app = make_application()
        with tempfile.TemporaryDirectory() as tmp:
            shooter = Shooter(app, out, Path(tmp))
            try:
                for name in shots:
                    if name == "window":
                        shooter.window_shot()
                    elif name in FOCUS_SHOTS:
                        shooter.focus_shot(name)
                    elif name == "masked":
                        shooter.masked_shot()
                    elif name == "timeline":
                        shooter.timeline_shot()
                    elif name == "why":
                        shooter.why_shot()
            except ShotError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
            finally:
                shooter.window.close()
                app.processEvents()
        return 0
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait(5)


if __name__ == "__main__":
    sys.exit(main())
