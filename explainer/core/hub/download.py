"""Running a download: a plan in, the cache's snapshot folder out.

The bytes are received here rather than by ``hf_hub_download``: huggingface_hub
removes the partial file of a failed download (its temporary files are named
per process), while a person on a slow line wants to keep what arrived. A
partial file waits in ``blobs/<hash>.incomplete`` and the next download asks
for the rest with an HTTP Range request. Each file is checked against the hash
the Hub lists (SHA-256 for large files, the git blob id for small ones) before
it gets its name in the cache, and config.json is linked last, so a snapshot
with a config.json is a finished download.
"""

from __future__ import annotations

import os
import threading
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

from explainer.core.checkpoints.locations import hf_hub_cache, hub_repo_folder
from explainer.core.hub.errors import (DownloadCancelled, HubError, bytes_text, free_disk_bytes, http_library,
                                       talking_to_hub)
from explainer.core.hub.plan import DownloadPlan, RemoteFile, request_headers, request_timeout
from explainer.core.hub.progress import Meter, Progress

LOCK_WAIT_S = 1.0
DISK_MARGIN = 16 * 2**20  # left free beyond the download, so the disk is never filled to the last byte


def download(plan: DownloadPlan, *, progress: Callable[[Progress], None] | None = None,
             cancel: threading.Event | None = None, force: bool = False, cache: Path | None = None,
             token: str | None = None, free_bytes: Callable[[Path], int] = free_disk_bytes) -> Path:
    """Fetch the plan's files into the cache and return the snapshot folder; HubError when it cannot.

    Files already there are kept; a partial file is continued. A file in the
    snapshot whose size differs from the listing is a damaged copy: it is
    reported (kind "damaged") unless ``force``, which checks every file there
    against the Hub's hash and fetches again what is missing or wrong. Free
    space (``free_bytes``, injectable) is checked against what is still to come
    before the first byte. ``progress`` is called from this thread, a few times
    a second; setting ``cancel`` stops within one network read.
    """
    cache = cache or hf_hub_cache()
    cancel = cancel or threading.Event()
    repo_dir = hub_repo_folder(plan.repo_id, cache)
    snapshot = plan.snapshot(cache)
    todo, have, damaged = [], 0, []
    for f in plan.files:
        found = _size_of(snapshot / f.name)
        if found == f.size and (not force or _holds(snapshot / f.name, f, cancel)):
            have += f.size
        elif found is not None and not force:
            damaged.append(f"{f.name} has {found:,} bytes instead of {f.size:,}")
        else:
            todo.append(f)
    if damaged:
        raise HubError(f"the copy of {plan.repo_id} in the cache is damaged ({damaged[0]}); download it again to "
                       "replace it", "damaged")
    resumed = 0
    for f in todo:
        blob, part = repo_dir / "blobs" / f.blob, repo_dir / "blobs" / f"{f.blob}.incomplete"
        if force:  # the damaged copy goes; a partial file stays, its hash is checked when it is complete
            _remove(snapshot / f.name)
            _remove(blob)
        resumed += min(_size_of(blob) or _size_of(part) or 0, f.size)
    needed = sum(f.size for f in todo) - resumed
    meter = Meter(plan.total_bytes, have + resumed, progress)
    try:
        _check_space(repo_dir, needed, free_bytes)
        meter.report("", force=True)
        for f in todo:
            if cancel.is_set():
                raise DownloadCancelled(meter.stopped_text())
            _fetch_locked(plan, f, repo_dir, meter, cancel, token)
            _link(repo_dir / "blobs" / f.blob, snapshot / f.name)
        if plan.revision != plan.commit:  # the branch or tag remembers its commit, as huggingface_hub does
            ref = repo_dir / "refs" / plan.revision
            ref.parent.mkdir(parents=True, exist_ok=True)
            ref.write_text(plan.commit, encoding="utf-8")
    except OSError as exc:  # a cache folder that cannot be made or written (its files' writes are handled in _fetch)
        raise HubError(f"cannot write to the cache folder {cache} ({exc.strerror or exc}); set HF_HUB_CACHE to a "
                       "folder you can write to", "disk") from None
    meter.report("", force=True, finished=True)
    return snapshot


def _size_of(path: Path) -> int | None:
    """Bytes of the file at ``path`` (links followed); None when there is none (or a link to nothing)."""
    try:
        return path.stat().st_size if path.is_file() else None
    except OSError:
        return None


def _remove(path: Path) -> None:
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
    except OSError:
        pass


def _check_space(repo_dir: Path, needed: int, free_bytes: Callable[[Path], int]) -> None:
    if needed <= 0:
        return
    free = free_bytes(repo_dir)
    wanted = needed + DISK_MARGIN
    if free < wanted:
        raise HubError(f"not enough free disk space in {repo_dir.parent}: the download needs {bytes_text(wanted)}, "
                       f"but only {bytes_text(free)} is free; free up space, or set HF_HUB_CACHE to a folder on a "
                       "larger disk", "disk")


