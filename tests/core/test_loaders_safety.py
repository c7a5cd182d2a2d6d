"""Opening a checkpoint never runs code: crafted pickles are refused and their payload never fires."""

import pickle

import pytest
import torch

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints.safe_pickle import load_plain, loads_plain


class Payload:
    """Unpickling this calls open(marker, 'w'), which creates the marker file."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def nano_args():
    return dict(n_layer=1, n_head=2, n_embd=8, block_size=16, bias=True, vocab_size=10, dropout=0.0)


def test_payload_really_fires_with_plain_pickle(tmp_path):
    marker = tmp_path / "marker"
    pickle.loads(pickle.dumps(Payload(marker))).close()  # proves the payload is live, so the tests below mean something
    assert marker.exists()


def test_crafted_ckpt_pt_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    torch.save({"model_args": nano_args(), "model": {}, "config": {"x": Payload(marker)}}, tmp_path / "ckpt.pt")
    with pytest.raises(CheckpointError, match="refused") as info:
        load_model(tmp_path / "ckpt.pt")
    assert "ckpt.pt" in str(info.value)
    assert not marker.exists()


def test_crafted_legacy_pickle_ckpt_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    with open(tmp_path / "ckpt.pt", "wb") as f:  # pre-zip torch files are a bare pickle
        pickle.dump({"model_args": nano_args(), "model": Payload(marker)}, f, protocol=2)
    with pytest.raises(CheckpointError) as info:
        load_model(tmp_path / "ckpt.pt")
    assert "ckpt.pt" in str(info.value)
    assert not marker.exists()


def test_crafted_meta_pkl_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    torch.save({"model_args": nano_args(), "model": {}, "config": {"dataset": "evil"}}, tmp_path / "ckpt.pt")
    meta = tmp_path / "data" / "evil" / "meta.pkl"
    meta.parent.mkdir(parents=True)
    meta.write_bytes(pickle.dumps({"stoi": {"a": 0}, "itos": Payload(marker)}))
    with pytest.raises(CheckpointError, match="refused") as info:
        load_model(tmp_path / "ckpt.pt")
    assert "meta.pkl" in str(info.value) and "asks for" in str(info.value)
    assert not marker.exists()


def test_crafted_pytorch_model_bin_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "config.json").write_text('{"architectures": ["GPT2LMHeadModel"], "vocab_size": 10, '
                                          '"n_layer": 1, "n_head": 2, "n_embd": 8, "n_positions": 16}')
    (tmp_path / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\n")
    torch.save({"transformer.wte.weight": torch.zeros(10, 8), "x": Payload(marker)}, tmp_path / "pytorch_model.bin")
    with pytest.raises(CheckpointError, match="refused"):
        load_model(tmp_path)
    assert not marker.exists()


@pytest.mark.parametrize("protocol", [0, 2, pickle.HIGHEST_PROTOCOL])
def test_plain_unpickler_admits_only_plain_data(tmp_path, protocol):
    plain = {"stoi": {"a": 0, "b": 1}, "itos": {0: "a", 1: "b"}, "vocab_size": 2, "x": [1.5, (True, None)]}
    assert loads_plain(pickle.dumps(plain, protocol=protocol)) == plain
    marker = tmp_path / "pwned"
    with pytest.raises(pickle.UnpicklingError, match=r"asks for \w+\.open"):
        loads_plain(pickle.dumps({"a": Payload(marker)}, protocol=protocol))
    assert not marker.exists()
    path = tmp_path / "meta.pkl"
    path.write_bytes(pickle.dumps([Payload(marker)], protocol=protocol))
    with pytest.raises(CheckpointError, match="meta.pkl: refused"):
        load_plain(path)
    assert not marker.exists()
