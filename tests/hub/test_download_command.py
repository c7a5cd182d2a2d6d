"""``explainer download``, the installed command, run as a user runs it against the local Hub.

Started from PATH in a fresh process outside the checkout (as in
``tests/installed``), with HF_ENDPOINT and HF_HUB_CACHE from the ``server``
fixture: it downloads, says what went wrong in one line with exit code 1, and
stops cleanly on Ctrl-C, after which the same command continues with a Range
request.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

from tests.hub.conftest import REPO

EXPLAINER = shutil.which("explainer")


def _as_in_a_terminal() -> None:
    # a test run started in the background (`… &` in a script) ignores SIGINT, and a child inherits that: Python
    # then never raises KeyboardInterrupt. A command typed in a terminal gets the default, as here.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def command(*args: str, cwd: Path) -> subprocess.Popen:
    assert EXPLAINER, "the `explainer` command is not installed on PATH (pip install -e . puts it there)"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    return subprocess.Popen([EXPLAINER, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=_as_in_a_terminal)


def finish(process: subprocess.Popen, timeout: float = 240) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def test_download_then_models_lists_it(server, tmp_path, tiny_files):
    code, out, err = finish(command("download", REPO, cwd=tmp_path))
    assert code == 0, err
    folder = server.cache / "models--tiny-org--tiny-gpt2" / "snapshots" / server.repos[REPO].commit
    assert f"downloaded to {folder}" in out
    assert (folder / "model.safetensors").read_bytes() == tiny_files["model.safetensors"]
    code, out, err = finish(command("models", cwd=tmp_path))
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith(REPO))
    assert "Hugging Face cache" in row and str(folder) in row


def test_a_failure_is_one_line_and_exit_code_1(server, tmp_path):
    code, out, err = finish(command("download", "nobody/nothing", cwd=tmp_path))
    host = server.url.removeprefix("http://")
    assert code == 1
    assert err == (f"error: there is no model nobody/nothing on {host}; check the name (a private model also needs a "
                   "token: `hf auth login` or HF_TOKEN)\n")


def test_ctrl_c_stops_cleanly_and_the_same_command_resumes(server, tmp_path, tiny_files):
    data = tiny_files["model.safetensors"]
    reached, release = server.hold("model.safetensors", 60_000)
    process = command("download", REPO, cwd=tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stderr), daemon=True)
    reader.start()
    assert reached.wait(60)
    blobs = server.cache / "models--tiny-org--tiny-gpt2" / "blobs"
    deadline = time.monotonic() + 30
    while sum(p.stat().st_size for p in blobs.glob("*.incomplete")) < 60_000:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 60  # its own wait: on a busy machine the bytes above may take most of theirs
    while not any("stopping" in line for line in lines):  # the command saw it: now let the bytes flow again
        assert time.monotonic() < deadline and process.poll() is None, lines
        time.sleep(0.02)
    release.set()
    assert process.wait(60) == 1
    reader.join(10)
    last = lines[-1]
    assert last.startswith("error: the download was stopped after ")
    assert last.endswith("what arrived is kept, so downloading again continues from there (run the same command "
                         "again)\n")
    assert "Traceback" not in "".join(lines)

    server.served.clear()
    code, out, err = finish(command("download", REPO, cwd=tmp_path))
    assert code == 0, err
    assert server.gets("model.safetensors")[-1].headers["range"].startswith("bytes=")
    assert 0 < server.served["model.safetensors"] < len(data)


def test_without_a_name_it_lists_the_suggestions(tmp_path):
    code, out, err = finish(command("download", cwd=tmp_path))
    assert code == 0, err
    for repo in ("HuggingFaceTB/SmolLM2-135M", "google/gemma-3-270m", "pdelobelle/robbert-v2-dutch-base"):
        assert repo in out
