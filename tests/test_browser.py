"""The HTML map in a real browser: Debian's Chromium, every non-file request aborted and counted."""

import itertools
import os
from pathlib import Path

import pytest

import geo
from geo.outputs import save

pytestmark = pytest.mark.browser

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
       "</script><script>alert(4)</script>", "`${alert(5)}`", "'; alert(6); '", "\\u003c\\\\",
       "{{7*7}}"]


def _xss_story() -> geo.Story:
    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    a, b, c = XSS[0] + XSS[3], XSS[1] + XSS[4], XSS[2] + XSS[5] + XSS[6] + XSS[7]
    return geo.parse_story(
        f"title: {q(a)}\nsubtitle: {q(b)}\ncredit: {q(c)}\n"
        f"sources:\n  - {{id: s, name: {q(b)}, url: {q('https://example.org/?q=' + a)}}}\n"
        f"places:\n"
        f"  - {{id: a, name: {q(b)}, name_ar: {q(c)}, lonlat: [40.0, 33.0], note: {q(a)},"
        f" source: s, uncertainty_km: 10}}\n"
        f"  - {{id: b, name: {q(c)}, lonlat: [41.0, 34.3], source: s}}\n"
        f"movements:\n  - {{from: a, to: b, actor: {q(a)}, label: {q(c)}, quote: {q(b)},"
        f" source: s, date: 2024-12-07}}\n"
        f"areas:\n  - {{lookup: Al Anbar, label: {q(a)}}}\n")




