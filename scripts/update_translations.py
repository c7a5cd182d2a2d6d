"""Re-extract the interface strings into the .ts files and compile them into .qm files.

    python scripts/update_translations.py          # lupdate + lrelease
    python scripts/update_translations.py --check  # also fail when a Dutch string is missing

Sources are every Python file under ``explainer/gui``. ``pyside6-lupdate``
keeps the translations already in ``resources/translations/explainer_nl.ts``
and marks new strings ``unfinished``: translate those (Qt Linguist or any
editor) and run this again. The English file needs no translator: its
translations are the source strings themselves, filled in here, so that the
English .qm is complete too. Locations are not stored, so moving code does not
churn the .ts files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "explainer" / "gui"
OUT = ROOT / "resources" / "translations"
LANGUAGES = {"nl": "nl_NL", "en": "en_US"}


def ts_path(lang: str) -> Path:
    return OUT / f"explainer_{lang}.ts"


def tool(name: str) -> str:
    found = shutil.which(f"pyside6-{name}")
    if found is None:
        sys.exit(f"pyside6-{name} not found: install PySide6 (it ships the Qt Linguist tools)")
    return found


def unfinished(path: Path) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished, non-empty translation."""
    missing = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            tr = message.find("translation")
            numerus = tr.findall("numerusform") if tr is not None else []
            text = "".join(n.text or "" for n in numerus) if numerus else (tr.text if tr is not None else "")
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (text or "").strip():
                if tr is not None and tr.get("type") in ("vanished", "obsolete"):
                    continue
                missing.append((name, message.findtext("source", "")))
    return missing


def fill_english(path: Path) -> int:
    """English translations are the source strings; fill in the new ones (the file is rewritten)."""
    tree = ET.parse(path)
    filled = 0
    for message in tree.getroot().iter("message"):
        tr = message.find("translation")
        if tr is not None and tr.get("type") == "unfinished":
            tr.text = message.findtext("source", "")
            del tr.attrib["type"]
            filled += 1
    if filled:
        body = ET.tostring(tree.getroot(), encoding="unicode")
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a Dutch translation is missing")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    files = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    for lang, locale in LANGUAGES.items():
        subprocess.run([tool("lupdate"), *files, "-no-obsolete", "-locations", "none", "-source-language", "en_US",
                        "-target-language", locale, "-ts", str(ts_path(lang).relative_to(ROOT))],
                       cwd=ROOT, check=True)
    print(f"English: {fill_english(ts_path('en'))} new strings filled in from the source")
    for lang in LANGUAGES:
        subprocess.run([tool("lrelease"), str(ts_path(lang)), "-qm", str(OUT / f"explainer_{lang}.qm")], check=True)
    missing = unfinished(ts_path("nl"))
    for context, source in missing:
        print(f"untranslated (nl): [{context}] {source!r}")
    if missing:
        print(f"{len(missing)} Dutch translations missing in {ts_path('nl')}")
    return 1 if (args.check and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
