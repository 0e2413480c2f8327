"""The HTML map in a real browser: Debian's Chromium, every network request blocked."""

from pathlib import Path

import pytest

from geo.export import save

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_of(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])

        def open_story(story):
            out = tmp_path_factory.mktemp("html")
            html = save(story, out, formats=["html"])[0]
            page = browser.new_page()
            blocked, errors = [], []
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else (blocked.append(route.request.url), route.abort()))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(html.as_uri())
            page.wait_for_selector(".geo-place")
            return page, blocked, errors

        yield open_story
        browser.close()


def test_example_map_draws_offline(page_of, example_story):
    page, blocked, errors = page_of(example_story)
    assert page.evaluate("typeof L !== 'undefined' && L.version") == "1.9.3"
    for pid in example_story.places["id"]:
        assert page.locator(f"path.geo-place-{pid}").count() == 1
    for mid in example_story.movements["id"]:
        assert page.locator(f"path.geo-movement-{mid}").count() == 1
        assert page.locator(f"path.geo-arrowhead-{mid}").count() == 1
    assert page.locator("path.geo-uncertainty-marsana").count() == 1
    labels = page.locator(".geo-label").all_inner_texts()
    assert any("Al-Rutba" in t for t in labels)
    assert blocked == [] and errors == []
