"""Downloading from a Hub: the real huggingface_hub client against a local server that answers as the Hub does.

Each test runs ``explainer.core.hub`` end to end: the server (``hub_server``)
serves a tiny GPT-2 that transformers saved, beside files a download must
leave alone (.bin, .h5, .onnx, .gguf), and records every request, so the
tests see what was asked for (a Range header, nothing twice) as well as what
landed in the cache and whether the app then opens and lists it, offline.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time

import pytest

from explainer.core import hub
from explainer.core.checkpoints import CheckpointError, load_model, registry
from explainer.core.checkpoints.hf_cache import SOURCE, cached_snapshots, snapshot_problem
from explainer.core.hub.errors import talking_to_hub, http_library
from explainer.core.hub.progress import Meter
from explainer.core.trace import run
from tests.hub.conftest import NOT_WANTED, REPO, SHARDED

WANTED = ["model.safetensors", "tokenizer.json", "generation_config.json", "config.json"]


def fetch(repo=REPO, revision=None, **options):
    return hub.download(hub.plan_download(repo, revision), **options)


def problem(call, *args, **kwargs) -> hub.HubError:
    with pytest.raises(hub.HubError) as info:
        call(*args, **kwargs)
    assert "\n" not in info.value.message
    return info.value


def wait_for(condition, timeout_s: float = 30.0) -> None:
    end = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


def partial_of(server, data: bytes):
    blobs = server.cache / "models--tiny-org--tiny-gpt2" / "blobs"
    return blobs / f"{hashlib.sha256(data).hexdigest()}.incomplete"


# -- a download that works ---------------------------------------------------------------------

def test_fetches_only_what_the_app_needs_and_the_model_opens_offline(server, tiny_files):
    plan = hub.plan_download(REPO)
    assert [f.name for f in plan.files] == WANTED  # config.json last: a snapshot with one is complete
    assert set(NOT_WANTED) <= set(plan.left_out)
    assert plan.total_bytes == sum(len(tiny_files[n]) for n in WANTED)
    reports = []
    folder = hub.download(plan, progress=reports.append)

    asked = [r.path for r in server.requests if "/resolve/" in r.path]
    assert sorted(p.rsplit("/", 1)[-1] for p in asked) == sorted(WANTED)  # once each, nothing else
    for name in WANTED:
        assert (folder / name).read_bytes() == tiny_files[name]
        assert (folder / name).is_symlink()  # the cache's own layout: snapshot links into blobs/
    assert (folder.parent.parent / "refs" / "main").read_text() == plan.commit
    from huggingface_hub import try_to_load_from_cache  # huggingface_hub finds what we stored

    assert try_to_load_from_cache(REPO, "config.json", cache_dir=server.cache) == str(folder / "config.json")
    done = [r.done_bytes for r in reports]
    assert done == sorted(done) and reports[-1].finished and done[-1] == plan.total_bytes

    listed = [e for e in registry.find_models() if e.source == SOURCE]
    assert [(e.name, e.path, e.problem, e.format) for e in listed] == [(REPO, folder, "", "huggingface")]
    before = len(server.requests)
    os.environ["HF_HUB_OFFLINE"] = "1"  # removed again by the fixture's monkeypatch
    loaded = load_model(folder, device="cpu")
    assert len(server.requests) == before  # opening never asks the Hub
    assert loaded.name == REPO and run(loaded.model, loaded.tokenizer, "de kat zat").n_tokens > 3


def test_a_second_download_fetches_nothing(server):
    first = fetch()
    count = len(server.gets("model.safetensors"))
    assert fetch() == first
    assert len(server.gets("model.safetensors")) == count and len(server.gets("config.json")) == 1


def test_a_sharded_model_comes_with_its_shards(server, sharded_files):
    plan = hub.plan_download(SHARDED)
    shards = sorted(n for n in sharded_files if n.endswith(".safetensors"))
    assert len(shards) > 1
    assert [f.name for f in plan.files][: len(shards) + 1] == shards + ["model.safetensors.index.json"]
    folder = hub.download(plan)
    assert snapshot_problem(folder) == ""
    assert load_model(folder, device="cpu").cfg.family == "llama"


def test_a_revision_by_branch_and_by_commit(server):
    commit = server.repos[REPO].commit
    folder = fetch(revision=commit)
    assert folder.name == commit
    assert not (folder.parent.parent / "refs" / commit).exists()  # a commit is no branch


# -- cancel and resume -------------------------------------------------------------------------

def test_cancel_keeps_the_partial_file_and_the_next_download_resumes_with_a_range(server, tiny_files):
    data = tiny_files["model.safetensors"]
    reached, release = server.hold("model.safetensors", 60_000)
    cancel = threading.Event()
    outcome = {}

    def work():
        try:
            fetch(cancel=cancel)
        except hub.HubError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=work)
    worker.start()
    assert reached.wait(30)
    wait_for(lambda: (partial_of(server, data).stat().st_size if partial_of(server, data).exists() else 0) >= 60_000)
    cancel.set()
    release.set()
    worker.join(30)
    error = outcome["error"]
    assert isinstance(error, hub.DownloadCancelled) and error.resumable
    assert error.message.startswith("the download was stopped after ")
    kept = partial_of(server, data).stat().st_size
    assert 60_000 <= kept < len(data)
    assert cached_snapshots(server.cache) == []  # no config.json yet: not listed as a model

    server.served.clear()
    folder = fetch()
    again = server.gets("model.safetensors")[-1]
    assert again.headers["range"] == f"bytes={kept}-"
    assert server.served["model.safetensors"] == len(data) - kept
    assert (folder / "model.safetensors").read_bytes() == data
    assert not partial_of(server, data).exists()


def test_a_dropped_connection_says_it_can_be_resumed_and_it_is(server, tiny_files):
    data = tiny_files["model.safetensors"]
    server.drop("model.safetensors", 50_000)
    error = problem(fetch)
    assert error.kind == "dropped" and error.resumable
    assert error.message.startswith("the connection was lost during model.safetensors after ")
    assert error.message.endswith("what arrived is kept, so downloading again continues from there")
    assert partial_of(server, data).stat().st_size == 50_000
    server.served.clear()
    folder = fetch()
    assert server.gets("model.safetensors")[-1].headers["range"] == "bytes=50000-"
    assert server.served["model.safetensors"] == len(data) - 50_000
    assert (folder / "model.safetensors").read_bytes() == data


def test_a_server_that_ignores_the_range_sends_the_whole_file_and_it_still_comes_out_whole(server, tiny_files):
    data = tiny_files["model.safetensors"]
    server.drop("model.safetensors", 30_000)
    problem(fetch)
    server.ignore_range = True
    folder = fetch()
    assert (folder / "model.safetensors").read_bytes() == data


def test_bytes_that_do_not_match_the_listing_are_thrown_away(server, tiny_files):
    plan = hub.plan_download(REPO)
    data = bytearray(tiny_files["model.safetensors"])
    data[-1] ^= 0xFF  # the file changed on the server after the listing
    server.repos[REPO].files["model.safetensors"] = bytes(data)
    error = problem(hub.download, plan)
    assert error.kind == "bad_transfer"
    assert error.message == ("model.safetensors arrived damaged (its checksum differs from the Hub's); it was "
                             "removed, so downloading again fetches it anew")
    assert not partial_of(server, tiny_files["model.safetensors"]).exists()


# -- what goes wrong before the first byte ------------------------------------------------------

def test_a_missing_model_and_a_missing_revision(server):
    host = server.url.removeprefix("http://")
    error = problem(hub.plan_download, "nobody/nothing")
    assert error.kind == "not_found"
    assert error.message == (f"there is no model nobody/nothing on {host}; check the name (a private model also "
                             "needs a token: `hf auth login` or HF_TOKEN)")
    error = problem(hub.plan_download, REPO, "v9")
    assert error.kind == "revision"
    assert error.message == (f"{REPO} has no revision 'v9' (a branch, tag or commit); leave the revision empty "
                             "for the newest version")


def test_a_gated_model_asks_for_the_licence_and_a_token(server, tiny_files, monkeypatch):
    server.add("gated-org/tiny", tiny_files, gated=True, tokens={"hf_good"})
    error = problem(hub.plan_download, "gated-org/tiny")
    assert error.kind == "gated"
    assert error.message == (f"gated-org/tiny is gated: accept its licence on {server.url}/gated-org/tiny while "
                             "logged in, then give a token with `hf auth login` or the HF_TOKEN environment variable")
    monkeypatch.setenv("HF_TOKEN", "hf_not_accepted")
    error = problem(hub.plan_download, "gated-org/tiny")
    assert error.message.startswith("gated-org/tiny is gated and this token has no access to it yet: accept its "
                                    f"licence on {server.url}/gated-org/tiny while logged in with the same account")
    assert not server.gets("model.safetensors")
    monkeypatch.setenv("HF_TOKEN", "hf_good")
    folder = fetch("gated-org/tiny")
    assert (folder / "model.safetensors").read_bytes() == tiny_files["model.safetensors"]


def test_a_repository_without_safetensors_or_without_a_config(server, tiny_files):
    server.add("old/bin-only", {"config.json": tiny_files["config.json"], "pytorch_model.bin": b"x" * 10,
                             "tf_model.h5": b"y"})
    error = problem(hub.plan_download, "old/bin-only")
    assert error.kind == "no_safetensors"
    assert error.message == ("this app needs safetensors weights, and old/bin-only has none (its files: "
                             "config.json, pytorch_model.bin, tf_model.h5)")
    server.add("data/not-a-model", {f"part-{i}.parquet": b"z" for i in range(14)})
    error = problem(hub.plan_download, "data/not-a-model")
    assert error.kind == "not_a_model"
    assert error.message.endswith("(its files: part-0.parquet, part-1.parquet, part-10.parquet, part-11.parquet, "
                                  "part-12.parquet, part-13.parquet, part-2.parquet, part-3.parquet, part-4.parquet, "
                                  "part-5.parquet, part-6.parquet, part-7.parquet and 2 more)")


def test_not_enough_disk_space_is_said_before_anything_is_fetched(server):
    plan = hub.plan_download(REPO)
    error = problem(hub.download, plan, free_bytes=lambda _path: 5 * 2**20)
    assert error.kind == "disk"
    assert error.message == (f"not enough free disk space in {server.cache}: the download needs 16.2 MB, but only "
                             "5.0 MB is free; free up space, or set HF_HUB_CACHE to a folder on a larger disk")
    assert not any("/resolve/" in p for p in server.paths())


def test_a_cache_folder_that_cannot_be_made(server, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("HF_HUB_CACHE", str(blocker / "cache"))
    error = problem(fetch)
    assert error.kind == "disk"
    assert error.message == (f"cannot write to the cache folder {blocker / 'cache'} (Not a directory); set "
                             "HF_HUB_CACHE to a folder you can write to")


def test_no_network_and_offline_mode(server, monkeypatch):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    error = problem(hub.plan_download, REPO)
    assert error.kind == "network"
    assert error.message == (f"cannot reach 127.0.0.1:{port} (the connection was refused); check the internet "
                             "connection, then try again")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    assert problem(hub.plan_download, REPO).kind == "offline"
    assert problem(hub.plan_download, "not a name!").kind == "bad_name"
    assert problem(hub.plan_download, REPO, "../../etc").kind == "bad_name"


@pytest.mark.parametrize("raised, reason", [
    (lambda h: h.ConnectError("[Errno -2] Name or service not known"), "its name could not be looked up"),
    (lambda h: h.ConnectError("[Errno 111] Connection refused"), "the connection was refused"),
    (lambda h: h.ConnectTimeout("timed out"), "no answer in time"),
    (lambda h: h.ConnectError("[Errno 101] Network is unreachable"), "the network is unreachable"),
])
def test_each_network_failure_is_named(raised, reason):
    with pytest.raises(hub.HubError) as info, talking_to_hub("a/b", "main", "https://huggingface.co"):
        raise raised(http_library())
    assert info.value.message == (f"cannot reach huggingface.co ({reason}); check the internet connection, then "
                                  "try again")


# -- a damaged or incomplete download in the cache ------------------------------------------------

def test_a_truncated_file_in_the_cache_is_named_and_a_forced_download_repairs_it(server, tiny_files):
    folder = fetch()
    weights = (folder / "model.safetensors").resolve()
    weights.write_bytes(weights.read_bytes()[:40_000])
    entry, = [e for e in registry.find_models() if e.source == SOURCE]
    assert entry.problem.startswith("the download is damaged: model.safetensors is unreadable (unreadable "
                                    "safetensors file, truncated or damaged")
    assert entry.problem.endswith("; download it again to repair it")
    with pytest.raises(CheckpointError):
        load_model(folder, device="cpu")
    error = problem(fetch)
    assert error.kind == "damaged"
    assert error.message == (f"the copy of {REPO} in the cache is damaged (model.safetensors has 40,000 bytes "
                             f"instead of {len(tiny_files['model.safetensors']):,}); download it again to replace it")
    server.served.clear()
    assert fetch(force=True) == folder  # every file is checked; only the damaged one comes again
    assert server.served == {"model.safetensors": len(tiny_files["model.safetensors"])}
    assert (folder / "model.safetensors").read_bytes() == tiny_files["model.safetensors"]
    assert snapshot_problem(folder) == "" and load_model(folder, device="cpu").name == REPO


def test_force_finds_a_damaged_file_of_the_right_size_by_its_hash(server, tiny_files):
    folder = fetch()
    weights = (folder / "model.safetensors").resolve()
    flipped = bytearray(weights.read_bytes())
    flipped[-10] ^= 0x01  # one bit: the size is right, the header still reads
    weights.write_bytes(bytes(flipped))
    assert snapshot_problem(folder) == ""
    server.served.clear()
    fetch(force=True)
    assert server.served == {"model.safetensors": len(tiny_files["model.safetensors"])}
    assert (folder / "model.safetensors").read_bytes() == tiny_files["model.safetensors"]


def test_listing_and_the_suggestions_import_neither_huggingface_hub_nor_qt(server):
    fetch()
    code = ("import sys, explainer.core.hub, explainer.core.checkpoints.registry as r;"
            "assert [e.name for e in r.find_models() if e.source == 'Hugging Face cache'] == [%r];"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('huggingface_hub', 'PySide6', 'shiboken6')];"
            "print(bad); sys.exit(1 if bad else 0)") % REPO
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_missing_file_in_the_cache_is_named_and_fetched_again(server, tiny_files):
    folder = fetch()
    (folder / "tokenizer.json").resolve().unlink()  # the blob is gone, the link stays
    assert snapshot_problem(folder) == ("the download is incomplete: tokenizer.json is missing; download it again "
                                        "to repair it")
    server.served.clear()
    fetch()
    assert server.served == {"tokenizer.json": len(tiny_files["tokenizer.json"])}
    assert snapshot_problem(folder) == ""


# -- the pace -------------------------------------------------------------------------------------

def test_the_meter_measures_pace_and_time_left():
    now = [0.0]
    seen = []
    meter = Meter(total=1000, done=100, report=seen.append, every_s=0.1, window_s=5.0, clock=lambda: now[0])
    for _ in range(10):
        now[0] += 0.25
        meter.add(50, "w")  # 200 bytes a second
    last = seen[-1]
    assert last.done_bytes == 600 and last.bytes_per_s == pytest.approx(200)
    assert last.eta_s == pytest.approx(2.0)
    assert seen[0].eta_s is None  # no pace known yet
