"""A local stand-in for the Hugging Face Hub, answering what huggingface_hub and ``explainer.core.hub`` ask.

The answers follow what the real Hub sends and huggingface_hub 2.x reads:

    GET  /api/models/{repo}/revision/{rev}?blobs=true   model info: "sha", "gated" and "siblings" with
                                                        size, blobId and (large files) lfs.sha256
    HEAD /{repo}/resolve/{rev}/{file}                   X-Repo-Commit, ETag; X-Linked-Etag and X-Linked-Size
                                                        for LFS files
    GET  /{repo}/resolve/{rev}/{file}                   the bytes; a Range header gets 206 and Content-Range

Failures carry the Hub's ``X-Error-Code`` (RepoNotFound, RevisionNotFound,
EntryNotFound, GatedRepo: 401 without a token, 403 with one that has no
access), which is what huggingface_hub's ``hf_raise_for_status`` reads.

Tests steer it with ``drop(file, at)`` (the socket closes after that many
bytes of the file), ``hold(file, at)`` (sending pauses there until the test
releases it), ``bytes_per_s`` (a slow line) and ``ignore_range``, and read back every request
(``requests``) and the bytes each file sent (``served``).
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".h5", ".onnx", ".gguf", ".msgpack")
CHUNK = 64 * 1024


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Repo:
    """A model repository: its files at one commit, the branch names that point there, who may read it."""

    files: dict[str, bytes]
    gated: bool = False
    tokens: set[str] = field(default_factory=set)  # tokens with access to a gated repository
    branches: tuple[str, ...] = ("main",)

    def __post_init__(self) -> None:
        listing = "".join(f"{n}:{hashlib.sha256(d).hexdigest()}" for n, d in sorted(self.files.items()))
        self.commit = hashlib.sha1(listing.encode()).hexdigest()

    def is_lfs(self, name: str) -> bool:
        return name.endswith(LFS_SUFFIXES) or len(self.files[name]) > 10 * 2**20

    def sibling(self, name: str) -> dict:
        data = self.files[name]
        entry = {"rfilename": name, "size": len(data), "blobId": git_blob_id(data)}
        if self.is_lfs(name):
            entry["lfs"] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "pointerSize": 134}
        return entry

    def etag(self, name: str) -> str:
        data = self.files[name]
        return hashlib.sha256(data).hexdigest() if self.is_lfs(name) else git_blob_id(data)


@dataclass
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case


class HubServer:
    """The server, in a thread: ``with HubServer() as hub: hub.add("owner/name", files)``; ``hub.url`` says where."""

    def __init__(self) -> None:
        self.repos: dict[str, Repo] = {}
        self.requests: list[Seen] = []
        self.served: dict[str, int] = {}  # file name → bytes of it sent, over all requests
        self.bytes_per_s: float | None = None
        self.ignore_range = False  # answer a Range request with the whole file (200), as some proxies do
        self._drops: dict[str, list[int]] = {}  # file → [byte to close at, times left]
        self._holds: dict[str, tuple[int, threading.Event, threading.Event]] = {}
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.hub = self
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="hub-server", daemon=True)

    def __enter__(self) -> HubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def stop(self) -> None:
        for _at, _reached, release in self._holds.values():
            release.set()
        self._server.shutdown()
        self._server.server_close()

    def add(self, repo_id: str, files: dict[str, bytes], **options) -> Repo:
        repo = Repo(dict(files), **options)
        self.repos[repo_id] = repo
        return repo

    def drop(self, name: str, at: int, times: int = 1) -> None:
        """Close the connection after byte ``at`` of ``name``, the next ``times`` times it is sent."""
        self._drops[name] = [at, times]

    def hold(self, name: str, at: int) -> tuple[threading.Event, threading.Event]:
        """Pause sending ``name`` at byte ``at``; returns (reached, release): set ``release`` to go on."""
        reached, release = threading.Event(), threading.Event()
        self._holds[name] = (at, reached, release)
        return reached, release

    def gets(self, name: str) -> list[Seen]:
        """The GET requests for the file ``name``."""
        return [r for r in self.requests if r.method == "GET" and "/resolve/" in r.path
                and unquote(r.path.rsplit("/", 1)[-1]) == name.rsplit("/", 1)[-1]]

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A client that hangs up (a cancel, a test's end) is no error here; anything else is reported."""
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the Hub: huggingface_hub's client reuses connections

    def log_message(self, *args) -> None:  # quiet: the tests read ``requests`` instead
        pass

    @property
    def hub(self) -> HubServer:
        return self.server.hub

    def do_GET(self) -> None:  # noqa: N802
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        with self.hub._lock:
            self.hub.requests.append(Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = urlsplit(self.path).path
        if path.startswith("/api/models/"):
            rest = path[len("/api/models/"):]
            repo_id, _, revision = rest.partition("/revision/")
            self._model_info(unquote(repo_id), unquote(revision) or "main")
        elif "/resolve/" in path:
            repo_id, _, rest = path.lstrip("/").partition("/resolve/")
            revision, _, name = rest.partition("/")
            self._resolve(unquote(repo_id), unquote(revision), unquote(name), head)
        else:
            self._error(404, "RepoNotFound", "Repository not found")

    # -- answers ----------------------------------------------------------------------
    def _send(self, status: int, headers: dict[str, str], body: bytes = b"", head: bool = False) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and not head:
            self.wfile.write(body)

    def _error(self, status: int, code: str, message: str, extra: dict[str, str] | None = None) -> None:
        body = json.dumps({"error": message}).encode()
        self._send(status, {"X-Error-Code": code, "X-Error-Message": message, "Content-Type": "application/json",
                            **(extra or {})}, body, head=self.command == "HEAD")

    def _repo(self, repo_id: str, revision: str) -> Repo | None:
        repo = self.hub.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound", "Repository not found")
        elif revision not in repo.branches and revision != repo.commit:
            self._error(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return None
        return repo

    def _model_info(self, repo_id: str, revision: str) -> None:
        repo = self._repo(repo_id, revision)
        if repo is None:
            return
        info = {"id": repo_id, "modelId": repo_id, "sha": repo.commit, "private": False,
                "gated": "manual" if repo.gated else False, "tags": [],
                "siblings": [repo.sibling(n) for n in sorted(repo.files)]}
        self._send(200, {"Content-Type": "application/json"}, json.dumps(info).encode())

    def _resolve(self, repo_id: str, revision: str, name: str, head: bool) -> None:
        repo = self._repo(repo_id, revision)
        if repo is None:
            return
        if repo.gated:
            auth = self.headers.get("Authorization", "")
            if auth.removeprefix("Bearer ") not in repo.tokens:
                self._error(403 if auth else 401, "GatedRepo", f"Access to model {repo_id} is restricted. You must "
                            "have access to it and be authenticated to access it. Please log in.")
                return
        if name not in repo.files:
            self._error(404, "EntryNotFound", f"{name} does not exist on \"{revision}\"",
                        {"X-Repo-Commit": repo.commit})
            return
        data = repo.files[name]
        headers = {"X-Repo-Commit": repo.commit, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream",
                   "ETag": f'"{repo.etag(name)}"'}
        if repo.is_lfs(name):
            headers.update({"X-Linked-Etag": f'"{repo.etag(name)}"', "X-Linked-Size": str(len(data))})
        start, end = 0, len(data)
        wanted = self.headers.get("Range")
        status = 200
        if wanted and wanted.startswith("bytes=") and not self.hub.ignore_range:
            first, _, last = wanted[len("bytes="):].partition("-")
            start, end = int(first), (int(last) + 1 if last else len(data))
            if start >= len(data):
                self._send(416, {"Content-Range": f"bytes */{len(data)}"}, head=head)
                return
            status = 206
            headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(data)}"
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(end - start))
        self.end_headers()
        if not head:
            self._stream(name, memoryview(data)[start:end], start)

    def _stream(self, name: str, body: memoryview, offset: int) -> None:
        """Send ``body`` (byte ``offset`` on of ``name``), honouring the drops, holds and pace tests set."""
        hub = self.hub
        drop = hub._drops.get(name)
        hold = hub._holds.get(name)
        at = 0
        began = time.monotonic()
        while at < len(body):
            step = len(body) - at if not (drop or hold or hub.bytes_per_s) else min(CHUNK, len(body) - at)
            if drop and drop[1] > 0:
                step = min(step, max(drop[0] - offset - at, 0))
                if step == 0:
                    drop[1] -= 1
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # the line drops mid-file
                    self.close_connection = True
                    return
            if hold and offset + at < hold[0]:
                step = min(step, hold[0] - offset - at)
            elif hold and not hold[2].is_set():
                hold[1].set()
                hold[2].wait(30)
            # counted before the write: the client may have read the last byte (and the test moved on)
            # before this thread runs again
            with hub._lock:
                hub.served[name] = hub.served.get(name, 0) + step
            try:
                self.wfile.write(body[at:at + step])
            except OSError:  # the client went away (a cancel): nothing more to send
                with hub._lock:
                    hub.served[name] -= step
                self.close_connection = True
                return
            at += step
            if hub.bytes_per_s:
                ahead = at / hub.bytes_per_s - (time.monotonic() - began)
                if ahead > 0:
                    time.sleep(ahead)
