"""Every limit a file is checked against before anything large is built, walked or trusted, in one place.

A model file comes from anywhere: a download, a stranger's USB stick. Before
the app allocates a tensor, builds a model or walks a data structure a file
describes, the sizes in that file are compared with these limits, so that a
small crafted file can cost neither minutes nor gigabytes. Each limit is far
above what any model this app is meant for needs (SmolLM2-135M: 30 layers,
576 wide, 49,152 tokens; the largest small models people open: about 8 B
parameters, 128 k vocabulary, 128 k context).
"""

from __future__ import annotations

# -- model shapes (config.json, GGUF metadata, a nanoGPT checkpoint's args) ------------------
MAX_LAYERS = 512
MAX_HEADS = 1024
MAX_D_MODEL = 65_536
MAX_D_HEAD = 4_096
MAX_D_MLP = 1_048_576
MAX_VOCAB = 4_194_304
MAX_CONTEXT = 4_194_304
MAX_PARAMS = 20_000_000_000  # parameters a config may describe (what the weights must then hold)
MAX_POSITION_TABLE = 1 << 28  # numbers in the fixed position tables a config asks for (RoPE, sinusoids): 1 GiB

# -- files the loaders read whole or walk ----------------------------------------------------
MAX_JSON_BYTES = 64 * 1024 * 1024  # config.json, tokenizer.json, a sharded index, a session
MAX_JSON_DEPTH = 64  # nesting of any JSON the app reads
MAX_PICKLE_BYTES = 64 * 1024 * 1024  # a nanoGPT meta.pkl (a vocabulary)
MAX_PICKLE_NODES = 5_000_000  # objects the plain-data check of an unpickled meta.pkl may visit
MAX_GGUF_ARRAY = 16_777_216  # elements of one GGUF metadata array (a 4 M-token vocabulary fits)
MAX_GGUF_KEYS = 100_000  # metadata entries in one GGUF header
MAX_SHARDS = 10_000  # weight files a sharded index may name
MAX_NAME_CHARS = 1_024  # a model's name or family in its config: a line for people, not a file
MAX_LISTED_FILES = 100_000  # files the model list looks at to size one model folder
MAX_PICKLE_DEPTH = 32  # nesting of the plain data in a meta.pkl
MAX_TORCH_PICKLE_BYTES = 8 * 1024 * 1024  # the pickle inside a PyTorch file: names and shapes, not weights
MAX_TORCH_PICKLE_OPS = 1_000_000  # opcodes in that pickle (about 30 a tensor); torch spends ~1 µs on each
MAX_ZIP_ENTRIES = 100_000  # records in a PyTorch zip checkpoint (one per tensor storage)
MAX_ZIP_RATIO = 20  # a compressed record may unpack to this many times its stored size
MAX_GGUF_TENSORS = 100_000  # tensors named in one GGUF header

# -- text the GUI and the command line take ---------------------------------------------------
MAX_TEXT_CHARS = 200_000  # characters kept in the text box; the model sees only what fits its context
