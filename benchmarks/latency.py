"""Key press → every visible panel repainted with that key's Trace, in the real window.

Opens the main window offscreen with the default model (models/tiny-gpt-nl-en)
or ``--model PATH``, types a sentence of at least ``--tokens`` tokens key by
key with QTest and, for each key, measures the time from the key press until
the text box, the tokens panel, the attention grid and close-up and the
next-token bars have all painted after the Trace for that exact text arrived,
no panel still waits in the redraw queue (``explainer.gui.redraws``) and the
event loop has had one more turn to paint what the queue's last slice drew:
the key ends at the last paint of any panel's own widgets. A 5 ms timer runs throughout and records its own lateness: the longest the
GUI event loop was blocked.

    python benchmarks/latency.py                      # default model
    python benchmarks/latency.py --model path/to/SmolLM2-135M.gguf --tokens 32
    python benchmarks/latency.py --all-panels         # every dock on screen at once (floating)

``--all-panels`` floats every dock as its own window, so no panel hides
behind a tab; the embedding map and the logit-lens grid join the watched
widgets. The slowest event-loop stalls are listed with the key they
happened on, and the time spent in Python's garbage collector is printed.

Prints p50/p95/max latency and the event-loop stall figures. Not a test.
``--profile N`` runs cProfile on the GUI thread while typing. ``--breakdown --by-widget`` splits each
panel's paint time by widget class.

``--floor`` (with ``--all-panels``): every panel's redraw only asks its own painting widgets to repaint,
and they paint one flat colour (pyqtgraph's views too). What is left is the worker, the text box, the
redraw queue and Qt's own work for 19 windows: the latency no panel can get below. 2026-12-04, 2 cores,
two runs each in turns: floor p50 16.2 / 17.1 ms, p95 18.5 / 19.9 ms (GUI-thread CPU p50 8.1 / 9.8 ms);
the real panels p50 37.8 / 41.1 ms, p95 47.0 / 52.5 ms (GUI-thread CPU p50 33.5 / 35.9 ms). So the 33 ms
goal leaves the 19 panels about 13-14 ms at p95 together, against some 26 ms they spend now spread over
some 40 redraw and paint entry points (none above 4.4 ms, ``--breakdown --by-widget``): a 2x cut
everywhere. (The floor figures printed before 2026-12-04, 19.7-25 ms, came from a --floor that swapped
the panels' paintEvent methods at run time: shiboken went on calling the old ones, so some of those
"flat" paints were the real ones, and 2 runs in 3 crashed.)

``--breakdown`` (all 19 panels floating, default model, 64 tokens, 2 cores, 2026-12-02), GUI-thread
ms a key: embedding redraw 3.2 and paint 2.4, attention paint 2.8 and redraw 1.4, next-token paint
1.3, architecture paint 1.2, text box paint 1.2, contributions paint 1.1, compare 1.5, everything
else below 1 each; "rest" (Qt's own layout and painting of 19 windows, the event loop) 12.7, of
37 in all. Fixed after that profile: a panel's new text no longer re-lays out its dock and window
when its minimum size stayed the same (the frame's minimum was recomputed about 8 times a key, 2.2
ms), off_screen asks Qt's visible region first (2.3 ms), heatmap labels are laid out once
(QStaticText), numbers are formatted without building a QLocale per call (58 calls a key).

Later the same day (all panels floating, 2 cores): GUI-thread CPU 50-57 ms a key, spread thin (the
largest: lens paint 4.5, embedding redraw 4.0 and paint 3.9, attention paint 4.0, lens redraw 2.6;
"rest" 12-17). perf on the GUI thread: CPython 30 %, Qt Gui 23 % (text layout and glyphs about 4 %),
shiboken 11 % (looking up Python overrides of Qt's virtual methods), numpy 7 %: no one hot spot.
The longest stalls were the whole key run in one go (60-90 ms): the redraw queue now runs it in
slices, one to three windows each (stall p99 62 -> 16-20 ms); the next were the embedding map
re-framing (the frame now keeps a margin, and the map has no grid: 36 -> 9 ms a new frame) and the
very first key after start (40-60 ms once: 60 ms of Qt's own C++ work, not seen again). That one was
this script's: processEvents() never runs deleteLater(), so the stand-ins of the panels built while
floating the docks were deleted by the first key's exec(), and every window that lost one repainted
whole in that key. The app's event loop deletes them at once; the script now does too before typing
(2026-12-03: longest stall with every panel floating 33-52 -> 23-24 ms). Later that day, one
44 ms stall a run: the first middle-generation garbage collection after the panels were built walked
all their objects (24-36 ms); the app now freezes a panel's objects once built (gen 1: 2.2-2.9 ms).

2026-12-03, a day later: a key that added a token made the cost panel try each of its three folds in turn, some
100 label moves a key (an app-wide event filter counting Move and Resize events per widget found it); it now keeps
its fold while that fits. All panels: p95 42.6-46.6 ms in a fast hour (GUI thread 33-36 ms a key, floor 19.7 ms),
50-57 ms an hour later; ``perf`` on the GUI thread stays flat (no symbol above 6 %).

2026-12-03, late: the embedding map's label placement was the largest single entry (3.8-4.2 ms a key at 39
tokens); a third of its helper for crowded labels was building the same sixteen directions with ``np.r_`` on
every call (now made once). Repainting every own widget at once costs 30-50 ms of GUI-thread CPU here and
marking the larger ones opaque saved nothing measurable (their parents paint little); token chips laid out
once (QStaticText) repaint whole 2.0 ms against 2.7 for 54 chips. In the worker the key's logit lens (five rows
through the 16384 x 256 output layer) took 4.8-5.4 ms as ``F.linear``, 2.6-2.8 ms as weights x rows.

2026-12-04 evening, on an Intel Xeon (AVX-512, AMX; 2 cores): the forward pass of a key took 4.5-4.6 ms at p50
in the worker where it took 2.6 ms alone: the panels' painting leaves the weights out of the caches, and einsum
(chosen on the AMD machine) reads them cold slowest here. With the routine measured per machine at load
(``explainer.core.products``): forward 3.3-3.4 ms, key -> Trace 5.1-5.2 -> 4.0-4.1 ms (default layout, in turns).
All panels floating: p95 38-48 ms by the hour, GUI thread 27-33 ms a key, floor 15.8 ms; the embedding map's
label placement 3.7 -> 3.4 ms a key (single boxes tested without arrays, the far sides left out).

2026-12-04 night, the same Intel Xeon, all panels floating, in turns: the application's style sheet left out
altogether (plain Fusion) changed nothing (p95 44.4 / 45.7 ms with it, 44.7 / 47.7 without; GUI thread p50 29.5 /
30.0 against 30.0 / 30.9 ms); neither did two torch threads in the worker instead of one (p95 41.6 against 41.1,
forward 5.1 against 5.0 ms). The hatched future in a heatmap costs 0.5 ms a paint at 64 tokens (two a key):
hatching the whole square under a see-through image instead took about as long (0.60 against 0.72 ms at 600 px).

Profile (``--profile``, default layout, 268 keys, 2 cores), by own time: the
event loop's own C++ work (Qt layout and painting, and waiting for the
worker) 18 ms a key; then QPainter.drawText (78 calls a key, 1.0 ms), the
heatmap's pixel colouring (argb_pixels, 0.5 ms), bar chart and head grid
paints (1.3 and 1.2 ms). With ``--all-panels`` the embedding map was the
largest panel (9.8 ms a key before its labels were kept per token, 4.1 ms
after), then pyqtgraph's GraphicsView paint (3 ms). In the worker, a key
typed at the end costs one or two positions (the rest is copied from the
last Trace); at that size the forward pass is memory-bound: the block
weights are read once per key (12.6 MB for the default model, 1.9 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as explainer.cli sets it for the app
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QEventLoop, QObject, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QWidget  # noqa: E402

SENTENCES = {
    "nl": ("De kat zat op de mat en keek naar de vogels in de tuin, terwijl de zon langzaam onderging "
           "achter de hoge bomen van het oude park. Morgen gaan we samen naar de markt om verse appels, "
           "brood en kaas te kopen voor het grote feest van oma, die dan tachtig jaar wordt."),
    "en": ("The cat sat on the mat and looked at the birds in the garden, while the sun slowly set "
           "behind the tall trees of the old park. Tomorrow we will go to the market together to buy "
           "fresh apples, bread and cheese for grandmother's big party, when she turns eighty."),
}


class PaintClock(QObject):
    """Records when each watched widget last received a paint event."""

    def __init__(self, widgets) -> None:
        super().__init__()
        self.last: dict[int, float] = {}
        self.on_paint = None
        self.widgets = list(widgets)
        for w in self.widgets:
            w.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Paint:
            self.last[id(obj)] = time.perf_counter()
            if self.on_paint is not None:
                QTimer.singleShot(0, self.on_paint)  # after the paint has finished
        return False


class StallMonitor(QObject):
    """A 5 ms repeating timer that records how late each of its ticks arrives."""

    def __init__(self, interval_ms: int = 5) -> None:
        super().__init__()
        self.interval = interval_ms
        self.lateness: list[float] = []
        self.key = 0  # the key being typed, to say which key a stall happened on
        self.at_key: list[int] = []
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._clock.start()
        self._timer.start(self.interval)

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        elapsed = self._clock.nsecsElapsed() / 1e6
        self._clock.restart()
        self.lateness.append(max(0.0, elapsed - self.interval))
        self.at_key.append(self.key)


def sentence_for(tokenizer, lang: str, n_tokens: int) -> str:
    """The example sentence, cut at the first character where it reaches ``n_tokens`` tokens."""
    text = SENTENCES[lang]
    while len(tokenizer.encode(text).ids) < n_tokens:
        text = text + " " + SENTENCES[lang]
    lo, hi = 1, len(text)
    while lo < hi:  # shortest prefix with n_tokens tokens
        mid = (lo + hi) // 2
        if len(tokenizer.encode(text[:mid]).ids) >= n_tokens:
            hi = mid
        else:
            lo = mid + 1
    return text[:lo]


def own_painters(panel) -> list:
    """``panel``'s widgets whose class paints itself (the project's own widgets, pyqtgraph's views)."""
    import pyqtgraph as pg

    found = []
    for w in [panel] + panel.findChildren(QWidget):
        own = any("paintEvent" in vars(c) for c in type(w).__mro__
                  if c.__module__.startswith("explainer.")) or isinstance(w, pg.GraphicsView)
        if own:
            found.append(w.viewport() if isinstance(w, pg.GraphicsView) else w)
    return found


