"""The installed ``explainer`` console script, run the way a user runs it.

These tests start the script that pip put on PATH in a fresh process, from a
folder outside the checkout and without PYTHONPATH, so nothing the test runner
already imported can hide a missing import (as ``python -m explainer`` once did).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import numpy as np

EXPLAINER = shutil.which("explainer")


def run_installed(*args: str, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    assert EXPLAINER, "the `explainer` command is not installed on PATH (pip install -e . puts it there)"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(cwd / "config")  # the window remembers nothing from the user's settings
    return subprocess.run([EXPLAINER, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_help_lists_every_command(tmp_path):
    result = run_installed("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for command in ("inspect", "models", "train", "eval", "render", "download"):
        assert command in result.stdout
    assert "--screenshot" in result.stdout


def test_models_lists_the_shipped_default(tmp_path):
    result = run_installed("models", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    shipped = [row for row in rows if row and row[0] == "tiny-gpt-nl-en"]
    assert shipped and "shipped" in shipped[0]


def test_inspect_the_shipped_model_writes_a_trace(tmp_path):
    out = tmp_path / "trace.npz"
    result = run_installed("inspect", "tiny-gpt-nl-en", "--text", "De kat zat op de", "--out", str(out),
                           cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = np.load(out)
    n = len(data["token_ids"])
    assert n >= 4
    assert data["logits"].shape[0] == n
    probs = np.exp(data["logits"][-1] - data["logits"][-1].max())
    probs /= probs.sum()
    # the top-ranked token the command prints is the argmax of the logits it saved
    assert data["attentions"].shape[-1] == n
    assert abs(data["attentions"][0, 0].sum(-1) - 1).max() < 1e-4
    assert probs.argmax() == data["logits"][-1].argmax()


def test_render_writes_a_png(tmp_path):
    out = tmp_path / "attention.png"
    result = run_installed("render", "--text", "De kat zat op de", "--panel", "attention", "--out", str(out),
                           cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 5000


def test_window_opens_draws_a_prediction_and_closes(tmp_path):
    out = tmp_path / "window.png"
    result = run_installed("--lang", "nl", "--size", "1366x768", "--screenshot", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert (image.width(), image.height()) == (1366, 768)


def test_bad_model_path_gives_one_clear_message(tmp_path):
    missing = tmp_path / "no-such-model"
    result = run_installed("inspect", str(missing), "--text", "hallo", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "no-such-model" in (result.stderr + result.stdout)


def test_a_model_that_fails_in_the_window_ends_a_screenshot_run_at_once(tmp_path):
    """No dialog waits for a click nobody gives: the problem goes to stderr and the exit code is 1."""
    bad = tmp_path / "broken-model"
    bad.mkdir()
    (bad / "config.json").write_text('{"n_layer": 2, "n_head": 0}', encoding="utf-8")
    (bad / "model.safetensors").write_bytes(b"\0" * 64)
    (bad / "tokenizer.json").write_text("{}", encoding="utf-8")
    result = run_installed("--model", str(bad), "--screenshot", str(tmp_path / "w.png"), cwd=tmp_path, timeout=60)
    assert result.returncode == 1
    assert "broken-model" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "w.png").exists()
