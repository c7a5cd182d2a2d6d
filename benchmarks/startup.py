"""Start-up: time to the first Trace on screen and memory, for the shipped default model.

    python benchmarks/startup.py [--runs N] [--size WxH] [--import-runs N]

Measures the app as a user starts it, with no arguments, so it opens the
shipped default model (models/tiny-gpt-nl-en):

  * cold start, from outside: the installed ``explainer`` command is started
    ``--runs`` times (default 5) with ``--screenshot`` (it opens the window,
    waits for the first prediction, saves the window and quits), offscreen
    (QT_QPA_PLATFORM=offscreen) and with a fresh temporary HOME,
    XDG_CONFIG_HOME and XDG_DATA_HOME per run, so no settings carry over.
    Reported: time until the screenshot file exists, time until the process
    has exited, and, from polling /proc/<pid>/status, the peak RSS (VmHWM)
    and the RSS once the screenshot is written (the window is idle; background
    jobs may still run: see "settled" below).
    The screenshot is saved 400 ms after the first Trace arrives (so every
    panel has painted it), which the "first Trace drawn" figure below leaves
    out. The first run is reported separately (its file cache may be cold;
    that cannot be controlled here), then the median of the others;
  * phases, inside the same start-up: one process per run does what
    ``explainer --screenshot`` does (explainer.cli's parser, then
    ``explainer.gui.app.run_app``) with timestamps added by wrapping functions
    (no code of the app is changed): imports, QApplication, MainWindow built,
    first paint, model loaded, first Trace computed, first Trace arrived on
    the GUI thread, first paint after it ("first Trace drawn"), the last paint
    before the screenshot, and the RSS at each point. Every time counts from
    the moment the parent started the process. Then what building the
    MainWindow spends, per panel and per part (time and RSS growth), the
    background jobs (Jobs.submit) that ran before the screenshot, and one more
    start-up without a screenshot that waits until no background job has run
    for 2 s: the settled RSS, and every job until then. The time spent in
    Python's garbage collector until the first Trace is drawn is counted too
    (gc.callbacks);
  * imports: ``python -X importtime`` of what start-up imports
    (explainer.cli and its command parsers, explainer.gui.app, and
    explainer.gui.main_window, which run_app imports, and the panel modules
    MainWindow imports), the 15 costliest by cumulative time with the module
    that imported each, median over ``--import-runs`` (default 3);
  * the model alone, in a fresh process: ``import torch``,
    ``explainer.core.checkpoints.load_model`` (first and second time) with
    its costliest calls (cProfile), and the first and a warm Trace.

Where PYTHONDONTWRITEBYTECODE is set, every process here reads and writes
.pyc files in a temporary PYTHONPYCACHEPREFIX (filled by one uncounted
start-up), as an installed app has its .pyc files.

Goals: cold start (first Trace drawn) <= 2.5 s; RSS <= 400 MB.
Prints plain lines and a summary; not a test (nothing here asserts a time).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "tiny-gpt-nl-en"
GOAL_START_S = 2.5
GOAL_RSS_MB = 400
RUN_TIMEOUT_S = 180.0  # the app gives up on its own after 120 s
DRAWN = "first paint after the first Trace arrived (first Trace drawn)"
SETTLED = "every background job done, then 2 s idle (settled)"

# One start-up, as `explainer --screenshot PNG` runs it, with timestamps. argv: t0 (the parent's
# time.time() just before starting this process), the screenshot path, then more app arguments.
PHASES_CHILD = r"""
import gc, json, os, sys, threading, time
T0 = float(sys.argv[1])
gc_spent, gc_started = [0.0, 0.0, 0.0], {}  # seconds in the garbage collector per generation
def on_gc(phase, info):
    if phase == "start":
        gc_started[threading.get_ident()] = time.perf_counter()
    else:
        gc_spent[info["generation"]] += time.perf_counter() - gc_started.pop(threading.get_ident(), time.perf_counter())
gc.callbacks.append(on_gc)
gc_until_drawn = []
DRAWN = "first paint after the first Trace arrived (first Trace drawn)"  # the parent's DRAWN, SETTLED
SETTLED = "every background job done, then 2 s idle (settled)"
SETTLE = sys.argv[3:4] == ["--settle"]  # no screenshot: wait until no background job ran for 2 s, then quit
if SETTLE:
    del sys.argv[3]
