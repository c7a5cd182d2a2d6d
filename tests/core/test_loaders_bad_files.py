"""Broken files give one clear CheckpointError naming the file and the problem, never a traceback or a hang."""

import json

import pytest
import torch

from gguf import GGMLQuantizationType as Q
from safetensors.torch import load_file, save_file

from explainer.cli import main
from explainer.core.checkpoints import CheckpointError, load_model
from test_loaders_gguf import write_llama_like  # builds its model with transformers, when called
from test_loaders_huggingface import save_folder  # the same


def refused(path, *words):
    with pytest.raises(CheckpointError) as info:
        load_model(path)
    message = str(info.value)
    for word in words:
        assert word in message, message
    return message


@pytest.fixture
def folder(tmp_path):
    save_folder("gpt2", tmp_path)
    return tmp_path


def test_truncated_safetensors(folder):
    weights = folder / "model.safetensors"
    data = weights.read_bytes()
    weights.write_bytes(data[: len(data) // 2])
    refused(folder, "model.safetensors", "truncated")


def test_wrong_tensor_shape(folder):
    weights = folder / "model.safetensors"
    state = load_file(str(weights))
    state["transformer.h.1.ln_2.weight"] = torch.ones(31)
    save_file(state, str(weights))
    refused(folder, "model.safetensors", "blocks.1.ln_2.weight", "(31,)", "(32,)")


def test_missing_tensor(folder):
    weights = folder / "model.safetensors"
    state = load_file(str(weights))
    del state["transformer.h.0.mlp.c_fc.weight"]
    save_file(state, str(weights))
    refused(folder, "model.safetensors", "missing tensor", "h.0.mlp.c_fc.weight")


def test_bad_json(folder):
    (folder / "config.json").write_text('{"architectures": ["GPT2LMHeadModel"], ')
    refused(folder, "config.json", "not valid JSON")


def test_unknown_architecture(folder):
    config = json.loads((folder / "config.json").read_text())
    config["architectures"] = ["FancyNewForCausalLM"]
    (folder / "config.json").write_text(json.dumps(config))
    refused(folder, "config.json", "'FancyNewForCausalLM' is not supported")


def test_folder_without_tokenizer(folder):
    (folder / "tokenizer.json").unlink()
    refused(folder, str(folder), "no tokenizer")


def test_folder_without_weights(folder):
    (folder / "model.safetensors").unlink()
    refused(folder, "no weights")


def test_gguf_wrong_magic(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGML" + bytes(100))
    refused(path, "model.gguf", "wrong magic")


@pytest.mark.parametrize("keep", [0.02, 0.5, 0.97])
def test_gguf_truncated(tmp_path, keep):
    path = tmp_path / "model.gguf"
    write_llama_like(path, "llama", Q.Q8_0)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    refused(path, "model.gguf", "truncated")


@pytest.mark.parametrize("name", ["ckpt.pt", "model.gguf", "pytorch_model.bin"])
def test_empty_file(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    refused(tmp_path / name, name, "empty")


def test_empty_safetensors_in_folder(folder):
    (folder / "model.safetensors").write_bytes(b"")
    refused(folder, "model.safetensors", "empty")


def test_truncated_ckpt(tmp_path):
    path = tmp_path / "ckpt.pt"
    torch.save({"model_args": {}, "model": {"w": torch.zeros(1000)}}, path)
    path.write_bytes(path.read_bytes()[:500])
    refused(path, "ckpt.pt")


def test_not_a_model(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    refused(tmp_path / "notes.txt", "notes.txt", "not a model file")
    refused(tmp_path, "no model in this folder")
    refused(tmp_path / "nothing-here", "no such file")


def test_inspect_reports_one_line_not_a_traceback(folder, capsys):
    (folder / "config.json").write_text("{oops")
    assert main(["inspect", str(folder), "--text", "hallo"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "config.json" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
