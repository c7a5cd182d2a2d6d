"""Planning a download: which files of a repository this app needs, from the Hub's listing.

One call lists the repository's files with their sizes and hashes; from it
come config.json, the tokenizer files, generation_config.json and the
safetensors weights (a sharded model's index is read for its shards), never
pickled PyTorch, ONNX or GGUF files. A gated repository is asked for
config.json once, so that missing access is said before anything else.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from explainer.core.checkpoints.hf_cache import CONFIG, WEIGHTS, WEIGHTS_INDEX
from explainer.core.checkpoints.locations import hub_repo_folder
from explainer.core.hub.errors import HubError, file_list, http_library, hub_endpoint, talking_to_hub

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
OLD_TOKENIZER_FILES = ("vocab.json", "merges.txt", "vocab.txt")  # fetched only where there is no tokenizer.json
EXTRA_FILES = ("generation_config.json",)
MAX_INDEX_BYTES = 16 * 2**20  # a shard index names tensors and files: a few hundred KB at most
MAX_FILE_BYTES = 2**40
CONNECT_TIMEOUT_S, READ_TIMEOUT_S = 10.0, 30.0
_HASH = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_NAME = re.compile(r"[^/\\\x00]{1,200}")


@dataclass(frozen=True)
class RemoteFile:
    """One file of a repository to fetch: its name, size and the hash the Hub lists for it.

    ``blob`` is its name in the cache's ``blobs/`` folder, as huggingface_hub
    names it (the SHA-256 of a large file, else its git blob id), so that every
    Hugging Face tool shares the copy; ``sha256`` is set for large files.
    """

    name: str
    size: int
    blob: str
    sha256: str | None = None

    def new_hash(self):
        """A hash that ends equal to ``blob`` when the file's bytes are right (git hashes a header first)."""
        if self.sha256:
            return hashlib.sha256()
        digest = hashlib.sha1()
        digest.update(b"blob %d\0" % self.size)
        return digest


@dataclass(frozen=True)
class DownloadPlan:
    """What a download will fetch: the files this app needs from one commit of a repository.

    ``revision`` is what the person asked for ("main" when nothing), ``commit``
    what it pointed to when the plan was made; ``left_out`` lists the
    repository's other files, which are never fetched.
    """

    repo_id: str
    revision: str
    commit: str
    endpoint: str
    files: tuple[RemoteFile, ...]
    left_out: tuple[str, ...] = ()

    @property
    def total_bytes(self) -> int:
        return sum(f.size for f in self.files)

    def snapshot(self, cache: Path | None = None) -> Path:
        """The folder the model opens from once downloaded."""
        return hub_repo_folder(self.repo_id, cache) / "snapshots" / self.commit


def _check_names(repo_id: str, revision: str) -> None:
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        raise HubError(f"{repo_id!r} is not a model name like owner/model (letters, digits, '-', '_' and '.')",
                       "bad_name") from None
    parts = revision.split("/")
    if len(revision) > 200 or "\\" in revision or "\x00" in revision or any(p in ("", ".", "..") for p in parts):
        raise HubError(f"{revision!r} is not a revision name (a branch, tag or commit)", "bad_name")


def _check_online() -> None:
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "on", "yes", "true"):
        raise HubError("downloads are switched off because HF_HUB_OFFLINE is set; unset it to download", "offline")


def plan_download(repo_id: str, revision: str | None = None, *, endpoint: str | None = None,
                  token: str | None = None) -> DownloadPlan:
    """The files to fetch for ``repo_id`` at ``revision``, from the Hub's listing; HubError when it cannot work.

    A gated repository is asked for config.json once, so that missing access is
    said before anything else; a sharded model's index is read to know its shards.
    """
    from huggingface_hub import HfApi

    repo_id, revision = repo_id.strip(), (revision or "").strip() or "main"
    endpoint = (endpoint or hub_endpoint()).rstrip("/")
    _check_names(repo_id, revision)
    _check_online()
    with talking_to_hub(repo_id, revision, endpoint):
        info = HfApi(endpoint=endpoint).model_info(repo_id, revision=revision, files_metadata=True, token=token,
                                                   timeout=READ_TIMEOUT_S)
    commit = info.sha or ""
    if not re.fullmatch(r"[0-9a-f]{40}", commit):
        raise HubError(f"{endpoint} did not name the commit of {repo_id} at {revision}; "
                       "it does not answer like the Hugging Face Hub", "server")
    listed = {s.rfilename: s for s in info.siblings or [] if isinstance(s.rfilename, str)}
    top = {name for name in listed if "/" not in name}
    if CONFIG not in top:
        raise HubError(f"{repo_id} has no config.json, so it is not a model this app can open "
                       f"(its files: {file_list(listed)})", "not_a_model")
    if info.gated:
        _check_access(repo_id, revision, commit, endpoint, token)
    if WEIGHTS in top:
        weights = [WEIGHTS]
    elif WEIGHTS_INDEX in top:
        weights = _index_shards(repo_id, revision, commit, endpoint, token, top) + [WEIGHTS_INDEX]
    else:
        raise HubError(f"this app needs safetensors weights, and {repo_id} has none (its files: "
                       f"{file_list(listed)})", "no_safetensors")
    tokenizer = [n for n in TOKENIZER_FILES if n in top]
    if "tokenizer.json" not in top:
        tokenizer += [n for n in OLD_TOKENIZER_FILES if n in top]
    # config.json last: a snapshot that holds one is a finished download (download.py)
    names = weights + tokenizer + [n for n in EXTRA_FILES if n in top] + [CONFIG]
    files = tuple(_remote_file(repo_id, endpoint, listed[n]) for n in names)
    return DownloadPlan(repo_id, revision, commit, endpoint, files, tuple(sorted(set(listed) - set(names))))


