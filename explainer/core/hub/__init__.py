"""Downloading models from the Hugging Face Hub into its cache: only what this app opens, resumably.

``plan_download(repo_id, revision)`` asks the Hub which files the repository
holds (one listing, with sizes and hashes) and picks what a model folder needs
here: config.json, the tokenizer files, generation_config.json and the
safetensors weights; never pickled PyTorch, ONNX or GGUF files. ``download(plan,
progress=…, cancel=…)`` brings them into the standard Hugging Face cache
(``locations.hf_hub_cache``: HF_HUB_CACHE or HF_HOME), where transformers finds
them too, and returns the snapshot folder, which then opens offline like any
model folder; the registry lists it.

huggingface_hub does the talking (the listing, file addresses, the token from
``hf auth login`` or HF_TOKEN, its HTTP client, its reading of the Hub's error
answers) and is imported only when a download runs. The Hub's address is read
from HF_ENDPOINT at each call (huggingface_hub reads it once, at import), so
tests point it at a local server. Every failure is a HubError with one line a
person can act on. No Qt here.

    catalog.py   the suggested models (CURATED), with size, languages and licence
    plan.py      plan_download: the listing, which files, the gated check, a sharded model's index
    download.py  download: free space, Range resume, hashes, locks and the cache's layout
    progress.py  Progress and the Meter that measures pace and time left
    errors.py    HubError and the translation of the Hub's failures into it
"""

from explainer.core.hub.catalog import CURATED, CuratedModel, curated, curated_languages
from explainer.core.hub.download import download
from explainer.core.hub.errors import DownloadCancelled, HubError, bytes_text, free_disk_bytes, hub_endpoint
from explainer.core.hub.plan import DownloadPlan, RemoteFile, plan_download
from explainer.core.hub.progress import Progress

__all__ = ["CURATED", "CuratedModel", "DownloadCancelled", "DownloadPlan", "HubError", "Progress", "RemoteFile",
           "bytes_text", "curated", "curated_languages", "download", "free_disk_bytes", "hub_endpoint",
           "plan_download"]
