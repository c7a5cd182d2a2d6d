"""How fast ``explainer.core.hub`` downloads, next to huggingface_hub's own and a plain urllib fetch.

    python benchmarks/download.py [--mb 48] [--rounds 5]

Serves a model of ``--mb`` MB (a safetensors header over random bytes, with a
config.json and a tokenizer.json) from the local Hub of the tests
(``tests/hub/hub_server.py``, in a thread of this process), then, round after
round, fetches the same files three ways into fresh folders:

- ours: ``plan_download`` (one listing call, timed apart) and ``download``
  (the Range-ready partial file, the SHA-256 and git hashes, the cache's links);
- ``hf_hub_download`` for each file (a HEAD and a GET each, its own cache);
- urllib, 1 MB reads into a plain folder (no listing, no hash, no cache).

The order rotates from round to round. Prints MB/s per round and the medians,
and ours / urllib: what the downloader's care costs on a line far faster than
any real one (a real line, at 10 to 100 MB/s, hides all of it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import struct
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.core import hub  # noqa: E402
from tests.hub.hub_server import HubServer  # noqa: E402  (the Hub stand-in lives beside the tests that use it)

REPO = "bench/random-model"


def model_files(mb: int) -> dict[str, bytes]:
    """A safetensors file of ``mb`` MB of random float16 numbers, with the config and tokenizer beside it."""
    n = mb * 2**20 // 2
    header = json.dumps({"w": {"dtype": "F16", "shape": [n], "data_offsets": [0, 2 * n]}}).encode()
    weights = struct.pack("<Q", len(header)) + header + os.urandom(2 * n)
    config = json.dumps({"model_type": "gpt2", "vocab_size": 320, "n_layer": 1}).encode()
    return {"model.safetensors": weights, "config.json": config, "tokenizer.json": b'{"model": {}}'}


def ours(work: Path) -> tuple[float, float]:
    """Seconds for plan_download, and for download into a fresh cache."""
    os.environ["HF_HUB_CACHE"] = str(work / "cache")
    began = time.perf_counter()
    plan = hub.plan_download(REPO)
    planned = time.perf_counter()
    hub.download(plan)
    return planned - began, time.perf_counter() - planned


def library(server: HubServer, names: list[str], work: Path) -> float:
    """Seconds for huggingface_hub's hf_hub_download to fetch the same files into its own cache."""
    from huggingface_hub import hf_hub_download

    began = time.perf_counter()
    for name in names:
        hf_hub_download(REPO, name, cache_dir=work / "hf", endpoint=server.url)
    return time.perf_counter() - began


def plain(server: HubServer, names: list[str], work: Path) -> float:
    """Seconds for urllib to fetch the same files, 1 MB at a time, into a folder."""
    commit = server.repos[REPO].commit
    (work / "plain").mkdir(parents=True)
    began = time.perf_counter()
    for name in names:
        with urllib.request.urlopen(f"{server.url}/{REPO}/resolve/{commit}/{name}") as response, \
                open(work / "plain" / name, "wb") as out:
            while chunk := response.read(2**20):
                out.write(chunk)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=48, help="size of the weights file in MB")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    files = model_files(args.mb)
    total_mb = sum(len(d) for d in files.values()) / 2**20
    with HubServer() as server:
        server.add(REPO, files)
        os.environ["HF_ENDPOINT"] = server.url
        names = [f.name for f in hub.plan_download(REPO).files]
        print(f"{total_mb:.1f} MB in {len(names)} files from {server.url}, {args.rounds} rounds")
        print(f"{'round':>6}  {'ours MB/s':>9}  {'listing ms':>10}  {'hf_hub_download MB/s':>20}  "
              f"{'urllib MB/s':>11}  {'ours / urllib':>13}")
        ways = ("ours", "library", "urllib")
        speeds: dict[str, list[float]] = {way: [] for way in ways}
        listing: list[float] = []
        for r in range(args.rounds):
            work = Path(tempfile.mkdtemp(prefix="download-bench-"))
            try:
                for which in ways[r % 3:] + ways[:r % 3]:
                    if which == "ours":
                        planned, seconds = ours(work)
                        listing.append(planned * 1000)
                    else:
                        seconds = (library if which == "library" else plain)(server, names, work)
                    speeds[which].append(total_mb / seconds)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            a, h, b = speeds["ours"][-1], speeds["library"][-1], speeds["urllib"][-1]
            print(f"{r + 1:>6}  {a:>9.1f}  {listing[-1]:>10.0f}  {h:>20.1f}  {b:>11.1f}  {a / b:>13.2f}")
        a, h, b = (statistics.median(speeds[way]) for way in ways)
        print(f"{'median':>6}  {a:>9.1f}  {statistics.median(listing):>10.0f}  {h:>20.1f}  {b:>11.1f}  "
              f"{a / b:>13.2f}")


if __name__ == "__main__":
    main()
