"""A file that will not open is explained in the interface language, not in the core's English.

Every problem here is real: a bad model file, folder or session file is made
in ``tmp_path`` (with the writers of the core's hostile-file tests) and opened
through the core, and a download goes wrong against the local Hub of
``tests/hub``; the CheckpointError's, SessionError's or HubError's problem is then put
through ``explainer.gui.problems``. In Dutch each must come out different from
the English, keep its variable parts (names, numbers as Dutch writes them) and
no longer read as any English family; every problem must belong to a family;
text no family knows comes back as it was. Finally a Dutch window that opens a
bad model, or a bad session file, shows the Dutch problem in its dialog.
"""

from __future__ import annotations

import json
import pickle
import struct
import threading
from pathlib import Path

import pytest
import torch
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from explainer.core.checkpoints import CheckpointError, limits, load_model
from explainer.core.checkpoints.native import save_checkpoint
from explainer.core.session import SessionError, load_session
from explainer.gui import language, problems
from explainer.gui.problems import translate_message, translate_problem
from tests.conftest import ALPHABET, make_tiny_model
from tests.core.test_hostile_files import (build_ckpt_zip_bomb, build_zip_ckpt_with_code, byte_alphabet, gguf_bytes,
                                           hf_folder, kv, kv_ints, kv_str, kv_strings, kv_u32, nano_args, nano_state,
                                           os_system_pickle, plain_meta, tiny_gguf_parts, write_gguf, write_index,
                                           write_nano)
from tests.core.test_hostile_sessions import GOOD, THEMES

# -- the bad files: each builder makes one in ``folder`` and returns what to open ---------------


def native(folder: Path, **fields) -> Path:
    """The product's own tiny model folder, its config.json's ``explainer`` entry changed by ``fields``."""
    tiny = make_tiny_model()
    save_checkpoint(tiny.model, tiny.tokenizer, folder, {"step": 3})
    path = folder / "config.json"
    data = json.loads(path.read_text())
    data["explainer"].update(fields)
    path.write_text(json.dumps(data))
    return folder


def gguf(folder: Path, kvs=None, tensors=None, **counts) -> Path:
    base_kvs, base_tensors = tiny_gguf_parts()
    kvs = base_kvs if kvs is None else kvs(base_kvs)
    tensors = base_tensors if tensors is None else tensors(base_tensors)
    return write_gguf(folder / "odd.gguf", gguf_bytes(kvs, tensors, **counts))


def replaced(kvs: list[bytes], key: bytes, new: bytes) -> list[bytes]:
    return [k for k in kvs if key not in k[:40]] + [new]


def meta(folder: Path, data: bytes) -> Path:
    return write_nano(folder, data)


def with_node_limit(folder: Path) -> Path:
    write_nano(folder, pickle.dumps(plain_meta(junk=[[i] for i in range(10_000)])))
    return folder / "ckpt.pt"


def cyclic_meta(folder: Path) -> Path:
    loop: list = []
    loop.append(loop)
    return write_nano(folder, pickle.dumps(plain_meta(junk=loop)))


def truncated_zip(folder: Path) -> Path:
    path = write_nano(folder)
    path.write_bytes(path.read_bytes()[:-30])
    return path


def model_args(folder: Path, **args) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    torch.save({"model_args": {**nano_args(), **args}, "model": nano_state()}, folder / "ckpt.pt")
    (folder / "meta.pkl").write_bytes(pickle.dumps(plain_meta()))
    return folder / "ckpt.pt"


def hf_config(folder: Path, config: dict) -> Path:
    hf_folder(folder)
    (folder / "config.json").write_text(json.dumps(config))
    return folder


def int_weights(folder: Path) -> Path:
    from safetensors.torch import load_file, save_file

    native(folder)
    state = load_file(str(folder / "model.safetensors"))
    state["blocks.0.ln_1.weight"] = state["blocks.0.ln_1.weight"].to(torch.int64)
    save_file(state, str(folder / "model.safetensors"))
    return folder