marks, rss = {}, {}
def rss_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0
def mark(name):
    if name not in marks:
        marks[name] = time.time() - T0
        rss[name] = rss_mb()
mark("interpreter up")
import explainer.cli as cli
mark("import explainer.cli")
gc.disable()  # as explainer.cli.main does while the command modules (and torch) are imported
args = cli.build_parser().parse_args(["--screenshot", sys.argv[2]] + sys.argv[3:])
assert cli.argument_problem(args) is None
mark("argument parser built (imports the command modules)")
# main switches it on again for a command; for the window it stays off (run_app's collector takes over)
import explainer.gui.app as appmod
mark("import explainer.gui.app")
import explainer.gui.main_window as mw
mark("import explainer.gui.main_window (run_app imports it)")
import explainer.gui.worker as worker
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow

class Paints(QObject):
    trace_at = None
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Paint:
            mark("first paint of any widget")
            if self.trace_at is not None:
                if DRAWN not in marks:
                    gc_until_drawn.extend(gc_spent)
                mark(DRAWN)
                if not grabbed:
                    marks["last paint before the screenshot"] = time.time() - T0
                    rss["last paint before the screenshot"] = rss_mb()
        return False
paints = Paints()
grabbed = []

make_application = appmod.make_application
def make_application_marked(*a, **k):
    app = make_application(*a, **k)
    mark("QApplication created")
    app.installEventFilter(paints)
    return app
appmod.make_application = make_application_marked

builds = {}  # what building the MainWindow spends: label -> [seconds, RSS growth MB]
def timed(label, fn):
    def wrapper(*a, **k):
        t, m = time.perf_counter(), rss_mb()
        try:
            return fn(*a, **k)
        finally:
            spent = builds.setdefault(label, [0.0, 0.0])
            spent[0] += time.perf_counter() - t
            spent[1] += rss_mb() - m
    return wrapper
for name, label in (("AppState", "AppState"), ("InferenceController", "InferenceController"),
                    ("load_examples", "load_examples"), ("TokenTextEdit", "text box"),
                    ("build_menus", "menus"), ("Explorer", "Explorer"), ("SessionManager", "SessionManager"),
                    ("Presenter", "Presenter")):
    setattr(mw, name, timed(label, getattr(mw, name)))
mw.LessonDock.build = timed("lesson dock", mw.LessonDock.build)
mw.MainWindow.add_panel_dock = timed("docks (add_panel_dock, all panels)", mw.MainWindow.add_panel_dock)
mw.MainWindow._scale_dock_titles = timed("_scale_dock_titles", mw.MainWindow._scale_dock_titles)
mw.MainWindow.restoreGeometry = timed("restoreGeometry", mw.MainWindow.restoreGeometry)
panel_class = mw.panel_class
def panel_class_timed(pid):  # panels are built when first seen (gui/lazy_panels.py): time each one built
    cls = timed(f"import panel module {pid}", panel_class)(pid)
    return timed(f"panel {pid}", cls)
mw.panel_class = panel_class_timed

import explainer.gui.jobs as jobsmod
jobs_log = []  # [owner.tag (lane), started, ended, RSS growth MB] for every background job
submit = jobsmod.Jobs.submit
def submit_logged(self, owner, tag, fn, *a, **k):
    label = f"{type(owner).__name__}.{tag} ({k.get('lane', 'work')} lane)"
    def job(*args):
        started, m = time.time() - T0, rss_mb()
        try:
            return fn(*args)
        finally:
            jobs_log.append([label, started, time.time() - T0, rss_mb() - m])
    return submit(self, owner, tag, job, *a, **k)
jobsmod.Jobs.submit = submit_logged

init = mw.MainWindow.__init__
def init_marked(self, *a, **k):
    mark("language and theme applied; MainWindow construction starts")
    t, m = time.perf_counter(), rss_mb()
    init(self, *a, **k)
    mark("MainWindow built (the panels on screen, menus, docks)")
    builds["MainWindow.__init__ in all"] = [time.perf_counter() - t, rss_mb() - m]