class Opened:
    """A page of a story, with the requests it attempted and its errors and dialogs."""

    def __init__(self, browser, html: Path, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests, self.errors, self.dialogs = [], [], []
        self.context.route("**/*", self._route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(html.as_uri())
        self.page.wait_for_selector(".geo-label")
        self.page.wait_for_timeout(100)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()


@pytest.fixture(scope="module")
def open_story(browser, tmp_path_factory):
    opened = []

    def open_(story, *, name: str = "story", **context) -> Opened:
        out = tmp_path_factory.mktemp("html")
        html = save(story, out, formats=["html"], stem=name)[0]
        page = Opened(browser, html, **context)
        opened.append(page)
        return page

    yield open_
    for page in opened:
        page.context.close()


@pytest.fixture(scope="module")
def example_page(open_story, example_story):
    return open_story(example_story)


def _rects(page, selector: str, *, text: bool = False) -> list[dict]:
    """The boxes of the shown elements ``selector`` picks, or (``text``) of their text alone:
    a country's name is centred in a wider box that covers nothing a reader sees."""
    return page.evaluate("""([s, text]) => [...document.querySelectorAll(s)]
        .filter(e => e.offsetParent !== null && getComputedStyle(e).display !== 'none')
        .map(e => { const g = document.createRange(); g.selectNodeContents(e);
                    const r = text ? g.getBoundingClientRect() : e.getBoundingClientRect();
                    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                            text: e.innerText}; })""", [selector, text])


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] \
        and b["top"] < a["bottom"]


def test_example_draws_every_feature_offline(example_page, example_story):
    page = example_page.page
    assert page.evaluate("L.version") == "1.9.3"
    places, moves = example_story.places, example_story.movements
    for pid in places["id"]:
        assert page.locator(f".geo-place-{pid}").count() == 1
    for mid in moves["id"]:
        assert page.locator(f"path.geo-movement-{mid}").count() == 1
        assert page.locator(f"path.geo-arrowhead-{mid}").count() == 1
    assert page.locator(".geo-place").count() == len(places)
    assert page.locator("path.geo-movement").count() == len(moves)
    assert page.locator("path.geo-arrowhead").count() == len(moves)
    approx = places[places.approximate]["id"]
    assert page.locator("path.geo-uncertainty").count() == len(approx) >= 1
    for pid in approx:
        assert page.locator(f"path.geo-uncertainty-{pid}").count() == 1
    assert example_page.requests == [] and example_page.errors == []


@pytest.mark.parametrize("viewport", [(1280, 720), (800, 600), (375, 667)])
@pytest.mark.parametrize("which", ["example", "second"])
def test_labels_do_not_overlap_at_the_initial_zoom(open_story, example_story, which, viewport):
    from conftest import DATA

    story = example_story if which == "example" else geo.load_story(DATA / "second-story.yaml")
    page = open_story(story, viewport={"width": viewport[0], "height": viewport[1]}).page
    labels = _rects(page, ".geo-label")
    assert len(labels) == len(story.places)  # every story place keeps its label
    others = _rects(page, ".geo-context-label") + _rects(page, ".geo-country-label", text=True)
    markers = _rects(page, ".geo-place")
    shown = labels + others
    for i, a in enumerate(shown):
        for b in shown[i + 1:]:
            assert not _overlap(a, b), (a["text"], b["text"])
        for mk in markers:
            assert not _overlap(a, mk), a["text"]


def test_marker_click_and_keyboard_open_the_popup_with_the_source(example_page):
    page = example_page.page
    page.locator(".geo-place-marsana").click()
    popup = page.locator(".leaflet-popup-content", has_text="Al-Marsana airfield")
    assert "±15 km" in popup.inner_text()
    assert "Source: Rutba district mayor" in popup.inner_text()
    page.keyboard.press("Escape")
    marker = page.locator(".geo-place-qaim-crossing")
    assert marker.get_attribute("tabindex") == "0" and marker.get_attribute("role") == "button"
    assert marker.get_attribute("aria-label").startswith("Al-Qa'im border crossing")
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content", has_text="Al-Qa'im border crossing")
    assert popup.count() == 1
    link = popup.locator("a")
    assert link.inner_text() == "The New Arab"
    assert link.get_attribute("href").startswith("https://")
    assert example_page.requests == [] and example_page.errors == []


def test_movement_popup_quotes_its_source(example_page):
    page = example_page.page
    page.locator("path.geo-movement-transfer").dispatch_event("click")
    popup = page.locator(".leaflet-popup-content", has_text="2,100–2,150")
    assert popup.count() == 1
    assert "Source: Rutba district mayor" in popup.inner_text()


def test_layer_control_hides_and_shows_layers(example_page, example_story):
    page = example_page.page
    page.locator(".leaflet-control-layers").hover()
    names = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert {"Boundaries", "Uncertainty", "Movements", "Places"} <= {n.strip() for n in names}
    toggle = page.locator(".leaflet-control-layers-overlays label", has_text="Places")
    toggle.click()
    assert page.locator(".geo-place").count() == 0
    toggle.click()
    assert page.locator(".geo-place").count() == len(example_story.places)
    movements = page.locator(".leaflet-control-layers-overlays label", has_text="Movements")
    movements.click()
    assert page.locator("path.geo-movement").count() == 0
    movements.click()
    assert page.locator("path.geo-movement").count() == len(example_story.movements)


def test_story_text_is_shown_as_text_and_never_runs(open_story):
    opened = open_story(_xss_story(), name="xss")
    page = opened.page
    page.locator(".geo-place-a").click()
    page.locator("path.geo-movement").first.dispatch_event("click")
    page.wait_for_timeout(200)
    assert opened.dialogs == []
    assert page.evaluate("typeof window.alert") == "function"
    visible = page.locator("body").inner_text()
    for payload in ("<img src=x onerror=alert(2)>", "<script>alert(1)</script>"):
        assert payload in visible
    assert page.title().startswith("<script>alert(1)</script>")
    # No element or attribute came from a payload.
    assert page.locator("body img, body iframe").count() == 0
    assert page.evaluate("[...document.querySelectorAll('*')].some(e => "
                         "[...e.attributes].some(a => a.name.startsWith('on')))") is False
    assert opened.requests == [] and opened.errors == []


def _axe_violations(page) -> list:
    axe = os.environ.get("AXE_JS")
    if not axe or not Path(axe).exists():
        pytest.skip("axe-core is not installed (make test installs it with npm)")
    page.add_script_tag(path=axe)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violation(example_page):
    assert _axe_violations(example_page.page) == []


def test_the_map_has_a_name_and_a_text_alternative(example_page, example_story):
    page = example_page.page
    region = page.locator(".geo-map")
    assert region.get_attribute("role") == "region"
    assert region.get_attribute("aria-label") == f"Map: {example_story.title}"
    text = page.locator("main.geo-sr").inner_text()
    for name in example_story.places["name"]:
        assert name in text
    assert "about 3,000 soldiers" in text and "2,100–2,150" in text


def test_phone_fills_the_screen_and_taps_open_popups(open_story, example_story):
    opened = open_story(example_story, viewport={"width": 375, "height": 667}, has_touch=True,
                        is_mobile=True)
    page = opened.page
    box = page.locator(".geo-map").bounding_box()
    assert (box["width"], box["height"]) == (375, 667)
    page.locator(".geo-place-marsana").tap()
    assert page.locator(".leaflet-popup-content", has_text="Al-Marsana").count() == 1


def test_embed_snippet_frames_the_map(browser, tmp_path, example_story):
    files = save(example_story, tmp_path, formats=["html"])
    embed = [f for f in files if f.name.endswith(".embed.html")][0]
    context = browser.new_context()
    try:
        page = context.new_page()
        blocked = []
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                      else (blocked.append(r.request.url), r.abort()))
        page.goto(embed.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator(".geo-place").first.wait_for()
        assert frame.locator(".geo-place").count() == len(example_story.places)
        assert page.locator("iframe").get_attribute("title") == f"Map: {example_story.title}"
        assert "Al-Rutba" in page.locator("figcaption").text_content()
        assert blocked == []
    finally:
        context.close()


# ------------------------------------------------------------------ a large story


def _lonlat_to_page(page, lon: float, lat: float) -> tuple[float, float]:
    return tuple(page.evaluate("""([lat, lon]) => {
        const m = GeoStory.map;
        const p = m.latLngToContainerPoint([lat, lon]), r = m.getContainer().getBoundingClientRect();
        return [r.left + p.x, r.top + p.y]; }""", [lat, lon]))


@pytest.fixture(scope="module")
def bulk_xss(open_story):
    from bulk_stories import grid_story

    story = grid_story(400, 400, names=XSS)
    opened = open_story(story, name="bulk")
    opened.page.wait_for_selector("[data-geo-drawn]")
    return story, opened


def test_large_story_is_drawn_on_one_canvas_offline(bulk_xss):
    story, opened = bulk_xss
    page = opened.page
    assert opened.requests == [] and opened.errors == [] and opened.dialogs == []
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    assert page.locator(".geo-place, path.geo-movement").count() == 0
    labels = _rects(page, ".geo-bulk-label")
    assert 0 < len(labels) < len(story.places)  # thinned
    assert {r["text"] for r in labels} <= set(XSS)  # shown as text, never run
    fixed = _rects(page, ".geo-panel, .leaflet-control")
    for a, b in itertools.combinations(labels, 2):
        assert not _overlap(a, b), f"{a['text']!r} overlaps {b['text']!r}"
    for a in labels:
        assert not any(_overlap(a, b) for b in fixed), f"{a['text']!r} is under a panel"


def test_large_story_popups_and_tooltips_escape_story_text(bulk_xss):
    story, opened = bulk_xss
    page = opened.page
    # The place nearest the middle of the map, clear of the panels.
    box = page.evaluate("(() => { const r = document.querySelector('.geo-map')"
                        ".getBoundingClientRect(); return [r.width / 2, r.height / 2]; })()")
    points = [(_lonlat_to_page(page, r.lon, r.lat), r) for r in story.places.itertuples()]
    (x, y), row = min(points, key=lambda p: (p[0][0] - box[0]) ** 2 + (p[0][1] - box[1]) ** 2)
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip")
    assert page.inner_text(".leaflet-tooltip") == row.name
    page.mouse.click(x, y)
    page.wait_for_selector(".leaflet-popup-content")
    text = page.inner_text(".leaflet-popup-content")
    assert text.startswith(row.name) and "Source: Test source" in text
    assert f"{row.lat:.4f}, {row.lon:.4f}" in text
    assert opened.dialogs == [] and opened.errors == []


@pytest.fixture(scope="module")
def bulk_named(open_story):
    from bulk_stories import grid_story

    story = grid_story(400, 400)  # Place 0 to Place 399
    opened = open_story(story, name="bulk-named")
    opened.page.wait_for_selector("[data-geo-drawn]")
    return story, opened


def _one_popup(page) -> str:
    """The text of the open popup, once a replaced one has faded out."""
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 1")
    return page.inner_text(".leaflet-popup-content")


def test_large_story_places_and_movements_are_reached_by_keyboard(bulk_named):
    story, opened = bulk_named
    page = opened.page
    for _ in range(12):  # Tab from the top of the page to the finder
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('role')") == "combobox":
            break
    assert page.evaluate("document.activeElement.labels[0].innerText").strip() == "Find a place"
    page.keyboard.type("Place 12")
    options = page.locator("[role=option]").all_inner_texts()
    names = set(story.places["name"])
    assert 0 < len(options) <= 8 and all("Place 12" in o and o in names for o in options)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    active = page.evaluate("document.getElementById(document.activeElement"
                           ".getAttribute('aria-activedescendant')).innerText")
    assert active == options[1]
    page.keyboard.press("Enter")
    text = _one_popup(page)
    place = story.places.set_index("name").loc[active]
    assert text.startswith(active) and f"{place.lat:.4f}, {place.lon:.4f}" in text
    touching = story.movements[(story.movements["from"] == place.id) |
                               (story.movements["to"] == place.id)]
    assert f"Movements: {len(touching)}" in text
    assert page.evaluate("document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Tab")  # the first movement, a button
    button = page.evaluate("document.activeElement.innerText")
    assert " → " in button and button.split(" → ")[0] in names
    page.keyboard.press("Enter")
    text = _one_popup(page)
    assert text.startswith(button.split(", ")[0]) and "Source: Test source" in text
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelectorAll('.leaflet-popup').length === 0")
    assert page.evaluate("document.activeElement.getAttribute('role')") == "combobox"
    assert opened.errors == [] and opened.requests == []


def test_large_story_finder_shows_names_as_text(bulk_xss):
    story, opened = bulk_xss
    page = opened.page
    page.focus("[role=combobox]")
    page.keyboard.type("img")
    assert set(page.locator("[role=option]").all_inner_texts()) == {XSS[1]}
    page.keyboard.press("Enter")
    assert _one_popup(page).startswith(XSS[1])
    page.keyboard.press("Escape")
    assert opened.dialogs == [] and opened.errors == []


def test_axe_on_a_large_story_with_the_finder_open(bulk_named):
    page = bulk_named[1].page
    page.focus("[role=combobox]")
    page.fill("[role=combobox]", "")
    page.keyboard.type("Place 3")
    assert _axe_violations(page) == []
    page.keyboard.press("Escape")


_RED = """() => { const cv = document.querySelector('.leaflet-overlay-pane canvas');
    const d = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
    let red = 0; for (let i = 0; i < d.length; i += 4)
        if (d[i] > 150 && d[i + 1] < 60 && d[i + 2] < 80) red++;
    return red; }"""


def test_large_story_timeline_steps_the_canvas_with_the_keyboard(bulk_named):
    story, opened = bulk_named
    page = opened.page
    assert page.inner_text(".geo-step").strip() == "All steps"
    everything = page.evaluate(_RED)
    page.focus(".geo-timeline input")
    page.keyboard.press("Home")
    page.wait_for_function("document.querySelector('.geo-map')"
                           ".getAttribute('data-geo-step') === '0'")
    first = story.movements[story.movements["date"] == "2024-12-01"]
    assert page.inner_text(".geo-step").strip() == (
        f"1 of 28: 1 Dec 2024 {len(first)} movements: {len(first)} reported.")
    page.wait_for_timeout(100)  # the canvas redraws on the next frame
    one_step = page.evaluate(_RED)
    assert 0 < one_step < everything / 5  # one date of 28 in full colour
    page.keyboard.press("End")
    page.wait_for_function("document.querySelector('.geo-map')"
                           ".getAttribute('data-geo-step') === '-1'")
    page.wait_for_timeout(100)
    assert page.inner_text(".geo-step").strip() == "All steps"
    assert page.evaluate(_RED) == pytest.approx(everything, rel=0.01)  # edges redrawn
    assert opened.errors == []


def test_large_story_timeline_clears_the_finder_on_a_phone(open_story):
    from bulk_stories import grid_story

    opened = open_story(grid_story(400, 400), name="bulk-phone",
                        viewport={"width": 400, "height": 760})
    opened.page.wait_for_selector("[data-geo-drawn]")
    timeline, finder = (_rects(opened.page, s)[0] for s in (".geo-timeline", ".geo-find"))
    assert not _overlap(timeline, finder)


def test_folium_map_draws_the_story_as_the_page_does(browser, tmp_path, example_story):
    from geo.web import leaflet_map

    html = tmp_path / "folium.html"
    leaflet_map(example_story).save(str(html))
    opened = Opened(browser, html)
    try:
        page = opened.page
        assert page.locator(".geo-place").count() == len(example_story.places)
        assert page.locator("path.geo-movement").count() == len(example_story.movements)
        assert page.locator(".geo-map").get_attribute("aria-label") == \
            f"Map: {example_story.title}"
        assert opened.requests == [] and opened.errors == []
    finally:
        opened.context.close()


# ------------------------------------------------------------------ hardening (issue 19)


def test_the_embed_snippet_of_a_hostile_file_name_runs_nothing_in_a_host_page(browser,
                                                                            tmp_path):
    # A story file named javascript:alert(document.domain).yaml gave an iframe whose src
    # was a javascript: URL; pasted into a page, Chromium ran it.
    name = "javascript:alert(document.domain)"
    story = tmp_path / f"{name}.yaml"
    story.write_text("title: A hostile file name\nplaces:\n  - {id: a, name: Rutba, lookup: "
                     "Ar Rutbah}\n  - {id: b, name: Al Qaim, lookup: Al Qaim}\nmovements:\n"
                     "  - {from: a, to: b}\n", encoding="utf-8")
    out = tmp_path / "maps"
    save(geo.load_story(story), out, formats=["html"])
    snippet = (out / f"{name}.embed.html").read_text(encoding="utf-8")
    host = out / "host.html"
    host.write_text("<!doctype html><html lang=en><head><meta charset=utf-8><title>A news "
                    f"page</title></head><body><h1>News</h1>{snippet}</body></html>",
                    encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        blocked, dialogs = [], []
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:")
                      else (blocked.append(r.request.url), r.abort()))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(host.as_uri())
        page.wait_for_timeout(300)
        assert dialogs == []
        frame = page.frame_locator("iframe")
        frame.locator(".geo-place").first.wait_for(timeout=10_000)  # the map, framed
        frame.locator(".geo-place").first.click()
        page.wait_for_timeout(200)
        assert dialogs == [] and blocked == []
    finally:
        context.close()


def test_the_finder_finds_a_name_with_a_line_break(open_story):
    from bulk_stories import grid_story

    names = [f"Place {i}" for i in range(400)]
    names[7] = "Al\nQaim crossing"
    story = grid_story(400, 400, names=names)
    opened = open_story(story, name="bulk-line-break")
    page = opened.page
    page.wait_for_selector("[data-geo-drawn]")
    page.focus("[role=combobox]")
    page.keyboard.type("al qaim")
    options = page.locator("[role=option]").all_inner_texts()
    assert [" ".join(o.split()) for o in options] == ["Al Qaim crossing"]
    page.keyboard.press("Enter")
    assert " ".join(_one_popup(page).split()).startswith("Al Qaim crossing")
    assert page.input_value("[role=combobox]") == "Al Qaim crossing"
    assert opened.errors == [] and opened.dialogs == []