def write_file(folder: Path, name: str, data: bytes | str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def beside(folder: Path, name: str, data: str, **fields) -> Path:
    native(folder, **fields)
    (folder / name).write_text(data)
    return folder


def huge_header(folder: Path) -> Path:
    hf_folder(folder)
    (folder / "model.safetensors").write_bytes(struct.pack("<Q", 2 ** 40) + b"{}")
    return folder


def small_vocabulary(folder: Path) -> Path:
    from explainer.core.config import gpt2_config
    from explainer.core.tokenizers import CharTokenizer
    from explainer.core.transformer import Transformer

    tok = CharTokenizer({c: i for i, c in enumerate(ALPHABET)})
    model = Transformer(gpt2_config(vocab_size=40, n_layer=1, n_head=2, d_model=16, max_seq_len=32))
    return save_checkpoint(model, tok, folder)


def too_many_tokens(folder: Path) -> Path:
    kvs, tensors = tiny_gguf_parts(vocab=128)
    kvs = [k for k in kvs if b"tokenizer.ggml.tokens" not in k[:40] and b"token_type" not in k[:40]]
    kvs += [kv_strings("tokenizer.ggml.tokens", byte_alphabet()), kv_ints("tokenizer.ggml.token_type", [1] * 256)]
    return write_gguf(folder / "x.gguf", gguf_bytes(kvs, tensors))


def truncated_gguf(folder: Path, keep: int) -> Path:
    kvs, tensors = tiny_gguf_parts()
    return write_gguf(folder / "cut.gguf", gguf_bytes(kvs, tensors)[:keep])


# case → (builder, parts the Dutch text must keep: names as they are, numbers as Dutch writes them)
MODEL_CASES = {
    "empty": (lambda f: write_file(f, "model.gguf", b""), ()),
    "not a model": (lambda f: write_file(f, "notes.txt", "hallo"), ()),
    "empty folder": (lambda f: (f.mkdir(), f)[1], ()),
    "no such file": (lambda f: f / "nothing-here", ()),
    "gguf magic": (lambda f: write_file(f, "model.gguf", b"GGML" + bytes(100)), ("b'GGML'",)),
    "gguf version": (lambda f: write_file(f, "model.gguf", b"GGUF" + struct.pack("<I", 7) + bytes(100)), ("7",)),
    "gguf keys": (lambda f: gguf(f, lambda k: k + [kv(f"k{i}", 0, b"\0") for i in range(10)],
                                 n_kv=limits.MAX_GGUF_KEYS + 1), ("100.001", "100.000")),
    "gguf tensors": (lambda f: gguf(f, n_tensors=10 ** 7), ("10.000.000", "100.000")),
    "gguf array of arrays": (lambda f: gguf(f, lambda k: k + [kv("nested", 9, struct.pack("<IQ", 9, 1)
                                                                   + struct.pack("<IQ", 0, 0))]), ("'nested'",)),
    "gguf value type": (lambda f: gguf(f, lambda k: k + [kv("odd", 77, b"")]), ("'odd'", "77")),
    "gguf dimensions": (lambda f: gguf(f, tensors=lambda t: t[:-1] + [("blk.0.ffn_down.bias", (8, 1, 1, 1, 1), 0, 0)]),
                        ("'blk.0.ffn_down.bias'", "5", "4")),
    "gguf type": (lambda f: gguf(f, tensors=lambda t: t[:-1] + [("blk.0.ffn_down.bias", (8,), 99, 0)]),
                  ("'blk.0.ffn_down.bias'", "99")),
    "gguf twice": (lambda f: gguf(f, tensors=lambda t: t + [t[0]]), ("'token_embd.weight'",)),
    "gguf alignment": (lambda f: gguf(f, lambda k: k + [kv_u32("general.alignment", 48)]), ("48",)),
    "gguf cut short": (lambda f: truncated_gguf(f, 200), ("tot voorbij het einde",)),
    "gguf vocabulary": (too_many_tokens, ("256", "128")),
    "gguf token texts": (lambda f: gguf(f, lambda k: replaced(k, b"tokenizer.ggml.tokens",
                                                              kv_ints("tokenizer.ggml.tokens", [1]))),
                         ("tokenizer.ggml.tokens",)),
    "gguf tokenizer type": (lambda f: gguf(f, lambda k: replaced(k, b"ggml.model",
                                                                 kv_str("tokenizer.ggml.model", "bert"))),
                            ("bert",)),
    "gguf architecture": (lambda f: gguf(f, lambda k: replaced(k, b"general.architecture",
                                                               kv_str("general.architecture", "mamba"))),
                          ("'mamba'", "llama, qwen2, qwen3, gemma, gemma2, gemma3, gpt2")),
    "ckpt with code": (build_zip_ckpt_with_code, ("system",)),
    "meta.pkl with code": (lambda f: meta(f, os_system_pickle(f / "pwned")), ("os.system",)),
    "meta.pkl too many objects": (with_node_limit, ("5.000",)),
    "meta.pkl in a loop": (cyclic_meta, ()),
    "meta.pkl negative id": (lambda f: meta(f, pickle.dumps(plain_meta(stoi={"a": -1}))), ("stoi", "-1")),
    "zip bomb": (build_ckpt_zip_bomb, ("52.428.800",)),
    "truncated zip": (truncated_zip, ()),
    "model_args": (lambda f: model_args(f, n_head=0), ("n_head", "1.024")),
    "shard outside": (lambda f: write_index(hf_folder(f), {"a": "../outside.safetensors"}),
                      ("'../outside.safetensors'",)),
    "shard kind": (lambda f: write_index(hf_folder(f), {"a": "model.bin"}), ("'model.bin'", ".safetensors")),
    "deep config": (lambda f: write_file(hf_folder(f), "config.json", "[" * 100 + "]" * 100).parent, ("64",)),
    "architecture": (lambda f: hf_config(f, {"architectures": ["FancyNewForCausalLM"]}),
                     ("'FancyNewForCausalLM'", "GPT-2, LLaMA")),
    "lacking field": (lambda f: hf_config(f, {"architectures": ["GPT2LMHeadModel"]}), ("'vocab_size'",)),
    "zero heads": (lambda f: hf_config(f, {"architectures": ["LlamaForCausalLM"], "vocab_size": 100,
                                           "num_hidden_layers": 2, "num_attention_heads": 0, "hidden_size": 64,
                                           "intermediate_size": 10}), ("'num_attention_heads'", "minstens 1")),
    "header claims": (huge_header, ("1.099.511.627.776", "67.108.864")),
    "no weights": (hf_folder, ()),
    "config range": (lambda f: native(f, n_layer=0), ("n_layer", "512", "0")),
    "config fields": (lambda f: native(f, n_layers=3), ("n_layers",)),
    "config choice": (lambda f: native(f, norm="batchnorm"), ("norm", "'batchnorm'", "'layernorm'")),
    "weights and config": (lambda f: native(f, n_layer=3), ("config.json", "'blocks.2.")),
    "metadata": (lambda f: beside(f, "metadata.json", json.dumps({"step": "abc"})), ("'step'", "'abc'")),
    "tokenizer ids": (small_vocabulary, ("40", str(len(ALPHABET) - 1))),
    "char tokenizer": (lambda f: beside(f, "tokenizer.json", json.dumps({"type": "char", "itos": [1, 2]})),
                       ("'itos'",)),
    "dtype": (int_weights, ("'blocks.0.ln_1.weight'", "I64")),
}

SESSION_CASES = {
    "version": ({"version": "abc"}, ("version", "'abc'")),
    "text": ({"text": 12345}, ("text", "12345")),
    "newer": ({"version": 99}, ()),
    "temperature": ({"temperature": -1}, ("temperature", "-1", "0", "5")),
    "zoom": ({"settings": {"zoom": 4.5}}, ("zoom", "4,5", "0,5")),
    "ablations": ({"ablations": {"kind": "head"}}, ("ablations", "{'kind': 'head'}")),
    "ablation object": ({"ablations": [1]}, ("1",)),
    "ablation kind": ({"ablations": [{"kind": "brain", "layer": 0}]}, ("kind", "'brain'", "head")),
    "ablation field": ({"ablations": [{"kind": "head", "layer": 0, "colour": "red"}]}, ("'colour'",)),
    "layout": ({"layout": "not base64!"}, ("layout", "base64")),
    "theme": ({"settings": {"theme": "neon"}}, ("theme", "'neon'", "light, dark, contrast")),
    "long text": ({"text": "x" * (limits.MAX_TEXT_CHARS + 1)}, ("text", "200.001", "200.000")),
    "NUL": ({"model_path": "a\x00b"}, ("model_path",)),
    "no text": ("[1, 2, 3]", ()),
    "not JSON": ("{nope", ()),
    "too deep": ('{"text": "x", "settings": ' + "[" * 100 + "]" * 100 + "}", ("64",)),
    "folder": ("folder", ()),
    "missing": ("missing", ()),
}


# downloads: case → parts the Dutch text must keep; each problem is made by the real downloader against the
# local Hub of tests/hub (hub_problems below)
HUB_CASES = {
    "gated": ("tiny/gated", "`hf auth login`", "HF_TOKEN"),
    "gated with a token": ("tiny/gated",),
    "no model": ("nobody/nothing",),
    "no revision": ("'v9'",),
    "no safetensors": ("pytorch_model.bin",),
    "not a model": ("notes.txt",),
    "disk": ("HF_HUB_CACHE", "1,0 MB"),
    "offline": ("HF_HUB_OFFLINE",),
    "refused": ("de verbinding werd geweigerd",),
    "bad name": ("'not a name!'",),
    "dropped": ("model.safetensors", "KB"),
    "stopped": (),
    "stopped while checking": (),
    "bad transfer": ("model.safetensors",),
    "damaged copy": ("1.000", "tiny/model"),
    "damaged download": ("model.safetensors", "afgekapt of beschadigd", "'w'"),
    "incomplete download": ("tokenizer.json",),
    "cache not writable": ("HF_HUB_CACHE", "a-file"),
}


def hub_problems(root: Path) -> dict[str, str]:
    """Every download problem of HUB_CASES, in the core's English, from a local Hub with small real repositories."""
    import socket

    from safetensors.torch import save_file

    from explainer.core import hub
    from explainer.core.checkpoints.hf_cache import snapshot_problem
    from tests.hub.hub_server import HubServer

    save_file({"w": torch.zeros(4000)}, str(root / "w.safetensors"))
    files = {"config.json": b'{"model_type": "gpt2"}', "model.safetensors": (root / "w.safetensors").read_bytes(),
             "tokenizer.json": b"{}"}
    found: dict[str, str] = {}

    def problem(case: str, call, *args, **kwargs) -> None:
        with pytest.raises(hub.HubError) as info:
            call(*args, **kwargs)
        found[case] = info.value.message

    with HubServer() as server, pytest.MonkeyPatch.context() as mp:
        server.add("tiny/model", files)
        server.add("tiny/gated", files, gated=True)
        server.add("tiny/bin-only", {"config.json": b"{}", "pytorch_model.bin": b"x"})
        server.add("tiny/notes", {"notes.txt": b"x"})
        mp.setenv("HF_ENDPOINT", server.url)
        mp.setenv("HF_HUB_CACHE", str(root / "cache"))
        for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE"):
            mp.delenv(name, raising=False)
        problem("gated", hub.plan_download, "tiny/gated")
        problem("no model", hub.plan_download, "nobody/nothing")
        problem("no revision", hub.plan_download, "tiny/model", "v9")
        problem("no safetensors", hub.plan_download, "tiny/bin-only")
        problem("not a model", hub.plan_download, "tiny/notes")
        problem("bad name", hub.plan_download, "not a name!")
        plan = hub.plan_download("tiny/model")
        problem("disk", hub.download, plan, free_bytes=lambda _p: 2**20)
        stop = threading.Event()
        stop.set()  # pressed before the first byte
        problem("stopped", hub.download, plan, cancel=stop)
        server.drop("model.safetensors", 5000)
        problem("dropped", hub.download, plan)
        server.repos["tiny/model"].files["model.safetensors"] = b"x" * len(files["model.safetensors"])
        problem("bad transfer", hub.download, plan)
        server.repos["tiny/model"].files["model.safetensors"] = files["model.safetensors"]
        folder = hub.download(plan)
        weights = (folder / "model.safetensors").resolve()
        weights.write_bytes(weights.read_bytes()[:1000])
        found["damaged download"] = snapshot_problem(folder)
        problem("damaged copy", hub.download, plan)
        problem("stopped while checking", hub.download, plan, cancel=stop, force=True)
        (folder / "tokenizer.json").resolve().unlink()
        weights.write_bytes(files["model.safetensors"])
        found["incomplete download"] = snapshot_problem(folder)
        (root / "a-file").write_text("not a folder")
        mp.setenv("HF_HUB_CACHE", str(root / "a-file" / "cache"))
        problem("cache not writable", hub.download, plan)
        mp.setenv("HF_TOKEN", "hf_without_access")
        problem("gated with a token", hub.plan_download, "tiny/gated")
        mp.setenv("HF_HUB_OFFLINE", "1")
        problem("offline", hub.plan_download, "tiny/model")
        mp.delenv("HF_HUB_OFFLINE")
        with socket.socket() as unused:
            unused.bind(("127.0.0.1", 0))
            port = unused.getsockname()[1]
        mp.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
        problem("refused", hub.plan_download, "tiny/model")
    return found


def model_problem(folder: Path, case: str) -> str:
    build, _ = MODEL_CASES[case]
    with pytest.MonkeyPatch.context() as mp:
        if case == "meta.pkl too many objects":
            mp.setattr(limits, "MAX_PICKLE_NODES", 5_000)
        with pytest.raises(CheckpointError) as info:
            load_model(build(folder), device="cpu")
    return info.value.problem


def session_file(folder: Path, case: str) -> Path:
    content, _ = SESSION_CASES[case]
    folder.mkdir(parents=True, exist_ok=True)
    if content == "folder":
        (folder / "a folder.json").mkdir()
        return folder / "a folder.json"
    path = folder / f"{case}.explainer.json"
    if content != "missing":
        path.write_text(content if isinstance(content, str) else json.dumps({**GOOD, **content}), encoding="utf-8")
    return path


def session_problem(folder: Path, case: str) -> str:
    path = session_file(folder, case)
    with pytest.raises(SessionError) as info:
        load_session(path, themes=THEMES)
    message = str(info.value)
    assert message.startswith(f"{path}: ")
    return message[len(f"{path}: "):]


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> dict[str, str]:
    """Every case's problem, in the core's English: opened once for all the tests here."""
    root = tmp_path_factory.mktemp("bad")
    found = {f"model: {c}": model_problem(root / f"m{i}", c) for i, c in enumerate(MODEL_CASES)}
    found.update({f"session: {c}": session_problem(root / f"s{i}", c) for i, c in enumerate(SESSION_CASES)})
    found.update({f"hub: {c}": text for c, text in hub_problems(root).items()})
    return found


def parts_of(case: str) -> tuple[str, ...]:
    kind, name = case.split(": ", 1)
    if kind == "hub":
        return HUB_CASES[name]
    return (MODEL_CASES if kind == "model" else SESSION_CASES)[name][1]


CASES = ([f"model: {c}" for c in MODEL_CASES] + [f"session: {c}" for c in SESSION_CASES]
         + [f"hub: {c}" for c in HUB_CASES])


@pytest.fixture
def dutch(qapp):
    assert language.apply_language("nl", qapp)
    yield
    language.apply_language("en", qapp)


# -- (a) in Dutch: different, with its variable parts, no longer an English sentence ------------
@pytest.mark.parametrize("case", CASES)
def test_each_problem_reads_in_dutch(collected, dutch, case):
    english = collected[case]
    text = translate_problem(english)
    assert text != english, english
    for part in parts_of(case):
        assert part in text, (part, english, text)
    assert problems.match(text) is None, (english, text)  # no English family left over
    assert "\n" not in text


def test_inner_reasons_are_translated_too(collected, dutch):
    text = translate_problem(collected["model: config range"])
    assert text.startswith("geen geldige modelconfiguratie (n_layer moet tussen 1 en 512 liggen"), text
    text = translate_problem(collected["model: model_args"])
    assert "ConfigError" not in text and "moet tussen 1 en 1.024 liggen" in text, text


def test_enough_families_are_met(collected):
    assert len({problems.match(p)[0] for p in collected.values()}) >= 40


# -- (b) every real problem belongs to a family; in English nothing changes ----------------------
@pytest.mark.parametrize("case", CASES)
def test_each_problem_belongs_to_a_family(collected, case):
    assert problems.match(collected[case]) is not None, collected[case]
    assert translate_problem(collected[case]) == collected[case]  # English: as the core wrote it


# -- (c) unknown text comes back as it was -------------------------------------------------------
@pytest.mark.parametrize("text", ["", "something no family knows", "the file is empty!", "TypeError: odd",
                                  "not valid JSON", "ablation x must be an object"])
def test_unknown_text_is_returned_unchanged(dutch, text):
    assert translate_problem(text) == text


def test_an_unknown_inner_reason_is_kept(dutch):
    text = translate_problem("not valid JSON (Expecting value: line 1 column 1 (char 0))")
    assert text == "geen geldige JSON (Expecting value: line 1 column 1 (char 0))"
    assert translate_message("/x/s.json: no such file", "/x/s.json") == "/x/s.json: het bestand bestaat niet"
    assert translate_message("elsewhere: no such file", "/x/s.json") == "elsewhere: no such file"


# -- (d) a Dutch window shows the Dutch problem ----------------------------------------------------
@pytest.fixture
def dutch_window(qtbot, tmp_path, tiny_model, dutch, monkeypatch):
    from explainer.gui.main_window import MainWindow

    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text, *a: shown.append((title, text)))
    win = MainWindow(lang="nl", settings=QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.state.set_model(tiny_model)
    win.shown = shown
    yield win
    win.controller.shutdown()


def test_a_bad_model_gives_a_dutch_dialog(qtbot, dutch_window, tmp_path):
    bad = write_file(tmp_path / "bad", "model.gguf", b"GGML" + bytes(100))
    old = dutch_window.state.model
    dutch_window.open_model(str(bad))
    qtbot.waitUntil(lambda: bool(dutch_window.shown), timeout=15000)
    title, text = dutch_window.shown[0]
    assert str(bad) in text
    assert "geen GGUF-bestand (het begint met b'GGML' in plaats van b'GGUF')" in text, text
    assert "not a GGUF file" not in text and "wrong magic" not in text
    assert dutch_window.state.model is old


def test_a_bad_session_gives_a_dutch_dialog(dutch_window, tmp_path):
    path = session_file(tmp_path, "temperature")
    assert not dutch_window.sessions.open_from(path)
    (title, text), = dutch_window.shown
    assert f"{path}: temperature is -1, maar moet tussen 0 en 5 liggen" in text, text
    assert "is outside" not in text


@pytest.mark.parametrize("english, dutch_text", [
    ("zoom -0.25 is outside 0.5 to 4", "zoom is -0,25, maar moet tussen 0,5 en 4 liggen"),
    ("layer 1000000000000000000000000 is outside 0 to 511",  # past 64 bits: still grouped
     "layer is 1.000.000.000.000.000.000.000.000, maar moet tussen 0 en 511 liggen"),
    ("top_p nan is outside 0 to 1", "top_p is nan, maar moet tussen 0 en 1 liggen"),
    ("is 64.5 MB, more than the 64.0 MB a JSON file may have",
     "is 64,5 MB, meer dan de 64,0 MB die een JSON-bestand mag hebben"),
])
def test_numbers_are_written_the_dutch_way(dutch, english, dutch_text):
    assert translate_problem(english) == dutch_text
