"""Hostile and broken files: each is refused with one clear message, in bounded time and memory, running no code.

Every file is made here, small and fast. The cases that used to hang or take
gigabytes are opened in a child process with an address-space limit and a
timeout, so a regression fails the test instead of taking the machine down.
``benchmarks/hostile_files.py`` builds the same worst cases (the ``build_*``
functions and ``WORST_CASES`` below) and prints how fast each is refused.
"""

from __future__ import annotations

import json
import os
import pickle
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch

from explainer.core.checkpoints import CheckpointError, load_model
from explainer.core.checkpoints import huggingface, limits, safe_pickle
from explainer.core.checkpoints.limits import (MAX_GGUF_KEYS, MAX_JSON_BYTES, MAX_JSON_DEPTH, MAX_SHARDS,
                                               MAX_TORCH_PICKLE_BYTES)

ROOT = Path(__file__).resolve().parents[2]
# address space the child may add once its imports are done (the old GGUF reader took 5.4 GB). The imports come
# first and are not counted: torch and the app hold about 0.6 GB of it with a CPU build of torch, several GB with
# a CUDA build (its GPU libraries), which under one fixed limit could not even import torch.
LOAD_BUDGET = int(2.4 * 1024 ** 3)
LOAD_SECONDS = 10  # for the load itself, after the imports


def refused(path, *words) -> str:
    with pytest.raises(CheckpointError) as info:
        load_model(path, device="cpu")
    message = str(info.value)
    assert message.startswith(str(Path(path).parent)), message  # it names the file (or one beside it)
    for word in words:
        assert word in message, message
    assert "\n" not in message and "Traceback" not in message, message
    return message


# ---------------------------------------------------------------- the child process

LIMIT_FROM_HERE = r"""
def limit_from_here(extra):
    # from here on this process may map at most `extra` more bytes (Linux enforces RLIMIT_AS)
    if sys.platform != "linux":
        return
    import resource
    for line in open("/proc/self/status"):
        if line.startswith("VmSize:"):
            size = int(line.split()[1]) * 1024 + extra
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
"""

DRIVER = r"""
import json, sys, time
""" + LIMIT_FROM_HERE + r"""
def peak_mb():
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // (1 << 20 if sys.platform == "darwin" else 1024)
t0 = time.perf_counter()
from explainer.core.checkpoints import CheckpointError, load_model
import_s, base = time.perf_counter() - t0, peak_mb()
limit_from_here(int(sys.argv[1]))
for path in sys.argv[2:]:
    t1 = time.perf_counter()
    try:
        outcome = "LOADED " + load_model(path, device="cpu").format
    except CheckpointError as exc:
        outcome = "REFUSED " + str(exc)
    print(json.dumps({"outcome": outcome, "import_s": import_s, "load_s": time.perf_counter() - t1,
                      "base_mb": base, "peak_mb": peak_mb()}), flush=True)
"""


def _behind_the_rest() -> None:
    os.nice(19)  # behind anything else the machine runs