mw.MainWindow.__init__ = init_marked

def show_marked(self):
    QMainWindow.show(self)
    mark("window.show() returned")
mw.MainWindow.show = show_marked

start = mw.MainWindow.start
def start_marked(self, *a, **k):
    def on_trace(trace):
        if trace is not None and trace.n_tokens and paints.trace_at is None:
            mark("first Trace arrived on the GUI thread")
            paints.trace_at = time.time()
    self.state.trace_changed.connect(on_trace)
    self.state.model_changed.connect(lambda _m: mark("model set on the GUI thread"))
    self.state.lens_changed.connect(lambda _t: mark("first logit lens arrived on the GUI thread"))
    start(self, *a, **k)
    mark("window.start() returned (model load queued)")
mw.MainWindow.start = start_marked

def grab_marked(self, *a, **k):
    mark("screenshot taken")
    grabbed.append(True)
    return QMainWindow.grab(self, *a, **k)
mw.MainWindow.grab = grab_marked

load = worker._load
def load_marked(path):
    mark("model load starts (worker thread)")
    answer = load(path)
    mark("model loaded (worker thread)")
    return answer
worker._load = load_marked

compute = worker.InferenceController._compute
def compute_marked(self, *a, **k):
    mark("first Trace computation starts (worker thread)")
    answer = compute(self, *a, **k)
    mark("first Trace computed (worker thread)")
    return answer
worker.InferenceController._compute = compute_marked

def settle_then_quit(app, window, path, timeout_s=120.0):
    from PySide6.QtCore import QTimer
    quiet = [0]
    def check():
        quiet[0] = 0 if paints.trace_at is None or window.state.jobs.pending() else quiet[0] + 1
        if quiet[0] >= 20:
            mark(SETTLED)
            rss["peak RSS until settled (VmHWM)"] = rss_mb_hwm()
            app.exit(0)
        elif time.time() - T0 > timeout_s:
            app.exit(1)
    timer = QTimer(app)
    timer.timeout.connect(check)
    timer.start(100)
def rss_mb_hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0
if SETTLE:
    appmod._screenshot_when_drawn = settle_then_quit

code = appmod.run_app(args)
mark("run_app returned")
print("PHASES " + json.dumps({"marks": marks, "rss": rss, "builds": builds, "jobs": jobs_log,
                              "gc_until_drawn": gc_until_drawn, "code": code}),
      flush=True)
sys.exit(code)
"""

# The model alone. argv: the model path.
MODEL_CHILD = r"""
import cProfile, io, json, pstats, sys, time
def rss_mb(key="VmRSS:"):
    for line in open("/proc/self/status"):
        if line.startswith(key):
            return int(line.split()[1]) / 1024
    return 0.0
out = {"rss_start": rss_mb()}
t = time.perf_counter(); import numpy; out["import_numpy_s"] = time.perf_counter() - t
t = time.perf_counter(); import torch; out["import_torch_s"] = time.perf_counter() - t
out["rss_torch"] = rss_mb()
t = time.perf_counter()
from explainer.core.checkpoints import load_model
from explainer.core.trace import run
out["import_checkpoints_s"] = time.perf_counter() - t
out["rss_imports"] = rss_mb()
profile = cProfile.Profile()
t = time.perf_counter()
profile.enable()
loaded = load_model(sys.argv[1])
loaded.model.eval()
profile.disable()
out["load_s"] = time.perf_counter() - t
out["rss_loaded"] = rss_mb()
t = time.perf_counter(); load_model(sys.argv[1]); out["load_again_s"] = time.perf_counter() - t
text = "De kat zat op de mat en keek naar de vogels in de tuin."
t = time.perf_counter(); trace = run(loaded.model, loaded.tokenizer, text)
out["trace_first_s"] = time.perf_counter() - t
t = time.perf_counter(); run(loaded.model, loaded.tokenizer, text); out["trace_warm_s"] = time.perf_counter() - t
out["tokens"] = trace.n_tokens
out["n_params"] = loaded.n_params
out["rss_end"] = rss_mb()
out["rss_peak"] = rss_mb("VmHWM:")
stats = pstats.Stats(profile, stream=io.StringIO())
rows = []
for (file, line, name), (cc, nc, tt, ct, callers) in stats.stats.items():
    rows.append((ct, tt, f"{file.replace(sys.prefix, '<venv>')}:{line}({name})"))
