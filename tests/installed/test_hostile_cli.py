"""Command lines a tester found giving tracebacks: each now gives one ``error: …`` line and exit code 1 or 2.

Run through the installed ``explainer`` script in a fresh process, the way a
user runs it (see test_entry_points.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import torch

from explainer.core.checkpoints.native import save_checkpoint
from tests.conftest import make_tiny_model

EXPLAINER = shutil.which("explainer")


def run_installed(*args: str | bytes, cwd: Path, timeout: float = 240) -> subprocess.CompletedProcess:
    assert EXPLAINER, "the `explainer` command is not installed on PATH (pip install -e . puts it there)"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONSTARTUP")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(cwd / "config"))
    return subprocess.run([EXPLAINER, *args], cwd=cwd, env=env, capture_output=True, timeout=timeout)


def one_error(result: subprocess.CompletedProcess, *words: str) -> str:
    """The run failed with exit code 1 or 2 and said why in one ``error:`` line, without a traceback."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode in (1, 2), (result.returncode, stderr)
    assert "Traceback" not in stderr, stderr
    errors = [line for line in stderr.splitlines() if "error:" in line]
    assert len(errors) == 1, stderr
    for word in words:
        assert word in errors[0], errors[0]
    return errors[0]


@pytest.fixture
def corpus(tmp_path) -> Path:
    path = tmp_path / "corpus.txt"
    path.write_text("De kat zat op de mat.\nThe cat sat on the mat.\n" * 40, encoding="utf-8")
    return path


@pytest.fixture
def checkpoint(tmp_path) -> Path:
    tiny = make_tiny_model()
    return save_checkpoint(tiny.model, tiny.tokenizer, tmp_path / "ckpt")


@pytest.mark.parametrize("text", [b"De kat \xff zat", b"De kat \xed\xa0\x80", b"\xc3"])
def test_text_that_is_not_utf8_is_refused(tmp_path, checkpoint, text):
    one_error(run_installed("inspect", str(checkpoint), "--text", text, cwd=tmp_path), "--text", "UTF-8")


def test_out_into_a_missing_folder_is_refused_before_the_model_runs(tmp_path, checkpoint):
    one_error(run_installed("inspect", str(checkpoint), "--text", "De kat", "--out",
                            str(tmp_path / "missing" / "trace.npz"), cwd=tmp_path), "missing", "does not exist")
    one_error(run_installed("render", "--model", str(checkpoint), "--text", "De kat", "--panel", "tokens",
                            "--out", str(tmp_path / "missing" / "t.png"), cwd=tmp_path), "does not exist")
    one_error(run_installed("--screenshot", str(tmp_path / "missing" / "w.png"), cwd=tmp_path), "--screenshot",
              "does not exist")


@pytest.mark.parametrize("args, words", [
    (("inspect", "MODEL", "--text", "De kat", "--top-k", "-5"), ("--top-k", "-5")),
    (("inspect", "MODEL", "--text", "De kat", "--top-k", "0"), ("--top-k",)),
    (("train", "CORPUS", "--out", "run", "--steps", "-5"), ("--steps", "-5")),
    (("train", "CORPUS", "--out", "run", "--steps", "0"), ("--steps",)),
    (("eval", "MODEL", "CORPUS", "--limit", "-1"), ("--limit",)),
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--scale", "1e9"),
     ("1e+09", "16384")),
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--scale", "0.0001"),
     ("0 x 0",)),
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--theme", "neon"), ("--theme", "neon")),
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--size", "0x0"), ("--size", "0x0")),
    # the tiny model has 2 layers of 2 heads; "De kat" is 6 tokens (characters): drawn at the last, before
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--layer", "99"),
     ("--layer 99", "has 2 layers")),
    (("render", "--model", "MODEL", "--panel", "attention", "--out", "a.png", "--head", "3"),
     ("--head 3", "has 2 heads")),
    (("render", "--model", "MODEL", "--text", "De kat", "--panel", "attention", "--out", "a.png", "--token", "7"),
     ("--token 7", "6 tokens")),
])
def test_numbers_that_make_no_sense_are_refused(tmp_path, checkpoint, corpus, args, words):
    args = [str(checkpoint) if a == "MODEL" else str(corpus) if a == "CORPUS" else a for a in args]
    one_error(run_installed(*args, cwd=tmp_path), *words)
    assert not (tmp_path / "run").exists()


@pytest.mark.parametrize("command", ["inspect", "eval", "render", "window", "train"])
def test_a_pipe_as_the_model_is_refused_before_it_is_opened(tmp_path, corpus, command):
    fifo = tmp_path / "model.fifo"
    os.mkfifo(fifo)
    args = {"inspect": ("inspect", str(fifo), "--text", "x"), "eval": ("eval", str(fifo), str(corpus)),
            "render": ("render", "--model", str(fifo), "--panel", "tokens", "--out", "t.png"),
            "window": ("--model", str(fifo)), "train": ("train", str(fifo), "--out", "run")}[command]
    one_error(run_installed(*args, cwd=tmp_path, timeout=60), str(fifo), "not a regular file or a folder")


def test_resuming_from_a_refused_optimizer_file_is_one_line(tmp_path, checkpoint, corpus):
    class Payload:  # what a crafted file could carry: weights-only loading refuses it
        def __reduce__(self):
            return (print, ("this must never run",))

    torch.save({"optimizer": Payload(), "rng": torch.zeros(4)}, checkpoint / "optimizer.pt")
    result = run_installed("train", str(corpus), "--resume", str(checkpoint), "--out", str(tmp_path / "run"),
                           "--steps", "5", cwd=tmp_path)
    one_error(result, "optimizer.pt", "refused")
    assert b"this must never run" not in result.stdout
    (checkpoint / "optimizer.pt").write_bytes(b"not a torch file")
    one_error(run_installed("train", str(corpus), "--resume", str(checkpoint), "--out", str(tmp_path / "run"),
                            "--steps", "5", cwd=tmp_path), "optimizer.pt", "refused")
    torch.save([1, 2, 3], checkpoint / "optimizer.pt")
    one_error(run_installed("train", str(corpus), "--resume", str(checkpoint), "--out", str(tmp_path / "run"),
                            "--steps", "5", cwd=tmp_path), "optimizer.pt")


def test_training_into_a_read_only_folder_is_refused_before_it_starts(tmp_path, corpus):
    folder = tmp_path / "read-only"
    folder.mkdir()
    if os.geteuid() == 0:  # root writes through mode bits; an immutable folder stops it too
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
    try:
        one_error(run_installed("train", str(corpus), "--out", str(folder / "run"), "--steps", "5", cwd=tmp_path),
                  "read-only")
        one_error(run_installed("train", str(corpus), "--out", str(folder), "--steps", "5", cwd=tmp_path),
                  "read-only")
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def test_the_render_command_offers_exactly_the_app_s_themes():
    from explainer.commands.render import THEMES
    from explainer.gui.palette import THEMES as APP_THEMES

    assert set(THEMES) == set(APP_THEMES)
