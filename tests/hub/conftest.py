"""A local Hub serving a real tiny model, and a private Hugging Face cache pointed at it, for every hub test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_loaders_huggingface import randomize, save_folder, tiny_hf, byte_bpe
from tests.hub.hub_server import HubServer

REPO = "tiny-org/tiny-gpt2"
SHARDED = "tiny-org/tiny-llama-sharded"
# what a real repository also holds and a download must never fetch
NOT_WANTED = {"pytorch_model.bin": b"\x80\x02pickled weights", "tf_model.h5": b"HDF5" + bytes(64),
              "model.onnx": b"onnx" + bytes(64), "model.gguf": b"GGUF" + bytes(64), "README.md": b"# tiny",
              ".gitattributes": b"*.safetensors filter=lfs", "onnx/decoder_model.onnx": b"onnx" + bytes(32),
              "vocab.json": b"{}", "merges.txt": b"#version: 0.2\n"}


def folder_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def tiny_files(tmp_path_factory) -> dict[str, bytes]:
    """A random GPT-2 of 2 layers, saved by transformers (model.safetensors, config.json, generation_config.json)
    with a byte-level BPE tokenizer.json: a model this app opens."""
    folder = tmp_path_factory.mktemp("tiny-gpt2")
    save_folder("gpt2", folder)
    return folder_files(folder)


@pytest.fixture(scope="session")
def sharded_files(tmp_path_factory) -> dict[str, bytes]:
    """A random LLaMA saved in shards of 40 KB, with its model.safetensors.index.json."""
    folder = tmp_path_factory.mktemp("tiny-llama")
    randomize(tiny_hf("llama")).save_pretrained(folder, max_shard_size="40KB")
    byte_bpe().save(str(folder / "tokenizer.json"))
    return folder_files(folder)


@pytest.fixture
def server(tiny_files, sharded_files, tmp_path, monkeypatch):
    """The local Hub with the tiny models, HF_ENDPOINT pointing at it and HF_HUB_CACHE in tmp_path."""
    with HubServer() as server:
        server.add(REPO, {**tiny_files, **NOT_WANTED})
        server.add(SHARDED, sharded_files)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
        for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
            monkeypatch.delenv(name, raising=False)
        server.cache = tmp_path / "hf-cache"
        yield server
