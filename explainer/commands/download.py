"""``explainer download [REPO_ID] [--revision R] [--force]``: fetch a model from the Hugging Face Hub.

Without REPO_ID the suggested models are listed. The download runs in a
thread while this one draws a progress line (bytes, speed, time left) and
waits for Ctrl-C, which stops it cleanly: what arrived is kept, and the same
command continues from there. The model lands in the Hugging Face cache
(HF_HUB_CACHE or HF_HOME), where the window and ``explainer models`` find it,
and opens offline from then on.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time

EXIT_OK, EXIT_FAILED = 0, 1


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("repo_id", nargs="?", metavar="REPO_ID",
                   help="a model on huggingface.co, like HuggingFaceTB/SmolLM2-135M; without it, the suggested "
                        "models are listed")
    p.add_argument("--revision", metavar="R", help="a branch, tag or commit (default: main)")
    p.add_argument("--force", action="store_true",
                   help="check every file already in the cache against the Hub's hashes and fetch again what "
                        "is missing or damaged")


def eta_text(seconds: float | None) -> str:
    """Time left in words for the progress line: "about 40 s left", "about 3 min left"."""
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"about {seconds} s left"
    if seconds < 3600:
        return f"about {round(seconds / 60)} min left"
    return f"about {seconds // 3600} h {round(seconds % 3600 / 60)} min left"


class ProgressLine:
    """One line on stderr, redrawn in place on a terminal; elsewhere (a log, a pipe) a line every few seconds."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self._width = 0
        self._last = 0.0

    def show(self, p) -> None:
        from explainer.core.hub import bytes_text

        now = time.monotonic()
        if not p.finished and now - self._last < (0.2 if self.live else 5.0):
            return
        self._last = now
        share = f"{100 * p.done_bytes / p.total_bytes:3.0f} %" if p.total_bytes else ""
        speed = f"{bytes_text(int(p.bytes_per_s))}/s" if p.bytes_per_s else ""
        parts = [f"{bytes_text(p.done_bytes)} of {bytes_text(p.total_bytes)}", share, speed, eta_text(p.eta_s),
                 p.file]
        text = "  ".join(part for part in parts if part)
        if self.live:
            self.stream.write("\r" + text.ljust(self._width))
            self._width = len(text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.live and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0


def print_suggestions() -> None:
    from explainer.commands.models import human_count, table
    from explainer.core.hub.catalog import CURATED, approx_size

    rows = [["model", "parameters", "download", "languages", "licence"]]
    for m in CURATED:
        notes = [s for s, on in (("gated: accept the licence on huggingface.co first", m.gated),
                                 ("masked words", m.masked)) if on]
        rows.append([m.repo_id, human_count(m.n_params), approx_size(m.approx_bytes),
                     ",".join(m.languages), m.licence + (f" ({'; '.join(notes)})" if notes else "")])
    print(table(rows))
    print("\nexplainer download REPO_ID fetches one of these, or any other model on huggingface.co")


def hint(error, repo_id: str) -> str:
    """What to type next, after the core's message."""
    if error.kind == "damaged":
        return f" (run `explainer download {repo_id} --force` to fetch it again)"
    if error.resumable:
        return " (run the same command again)"
    return ""


def run(args: argparse.Namespace) -> int:
    from explainer.core import hub

    if not args.repo_id:
        print_suggestions()
        return EXIT_OK
    line = ProgressLine()
    cancel, finished = threading.Event(), threading.Event()
    outcome: dict = {}

    def work() -> None:
        try:
            plan = hub.plan_download(args.repo_id, args.revision)
            print(f"{plan.repo_id} at {plan.revision} (commit {plan.commit[:8]}): {len(plan.files)} files, "
                  f"{hub.bytes_text(plan.total_bytes)}", flush=True)
            outcome["folder"] = hub.download(plan, progress=line.show, cancel=cancel, force=args.force)
        except hub.HubError as exc:
            outcome["error"] = f"{exc.message}{hint(exc, args.repo_id.strip())}"
        except Exception as exc:  # a defect, not a download problem: still one line, and a failed exit
            outcome["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            finished.set()

    worker = threading.Thread(target=work, name="download", daemon=True)
    worker.start()
    while not finished.is_set():
        try:  # waiting on an Event, not join(): a Ctrl-C inside join() can make the thread look finished
            finished.wait(0.2)
        except KeyboardInterrupt:  # Ctrl-C: stop at the next network read, keeping what arrived
            if not cancel.is_set():
                line.end()
                print("stopping…", file=sys.stderr, flush=True)
            cancel.set()
    line.end()
    if "error" in outcome:
        print(f"error: {outcome['error']}", file=sys.stderr)
        return EXIT_FAILED
    folder = outcome["folder"]
    print(f"downloaded to {folder}")
    print(f"it is listed by `explainer models` and in the window; open it with: explainer --model {folder}")
    return EXIT_OK