def open_isolated_all(paths: list[Path], memory: int = LOAD_BUDGET, timeout: float = 120) -> list[dict]:
    """Open each path in turn in one fresh interpreter that may map ``memory`` bytes beyond its imports:
    outcomes, times, peak RSS."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               OMP_NUM_THREADS="1", EXPLAINER_DEVICE="cpu")
    nice = _behind_the_rest if sys.platform != "win32" else None
    proc = subprocess.run([sys.executable, "-c", DRIVER, str(memory), *map(str, paths)], capture_output=True,
                          text=True, timeout=timeout, env=env, preexec_fn=nice, cwd=str(ROOT))
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    results = [json.loads(line) for line in proc.stdout.strip().splitlines()]
    assert len(results) == len(paths), proc.stdout
    for result in results:
        assert result["load_s"] < LOAD_SECONDS, result
    return results


def open_isolated(path: Path, memory: int = LOAD_BUDGET, timeout: float = 120) -> dict:
    """Open ``path`` in a fresh interpreter limited to ``memory`` bytes; its outcome, times and peak RSS."""
    return open_isolated_all([path], memory, timeout)[0]


# ---------------------------------------------------------------- nanoGPT files

CHARS = "\n !abcdefgh"


def nano_args(vocab_size: int = len(CHARS)) -> dict:
    return dict(n_layer=1, n_head=2, n_embd=8, block_size=16, bias=True, vocab_size=vocab_size, dropout=0.0)


def nano_state(vocab_size: int = len(CHARS), d: int = 8, block: int = 16) -> dict:
    g = torch.Generator().manual_seed(0)
    sd = {"transformer.wte.weight": torch.randn(vocab_size, d, generator=g),
          "transformer.wpe.weight": torch.randn(block, d, generator=g)}
    parts = {"ln_1": (d,), "attn.c_attn": (3 * d, d), "attn.c_proj": (d, d), "ln_2": (d,),
             "mlp.c_fc": (4 * d, d), "mlp.c_proj": (d, 4 * d)}
    for name, shape in parts.items():
        sd[f"transformer.h.0.{name}.weight"] = torch.randn(*shape, generator=g)
        sd[f"transformer.h.0.{name}.bias"] = torch.randn(shape[0], generator=g)
    sd["transformer.ln_f.weight"], sd["transformer.ln_f.bias"] = torch.ones(d), torch.zeros(d)
    sd["lm_head.weight"] = sd["transformer.wte.weight"]
    return sd


def write_nano(folder: Path, meta: bytes | None = None, **extra) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"model_args": nano_args(), "model": nano_state(), "iter_num": 1, "config": {}, **extra},
               folder / "ckpt.pt")
    if meta is not None:
        (folder / "meta.pkl").write_bytes(meta)
    return folder / "ckpt.pt"


def plain_meta(**change) -> dict:
    meta = {"vocab_size": len(CHARS), "stoi": {c: i for i, c in enumerate(CHARS)},
            "itos": {i: c for i, c in enumerate(CHARS)}}
    meta.update(change)
    return meta


def shared_reference_bomb(width: int = 1000, levels: int = 3) -> list:
    """Nested lists of ``width`` references to one list each: ~6 KB pickled, width**levels leaves as a tree."""
    value: list = list(range(width))
    for _ in range(levels - 1):
        value = [value] * width
    return value


def build_meta_bomb(folder: Path) -> Path:
    """The whole meta.pkl is the bomb: a naive check walks 10^9 nodes before it finds no 'stoi'."""
    return write_nano(folder, pickle.dumps(shared_reference_bomb(), protocol=2))


def build_meta_bomb_inside(folder: Path) -> Path:
    """A usable vocabulary with the bomb beside it: plain data, so the model opens, fast."""
    return write_nano(folder, pickle.dumps(plain_meta(junk=shared_reference_bomb()), protocol=2))


def os_system_pickle(marker: Path) -> bytes:
    """A protocol-0 pickle whose GLOBAL and REDUCE opcodes call os.system('touch <marker>')."""
    return b"cos\nsystem\n(V" + f"touch {marker}".encode() + b"\ntR."


class Payload:
    """Pickling this stores a call of os.system; unpickling it would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def build_zip_ckpt_with_code(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"model_args": nano_args(), "model": nano_state(), "x": Payload(folder / "pwned")}, folder / "ckpt.pt")
    return folder / "ckpt.pt"


def build_ckpt_pickle_too_big(folder: Path) -> Path:
    """A zip checkpoint whose data.pkl is 64 MB of list-building opcodes: minutes for torch's unpickler."""
    path = write_nano(folder)
    with zipfile.ZipFile(path) as src:
        records = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as out:
        for name, data in records:
            if name.endswith("data.pkl"):
                n = 64 * 1024 * 1024
                data = b"\x80\x02](" + b"}" * n + b"e."
            out.writestr(name, data)
    return path