rows.sort(reverse=True)
out["profile"] = rows[:40]
print("MODEL " + json.dumps(out), flush=True)
"""

IMPORTS = ("import explainer.cli; explainer.cli.build_parser(); import explainer.gui.app; "
           "import explainer.gui.main_window")


def explainer_command() -> list[str]:
    """The installed `explainer` script (next to this Python first), else `python -m explainer`."""
    beside = Path(sys.executable).parent / "explainer"
    if beside.exists():
        return [str(beside)]
    found = shutil.which("explainer")
    return [found] if found else [sys.executable, "-m", "explainer"]


BYTECODE: dict[str, str] = {}  # how children cache bytecode; set by use_bytecode_cache()


def use_bytecode_cache(folder: Path | None) -> None:
    """With ``folder``: children write and read .pyc files there, as an installed app has them.

    Where PYTHONDONTWRITEBYTECODE is set (as in some CI and sandboxes), the
    app's own modules, installed editable, would otherwise be compiled from
    source at every start; a user's installation has their .pyc files.
    """
    BYTECODE.clear()
    if folder is not None:
        BYTECODE.update(PYTHONDONTWRITEBYTECODE="", PYTHONPYCACHEPREFIX=str(folder))


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(BYTECODE)
    if "PYTHONDONTWRITEBYTECODE" in BYTECODE:
        del env["PYTHONDONTWRITEBYTECODE"]
    return env


def clean_env(home: Path) -> dict[str, str]:
    env = child_env()
    env.update(QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
               XDG_DATA_HOME=str(home / ".local" / "share"), XDG_CACHE_HOME=str(home / ".cache"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        Path(env[name]).mkdir(parents=True, exist_ok=True)
    return env


def proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM of ``pid`` in MB; empty once the process is gone."""
    found = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    found[line[:5]] = int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        return {}
    return found


def start_once(size: str | None) -> dict:
    """One `explainer --screenshot` from outside: times from the start, RSS by polling /proc."""
    with tempfile.TemporaryDirectory(prefix="explainer-startup-") as tmp:
        home = Path(tmp)
        shot = home / "shot.png"
        cmd = explainer_command() + ["--screenshot", str(shot)] + (["--size", size] if size else [])
        env = clean_env(home)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        shot_s = exit_s = None
        hwm = rss_at_shot = 0.0
        rusage = None
        status = 0
        while True:
            done_pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            now = time.perf_counter() - t0
            if done_pid:
                exit_s = now
                break
            st = proc_status(proc.pid)
            hwm = max(hwm, st.get("VmHWM", 0.0))
            if shot_s is None and shot.exists():
                shot_s = now
                rss_at_shot = st.get("VmRSS", 0.0)
            if now > RUN_TIMEOUT_S:
                proc.kill()
            time.sleep(0.005)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if shot_s is None and shot.exists():  # written in the last poll interval before the exit
            shot_s = exit_s
        errors = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        return {"shot_s": shot_s, "exit_s": exit_s, "code": proc.returncode, "hwm_mb": hwm,
                "maxrss_mb": rusage.ru_maxrss / 1024 if rusage else 0.0, "rss_shot_mb": rss_at_shot,
                "stderr": errors}