def float_all_docks(win, app) -> None:
    """Every dock as its own floating window, side by side on a large virtual screen: none hides behind a tab."""
    for i, (pid, dock) in enumerate(win.docks.items()):
        dock.show()
        dock.setFloating(True)
        dock.resize(900, 640)
        dock.move(40 + (i % 4) * 920, 40 + (i // 4) * 660)
        # built as a dock coming into view builds it in the app (offscreen, floating docks report no
        # visibility change, so without this most panels would never exist here)
        win.panels[pid]  # noqa: B018
    for _ in range(20):
        app.processEvents(QEventLoop.AllEvents, 20)


class Breakdown:
    """GUI-thread time a key per panel: its ``redraw``/``on_lens`` and the paint events of its widgets.

    Times only Python-level entry points (the panels' methods, the paintEvent of the project's own
    widgets and of pyqtgraph's views); Qt's painting of its standard widgets counts in "rest".
    """

    def __init__(self, by_widget: bool = False) -> None:
        """Patch the paint events first: a widget built before the patch keeps calling the original."""
        import importlib
        import pkgutil

        import pyqtgraph as pg

        import explainer.gui
        from explainer.gui.panels.base import Panel

        self.Panel = Panel
        self.ms: dict[tuple[str, str], float] = {}
        self.calls: dict[tuple[str, str], int] = {}
        self.active = False
        self.by_widget = by_widget
        for info in pkgutil.walk_packages(explainer.gui.__path__, explainer.gui.__name__ + "."):
            importlib.import_module(info.name)
        classes = {pg.GraphicsView}
        for mod in list(sys.modules.values()):
            if getattr(mod, "__name__", "").startswith(explainer.gui.__name__):
                for obj in vars(mod).values():
                    if isinstance(obj, type) and "paintEvent" in vars(obj):
                        classes.add(obj)
        for cls in classes:
            self._patch_paint(cls)

    def watch(self, win) -> None:
        """Time every built panel's redraw and on_lens."""
        for pid in list(win.panels.built()):
            panel = win.panels[pid]
            for name in ("redraw", "on_lens"):
                setattr(panel, name, self._wrap(getattr(panel, name), pid, name))

    def _wrap(self, fn, pid, what):
        def timed(*a, **k):
            t0 = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                if self.active:
                    key = (pid, what)
                    self.ms[key] = self.ms.get(key, 0.0) + (time.perf_counter() - t0) * 1000.0
                    self.calls[key] = self.calls.get(key, 0) + 1
        return timed

    def _patch_paint(self, cls) -> None:
        original = cls.paintEvent
        clock = self

        def paintEvent(widget, event):  # noqa: N802
            t0 = time.perf_counter()
            try:
                return original(widget, event)
            finally:
                if clock.active:
                    w = widget
                    while w is not None and not isinstance(w, clock.Panel):
                        w = w.parentWidget()
                    name = w.panel_id if w is not None else type(widget).__name__
                    if clock.by_widget and w is not None:
                        name += "/" + type(widget).__name__
                    key = (name[:28], "paint")
                    clock.ms[key] = clock.ms.get(key, 0.0) + (time.perf_counter() - t0) * 1000.0
                    clock.calls[key] = clock.calls.get(key, 0) + 1

        cls.paintEvent = paintEvent

    def report(self, keys: int, gui_ms: float) -> None:
        rows = sorted(self.ms.items(), key=lambda kv: -kv[1])
        print(f"per panel, ms a key (GUI-thread CPU {gui_ms:.1f} ms a key in all), and calls a key:")
        for (pid, what), ms in rows:
            if ms / keys < 0.01:
                continue
            print(f"  {pid:>28} {what:<8} {ms / keys:6.2f}  {self.calls.get((pid, what), 0) / keys:5.1f}")
        print(f"  {'rest':>28} {'':<8} {gui_ms - sum(self.ms.values()) / keys:6.2f}  (Qt's own layout and painting, "
              f"the text box, the event loop)")


class FlatPaint(QObject):
    """Eats a widget's paint events and paints one flat colour instead (``--floor``)."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Paint:
            painter = QPainter(obj)  # ended here, not whenever Python lets go of it
            painter.fillRect(event.rect(), Qt.white)
            painter.end()
            return True
        return False


def floor_panels(win) -> None:
    """The floor under the figures: every panel's redraw only asks its own painting widgets to repaint, and
    those paint one flat colour. What is left is the worker, the text box, the redraw queue and Qt's own work
    for every window: no panel can get below it, however fast it draws.

    The flat colour comes from an event filter on each of those widgets. (Until 2026-12-04 it replaced their
    classes' paintEvent; shiboken keeps the Python override it looked up first, so once the replaced method
    was freed it called freed memory: 2 runs in 3 crashed, and the runs that did not were not sure to
    measure flat paints. Figures for the floor from before that date are not to be trusted.)"""
    flat = win._floor_filter = FlatPaint(win)
    for pid in list(win.panels.built()):
        panel = win.panels[pid]
        painters = own_painters(panel)

        def redraw(*_args, painters=painters):  # (--breakdown's wrapper passes what it was given)
            for w in painters:
                w.update()

        panel.redraw = redraw
        panel.on_lens = lambda *a, **k: None
        for w in painters:
            w.installEventFilter(flat)


class GcClock:
    """Wall time Python's cyclic garbage collector spends, per generation, while installed."""

    def __init__(self) -> None:
        import gc

        self.gc = gc
        self.spans: list[tuple[int, float]] = []
        self._t0 = 0.0
        gc.callbacks.append(self._on_gc)

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t0 = time.perf_counter()
        else:
            self.spans.append((info["generation"], (time.perf_counter() - self._t0) * 1000.0))

    def remove(self) -> None:
        self.gc.callbacks.remove(self._on_gc)


def gc_objects() -> str:
    import gc
    return f"{gc.get_freeze_count()} frozen, {len(gc.get_objects())} tracked"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", help="model folder or file (default: models/tiny-gpt-nl-en)")
    parser.add_argument("--tokens", type=int, default=64, help="length of the typed sentence in tokens")
    parser.add_argument("--lang", choices=["nl", "en"], default="nl")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: the app's own choice)")
    parser.add_argument("--panels", help="comma-separated panel ids to create (default: all), to find "
                        "which panel costs what")
    parser.add_argument("--all-panels", action="store_true",
                        help="float every dock as its own window so that every panel is on screen")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for one key")
    parser.add_argument("--breakdown", action="store_true",
                        help="print each panel's own GUI-thread time a key: its redraw and its widgets' paints")
    parser.add_argument("--floor", action="store_true",
                        help="panels draw nothing but a flat colour: the time no panel can get below")
    parser.add_argument("--by-widget", action="store_true",
                        help="with --breakdown: paints per panel and widget class")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="profile the GUI thread while typing (cProfile) and print its N costliest functions")
    args = parser.parse_args(argv)

    import torch

    from explainer.gui.worker import configure_torch_threads

    configure_torch_threads(args.threads)
    from explainer.gui.app import make_application
    from explainer.gui.catalog import default_model_path
    from explainer.gui import palette
    from explainer.gui.main_window import MainWindow

    wanted = set(args.panels.split(",")) if args.panels else None
    breakdown = Breakdown(args.by_widget) if args.breakdown else None

    path = default_model_path(args.model)
    if path is None:
        print("no model: pass --model PATH (models/tiny-gpt-nl-en does not exist yet)", file=sys.stderr)
        return 2
    app = make_application()
    from explainer.gui import collector

    collector.install(app, freeze_new=True)  # as run_app does: garbage collected on the GUI thread only, between events
    palette.apply_theme("light", app)
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.IniFormat)
    win = MainWindow(lang=args.lang, settings=settings, panel_ids=wanted)
    win.resize(1600, 1000)
    win.show()
    win.start(text="", model_path=str(path))
    t0 = time.perf_counter()
    failed = []
    win.controller.model_failed.connect(lambda p, problem: failed.append(problem))
    while win.state.model is None and not failed and time.perf_counter() - t0 < 300:
        app.processEvents(QEventLoop.AllEvents, 20)
    if failed or win.state.model is None:
        print(f"could not open {path}: {failed[0] if failed else 'timed out'}", file=sys.stderr)
        return 1
    load_s = time.perf_counter() - t0
    loaded = win.state.model
    sentence = sentence_for(loaded.tokenizer, args.lang, args.tokens)

    attention, nxt = win.panels["attention"], win.panels["next_token"]
    watched = [win.text_box.viewport(), win.panels["tokens"].chips, attention.grid, attention.heatmap,
               nxt.lists[0].chart if nxt.lists else nxt]
    if args.all_panels:
        float_all_docks(win, app)
        if "embedding" in win.panels:
            watched.append(win.panels["embedding"].plot.viewport())
        if "lens" in win.panels:
            watched.append(win.panels["lens"].grid)
    # every widget of a panel that paints itself: when one of them paints last, that is when the key is done
    extra = [w for pid in win.panels.built() for w in own_painters(win.panels[pid]) if w not in watched]
    if args.floor:
        floor_panels(win)  # its filters go on first: Qt asks the last one installed first, and they eat the paint
    clock = PaintClock(watched + extra)
    if breakdown is not None:
        breakdown.watch(win)
    trace_at: dict[str, float] = {}
    accept = win.state.accept_trace

    def timed_accept(request_id, trace):  # when a Trace reaches the GUI thread, before any panel draws
        if request_id == win.state.latest_request_id:
            trace_at.setdefault(trace.text, time.perf_counter())
        return accept(request_id, trace)

    win.state.accept_trace = timed_accept
    # warm up: the first forward passes allocate
    for warm in ("De", "De k", ""):
        win.set_text(warm)
        end = time.perf_counter() + 10
        while (win.state.trace is None or win.state.trace.text != warm) and time.perf_counter() < end:
            app.processEvents(QEventLoop.AllEvents, 5)
    # and let the window settle (the warm-up's last paints, the panels' background jobs), with the text box
    # focused, as it is when a person starts typing: otherwise the first key pays for them (focus moving into
    # the window repaints every floating panel: their palette turns from inactive to active)
    win.activateWindow()
    win.text_box.setFocus()
    end = time.perf_counter() + 1.0
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.AllEvents, 5)
    # processEvents never deletes what deleteLater() let go of (the stand-ins of panels built above): the
    # app's event loop does so at once, but here the first key's exec() did, and every window that lost
    # a stand-in repainted whole in that key (a 35-50 ms stall "at the first key" that no user meets)
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    end = time.perf_counter() + 0.3
    while time.perf_counter() < end:
        app.processEvents(QEventLoop.AllEvents, 5)
    print(f"gc: {gc_objects()}", file=sys.stderr)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    monitor = StallMonitor()
    gc_clock = GcClock()
    monitor.start()
    if breakdown is not None:
        breakdown.active = True
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    latencies, forward, to_trace, to_paint, gui_cpu, keyno = [], [], [], [], [], []
    n_tokens: list[int] = []  # after each key: a key that adds a token reshapes most panels
    typed = ""
    loop = QEventLoop()
    done: list[float] = []

    queue = getattr(win.state, "redraws", None)  # None: panels redraw at once
    waiting = (lambda: len(queue)) if queue is not None else (lambda: 0)  # panels still to redraw
    settling: list[bool] = []

    def check() -> None:
        # called on every watched paint, every accepted Trace and every drained redraw queue: is this key
        # finished? Every watched widget painted after the Trace arrived, and no panel still waits in the
        # queue; then one more turn of the event loop, for the paints of the queue's last slice
        arrived = trace_at.get(typed)
        visible = [w for w in watched if w.isVisible()]
        if not done and not settling and arrived is not None and not waiting() \
                and all(clock.last.get(id(w), 0.0) >= arrived for w in visible):
            settling.append(True)
            QTimer.singleShot(0, settle)

    def settle() -> None:
        settling.clear()
        arrived = trace_at.get(typed)
        if done or arrived is None or waiting():
            return  # more came in meanwhile: check runs again when it is drawn
        done.append(max([t for t in clock.last.values() if t >= arrived] or [time.perf_counter()]))
        loop.quit()

    clock.on_paint = check
    win.state.trace_changed.connect(lambda _tr: check())
    if queue is not None:
        queue.drained.connect(check)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    for ch in sentence:
        typed += ch
        monitor.key = len(typed)
        trace_at.pop(typed, None)
        done.clear()
        start, cpu0 = time.perf_counter(), time.thread_time()
        QTest.keyClicks(win.text_box, ch)
        check()
        if not done:
            guard.start(int(args.timeout * 1000))
            loop.exec()
            guard.stop()
        if done:
            latencies.append(done[0] - start)
            keyno.append(len(typed))
            to_trace.append(trace_at[typed] - start)
            to_paint.append(done[0] - trace_at[typed])
            gui_cpu.append(time.thread_time() - cpu0)
            forward.append(win.state.trace.elapsed_ms)
            n_tokens.append(win.state.trace.n_tokens)
        else:
            arrived = trace_at.get(typed)
            late = [type(w).__name__ for w in watched if w.isVisible() and arrived is not None
                    and clock.last.get(id(w), 0.0) < arrived]
            print(f"key {len(typed)} timed out: trace {'arrived' if arrived else 'missing'}, "
                  f"not repainted: {', '.join(late) or '-'}", file=sys.stderr)
    monitor.stop()
    gc_clock.remove()
    if profiler is not None:
        import pstats

        profiler.disable()
        if os.environ.get("LATENCY_PROFILE_FILE"):
            profiler.dump_stats(os.environ["LATENCY_PROFILE_FILE"])
        print(f"GUI thread while typing, {args.profile} costliest by own time:")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile)
        print("… and by time including callees:")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.profile)
    win.close()

    lat = np.array(latencies) * 1000.0
    stalls = np.array(monitor.lateness)
    n_tok = len(loaded.tokenizer.encode(sentence).ids)
    print(f"model: {loaded.name} ({path}), {loaded.n_params / 1e6:.1f} M parameters, loaded in {load_s:.1f} s "
          f"on {loaded.model.device} (the app's own choice)")
    print(f"typed {len(sentence)} keys, {n_tok} tokens at the end; torch threads: {torch.get_num_threads()}; "
          f"load average before: {load_before}")
    print(f"key → all panels repainted: p50 {np.percentile(lat, 50):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms, "
          f"max {lat.max():.1f} ms")
    for name, values in (("key → Trace reaches the GUI thread", to_trace), ("→ every panel redrawn and painted", to_paint),
                         ("GUI-thread CPU time per key", gui_cpu)):
        v = np.array(values) * 1000.0
        print(f"  {name}: p50 {np.percentile(v, 50):.1f} ms, p95 {np.percentile(v, 95):.1f} ms")
    grew = np.array([i > 0 and n_tokens[i] != n_tokens[i - 1] for i in range(len(n_tokens))])
    for name, keys in (("keys that changed the number of tokens", grew), ("keys that kept it", ~grew)):
        if keys.any():
            print(f"  {name} ({int(keys.sum())}): p50 {np.percentile(lat[keys], 50):.1f} ms, "
                  f"p95 {np.percentile(lat[keys], 95):.1f} ms")
    if breakdown is not None:
        breakdown.report(len(sentence), float(np.sum(gui_cpu)) * 1000.0 / max(1, len(gui_cpu)))
    print(f"forward pass in the worker: p50 {np.median(forward):.1f} ms, p95 {np.percentile(forward, 95):.1f} ms")
    slow = np.argsort(-lat)[:8]
    print("  slowest keys (key: total = to Trace + to paint; worker forward; GUI CPU): " + ", ".join(
        f"{keyno[i]}: {lat[i]:.0f} = {to_trace[i] * 1000:.0f} + {to_paint[i] * 1000:.0f}; {forward[i]:.0f}; "
        f"{gui_cpu[i] * 1000:.0f}" for i in slow))
    print(f"event-loop stalls (5 ms timer lateness): p99 {np.percentile(stalls, 99):.1f} ms, max {stalls.max():.1f} ms")
    worst = np.argsort(-stalls)[:5]
    print("  longest stalls: " + ", ".join(f"{stalls[i]:.0f} ms at key {monitor.at_key[i]}" for i in worst))
    by_gen = {g: [ms for gen, ms in gc_clock.spans if gen == g] for g in (0, 1, 2)}
    print("garbage collection: " + ", ".join(
        f"gen {g}: {len(v)}× max {max(v, default=0.0):.1f} ms" for g, v in by_gen.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