def build_ckpt_zip_bomb(folder: Path) -> Path:
    """A tensor's record deflated: 50 KB on disk that would unpack to 50 MB."""
    path = write_nano(folder)
    with zipfile.ZipFile(path) as src:
        records = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for name, data in records:
            if name.endswith("/data/0"):
                out.writestr(name, bytes(50 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED)
            else:
                out.writestr(name, data)
    return path


# ---------------------------------------------------------------- GGUF files, written byte by byte

def _s(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return struct.pack("<Q", len(data)) + data


def kv(key: str, vtype: int, payload: bytes) -> bytes:
    return _s(key) + struct.pack("<I", vtype) + payload


def kv_u32(key: str, value: int) -> bytes:
    return kv(key, 4, struct.pack("<I", value))


def kv_f32(key: str, value: float) -> bytes:
    return kv(key, 6, struct.pack("<f", value))


def kv_str(key: str, value: str) -> bytes:
    return kv(key, 8, _s(value))


def kv_strings(key: str, items: list[str], count: int | None = None) -> bytes:
    return kv(key, 9, struct.pack("<IQ", 8, len(items) if count is None else count) + b"".join(map(_s, items)))


def kv_ints(key: str, items: list[int]) -> bytes:
    return kv(key, 9, struct.pack("<IQ", 5, len(items)) + np.asarray(items, "<i4").tobytes())


def kv_u8_array(key: str, n: int, count: int | None = None) -> bytes:
    return kv(key, 9, struct.pack("<IQ", 0, n if count is None else count) + bytes(n))


def gguf_bytes(kvs: list[bytes], tensors: list, n_kv: int | None = None, n_tensors: int | None = None) -> bytes:
    """A GGUF v3 file. ``tensors``: (name, float32 array in PyTorch order), or (name, dims, type, offset) raw."""
    info, data = b"", b""
    for t in tensors:
        if len(t) == 2:
            name, arr = t
            data += bytes(-len(data) % 32)
            dims, qtype, offset = tuple(reversed(arr.shape)), 0, len(data)
            data += np.ascontiguousarray(arr, "<f4").tobytes()
        else:
            name, dims, qtype, offset = t
        info += _s(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        info += struct.pack("<IQ", qtype, offset)
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors) if n_tensors is None else n_tensors,
                                 len(kvs) if n_kv is None else n_kv)
    head += b"".join(kvs) + info
    return head + bytes(-len(head) % 32) + data


def byte_alphabet() -> list[str]:
    """GPT-2's byte → character table, in byte order: a byte-level vocabulary with no merges."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), 256))
    table, extra = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return [table[b] for b in range(256)]


def tiny_gguf_parts(d: int = 8, ctx: int = 16, vocab: int = 256, arch: str = "gpt2") -> tuple[list, list]:
    """The metadata and tensors of a working one-layer GPT-2 with a byte-level vocabulary."""
    tokens = byte_alphabet()[:vocab]
    kvs = [kv_str("general.architecture", arch), kv_u32(f"{arch}.block_count", 1),
           kv_u32(f"{arch}.context_length", ctx), kv_u32(f"{arch}.embedding_length", d),
           kv_u32(f"{arch}.feed_forward_length", 4 * d), kv_u32(f"{arch}.attention.head_count", 2),
           kv_f32(f"{arch}.attention.layer_norm_epsilon", 1e-5), kv_str("tokenizer.ggml.model", "gpt2"),
           kv_str("tokenizer.ggml.pre", "gpt-2"), kv_strings("tokenizer.ggml.tokens", tokens),
           kv_ints("tokenizer.ggml.token_type", [1] * len(tokens)), kv_strings("tokenizer.ggml.merges", [])]
    rng = np.random.default_rng(0)
    r = lambda *shape: rng.standard_normal(shape).astype(np.float32) * 0.2  # noqa: E731
    tensors = [("token_embd.weight", r(vocab, d)), ("position_embd.weight", r(ctx, d)),
               ("output_norm.weight", np.ones(d, np.float32)), ("output_norm.bias", r(d))]
    for part, shape in (("attn_norm", None), ("attn_qkv", (3 * d, d)), ("attn_output", (d, d)), ("ffn_norm", None),
                        ("ffn_up", (4 * d, d)), ("ffn_down", (d, 4 * d))):
        w = np.ones(d, np.float32) if shape is None else r(*shape)
        tensors += [(f"blk.0.{part}.weight", w), (f"blk.0.{part}.bias", r(w.shape[0]))]
    return kvs, tensors


def write_gguf(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def build_gguf_big_array(folder: Path) -> Path:
    """A working tiny model plus one uint8 metadata array of 15 M elements (5.4 GB in the gguf package's reader)."""
    kvs, tensors = tiny_gguf_parts()
    return write_gguf(folder / "big-array.gguf", gguf_bytes(kvs + [kv_u8_array("junk.bytes", 15_000_000)], tensors))


def build_gguf_long_array(folder: Path) -> Path:
    """An array that claims 2^40 elements in a file of a few kilobytes."""
    kvs, tensors = tiny_gguf_parts()
    return write_gguf(folder / "long-array.gguf", gguf_bytes([kv_u8_array("junk.bytes", 16, 2 ** 40)] + kvs, tensors))


def build_gguf_many_keys(folder: Path) -> Path:
    kvs, tensors = tiny_gguf_parts()
    return write_gguf(folder / "many-keys.gguf", gguf_bytes(kvs, tensors, n_kv=10 ** 9))


def build_gguf_many_strings(folder: Path) -> Path:
    """A vocabulary that claims 16 M tokens and holds 256."""
    kvs, tensors = tiny_gguf_parts()
    kvs = [k if b"tokenizer.ggml.tokens" not in k[:40] else kv_strings("tokenizer.ggml.tokens", byte_alphabet(),
                                                                       16_000_000) for k in kvs]
    return write_gguf(folder / "many-strings.gguf", gguf_bytes(kvs, tensors))


def build_gguf_huge_tensor(folder: Path) -> Path:
    """A header that declares a 2^20 x 2^20 float32 tensor (4 TB) in a file of a few kilobytes."""
    kvs, tensors = tiny_gguf_parts()
    tensors = [t for t in tensors if t[0] != "token_embd.weight"] + [("token_embd.weight", (2 ** 20, 2 ** 20), 0, 0)]
    return write_gguf(folder / "huge-tensor.gguf", gguf_bytes(kvs, tensors))


def build_gguf_tensor_past_end(folder: Path) -> Path:
    """A plausible 4 MB tensor whose bytes the file does not hold."""
    kvs, tensors = tiny_gguf_parts()
    tensors = [t for t in tensors if t[0] != "token_embd.weight"] + [("token_embd.weight", (1024, 1024), 0, 0)]
    return write_gguf(folder / "past-end.gguf", gguf_bytes(kvs, tensors))


# ---------------------------------------------------------------- Hugging Face folders

def hf_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps({"architectures": ["GPT2LMHeadModel"], "vocab_size": 10,
                                                    "n_layer": 1, "n_head": 2, "n_embd": 8, "n_positions": 16}))
    (folder / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nb\nc\nd\ne\n")
    return folder


def write_index(folder: Path, weight_map: dict | str) -> Path:
    text = weight_map if isinstance(weight_map, str) else json.dumps({"metadata": {}, "weight_map": weight_map})
    (folder / "model.safetensors.index.json").write_text(text)
    return folder


def build_index_many_shards(folder: Path) -> Path:
    return write_index(hf_folder(folder), {f"t{i}": f"model-{i:05d}.safetensors" for i in range(MAX_SHARDS + 1)})


def build_index_too_big(folder: Path) -> Path:
    hf_folder(folder)
    with (folder / "model.safetensors.index.json").open("w") as f:
        f.write('{"weight_map": {"a": "model.safetensors"}, "padding": "')
        f.write("x" * MAX_JSON_BYTES)
        f.write('"}')
    return folder


def build_deep_config(folder: Path) -> Path:
    hf_folder(folder)
    (folder / "config.json").write_text("[" * 100_000 + "]" * 100_000)
    return folder


# ---------------------------------------------------------------- the worst cases, for the benchmark too

# name → (builder, what the refusal must say; None: the file opens)
WORST_CASES = {
    "meta.pkl: 3 nested lists of 1,000 shared refs": (build_meta_bomb, "no 'stoi' table"),
    "meta.pkl: the same beside a vocabulary": (build_meta_bomb_inside, None),
    "ckpt.pt: os.system in the pickle": (build_zip_ckpt_with_code, "contains program code"),
    "ckpt.pt: 64 MB data.pkl of opcodes": (build_ckpt_pickle_too_big, "data.pkl"),
    "ckpt.pt: deflated tensor record (zip bomb)": (build_ckpt_zip_bomb, "would unpack"),
    "GGUF: uint8 array of 15 M (15 MB file)": (build_gguf_big_array, None),
    "GGUF: array claiming 2^40 elements": (build_gguf_long_array, "1,099,511,627,776 elements"),
    "GGUF: 10^9 metadata keys declared": (build_gguf_many_keys, "metadata entries"),
    "GGUF: vocabulary claiming 16 M tokens": (build_gguf_many_strings, "runs past the end"),
    "GGUF: 2^20 x 2^20 tensor declared": (build_gguf_huge_tensor, "more than"),
    "GGUF: 4 MB tensor past the end": (build_gguf_tensor_past_end, "truncated"),
    "HF: index naming 10,001 shards": (build_index_many_shards, "more than"),
    "HF: 64 MB shard index": (build_index_too_big, "a JSON file may have"),
    "HF: config.json nested 100,000 deep": (build_deep_config, "nested more than"),
}
# ---------------------------------------------------------------- 1. meta.pkl

def test_shared_reference_bomb_is_walked_once(tmp_path):
    data = pickle.dumps(shared_reference_bomb(), protocol=2)
    assert len(data) < 10_000  # a 6 KB file that is 10^9 nodes as a tree
    result = open_isolated(build_meta_bomb(tmp_path))
    assert result["outcome"].startswith("REFUSED ") and "no 'stoi' table" in result["outcome"], result
    assert result["load_s"] < 5, result


def test_bomb_beside_a_vocabulary_opens_fast(tmp_path):
    result = open_isolated(build_meta_bomb_inside(tmp_path))
    assert result["outcome"] == "LOADED nanogpt", result


def test_plain_data_check_stops_at_the_node_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PICKLE_NODES", 5_000)
    write_nano(tmp_path, pickle.dumps(plain_meta(junk=[[i] for i in range(10_000)])))
    refused(tmp_path / "ckpt.pt", "meta.pkl", "refused", "more than 5,000 objects")
    big = pickle.dumps(plain_meta(junk=[[i, str(i)] for i in range(200_000)]))
    assert len(big) > safe_pickle._FAST_BYTES  # the counting unpickler stops it while it unpickles
    write_nano(tmp_path, big)
    refused(tmp_path / "ckpt.pt", "meta.pkl", "refused", "more than 5,000 objects")


@pytest.mark.parametrize("value, words", [
    ([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], ("nested deeper than",)),
    (None, ("contains itself",)),
])
def test_deep_or_cyclic_meta_is_refused(tmp_path, value, words):
    if value is None:
        value = []
        value.append(value)
    write_nano(tmp_path, pickle.dumps(plain_meta(junk=value)))
    refused(tmp_path / "ckpt.pt", "meta.pkl", "refused", *words)


@pytest.mark.parametrize("table, change, words", [
    ("stoi", {"a": -1}, ("stoi", "-1", "negative")),
    ("stoi", {"a": 10 ** 30}, ("stoi", "outside the model's vocabulary of 11 ids")),
    ("itos", {-5: "a"}, ("itos", "-5", "negative")),
    ("itos", {11: "z"}, ("itos", "11", "outside")),
])
def test_ids_outside_the_vocabulary_are_refused(tmp_path, table, change, words):
    meta = plain_meta()
    meta[table] = {**meta[table], **change}
    write_nano(tmp_path, pickle.dumps(meta))
    refused(tmp_path / "ckpt.pt", "meta.pkl", "refused", *words)


def test_meta_with_os_system_never_runs_it(tmp_path):
    marker = tmp_path / "pwned"
    write_nano(tmp_path, os_system_pickle(marker))
    message = refused(tmp_path / "ckpt.pt", "meta.pkl", "contains program code", "os.system", "not opened")
    assert "Re-running" not in message
    assert not marker.exists()


def test_meta_pkl_too_big_is_refused_unread(tmp_path):
    write_nano(tmp_path)
    with (tmp_path / "meta.pkl").open("wb") as f:
        f.truncate(limits.MAX_PICKLE_BYTES + 1)  # sparse: 64 MB that take no disk
    refused(tmp_path / "ckpt.pt", "meta.pkl", "too large")


# ---------------------------------------------------------------- 4. PyTorch files with code

def test_zip_ckpt_with_code_says_so_plainly(tmp_path):
    path = build_zip_ckpt_with_code(tmp_path)
    message = refused(path, "ckpt.pt", "refused: the file contains program code", "system", "not opened")
    assert "Re-running" not in message and "weights_only" not in message and "torch.load" not in message
    assert not (tmp_path / "pwned").exists()


def test_legacy_ckpt_with_code_says_so_plainly(tmp_path):
    marker = tmp_path / "pwned"
    with open(tmp_path / "ckpt.pt", "wb") as f:
        pickle.dump({"model_args": nano_args(), "model": Payload(marker)}, f, protocol=2)
    message = refused(tmp_path / "ckpt.pt", "contains program code", "system")
    assert "Re-running" not in message
    assert not marker.exists()


def test_zip_ckpt_with_huge_pickle_is_refused_before_unpickling(tmp_path):
    result = open_isolated(build_ckpt_pickle_too_big(tmp_path))
    assert result["outcome"].startswith("REFUSED ") and "data.pkl" in result["outcome"], result
    assert f"{MAX_TORCH_PICKLE_BYTES:,}" in result["outcome"]
    assert result["load_s"] < 2, result


def test_zip_bomb_record_is_refused(tmp_path):
    refused(build_ckpt_zip_bomb(tmp_path), "would unpack")


def test_zip_ckpt_with_too_many_records_is_refused(tmp_path):
    path = tmp_path / "ckpt.pt"
    with zipfile.ZipFile(path, "w") as out:  # 100,001 empty records: 10 MB
        for i in range(100_001):
            out.writestr(f"archive/data/{i}", b"")
    refused(path, "100,001 records")


def test_truncated_zip_ckpt(tmp_path):
    path = write_nano(tmp_path)
    path.write_bytes(path.read_bytes()[:-30])
    refused(path, "truncated")


@pytest.mark.parametrize("extra", [
    {"iter_num": "not a number", "best_val_loss": float("nan")},
    {"iter_num": 10 ** 400, "best_val_loss": 10 ** 400},
    {"best_val_loss": torch.ones(3)},
])
def test_odd_training_records_do_not_break_loading(tmp_path, extra):
    write_nano(tmp_path, pickle.dumps(plain_meta()), **extra)
    loaded = load_model(tmp_path / "ckpt.pt", device="cpu")
    assert "val_loss" not in loaded.metadata or loaded.metadata["val_loss"] == loaded.metadata["val_loss"]


@pytest.mark.parametrize("args, words", [
    ({"n_embd": float("inf")}, ("model_args",)),
    ({"n_head": 0}, ("model_args",)),
    ({"vocab_size": "x" * 100_000}, ("model_args",)),
])
def test_broken_model_args_give_a_checkpoint_error(tmp_path, args, words):
    torch.save({"model_args": {**nano_args(), **args}, "model": nano_state()}, tmp_path / "ckpt.pt")
    (tmp_path / "meta.pkl").write_bytes(pickle.dumps(plain_meta()))
    message = refused(tmp_path / "ckpt.pt", *words)
    assert len(message) < 500


def test_state_dict_of_non_tensors_gives_a_checkpoint_error(tmp_path):
    state = {k: 1 for k in nano_state()}
    torch.save({"model_args": nano_args(), "model": state}, tmp_path / "ckpt.pt")
    (tmp_path / "meta.pkl").write_bytes(pickle.dumps(plain_meta()))
    refused(tmp_path / "ckpt.pt")


# ---------------------------------------------------------------- 2. GGUF

def test_tiny_gguf_opens(tmp_path):
    kvs, tensors = tiny_gguf_parts()
    loaded = load_model(write_gguf(tmp_path / "tiny.gguf", gguf_bytes(kvs, tensors)), device="cpu")
    assert loaded.format == "gguf" and loaded.cfg.vocab_size == 256
    assert loaded.tokenizer.decode(loaded.tokenizer.encode("hallo").ids) == "hallo"


def test_gguf_big_metadata_array_opens_in_little_memory(tmp_path):
    path = build_gguf_big_array(tmp_path)
    assert path.stat().st_size < 16_000_000
    result = open_isolated(path)
    assert result["outcome"] == "LOADED gguf", result
    assert result["peak_mb"] < 700, result  # imports ~250 MB; the gguf package's reader took 5.4 GB


GGUF_SIZE_CASES = [
    (build_gguf_long_array, ("'junk.bytes'", "1,099,511,627,776 elements")),
    (build_gguf_many_keys, ("1,000,000,000 metadata entries", f"{MAX_GGUF_KEYS:,}")),
    (build_gguf_many_strings, ("tokenizer.ggml.tokens", "runs past the end")),
    (build_gguf_huge_tensor, ("token_embd.weight", "(1048576, 1048576)", "more than")),
    (build_gguf_tensor_past_end, ("token_embd.weight", "truncated", "4,194,304 bytes")),
]


def test_gguf_sizes_are_checked_before_anything_is_read(tmp_path):
    paths = [build(tmp_path / build.__name__) for build, _ in GGUF_SIZE_CASES]
    for (build, words), result in zip(GGUF_SIZE_CASES, open_isolated_all(paths)):
        assert result["outcome"].startswith("REFUSED "), (build.__name__, result)
        for word in words:
            assert word in result["outcome"], (build.__name__, result)
        assert result["load_s"] < 2, (build.__name__, result)
    assert result["peak_mb"] - result["base_mb"] < 200, result  # nothing the headers declare was allocated


def test_gguf_header_limits_in_process(tmp_path):
    kvs, tensors = tiny_gguf_parts()
    path = tmp_path / "x.gguf"
    write_gguf(path, gguf_bytes(kvs, tensors, n_tensors=10 ** 7))
    refused(path, "10,000,000 tensors")
    write_gguf(path, gguf_bytes(kvs + [kv(f"k{i}", 0, b"\0") for i in range(10)], tensors, n_kv=MAX_GGUF_KEYS + 1))
    refused(path, "metadata entries")
    write_gguf(path, gguf_bytes(kvs + [kv("nested", 9, struct.pack("<IQ", 9, 1) + struct.pack("<IQ", 0, 0))], tensors))
    refused(path, "array of arrays")
    write_gguf(path, gguf_bytes(kvs + [kv("odd", 77, b"")], tensors))
    refused(path, "unknown value type 77")
    write_gguf(path, gguf_bytes(kvs, tensors[:-1] + [("blk.0.ffn_down.bias", (8, 1, 1, 1, 1), 0, 0)]))
    refused(path, "5 dimensions")
    write_gguf(path, gguf_bytes(kvs, tensors[:-1] + [("blk.0.ffn_down.bias", (8,), 99, 0)]))
    refused(path, "unknown type 99")
    write_gguf(path, gguf_bytes(kvs, tensors + [tensors[0]]))
    refused(path, "appears twice")
    write_gguf(path, gguf_bytes(kvs + [kv_u32("general.alignment", 48)], tensors))
    refused(path, "power of two")


def test_truncated_gguf_header(tmp_path):
    kvs, tensors = tiny_gguf_parts()
    data = gguf_bytes(kvs, tensors)
    path = tmp_path / "cut.gguf"
    for keep in (4, 10, 23, 24, 40, 200, 3000, 5000, len(data) - 10):
        write_gguf(path, data[:keep])
        refused(path, "cut.gguf", "truncated")


def test_gguf_with_more_tokens_than_embedding_rows(tmp_path):
    kvs, tensors = tiny_gguf_parts(vocab=128)
    kvs = [k for k in kvs if b"tokenizer.ggml.tokens" not in k[:40] and b"token_type" not in k[:40]]
    kvs += [kv_strings("tokenizer.ggml.tokens", byte_alphabet()), kv_ints("tokenizer.ggml.token_type", [1] * 256)]
    refused(write_gguf(tmp_path / "x.gguf", gguf_bytes(kvs, tensors)), "256 tokens", "128 rows")


@pytest.mark.parametrize("change, words", [
    (lambda kvs: kvs + [kv_u32("general.architecture.x", 1)], None),  # harmless extra key: opens
    (lambda kvs: [k for k in kvs if b"head_count" not in k[:40]] + [kv_u32("gpt2.attention.head_count", 0)], ()),
    (lambda kvs: [k for k in kvs if b"general.architecture" not in k[:40]] + [kv_ints("general.architecture", [1])],
     ("architecture",)),
    (lambda kvs: [k for k in kvs if b"tokenizer.ggml.tokens" not in k[:40]] + [kv_ints("tokenizer.ggml.tokens", [1])],
     ("tokenizer.ggml.tokens", "does not hold texts")),
    (lambda kvs: [k for k in kvs if b"tokenizer.ggml.tokens" not in k[:40]] +
     [kv("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 1) + _s(b"\xff\xfe"))], ("not UTF-8",)),
    (lambda kvs: [k for k in kvs if b"ggml.model" not in k[:40]] + [kv_str("tokenizer.ggml.model", "x" * 10_000)],
     ("is not supported",)),
])
def test_odd_gguf_metadata_gives_a_checkpoint_error(tmp_path, change, words):
    kvs, tensors = tiny_gguf_parts()
    path = write_gguf(tmp_path / "odd.gguf", gguf_bytes(change(kvs), tensors))
    if words is None:
        assert load_model(path, device="cpu").format == "gguf"
        return
    message = refused(path, *words)
    assert len(message) < 600, message


def test_llama_gguf_with_zero_heads(tmp_path):
    kvs = [kv_str("general.architecture", "llama"), kv_u32("llama.block_count", 1),
           kv_u32("llama.embedding_length", 8), kv_u32("llama.feed_forward_length", 16),
           kv_u32("llama.attention.head_count", 0)]
    refused(write_gguf(tmp_path / "zero.gguf", gguf_bytes(kvs, [("token_embd.weight", np.zeros((4, 8), np.float32))])))


def test_registry_scan_uses_the_checked_header(tmp_path):
    from explainer.core.checkpoints.gguf import scan_metadata

    kvs, tensors = tiny_gguf_parts()
    meta, shapes = scan_metadata(write_gguf(tmp_path / "ok.gguf", gguf_bytes(kvs + [kv_u8_array("junk", 1000)],
                                                                             tensors)))
    assert meta["general.architecture"] == "gpt2" and meta["junk"] == 1000 and meta["tokenizer.ggml.tokens"] == 256
    assert shapes["token_embd.weight"] == (256, 8)
    with pytest.raises(CheckpointError, match="more than"):
        scan_metadata(build_gguf_huge_tensor(tmp_path))


# ---------------------------------------------------------------- 3. sharded Hugging Face index

@pytest.mark.parametrize("name, words", [
    ("../outside.safetensors", ("'../outside.safetensors'", "outside the model folder")),
    ("/etc/passwd.safetensors", ("outside the model folder",)),
    ("C:\\Windows\\x.safetensors", ("outside the model folder",)),
    ("sub/../../x.safetensors", ("outside the model folder",)),
    ("model.bin", ("not a .safetensors file",)),
    (7, ("not a file name",)),
])
def test_index_naming_files_outside_the_folder_is_refused(tmp_path, name, words):
    folder = write_index(hf_folder(tmp_path / "model"), {"a": name})
    (tmp_path / "outside.safetensors").write_bytes(b"x")
    refused(folder, "model.safetensors.index.json", *words)


def test_index_with_a_link_out_of_the_folder_is_refused(tmp_path):
    folder = hf_folder(tmp_path / "model")
    (tmp_path / "secret.safetensors").write_bytes(b"x")
    (folder / "model-1.safetensors").symlink_to(tmp_path / "secret.safetensors")
    write_index(folder, {"a": "model-1.safetensors"})
    refused(folder, "model.safetensors.index.json", "link to a file outside the model folder")


def test_index_in_the_hugging_face_cache_layout_is_accepted(tmp_path):
    blobs = tmp_path / "models--x--y" / "blobs"
    snapshot = tmp_path / "models--x--y" / "snapshots" / "abc123"
    blobs.mkdir(parents=True)
    hf_folder(snapshot)
    (blobs / "0123abcd").write_bytes(b"x")
    (snapshot / "model-1.safetensors").symlink_to("../../blobs/0123abcd")
    write_index(snapshot, {"a": "model-1.safetensors"})
    assert huggingface.weight_files(snapshot) == [snapshot / "model-1.safetensors"]


def test_index_with_too_many_shards_is_refused(tmp_path):
    refused(build_index_many_shards(tmp_path), "model.safetensors.index.json", f"more than {MAX_SHARDS:,} files")


def test_index_too_big_is_refused(tmp_path):
    refused(build_index_too_big(tmp_path), "model.safetensors.index.json", "a JSON file may have")


@pytest.mark.parametrize("target", ["config.json", "tokenizer.json", "model.safetensors.index.json"])
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_deeply_nested_json_is_refused(tmp_path, target, depth):
    folder = hf_folder(tmp_path)
    (folder / target).write_text("[" * depth + "]" * depth)
    refused(folder, target, f"nested more than {MAX_JSON_DEPTH} levels")


def test_nesting_at_the_limit_is_fine(tmp_path):
    folder = hf_folder(tmp_path)
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    (folder / "model.safetensors.index.json").write_text('{"weight_map": {"a": "m.safetensors"}, "x": ' + nested + "}")
    refused(folder, "m.safetensors", "missing")  # past the index: only the shard is missing


def test_config_with_odd_values_gives_a_checkpoint_error(tmp_path):
    folder = hf_folder(tmp_path)
    for config in ({"architectures": ["LlamaForCausalLM"], "hidden_size": 8, "num_attention_heads": 0,
                    "vocab_size": 4, "num_hidden_layers": 1, "intermediate_size": 8},
                   {"architectures": ["LlamaForCausalLM"], "hidden_size": 8, "num_attention_heads": 2,
                    "vocab_size": 4, "num_hidden_layers": 1, "intermediate_size": 8,
                    "max_position_embeddings": float("inf")},
                   {"architectures": {"x": 1}}, {"architectures": [["GPT2LMHeadModel"]]}, [1, 2]):
        (folder / "config.json").write_text(json.dumps(config))
        refused(folder, "config.json")


def test_safetensors_header_larger_than_allowed(tmp_path):
    folder = hf_folder(tmp_path)
    (folder / "model.safetensors").write_bytes(struct.pack("<Q", 2 ** 40) + b"{}")
    refused(folder, "model.safetensors", "header claims")


def test_a_pipe_is_never_opened(tmp_path):
    """Opening a FIFO for reading waits for a writer forever: a pipe named like a model or a config is refused first."""
    import os

    from explainer.core import jsonfile
    from explainer.core.checkpoints import CheckpointError, load_model

    pipe = tmp_path / "model.gguf"
    os.mkfifo(pipe)
    with pytest.raises(CheckpointError, match="not a file or a folder"):
        load_model(pipe)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "config.json")
    with pytest.raises(jsonfile.JSONFileError, match="not a regular file"):
        jsonfile.read(folder / "config.json")
