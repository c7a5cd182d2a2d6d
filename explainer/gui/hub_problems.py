"""The wordings of download problems, for ``problems.translate_problem`` (which explains the scheme).

One source string per problem ``explainer.core.hub`` (a download) and
``explainer.core.checkpoints.hf_cache`` (a downloaded model that is
incomplete or damaged) can raise, in the core's English with its variable
parts as ``{placeholders}``; ``problems.SOURCES`` takes them in at their
place in its order. When a message there changes, change it here too.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

HUB_SOURCES = [
    QT_TRANSLATE_NOOP("Problems", "{repo} is gated and this token has no access to it yet: accept its licence on {url} "
                                  "while logged in with the same account (some models also wait for the owner's "
                                  "approval)"),
    QT_TRANSLATE_NOOP("Problems", "{repo} is gated: accept its licence on {url} while logged in, then give a token "
                                  "with `hf auth login` or the HF_TOKEN environment variable"),
    QT_TRANSLATE_NOOP("Problems", "{repo} has no revision {value} (a branch, tag or commit); leave the revision empty "
                                  "for the newest version"),
    QT_TRANSLATE_NOOP("Problems", "there is no model {repo} on {host}; check the name (a private model also needs a "
                                  "token: `hf auth login` or HF_TOKEN)"),
    QT_TRANSLATE_NOOP("Problems", "downloads are switched off because HF_HUB_OFFLINE is set; unset it to download"),
    QT_TRANSLATE_NOOP("Problems", "{host} refused the token (invalid or expired); log in again with `hf auth login` or "
                                  "set a valid HF_TOKEN"),
    QT_TRANSLATE_NOOP("Problems", "{host} refused access to {repo} (403); check that your token may read it"),
    QT_TRANSLATE_NOOP("Problems", "{host} answered {num} to a request for {repo}; try again in a while"),
    QT_TRANSLATE_NOOP("Problems", "cannot reach {host} ({detail}); check the internet connection, then try again"),
    QT_TRANSLATE_NOOP("Problems", "no answer in time"),
    QT_TRANSLATE_NOOP("Problems", "the connection was refused"),
    QT_TRANSLATE_NOOP("Problems", "its name could not be looked up"),
    QT_TRANSLATE_NOOP("Problems", "the network is unreachable"),
    QT_TRANSLATE_NOOP("Problems", "{value} is not a model name like owner/model (letters, digits, '-', '_' and '.')"),
    QT_TRANSLATE_NOOP("Problems", "{value} is not a revision name (a branch, tag or commit)"),
    QT_TRANSLATE_NOOP("Problems", "{url} did not name the commit of {repo} at {revision}; it does not answer like the "
                                  "Hugging Face Hub"),
    QT_TRANSLATE_NOOP("Problems", "{url} listed {name} of {repo} without a usable size and hash; it does not answer "
                                  "like the Hugging Face Hub"),
    QT_TRANSLATE_NOOP("Problems", "{repo} has no config.json, so it is not a model this app can open (its files: "
                                  "{names})"),
    QT_TRANSLATE_NOOP("Problems", "this app needs safetensors weights, and {repo} has none (its files: {names})"),
    QT_TRANSLATE_NOOP("Problems", "the shard index of {repo} ({name}) is unreadable"),
    QT_TRANSLATE_NOOP("Problems", "the shard index of {repo} names {name}, which the repository does not hold as a "
                                  "safetensors file"),
    QT_TRANSLATE_NOOP("Problems", "the copy of {repo} in the cache is damaged ({name} has {n} bytes instead of "
                                  "{expected}); download it again to replace it"),
    QT_TRANSLATE_NOOP("Problems", "not enough free disk space in {folder}: the download needs {size}, but only {free} "
                                  "is free; free up space, or set HF_HUB_CACHE to a folder on a larger disk"),
    QT_TRANSLATE_NOOP("Problems", "another program is downloading {name} of {repo} into the same cache right now; wait "
                                  "until it is done, then try again"),
    QT_TRANSLATE_NOOP("Problems", "cannot write to the cache folder {folder} ({detail}); set HF_HUB_CACHE to a folder "
                                  "you can write to"),
    QT_TRANSLATE_NOOP("Problems", "cannot write {name} to {folder} ({detail}); free up space or set HF_HUB_CACHE to a "
                                  "folder you can write to, then download again to continue"),
    QT_TRANSLATE_NOOP("Problems", "{name} arrived damaged ({detail}); it was removed, so downloading again fetches it "
                                  "anew"),
    QT_TRANSLATE_NOOP("Problems", "it is longer than the Hub's listing says"),
    QT_TRANSLATE_NOOP("Problems", "its checksum differs from the Hub's"),
    QT_TRANSLATE_NOOP("Problems", "the download was stopped after {done} of {total}; what arrived is kept, so "
                                  "downloading again continues from there"),
    QT_TRANSLATE_NOOP("Problems", "the download was stopped while checking the files already there"),
    QT_TRANSLATE_NOOP("Problems", "the connection was lost during {name} after {done} of {total}; what arrived is "
                                  "kept, so downloading again continues from there"),
    QT_TRANSLATE_NOOP("Problems", "the download is damaged: {name} is unreadable ({detail}); download it again to "
                                  "repair it"),
    QT_TRANSLATE_NOOP("Problems", "the download is incomplete: {name} is missing; download it again to repair it"),
]
