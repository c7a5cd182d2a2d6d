"""The pickle inside a PyTorch file is counted before torch unpickles it, in both file layouts."""

import time

import pytest
import torch

from explainer.core.checkpoints import CheckpointError, limits
from explainer.core.checkpoints.huggingface import torch_load_safely


def many_objects():
    return {"weight": torch.zeros(2), "junk": list(range(limits.MAX_TORCH_PICKLE_OPS))}


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "legacy"])
def test_a_pickle_with_too_many_objects_is_refused_before_torch_reads_it(tmp_path, zipped):
    path = tmp_path / "pytorch_model.bin"
    torch.save(many_objects(), path, _use_new_zipfile_serialization=zipped)
    t0 = time.perf_counter()
    with pytest.raises(CheckpointError, match="more than 1,000,000 objects"):
        torch_load_safely(path)
    print(f"refused in {time.perf_counter() - t0:.2f} s")


@pytest.mark.parametrize("zipped", [True, False], ids=["zip", "legacy"])
def test_ordinary_state_dicts_load_in_both_layouts(tmp_path, zipped):
    state = {f"blocks.{i}.weight": torch.randn(3, 4) for i in range(50)}
    path = tmp_path / "pytorch_model.bin"
    torch.save(state, path, _use_new_zipfile_serialization=zipped)
    back = torch_load_safely(path)
    assert back.keys() == state.keys() and all(torch.equal(back[k], state[k]) for k in state)


def test_a_legacy_file_that_is_not_a_pickle_is_named_damaged(tmp_path):
    path = tmp_path / "pytorch_model.bin"
    path.write_bytes(b"\xff\xfe not a pickle at all" * 10)
    with pytest.raises(CheckpointError, match="truncated or damaged"):
        torch_load_safely(path)
