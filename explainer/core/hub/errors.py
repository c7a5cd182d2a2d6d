"""What goes wrong in a download, as one line a person can act on.

``talking_to_hub`` turns what huggingface_hub and its HTTP client raise into a
HubError: the Hub unreachable (no network, a name that does not resolve), a
gated model without access, a model or revision that does not exist, a token
the Hub refuses, the Hub itself in trouble. The lines are English (the core
has no Qt); ``explainer.gui.hub_problems`` knows each wording for the Dutch,
so when a wording changes here, change its source there too.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlparse

DEFAULT_ENDPOINT = "https://huggingface.co"
SHOWN_FILES = 12  # files named in a message before "and N more"


class HubError(Exception):
    """A download that cannot go on: ``message`` says why and what to do, ``kind`` what a front end can offer.

    Kinds: ``network``, ``offline``, ``gated``, ``token``, ``not_found``,
    ``revision``, ``bad_name``, ``not_a_model``, ``no_safetensors``, ``disk``,
    ``dropped``, ``cancelled``, ``bad_transfer``, ``busy``, ``server`` and
    ``damaged`` (the cache holds a broken copy: offer to download again with
    ``force``). ``resumable``: what arrived is kept, and downloading again
    continues from there.
    """

    def __init__(self, message: str, kind: str, resumable: bool = False) -> None:
        super().__init__(message)
        self.message, self.kind, self.resumable = message, kind, resumable


class DownloadCancelled(HubError):
    """The person stopped the download; what arrived is kept."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "cancelled", resumable=True)


def hub_endpoint() -> str:
    """The Hub's address: HF_ENDPOINT as it is set now (a mirror, or a test server), else huggingface.co."""
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).strip().rstrip("/")


def bytes_text(n: int) -> str:
    """A size in the words of the core's messages: "512 bytes", "12.5 MB", "1.2 GB" (the GUI localises it)."""
    for unit, size in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def file_list(names: Iterable[str]) -> str:
    """A repository's files for a message: "a.bin, b.txt and 14 more", or "none"."""
    names = sorted(names)
    if not names:
        return "none"
    shown = ", ".join(n[:80] for n in names[:SHOWN_FILES])
    return shown if len(names) <= SHOWN_FILES else f"{shown} and {len(names) - SHOWN_FILES} more"


def free_disk_bytes(path: Path) -> int:
    """Free bytes on the disk that will hold ``path`` (measured at its nearest folder that exists)."""
    path = Path(path)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free


def http_library():
    """The HTTP library huggingface_hub talks through (httpx2 from its version 2, httpx in 1.x), for its errors.

    huggingface_hub names it ``huggingface_hub.utils.httpx`` from version 1.30 on; before, it is httpx itself.
    """
    try:
        from huggingface_hub.utils import httpx as http
    except ImportError:
        import httpx as http
    return http


def _host(endpoint: str) -> str:
    return urlparse(endpoint).netloc or endpoint


def _network_reason(exc: BaseException, http) -> str:
    """Why the Hub could not be reached, in words: refused, a name not found, no answer in time."""
    text = str(exc).lower()
    if isinstance(exc, http.TimeoutException):
        return "no answer in time"
    if "refused" in text:
        return "the connection was refused"
    if any(s in text for s in ("name or service not known", "nodename nor servname", "getaddrinfo",
                               "name resolution", "no address associated", "name does not resolve")):
        return "its name could not be looked up"
    if "unreachable" in text:
        return "the network is unreachable"
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return first[:120]


def _gated(repo_id: str, endpoint: str, status: int) -> HubError:
    page = f"{endpoint}/{repo_id}"
    if status == 403:  # a token was sent, but its account has no access yet
        return HubError(f"{repo_id} is gated and this token has no access to it yet: accept its licence on {page} "
                        "while logged in with the same account (some models also wait for the owner's approval)",
                        "gated")
    return HubError(f"{repo_id} is gated: accept its licence on {page} while logged in, then give a token with "
                    "`hf auth login` or the HF_TOKEN environment variable", "gated")


@contextmanager
def talking_to_hub(repo_id: str, revision: str, endpoint: str) -> Iterator[None]:
    """Run a call to the Hub; whatever it raises comes out as a HubError (a HubError as it is)."""
    from huggingface_hub.errors import (GatedRepoError, HfHubHTTPError, OfflineModeIsEnabled,
                                        RepositoryNotFoundError, RevisionNotFoundError)

    http = http_library()
    host = _host(endpoint)
    try:
        yield
    except HubError:
        raise
    except GatedRepoError as exc:
        raise _gated(repo_id, endpoint, exc.response.status_code) from None
    except RevisionNotFoundError:
        raise HubError(f"{repo_id} has no revision {revision!r} (a branch, tag or commit); leave the revision "
                       "empty for the newest version", "revision") from None
    except RepositoryNotFoundError:
        raise HubError(f"there is no model {repo_id} on {host}; check the name (a private model also needs a "
                       "token: `hf auth login` or HF_TOKEN)", "not_found") from None
    except OfflineModeIsEnabled:
        raise HubError("downloads are switched off because HF_HUB_OFFLINE is set; unset it to download",
                       "offline") from None
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else 0
        if status == 401:
            raise HubError(f"{host} refused the token (invalid or expired); log in again with `hf auth login` or "
                           "set a valid HF_TOKEN", "token") from None
        if status == 403:
            raise HubError(f"{host} refused access to {repo_id} (403); check that your token may read it",
                           "token") from None
        raise HubError(f"{host} answered {status} to a request for {repo_id}; try again in a while",
                       "server", resumable=True) from None
    except (http.TransportError, OSError) as exc:  # connection refused, a name not found, a timeout, a proxy
        raise HubError(f"cannot reach {host} ({_network_reason(exc, http)}); check the internet connection, "
                       "then try again", "network", resumable=True) from None
