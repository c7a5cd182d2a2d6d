"""Screenshots of presentation mode, in Dutch and in English, from the real app on a 1080p screen.

    python scripts/presentation_screenshots.py [--model models/tiny-gpt-nl-en] [--out resources/screenshots]

Runs the application offscreen on a virtual 1920×1080 screen, opens the
model, starts the guided lesson at the self-attention step, enters
presentation mode and saves ``presentation-<lang>.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def virtual_screen(width: int, height: int) -> None:
    """Point Qt's offscreen platform at one screen of the given size (must run before Qt starts)."""
    config = {"synchronousWindowSystemEvents": False, "windowFrameMargins": False,
              "screens": [{"name": "projector", "x": 0, "y": 0, "width": width, "height": height,
                           "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
    path = Path(tempfile.gettempdir()) / f"explainer-screen-{width}x{height}.json"
    path.write_text(json.dumps(config))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={path}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(ROOT / "models" / "tiny-gpt-nl-en"))
    parser.add_argument("--out", default=str(ROOT / "resources" / "screenshots"))
    parser.add_argument("--step", default="attention", help="lesson step id to show (default: attention)")
    parser.add_argument("--size", default="1920x1080")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    virtual_screen(width, height)
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from explainer.gui import language, palette
    from explainer.gui.app import make_application
    from explainer.gui.main_window import MainWindow
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads(1)
    app = make_application()

    def pump(seconds: float, until=None) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end and not (until and until()):
            app.processEvents()
            time.sleep(0.01)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("nl", "en"):
        with tempfile.TemporaryDirectory() as tmp:
            language.apply_language(lang)
            palette.apply_theme("light", app, scale=1.0)
            settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.IniFormat)
            window = MainWindow(lang=lang, settings=settings)
            window.show()
            window.start(model_path=args.model)
            pump(60, lambda: window.state.model is not None)
            if window.state.model is None:
                print(f"error: the model {args.model} did not open", file=sys.stderr)
                return 1
            steps = [s.id for s in window.lesson.controller.lesson.steps]
            window.lesson.start(steps.index(args.step))
            pump(20, lambda: not window.lesson.controller.applier.pending)
            window.presenter.enter_presentation()
            pump(3.0)
            path = out / f"presentation-{lang}.png"
            window.grab().save(str(path))
            print(f"{path}: {window.width()}×{window.height()}, body text "
                  f"{palette.current().font_pt * palette.font_scale() * 96 / 72:.0f} px")
            window.presenter.exit_presentation()
            window.close()
            QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