def _remote_file(repo_id: str, endpoint: str, sibling) -> RemoteFile:
    """A listed file, its name, size and hashes checked: they become paths in the cache."""
    lfs = sibling.lfs
    sha256 = (lfs.get("sha256") if isinstance(lfs, dict) else getattr(lfs, "sha256", None)) if lfs else None
    blob = sha256 or sibling.blob_id
    size = sibling.size
    if not (isinstance(blob, str) and _HASH.fullmatch(blob) and _NAME.fullmatch(sibling.rfilename)
            and sibling.rfilename not in (".", "..") and type(size) is int and 0 <= size <= MAX_FILE_BYTES):
        raise HubError(f"{endpoint} listed {sibling.rfilename[:100]!r} of {repo_id} without a usable size and hash; "
                       "it does not answer like the Hugging Face Hub", "server")
    return RemoteFile(sibling.rfilename, size, blob, sha256)


def request_headers(token: str | None) -> dict[str, str]:
    """What every request to the Hub carries: the token (argument, HF_TOKEN or `hf auth login`), our name."""
    from huggingface_hub.utils import build_hf_headers

    headers = build_hf_headers(token=token, library_name="llm-explainer")
    headers["Accept-Encoding"] = "identity"  # the bytes as stored, so sizes and Range offsets are the file's own
    return headers


def request_timeout():
    """Seconds to wait for a connection, and for each read: a stalled line fails instead of hanging."""
    return http_library().Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S)


def _check_access(repo_id: str, revision: str, commit: str, endpoint: str, token: str | None) -> None:
    """Ask for config.json's headers: a gated repository answers GatedRepo here when access is missing."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import get_session, hf_raise_for_status

    url = hf_hub_url(repo_id, CONFIG, revision=commit, endpoint=endpoint)
    with talking_to_hub(repo_id, revision, endpoint):
        hf_raise_for_status(get_session().head(url, headers=request_headers(token), timeout=request_timeout()))


def _index_shards(repo_id: str, revision: str, commit: str, endpoint: str, token: str | None,
                  top: set[str]) -> list[str]:
    """The shard files a model.safetensors.index.json names, each one the repository lists."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import get_session, hf_raise_for_status

    url = hf_hub_url(repo_id, WEIGHTS_INDEX, revision=commit, endpoint=endpoint)
    body = bytearray()
    with talking_to_hub(repo_id, revision, endpoint), \
            get_session().stream("GET", url, headers=request_headers(token), timeout=request_timeout()) as response:
        if response.status_code >= 400:
            response.read()  # the Hub's error text, for hf_raise_for_status
            hf_raise_for_status(response)
        for chunk in response.iter_bytes():  # read up to the limit only: the size a server claims is not trusted
            body += chunk
            if len(body) > MAX_INDEX_BYTES:
                break
    try:
        if len(body) > MAX_INDEX_BYTES:
            raise ValueError("too large")
        weight_map = json.loads(body).get("weight_map")
        names = sorted({n for n in weight_map.values()})
    except (ValueError, AttributeError, TypeError, RecursionError):
        raise HubError(f"the shard index of {repo_id} ({WEIGHTS_INDEX}) is unreadable", "server") from None
    for name in names:
        if not isinstance(name, str) or name not in top or not name.endswith(".safetensors"):
            raise HubError(f"the shard index of {repo_id} names {str(name)[:100]!r}, which the repository does not "
                           "hold as a safetensors file", "server")
    return names
