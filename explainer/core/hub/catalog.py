"""Models worth downloading for this app: small, openable here, with their size, languages and licence.

Sizes are about what the download fetches (weights and tokenizer, as the
Hub's file listing gave them when this list was made); the listing at download
time has the exact figure. Languages are ISO codes, "mul" for many more. The
base models (not the chat-tuned "Instruct" ones) are chosen: they continue
plain text, which is what the prediction panels show.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 2**20


@dataclass(frozen=True)
class CuratedModel:
    """One suggested model: where it lives on the Hub and what a person should know before fetching it.

    ``n_params`` and ``approx_bytes`` are approximate; ``gated`` models ask
    to accept their licence on the Hub first (and a token); ``masked`` models
    fill in a [MASK] instead of predicting the next word.
    """

    repo_id: str
    n_params: int
    approx_bytes: int
    languages: tuple[str, ...]
    licence: str
    gated: bool = False
    masked: bool = False


CURATED: tuple[CuratedModel, ...] = (
    CuratedModel("HuggingFaceTB/SmolLM2-135M", 135_000_000, 260 * MB, ("en",), "Apache-2.0"),
    CuratedModel("HuggingFaceTB/SmolLM2-360M", 362_000_000, 690 * MB, ("en",), "Apache-2.0"),
    CuratedModel("Qwen/Qwen3-0.6B", 600_000_000, 1_430 * MB, ("en", "nl", "mul"), "Apache-2.0"),
    CuratedModel("Qwen/Qwen2.5-0.5B", 494_000_000, 950 * MB, ("en", "mul"), "Apache-2.0"),
    CuratedModel("google/gemma-3-270m", 268_000_000, 540 * MB, ("en", "mul"), "Gemma Terms of Use", gated=True),
    CuratedModel("openai-community/gpt2", 124_000_000, 525 * MB, ("en",), "MIT"),
    CuratedModel("GroNLP/gpt2-small-dutch", 116_000_000, 450 * MB, ("nl",), "not stated on the model card"),
    CuratedModel("EleutherAI/pythia-70m", 70_000_000, 135 * MB, ("en",), "Apache-2.0"),
    CuratedModel("pdelobelle/robbert-v2-dutch-base", 117_000_000, 450 * MB, ("nl",), "MIT", masked=True),
)


def curated(repo_id: str) -> CuratedModel | None:
    """The suggested model ``repo_id`` (names compared without regard to case), or None."""
    wanted = repo_id.strip().lower()
    return next((m for m in CURATED if m.repo_id.lower() == wanted), None)


def approx_size(n: int) -> str:
    """A size for the list, as round as it is known: "about 260 MB", "about 1.4 GB"."""
    return f"about {n / 2**30:.1f} GB" if n >= 2**30 else f"about {round(n / MB)} MB"


def curated_languages(repo_id: str) -> tuple[str, ...]:
    """The languages of a suggested model; () for any other."""
    model = curated(repo_id)
    return model.languages if model else ()
