"""Make the pictures of the five test stories in docs/stories/: each story's map as
``make-map`` draws it (PNG at the default size) and screenshots of its page in Chromium on a
phone (375 x 667) and a desktop (1200 x 800).

Source: the stories in ``tests/data/stories/``, drawn by this library; the screenshots by
Debian's ``/usr/bin/chromium`` through Playwright (PyPI ``playwright``, the version pinned in
constraints.txt), every request but the page's own file refused. The same stories on the same
machine give the same files.

Usage::

    .venv/bin/python scripts/make_story_pictures.py      # from the repository root
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STORIES = REPO / "tests" / "data" / "stories"
OUT = REPO / "docs" / "stories"
NAMES = ("sudan", "kursk", "gaza", "darien", "tonga")
VIEWPORTS = {"phone": (375, 667), "desktop": (1200, 800)}


def screenshots(pages: dict[str, Path]) -> None:
    """Each page at each viewport, as ``OUT/<name>.<viewport>.png``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            for name, html in pages.items():
                for view, (w, h) in VIEWPORTS.items():
                    ctx = browser.new_context(viewport={"width": w, "height": h})
                    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                        "file:") else r.abort())
                    page = ctx.new_page()
                    page.goto(html.as_uri())
                    page.wait_for_selector("[data-geo-drawn]")
                    page.wait_for_timeout(300)
                    page.screenshot(path=str(OUT / f"{name}.{view}.png"))
                    ctx.close()
        finally:
            browser.close()


def main() -> int:
    import geo
    from geo.outputs import save

    OUT.mkdir(parents=True, exist_ok=True)
    pages = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in NAMES:
            story = geo.load_story(STORIES / f"{name}.yaml")
            save(story, OUT, formats=["png"], stem=name)
            pages[name] = save(story, Path(tmp), formats=["html"], stem=name)[0]
        screenshots(pages)
    for path in sorted(OUT.glob("*.png")):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
