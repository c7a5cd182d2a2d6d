"""How fast and how cheaply the loaders refuse hostile and broken files.

    python benchmarks/hostile_files.py [--memory-gb 3.4] [--timeout 120]

Builds the worst cases of ``tests/core/test_hostile_files.py`` (``WORST_CASES``:
a 6 KB meta.pkl that is 10^9 nodes as a tree, a 15 MB GGUF with one 15 M-element
metadata array, headers declaring terabytes, a 64 MB data.pkl, shard indexes
reaching out of their folder, JSON nested 100,000 deep, ...) in a temporary
folder and opens each in a fresh interpreter that may map ``--memory-gb`` of
address space beyond what its imports hold (a CUDA build of torch holds
several GB after import, a CPU build about 0.6). Prints, per case: the
outcome, the time from calling load_model to its answer, and the peak RSS of
the process (VmHWM) next to its peak after the imports alone. Goal: every case answers in well under 10 s,
using no more than a few hundred MB above the imports. A case that opens pays
for the first load's lazy imports (tokenizers, the model code: ~2 s on a busy
machine); parsing the GGUF header with its 15 M-element array takes under 1 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "core"))
sys.path.insert(0, str(ROOT))

import test_hostile_files as cases  # noqa: E402  (the builders live beside the tests that use them)


def open_in_child(path: Path, memory: int, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               OMP_NUM_THREADS="1", EXPLAINER_DEVICE="cpu")
    try:
        proc = subprocess.run([sys.executable, "-c", cases.DRIVER, str(memory), str(path)], capture_output=True,
                              text=True, timeout=timeout, env=env, cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        return {"outcome": f"HUNG (killed after {timeout:.0f} s)", "load_s": float("nan"), "peak_mb": 0, "base_mb": 0}
    if proc.returncode != 0 or not proc.stdout.strip():
        last = (proc.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"CRASHED (exit {proc.returncode}: {last[:80]})", "load_s": float("nan"),
                "peak_mb": 0, "base_mb": 0}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory-gb", type=float, default=3.4,
                        help="address space each child may add after its imports (default 3.4 GB)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a child counts as hung")
    args = parser.parse_args()
    memory = int(args.memory_gb * 1024 ** 3)
    rows, failures = [], 0
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        for i, (name, (build, expected)) in enumerate(cases.WORST_CASES.items()):
            path = build(Path(tmp) / f"case{i}")
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() \
                else path.stat().st_size
            result = open_in_child(path, memory, args.timeout)
            outcome = result["outcome"]
            ok = outcome.startswith("LOADED") if expected is None else \
                outcome.startswith("REFUSED") and expected in outcome
            failures += not ok
            verdict = "loaded" if outcome.startswith("LOADED") else "refused" if outcome.startswith("REFUSED") \
                else outcome
            rows.append((name, f"{size / 1e6:.2f}", verdict + ("" if ok else " (UNEXPECTED)"),
                         f"{result['load_s']:.3f}", f"{result['peak_mb']}", f"{result['base_mb']}"))
            if outcome.startswith("REFUSED"):
                print(f"  {name}: {outcome.split(': ', 1)[-1][:150]}", file=sys.stderr)
    header = ("case", "file MB", "outcome", "answer s", "peak RSS MB", "after imports MB")
    widths = [max(len(str(r[c])) for r in rows + [header]) for c in range(len(header))]
    line = "  ".join(h.ljust(w) if c in (0, 2) else h.rjust(w) for c, (h, w) in enumerate(zip(header, widths)))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(v).ljust(w) if c in (0, 2) else str(v).rjust(w) for c, (v, w) in enumerate(zip(r, widths))))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nlargest child peak (RUSAGE_CHILDREN): {children:.0f} MB; "
          f"each child may add {args.memory_gb:g} GB of address space after its imports")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
