"""Shared fixtures: the example story, the reporting notes (when ../shared is present)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

import geo

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


def load_script(path: Path):
    """A script of scripts/ or bench/ imported as a module (its ``main`` not run)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def example_story() -> geo.Story:
    return geo.load_story(geo.example_path())


@pytest.fixture(scope="session")
def reporting_notes() -> dict[str, tuple[float, float, str]]:
    """Place name -> (lat, lon, uncertainty text) from ../shared/story/reporting-notes.md."""
    notes = SHARED / "story" / "reporting-notes.md"
    if not notes.exists():
        pytest.skip(f"{notes} is absent (a user's clone has no ../shared)")
    rows = {}
    for line in notes.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| ([^|]+?) \| (?:estimate )?(-?\d+\.\d+), (-?\d+\.\d+)[^|]*\| ([^|]*)\|", line)
        if m:
            rows[m.group(1)] = (float(m.group(2)), float(m.group(3)), m.group(4).strip())
    return rows


def note_position(notes: dict, startswith: str) -> tuple[float, float, str]:
    for name, value in notes.items():
        if name.startswith(startswith):
            return value
    raise KeyError(startswith)


#: Debian's Chromium, which the browser tests drive through Playwright (never a download).
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()
