"""Timeline scrubbing and in-app training, measured in a real (offscreen) main window.

1. Scrub: the default model's run (``models/tiny-gpt-nl-en``, else the run
   being trained in ``data/runs/``, else a test-made run of the same size)
   is opened, every snapshot is cached, then the slider jumps between
   cached snapshots. Measured per jump: slider set → the new model's Trace
   accepted → every visible panel repainted (a synchronous repaint of the
   whole window). Goal: ≤ 50 ms.
2. Training: the same TrainConfig (built by the training panel from its
   controls) runs once through the panel (thread, one Qt signal per step,
   live curve, event loop running) and once as ``explainer train`` does
   (the library call with the CLI's progress bar). Tokens/s come from the
   loop's own reports. Goal: the panel loses ≤ 10 %. The GUI's largest
   stall while training is printed too.

    python benchmarks/timeline_scrub.py [--jumps 40] [--steps 40] [--preset tiny] [--rounds 2]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer  # noqa: E402

from explainer.core.checkpoints.native import save_checkpoint  # noqa: E402
from explainer.core.tokenizers import load_tokenizer_file  # noqa: E402
from explainer.core.training.presets import model_config, preset  # noqa: E402
from explainer.core.transformer import Transformer  # noqa: E402


def pump(app, until, timeout_s: float = 60.0) -> bool:
    end = time.perf_counter() + timeout_s
    while not until():
        if time.perf_counter() > end:
            return False
        app.processEvents()
        time.sleep(0.0005)
    return True


def find_run(tmp: Path) -> tuple[Path, str]:
    for candidate in (ROOT / "models" / "tiny-gpt-nl-en", ROOT / "data" / "runs" / "tiny-gpt-nl-en"):
        if (candidate / "timeline").is_dir() and len(list((candidate / "timeline").iterdir())) >= 2:
            return candidate, "the default model's run"
    tok_file = ROOT / "data" / "tokenizer" / "tokenizer.json"
    tok = load_tokenizer_file(tok_file)
    cfg = model_config("causal", tok.vocab_size, preset("tiny"), name="scrub-test")
    run = tmp / "scrub-run"
    for i, step in enumerate((0, 500, 1000, 1500, 2000)):
        torch.manual_seed(i)
        save_checkpoint(Transformer(cfg), tok, run / "timeline" / f"step-{step:06d}",
                        {"step": step, "val_loss": 9.0 - i}, dtype=torch.float16)
    save_checkpoint(Transformer(cfg), tok, run, {"step": 2000, "val_loss": 5.0})
    return run, "a test-made run of the default size"


def make_window(app, tmp: Path, without: tuple[str, ...] = ()):
    from explainer.gui.main_window import MainWindow
    from explainer.gui.panels import PANELS

    win = MainWindow(lang="nl", settings=QSettings(str(tmp / "settings.ini"), QSettings.IniFormat),
                     panel_ids={pid for pid, _ in PANELS if pid not in without})
    win.resize(1500, 950)
    win.show()
    pump(app, lambda: False, 0.3)
    return win


def scrub(app, win, run: Path, jumps: int) -> list[float]:
    state, panel = win.state, win.panels["timeline"]
    dock = win.docks["timeline"]
    dock.setFloating(True)  # the slider in view, and tokens, attention and next token still visible
    dock.show()
    win.set_text("De kat zat op de mat en keek naar de vogels in de tuin")
    win.open_model(str(run))
    assert pump(app, lambda: len(panel.snapshots) >= 2 and state.trace is not None), "the run did not open"
    n = len(panel.snapshots)
    assert pump(app, lambda: not panel.jobs.busy and all(s.path in panel.cache for s in panel.snapshots), 120), \
        "the snapshots did not all fit the cache"
    times = []
    for j in range(jumps + 2):
        target = (panel.index + 1 + j % (n - 1)) % n
        t0 = time.perf_counter()
        panel.slider.setValue(target)  # model_changed: every panel's handler runs here
        t1 = time.perf_counter()
        model = state.model.model
        pump(app, lambda: state.trace is not None and state.model.model is model
             and state.latest_request_id and not win.controller.in_flight)
        t2 = time.perf_counter()
        win.repaint()  # paints every visible panel now, synchronously
        t3 = time.perf_counter()
        if j >= 2:  # the first two warm caches of drawing code
            times.append(((t3 - t0) * 1e3, (t1 - t0) * 1e3, (t2 - t1) * 1e3, state.trace.elapsed_ms,
                          (t3 - t2) * 1e3))
    dock.setFloating(False)
    return times


def train_panel(app, win, cfg_out: Path, data: Path, preset_name: str, steps: int, warm: int):
    panel = win.panels["training"]
    panel.from_file.setChecked(True)
    panel.data_path.setText(str(data))
    panel.preset.setCurrentIndex(panel.preset.findData(preset_name))
    panel.steps.setValue(steps)
    panel.every.setValue(steps)
    panel.out.setText(str(cfg_out))
    marks, gaps = {}, []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    panel.start()
    cfg = panel.run.config
    panel.run.progress.connect(lambda p: p.event == "step" and p.step in (warm, steps)
                               and marks.setdefault(p.step, (p.elapsed_s, p.tokens_seen)))
    pump(app, lambda: not panel.run.is_running() and panel.start_button.isEnabled(), 600)
    timer.stop()
    (t0, n0), (t1, n1) = marks[warm], marks[steps]
    points = len(panel.loss_points()[0])
    return (n1 - n0) / (t1 - t0), max(gaps[1:] or [0]) - 10, points, cfg


def train_library(cfg, out: Path, warm: int):
    from dataclasses import replace

    from explainer.commands.train import ProgressBar
    from explainer.core.training.train import train

    marks = {}
    bar = ProgressBar(io.StringIO(), log_every=10)

    def progress(p):
        bar(p)
        if p.event == "step" and p.step in (warm, cfg.steps):
            marks[p.step] = (p.elapsed_s, p.tokens_seen)

    train(replace(cfg, out=str(out)), progress)
    (t0, n0), (t1, n1) = marks[warm], marks[cfg.steps]
    return (n1 - n0) / (t1 - t0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", help="a run folder to scrub (default: the default model's)")
    ap.add_argument("--jumps", type=int, default=40)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--warm", type=int, default=5)
    ap.add_argument("--preset", default="tiny")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--paragraphs", type=int, default=3000, help="corpus paragraphs to train on")
    ap.add_argument("--skip-training", action="store_true")
    ap.add_argument("--without", default="", help="comma-separated panel ids left out of the window "
                                                  "(to see what each panel's handlers cost)")
    args = ap.parse_args()

    from explainer.gui import palette
    from explainer.gui.app import make_application

    app = make_application()
    palette.apply_theme("light", app)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        run, what = (Path(args.run), "the given run") if args.run else find_run(tmp)
        win = make_window(app, tmp, tuple(p for p in args.without.split(",") if p))
        rows = scrub(app, win, run, args.jumps)
        total = sorted(r[0] for r in rows)
        part = [statistics.median(r[i] for r in rows) for i in range(1, 5)]
        print(f"scrub: {what} ({run}), {len(win.panels['timeline'].snapshots)} snapshots, all cached; "
              f"{len(rows)} jumps; panels: {', '.join(win.panels)}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"  set → trace → all visible panels repainted: median {statistics.median(total):.1f} ms   "
              f"p90 {total[int(0.9 * len(total)) - 1]:.1f} ms   max {total[-1]:.1f} ms   (goal ≤ 50 ms)")
        print(f"  medians: model_changed handlers {part[0]:.1f} ms · until the Trace is shown {part[1]:.1f} ms "
              f"(forward pass {part[2]:.1f} ms) · repaint {part[3]:.1f} ms")
        if args.skip_training:
            win.controller.shutdown()
            return

        corpus = ROOT / "data" / "corpus"
        lines = []
        for f in sorted(corpus.glob("*.val.txt")) + sorted(corpus.glob("*.train.txt")):
            lines += f.read_text(encoding="utf-8").splitlines()[: args.paragraphs // 2]
        data = tmp / "train.txt"
        data.write_text("\n".join(lines[: args.paragraphs]) + "\n", encoding="utf-8")
        best_app = best_lib = 0.0
        for r in range(args.rounds):
            rate_app, stall_ms, points, cfg = train_panel(app, win, tmp / f"app{r}", data, args.preset,
                                                          args.steps, args.warm)
            rate_lib = train_library(cfg, tmp / f"lib{r}", args.warm)
            print(f"training round {r + 1}: panel {rate_app:,.0f} tok/s (curve {points} points, "
                  f"largest GUI stall {stall_ms:.0f} ms)   explainer train {rate_lib:,.0f} tok/s")
            best_app, best_lib = max(best_app, rate_app), max(best_lib, rate_lib)
        print(f"training, preset {args.preset}, {args.steps - args.warm} timed steps, "
              f"{torch.get_num_threads()} torch threads: panel {best_app:,.0f} tok/s vs library "
              f"{best_lib:,.0f} tok/s → ratio {best_app / best_lib:.3f} "
              "(goal ≥ 0.90: the panel loses at most 10 %)")
        win.controller.shutdown()


if __name__ == "__main__":
    main()
