"""A scripted tour of the real window: every panel, presentation mode and every lesson step.

    python scripts/tour.py [--out screens/tour] [--lang nl,en] [--size 1366x768,1920x1080] [--theme light]
                           [--no-lesson]

For each language and window size it opens the main window on the shipped
default model (with a throw-away settings file, so nobody's own layout leaks
in), raises each panel in turn, takes a screenshot of the whole window, does
the same in presentation mode (F5), and walks the guided lesson step by step,
in a window and again in presentation mode.
Screenshots land in ``OUT/<lang>-<W>x<H>/``. It also prints, for every shot,
the panels whose content does not fit their dock (minimum size larger than
the room the dock gives: a horizontal scroll bar, or a cut-off table), so a
run that prints no "does not fit" line is a layout that fits.

Each language and size runs in a child process on a private Xvfb screen of
exactly that size (so that presentation mode's full screen is that size too),
when Xvfb is installed and no $DISPLAY is set; otherwise on Qt's offscreen
platform, where full screen is only 800x800.
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
sys.path.insert(0, str(ROOT))
CHILD = "--child" in sys.argv
if not os.environ.get("DISPLAY") and not (not CHILD and shutil.which("Xvfb")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def settle(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def wait_for(app: QApplication, done, timeout: float = 60.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if done():
            return True
        time.sleep(0.02)
    return False


def misfits(window) -> list[str]:
    """Visible panels whose minimum size exceeds the room their dock gives them, and tab rows that scroll."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTabBar

    out = []
    for bar in window.findChildren(QTabBar, options=Qt.FindDirectChildrenOnly):
        need = sum(bar.tabSizeHint(i).width() for i in range(bar.count()))
        if bar.isVisible() and need > bar.width():
            out.append(f"tabs {bar.tabText(0)}…: need {need} px, have {bar.width()}")
    for pid, dock in window.docks.items():
        panel = window.panels[pid]
        if not dock.isVisible() or panel.visibleRegion().isEmpty():
            continue
        scroller = dock.widget()
        need = scroller.widget().minimumSizeHint()
        room = scroller.viewport().size()
        if need.width() > room.width():
            out.append(f"{pid}: needs {need.width()} px wide, has {room.width()}")
        if os.environ.get("TOUR_HEIGHTS") and need.height() > room.height():
            out.append(f"{pid}: needs {need.height()} px high, has {room.height()}")
    return out


def tour(app, lang: str, size: tuple[int, int], out: Path, lesson: bool, theme: str = "light") -> int:
    from explainer.gui import language, palette
    from explainer.gui.catalog import default_model_path
    from explainer.gui.main_window import MainWindow

    language.apply_language(lang, app)
    palette.apply_theme(theme, app, scale=1.0)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "tour.ini"), QSettings.IniFormat)
    window = MainWindow(lang=lang, settings=settings)
    window.resize(*size)
    window.move(0, 0)
    window.show()
    window.start(model_path=default_model_path())
    if not wait_for(app, lambda: window.state.trace is not None and window.state.trace.n_tokens > 0):
        print(f"{lang} {size}: the model never produced a trace", file=sys.stderr)
        return 1
    settle(app, 1.0)
    out.mkdir(parents=True, exist_ok=True)
    problems = 0

    def shot(name: str, check: bool = True) -> None:
        nonlocal problems
        settle(app, 0.6)
        window.grab().save(str(out / f"{name}.png"))
        for line in misfits(window) if check else ():
            problems += 1
            print(f"  {lang} {size[0]}x{size[1]} {name}: does not fit: {line}")

    shot("00-window")
    for i, (pid, dock) in enumerate(window.docks.items(), 1):
        closed = dock.isHidden()  # a small screen starts with the specialised docks closed (the View menu)
        if closed:
            dock.show()
        dock.raise_()
        shot(f"{i:02d}-panel-{pid}", check=not closed)  # opened for the picture: its tab may not fit the row
        if closed:
            dock.close()
    window.reset_layout()
    settle(app, 0.3)  # its closing of tabs that do not fit runs after it, as after a click (not while presenting)
    window.presenter.enter_presentation()
    shot("20-presentation")
    for pid in ("attention", "next_token", "embedding"):
        window.presenter.focus(pid)
        shot(f"21-presentation-focus-{pid}")
        window.presenter.unfocus()
    window.presenter.exit_presentation()
    window.resize(*size)  # as a window manager gives a window its size back (Xvfb has none)
    settle(app, 0.5)  # (a teacher opens the lesson a moment later, not in the same turn of the event loop)
    if lesson and getattr(window, "lesson", None) is not None:
        view = window.lesson
        view.start(0)
        steps = view.controller.lesson.steps
        for i in range(len(steps)):
            view.controller.go(i)
            wait_for(app, lambda: window.state.trace is not None, 20)
            shot(f"30-lesson-{i + 1:02d}-{steps[i].id}")
        view.close()
        shot("39-after-lesson")
        # the same lesson as a teacher shows it: in presentation mode, beside its panels
        view.start(0)
        window.presenter.enter_presentation()
        for i in range(len(steps)):
            view.controller.go(i)
            wait_for(app, lambda: window.state.trace is not None, 20)
            shot(f"40-presenting-lesson-{i + 1:02d}-{steps[i].id}")
        window.presenter.exit_presentation()
        view.close()
    window.controller.shutdown()
    window.close()
    return problems


def run_child(args, lang: str, spec: str) -> int:
    """One language and size in a fresh process on a private Xvfb screen of that size."""
    display = f":{90 + (os.getpid() % 9)}"
    w, h = spec.split("x")
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", f"{w}x{h}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
        cmd = [sys.executable, __file__, "--child", "--out", str(args.out), "--lang", lang, "--size", spec,
               "--theme", args.theme]
        if args.no_lesson:
            cmd.append("--no-lesson")
        return subprocess.run(cmd, env=env).returncode
    finally:
        xvfb.terminate()
        xvfb.wait()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "screens" / "tour")
    ap.add_argument("--lang", default="nl,en")
    ap.add_argument("--size", default="1366x768,1920x1080")
    ap.add_argument("--theme", default="light", choices=("light", "dark", "contrast"))
    ap.add_argument("--no-lesson", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.child and not os.environ.get("DISPLAY") and shutil.which("Xvfb"):
        codes = [run_child(args, lang, spec) for lang in args.lang.split(",") for spec in args.size.split(",")]
        return max(codes)
    from explainer.gui.app import make_application
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads()
    app = make_application()
    os.environ.setdefault("LLM_EXPLAINER_CACHE", tempfile.mkdtemp())
    problems = 0
    for lang in args.lang.split(","):
        for spec in args.size.split(","):
            w, h = (int(v) for v in spec.split("x"))
            print(f"tour {lang} {w}x{h} …", flush=True)
            name = f"{lang}-{w}x{h}" + ("" if args.theme == "light" else f"-{args.theme}")
            problems += tour(app, lang, (w, h), args.out / name, not args.no_lesson, args.theme)
    print(f"screenshots in {args.out / (args.lang + '-' + args.size)}; {problems} panel(s) that do not fit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