def _link(blob: Path, pointer: Path) -> None:
    """The snapshot's name for a blob: a relative link, as huggingface_hub makes them (a move where links fail)."""
    pointer.parent.mkdir(parents=True, exist_ok=True)
    _remove(pointer)
    try:
        os.symlink(os.path.relpath(blob, pointer.parent), pointer)
    except OSError:  # Windows without developer mode: the file itself moves into the snapshot
        os.replace(blob, pointer)


def _fetch_locked(plan: DownloadPlan, f: RemoteFile, repo_dir: Path, meter: Meter, cancel: threading.Event,
                  token: str | None) -> None:
    """Fetch one file while holding huggingface_hub's lock for it, so two programs never write one partial file."""
    from filelock import Timeout
    from huggingface_hub.utils import WeakFileLock

    lock = repo_dir.parent / ".locks" / repo_dir.name / f"{f.blob}.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            stack.enter_context(WeakFileLock(str(lock), timeout=LOCK_WAIT_S))
        except Timeout:
            raise HubError(f"another program is downloading {f.name} of {plan.repo_id} into the same cache right "
                           "now; wait until it is done, then try again", "busy") from None
        _fetch(plan, f, repo_dir / "blobs", meter, cancel, token)


def _fetch(plan: DownloadPlan, f: RemoteFile, blobs: Path, meter: Meter, cancel: threading.Event,
           token: str | None) -> None:
    """Bring one file into ``blobs/``: continue its partial file, check its hash, then give it its name."""
    from huggingface_hub import hf_hub_url
    from huggingface_hub.utils import get_session, hf_raise_for_status

    blob, part = blobs / f.blob, blobs / f"{f.blob}.incomplete"
    if _size_of(blob) == f.size:  # fetched by another program (or for another snapshot) meanwhile
        return
    blobs.mkdir(parents=True, exist_ok=True)
    start = _size_of(part) or 0
    digest = f.new_hash()
    if start > f.size:
        _remove(part)
        meter.add(-start, f.name)
        start = 0
    if start:
        _hash_file(part, digest, cancel, meter.stopped_text)
    got = start
    if start < f.size:
        headers = request_headers(token)
        if start:
            headers["Range"] = f"bytes={start}-"
        url = hf_hub_url(plan.repo_id, f.name, revision=plan.commit, endpoint=plan.endpoint)
        http = http_library()
        with talking_to_hub(plan.repo_id, plan.revision, plan.endpoint), \
                get_session().stream("GET", url, headers=headers, timeout=request_timeout()) as response:
            if response.status_code >= 400:
                response.read()  # the Hub's error text, for hf_raise_for_status
                hf_raise_for_status(response)
            if start and response.status_code != 206:  # the server ignored the Range: the whole file comes again
                meter.add(-start, f.name)
                start = got = 0
                digest = f.new_hash()
            try:
                with open(part, "ab" if start else "wb") as out:
                    for chunk in response.iter_bytes():
                        if cancel.is_set():
                            raise DownloadCancelled(meter.stopped_text())
                        got += len(chunk)
                        if got > f.size:
                            raise _bad_transfer(f, part, "it is longer than the Hub's listing says")
                        out.write(chunk)
                        out.flush()  # on disk at once: a download killed outright still keeps what it counted
                        digest.update(chunk)
                        meter.add(len(chunk), f.name)
            except (http.TransportError, http.StreamError):
                raise HubError(meter.dropped_text(f.name), "dropped", resumable=True) from None
            except OSError as exc:
                raise HubError(f"cannot write {f.name} to {blobs.parent.parent} ({exc.strerror or exc}); free up "
                               "space or set HF_HUB_CACHE to a folder you can write to, then download again to "
                               "continue", "disk", resumable=True) from None
    if got < f.size:
        raise HubError(meter.dropped_text(f.name), "dropped", resumable=True)
    if digest.hexdigest() != f.blob:
        raise _bad_transfer(f, part, "its checksum differs from the Hub's")
    os.replace(part, blob)


def _hash_file(path: Path, digest, cancel: threading.Event, stopped: Callable[[], str]) -> None:
    """Feed a file into ``digest``, 1 MB at a time (a partial file can be gigabytes), stopping on ``cancel``."""
    with open(path, "rb") as f:
        while chunk := f.read(2**20):
            if cancel.is_set():
                raise DownloadCancelled(stopped())
            digest.update(chunk)


def _holds(path: Path, f: RemoteFile, cancel: threading.Event) -> bool:
    """True when the file at ``path`` has exactly the bytes the Hub lists for ``f`` (its hash)."""
    digest = f.new_hash()
    try:
        _hash_file(path, digest, cancel, lambda: "the download was stopped while checking the files already there")
    except OSError:
        return False
    return digest.hexdigest() == f.blob


def _bad_transfer(f: RemoteFile, part: Path, why: str) -> HubError:
    _remove(part)
    return HubError(f"{f.name} arrived damaged ({why}); it was removed, so downloading again fetches it anew",
                    "bad_transfer")