def phases_once(size: str | None, settle: bool = False) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="explainer-startup-") as tmp:
        home = Path(tmp)
        extra = (["--settle"] if settle else []) + (["--size", size] if size else [])
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", PHASES_CHILD, repr(t0), str(home / "shot.png"), *extra],
                             env=clean_env(home), cwd=tmp, capture_output=True, text=True,
                             timeout=RUN_TIMEOUT_S, check=False)
        exit_s = time.time() - t0
    for line in out.stdout.splitlines():
        if line.startswith("PHASES "):
            found = json.loads(line[len("PHASES "):])
            found["marks"]["process exited"] = exit_s
            return found
    print(f"  phases run failed (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return None


def import_times(runs: int) -> tuple[list[tuple[float, float, str, str]], float]:
    """(cumulative ms, self ms, module, imported by) per module, medians over ``runs``; and the total ms."""
    per_module: dict[str, list[tuple[float, float, str]]] = {}
    totals = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", IMPORTS], cwd=ROOT, env=child_env(),
                             capture_output=True, text=True, check=False)
        if out.returncode:
            raise SystemExit(f"python -X importtime failed:\n{out.stderr[-2000:]}")
        entries = []  # (depth, name, self us, cumulative us) in the order printed: children before parents
        for line in out.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                entries.append((len(m.group(3)) // 2, m.group(4), int(m.group(1)), int(m.group(2))))
        parent: dict[int, str] = {}
        pending: list[int] = []
        for i, (depth, name, _s, _c) in enumerate(entries):
            while pending and entries[pending[-1]][0] > depth:
                parent[pending.pop()] = name
            pending.append(i)
        totals.append(sum(c for d, _n, _s, c in entries if d == 0) / 1000)
        for i, (depth, name, self_us, cum_us) in enumerate(entries):
            per_module.setdefault(name, []).append((cum_us / 1000, self_us / 1000, parent.get(i, "-")))
    rows = []
    for name, seen in per_module.items():
        rows.append((statistics.median(c for c, _s, _p in seen), statistics.median(s for _c, s, _p in seen),
                     name, seen[0][2]))
    rows.sort(reverse=True)
    return rows, statistics.median(totals)


def interpreter_s(runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=child_env(), check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def model_alone() -> dict:
    out = subprocess.run([sys.executable, "-c", MODEL_CHILD, str(MODEL)], cwd=ROOT, env=child_env(),
                         capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("MODEL "):
            return json.loads(line[len("MODEL "):])
    raise SystemExit(f"measuring the model failed:\n{out.stderr[-2000:]}")


def first_and_rest(values: list[float], unit: str, fmt: str = "{:.2f}") -> str:
    text = f"first {fmt.format(values[0])} {unit}"
    if len(values) > 1:
        rest = values[1:]
        text += (f", median of the other {len(rest)} {fmt.format(statistics.median(rest))} {unit}"
                 f" (range {fmt.format(min(rest))}-{fmt.format(max(rest))})")
    return text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups from outside, and with phases (default 5)")
    parser.add_argument("--size", metavar="WxH", help="window size passed to explainer --size (default: the app's)")
    parser.add_argument("--import-runs", type=int, default=3, help="python -X importtime runs (default 3)")
    args = parser.parse_args()
    if args.runs < 1 or args.import_runs < 1:
        parser.error("--runs and --import-runs must be at least 1")

    with tempfile.TemporaryDirectory(prefix="explainer-startup-pyc-") as pyc:
        return measure(args, Path(pyc))


def measure(args: argparse.Namespace, pyc: Path) -> int:
    import PySide6
    print(f"python {platform.python_version()}, PySide6 {PySide6.__version__}, {os.cpu_count()} CPUs visible,"
          f" load average {os.getloadavg()[0]:.2f}")
    print(f"command: {' '.join(explainer_command())} --screenshot PNG"
          + (f" --size {args.size}" if args.size else "") + "   (QT_QPA_PLATFORM=offscreen, fresh HOME per run)")
    on_disk = sum(f.stat().st_size for f in MODEL.rglob("*") if f.is_file()) / 2**20
    print(f"default model: {MODEL.relative_to(ROOT)} ({on_disk:.1f} MB on disk, timeline included)")
    no_pyc = bool(sys.flags.dont_write_bytecode or os.environ.get("PYTHONDONTWRITEBYTECODE"))
    if no_pyc:
        print("bytecode: PYTHONDONTWRITEBYTECODE is set here; every process below caches .pyc files in a temporary"
              " PYTHONPYCACHEPREFIX, filled by one start-up first that is not counted (an installed app has them)")
        use_bytecode_cache(pyc)
        start_once(args.size)
    print(f"python -c pass: {interpreter_s(5) * 1000:.0f} ms (interpreter start, median of 5)")

    summary = []  # (what, figure, goal)
    print(f"\ncold start from outside, {args.runs} run(s)")
    runs = []
    for i in range(args.runs):
        r = start_once(args.size)
        ok = r["code"] == 0 and r["shot_s"] is not None
        print(f"  run {i + 1}: screenshot written {r['shot_s'] or float('nan'):.2f} s, exited {r['exit_s']:.2f} s,"
              f" peak RSS {r['hwm_mb']:.0f} MB, RSS at screenshot {r['rss_shot_mb']:.0f} MB"
              + ("" if ok else f"  FAILED (exit {r['code']}): {r['stderr'].strip()[-300:]}"))
        if ok:
            runs.append(r)
    if runs:
        print(f"  screenshot written   {first_and_rest([r['shot_s'] for r in runs], 's')}"
              f"   (400 ms after the first Trace arrived)")
        print(f"  process exited       {first_and_rest([r['exit_s'] for r in runs], 's')}")
        print(f"  peak RSS (VmHWM)     {first_and_rest([r['hwm_mb'] for r in runs], 'MB', '{:.0f}')}"
              f"   (goal <= {GOAL_RSS_MB} MB)")
        later = runs[1:] or runs
        summary.append(("screenshot written (outside)", f"{statistics.median(r['shot_s'] for r in later):.2f} s", ""))
        summary.append(("peak RSS to exit (outside)", f"{statistics.median(r['hwm_mb'] for r in later):.0f} MB",
                        f"<= {GOAL_RSS_MB} MB"))
        print(f"  peak RSS (wait4)     {first_and_rest([r['maxrss_mb'] for r in runs], 'MB', '{:.0f}')}")
        print(f"  RSS at screenshot    {first_and_rest([r['rss_shot_mb'] for r in runs], 'MB', '{:.0f}')}"
              f"   (window idle, background jobs may still run; goal <= {GOAL_RSS_MB} MB)")

    print(f"\nphases inside the start-up (python -c with the app's own code, wrapped), {args.runs} run(s);"
          " seconds from process start, RSS then")
    phase_runs = [p for p in (phases_once(args.size) for _ in range(args.runs)) if p]
    if phase_runs:
        names = sorted({n for p in phase_runs for n in p["marks"]},
                       key=lambda n: statistics.median(p["marks"][n] for p in phase_runs if n in p["marks"]))
        print(f"  {'first':>6} {'median':>7} {'RSS MB':>7}  (median of the runs after the first)")
        for name in names:
            seen = [p["marks"].get(name) for p in phase_runs]
            rest = [s for s in seen[1:] if s is not None]
            mem = [p["rss"][name] for p in phase_runs[1:] or phase_runs if name in p.get("rss", {})]
            first = f"{seen[0]:6.2f}" if seen[0] is not None else "     -"
            median = f"{statistics.median(rest):7.2f}" if rest else "      -"
            print(f"  {first} {median} {statistics.median(mem) if mem else float('nan'):7.0f}  {name}")
        drawn = [p["marks"].get(DRAWN) for p in phase_runs]
        drawn = [d for d in drawn if d is not None]
        if drawn:
            print(f"  first Trace drawn    {first_and_rest(drawn, 's')}   (goal <= {GOAL_START_S} s)")
            gc_s = [sum(p["gc_until_drawn"]) for p in phase_runs if p["gc_until_drawn"]]
            full_s = [p["gc_until_drawn"][2] for p in phase_runs if p["gc_until_drawn"]]
            if gc_s:
                print(f"  in the garbage collector until then {first_and_rest(gc_s, 's')}"
                      f"; full (generation 2) collections: {first_and_rest(full_s, 's')}")
            summary.insert(0, ("cold start: first Trace drawn", f"{statistics.median(drawn[1:] or drawn):.2f} s",
                               f"<= {GOAL_START_S} s"))
        print("  building the MainWindow, median ms and RSS growth MB (runs after the first):")
        later = phase_runs[1:] or phase_runs
        spent = {n: [p["builds"][n] for p in later if n in p["builds"]] for p in later for n in p["builds"]}
        for label, seen in sorted(spent.items(), key=lambda item: -statistics.median(s for s, _m in item[1])):
            ms, mb = statistics.median(s for s, _m in seen) * 1000, statistics.median(m for _s, m in seen)
            print(f"  {ms:7.0f} ms {mb:5.0f} MB  {label}")
        print("  background jobs started before the screenshot (run 2, or the only run): start-end s, RSS growth MB")
        shot_at = (phase_runs[1:] or phase_runs)[0]["marks"].get("screenshot taken", float("inf"))
        for label, started, ended, grown in sorted((phase_runs[1:] or phase_runs)[0]["jobs"], key=lambda j: j[1]):
            if started < shot_at:
                print(f"  {started:6.2f}-{ended:5.2f} {grown:5.0f} MB  {label}")
        settled = phases_once(args.size, settle=True)
        if settled:
            at = settled["marks"].get(SETTLED)
            print(f"  settled (one more start-up, no screenshot; quits once no background job ran for 2 s):"
                  f" at {at or float('nan'):.2f} s RSS {settled['rss'].get(SETTLED, float('nan')):.0f} MB,"
                  f" peak {settled['rss'].get('peak RSS until settled (VmHWM)', float('nan')):.0f} MB"
                  f"   (goal <= {GOAL_RSS_MB} MB)")
            per_label: dict[str, tuple[int, float, float]] = {}
            for label, started, ended, grown in settled["jobs"]:
                n, total_s, mb = per_label.get(label, (0, 0.0, 0.0))
                per_label[label] = (n + 1, total_s + ended - started, mb + grown)
            summary.append(("settled RSS (every background job done)",
                            f"{settled['rss'].get(SETTLED, float('nan')):.0f} MB", f"<= {GOAL_RSS_MB} MB"))
            print("  background jobs until settled: count, total s, total RSS growth MB")
            for label, (n, total_s, mb) in sorted(per_label.items(), key=lambda item: -item[1][2]):
                print(f"  {n:3d} {total_s:6.2f} s {mb:5.0f} MB  {label}")

    print(f"\nimports at start-up (python -X importtime, median of {args.import_runs}): {IMPORTS}")
    rows, total = import_times(args.import_runs)
    print(f"  all imports: {total:.0f} ms")
    if no_pyc:
        use_bytecode_cache(None)
        print(f"  all imports without .pyc files (as this environment runs them): "
              f"{import_times(args.import_runs)[1]:.0f} ms")
        use_bytecode_cache(pyc)
    print(f"  {'cum ms':>7} {'self ms':>7}  module  <- imported by")
    for cum, own, name, parent in rows[:15]:
        print(f"  {cum:7.0f} {own:7.0f}  {name}  <- {parent}")
    print("  largest own (self) times:")
    for cum, own, name, parent in sorted(rows, key=lambda r: r[1], reverse=True)[:8]:
        print(f"  {cum:7.0f} {own:7.0f}  {name}  <- {parent}")

    print("\nthe model alone, in a fresh process")
    m = model_alone()
    print(f"  import numpy {m['import_numpy_s'] * 1000:.0f} ms, import torch {m['import_torch_s'] * 1000:.0f} ms,"
          f" then explainer.core.checkpoints + trace {m['import_checkpoints_s'] * 1000:.0f} ms"
          f"  (RSS {m['rss_start']:.0f} -> {m['rss_torch']:.0f} -> {m['rss_imports']:.0f} MB)")
    print(f"  load_model, first  {m['load_s'] * 1000:.0f} ms  ({m['n_params'] / 1e6:.1f}M parameters;"
          f" RSS {m['rss_loaded']:.0f} MB)")
    print(f"  load_model, again  {m['load_again_s'] * 1000:.0f} ms")
    print(f"  Trace of {m['tokens']} tokens, first {m['trace_first_s'] * 1000:.0f} ms, warm"
          f" {m['trace_warm_s'] * 1000:.0f} ms   (peak RSS {m['rss_peak']:.0f} MB)")
    print("  costliest calls inside the first load_model (cProfile, cumulative ms; profiling adds overhead):")
    shown = 0
    for cum, own, where in m["profile"]:
        if "{built-in method builtins.exec}" in where or where.startswith("~:0(<method 'enable'"):
            continue
        print(f"  {cum * 1000:7.0f}  {where}")
        shown += 1
        if shown == 12:
            break

    print("\nsummary (medians of the runs after the first)")
    for what, figure, goal in summary:
        print(f"  {what:42s} {figure:>9s}" + (f"   goal {goal}" if goal else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
