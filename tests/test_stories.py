"""The five stories written for the tests (issue 18), shaped like those a desk maps: Sudan's
camps and a flight into Chad, Kursk with an origin 6,800 km away, Gaza's crossings a few km
apart, the Darién Gap in Spanish, Tonga across the antimeridian with a place in Japan. Each
maps in every format and layout; on a phone and a desktop in Chromium the page's panels,
controls, places and labels never cover one another (labels at any zoom), and its arrowheads
show."""

from pathlib import Path

import pytest

import geo
from geo.outputs import FORMATS, render_all
from geo.scene import Scene

REPO = Path(__file__).resolve().parent.parent
STORIES = REPO / "tests" / "data" / "stories"
NAMES = ("sudan", "kursk", "gaza", "darien", "tonga")


@pytest.fixture(scope="module", params=NAMES)
def story(request):
    return geo.load_story(STORIES / f"{request.param}.yaml")


@pytest.mark.parametrize("layout", ["map", "steps"])
def test_every_format_and_layout(story, layout):
    formats = [f for f in FORMATS if layout == "map" or f in ("png", "svg", "pdf", "gif")]
    out = render_all(story, formats, layout=layout)
    assert out["png"].startswith(b"\x89PNG") and out["gif"].startswith(b"GIF8")
    assert out["pdf"].startswith(b"%PDF") and b"<svg" in out["svg"][:400]
    if layout == "map":
        assert story.title.encode() in out["html"] and b"FeatureCollection" in out["geojson"]
        for pid in story.places["id"]:  # GIS formats keep every place, far ones too
            assert f'"{pid}"'.encode() in out["geojson"]


def test_docs_pictures_are_what_the_script_makes_now(story):
    committed = REPO / "docs" / "stories" / f"{story.stem}.png"
    assert committed.read_bytes() == render_all(story, ["png"])["png"], \
        f"{committed.relative_to(REPO)} is stale: run scripts/make_story_pictures.py"


#: What the page draws over the map: panels and Leaflet's controls.
FURNITURE = (".geo-title", ".geo-legend", ".geo-timeline", ".geo-credit",
             ".leaflet-control-zoom", ".leaflet-control-layers", ".leaflet-control-scale",
             ".leaflet-control-attribution")

#: The page's boxes, measured in the browser: furniture, the frame's place markers, the
#: visible labels, and each arrowhead with the length of its line on screen.
MEASURE = """(sel) => {
  const box = (e) => { const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const shown = (e) => e.offsetParent !== null && getComputedStyle(e).display !== "none";
  const out = {furniture: {}, places: {}, labels: [], heads: []};
  sel.furniture.forEach((s) => { const e = document.querySelector(s);
    if (e && shown(e)) out.furniture[s] = box(e); });
  sel.places.forEach((p) => { const e = document.querySelector(".geo-place-" + p);
    out.places[p] = box(e); });
  document.querySelectorAll(".geo-label,.geo-context-label").forEach((e) => {
    if (shown(e)) out.labels.push([e.textContent, ...box(e)]); });
  const named = Array.from(document.querySelectorAll(".geo-country-label"))
    .filter((e) => e.style.display !== "none");
  out.countries = named.map((e) => e.textContent);
  out.countryBoxes = named.map((e) => { const g = document.createRange();
    g.selectNodeContents(e); const r = g.getBoundingClientRect();
    return [e.textContent, r.left, r.top, r.right, r.bottom]; });
  out.linePoints = [];  // each movement line sampled every 2 px on screen
  document.querySelectorAll("path.geo-movement").forEach((l) => {
    const m = l.getScreenCTM(), n = l.getTotalLength();
    for (let d = 0; d <= n; d += 2) { const p = l.getPointAtLength(d);
      out.linePoints.push([m.a * p.x + m.c * p.y + m.e, m.b * p.x + m.d * p.y + m.f]); } });
  sel.moves.forEach((m) => {
    const h = document.querySelector("path.geo-arrowhead-" + m), l = document.querySelector("path.geo-movement-" + m);
    const len = l.getTotalLength ? l.getTotalLength() : 0;
    out.heads.push([m, ...box(h), len]); });
  return out;
}"""


#: Country names each story's page shows on a desktop.
COUNTRIES = {"sudan": ["SUDAN", "CHAD"], "kursk": ["RUSSIA", "UKRAINE"],
             "gaza": ["EGYPT", "ISRAEL"], "darien": ["PANAMA", "COLOMBIA"], "tonga": []}


def _gap(a, b) -> float:
    """The distance in px between boxes a and b (0 where they touch or overlap)."""
    dx, dy = max(a[0] - b[2], b[0] - a[2], 0.0), max(a[1] - b[3], b[1] - a[3], 0.0)
    return (dx * dx + dy * dy) ** 0.5


def _overlap(a, b, slack: float = 0.5) -> bool:
    return a[0] + slack < b[2] and b[0] + slack < a[2] and a[1] + slack < b[3] and \
        b[1] + slack < a[3]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [(375, 667), (1200, 800)], ids=["phone", "desktop"])
def test_the_page_on_a_phone_and_a_desktop(browser, tmp_path, story, viewport):
    from geo.outputs import save

    html = save(story, tmp_path, formats=["html"], stem=story.stem)[0]
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    try:
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(html.as_uri())
        page.wait_for_selector("[data-geo-drawn]")
        page.wait_for_timeout(150)
        scene = Scene.of(story)
        got = page.evaluate(MEASURE, {
            "furniture": list(FURNITURE),
            "places": [p for p in story.places["id"] if p not in scene.far],
            "moves": [m.id for m in scene.moves]})
        assert errors == []
        furniture = got["furniture"]
        assert {".geo-legend", ".leaflet-control-scale", ".leaflet-control-attribution"} <= \
            set(furniture)
        if len(scene.steps) > 1:
            assert ".geo-timeline" in furniture
        names = sorted(furniture)
        for i, a in enumerate(names):  # no panel or control covers another
            for b in names[i + 1:]:
                assert not _overlap(furniture[a], furniture[b]), (a, b)
        w, h = viewport
        for pid, box in got["places"].items():  # every place of the frame in view, uncovered
            assert box[0] >= 0 and box[1] >= 0 and box[2] <= w and box[3] <= h, pid
            for name, f in furniture.items():
                assert not _overlap(box, f), (pid, name)
        labels = got["labels"]
        for i, a in enumerate(labels):  # labels never overlap one another, at the opening zoom
            for b in labels[i + 1:]:
                assert not _overlap(a[1:], b[1:], slack=1.0), (a[0], b[0])
        # Zoomed out and in, the labels are placed again: still none over another.
        # ... and zoomed out, each right beside its own place, nearer it than any other.
        opening = page.evaluate("GeoStory.map.getZoom()")
        # The basemap reaches one level out; with no far place (no world beneath) the page
        # goes no further, rather than showing its box in an empty sea.
        if not scene.far:
            assert page.evaluate("GeoStory.map.getMinZoom()") == pytest.approx(opening - 1)
        framed = [p for p in story.places.itertuples() if p.id not in scene.far]
        for dz in (-2, -1, 1, 2):
            page.evaluate("z => { GeoStory.map.setZoom(z, {animate: false}); }", opening + dz)
            page.wait_for_timeout(100)
            now = page.evaluate(MEASURE, {"furniture": [], "places": [p.id for p in framed],
                                          "moves": []})
            zoomed = now["labels"]
            for i, a in enumerate(zoomed):
                for b in zoomed[i + 1:]:
                    assert not _overlap(a[1:], b[1:], slack=1.0), (dz, a[0], b[0])
            for text, *box in zoomed if dz < 0 else ():
                own = [p.id for p in framed if text.startswith(p.name)]
                if own:
                    gaps = {pid: _gap(box, mark) for pid, mark in now["places"].items()}
                    assert gaps[own[0]] <= 12 and gaps[own[0]] == min(gaps.values()), (dz, text)
        page.evaluate("z => { GeoStory.map.setZoom(z, {animate: false}); }", opening)
        page.wait_for_timeout(100)
        for mid, *box, length in got["heads"]:  # arrowheads in pixels: visible
            size = max(box[2] - box[0], box[3] - box[1])
            assert size >= min(10.0, 0.3 * length), (mid, size, length)
        for name, *box in got["countryBoxes"]:  # a country's name clear of the lines
            assert not any(box[0] < x < box[2] and box[1] < y < box[3]
                           for x, y in got["linePoints"]), name
        # The countries a reader expects named, where they fit (a desktop's view).
        if viewport[0] > 600:
            assert set(COUNTRIES[story.stem]) <= set(got["countries"]), got["countries"]
        if scene.far:  # the far place's stub is labelled, in view
            stub = [lab for lab in labels if lab[0].startswith(("from ", "to "))]
            assert stub and 0 <= stub[0][1] and stub[0][3] <= w and 0 <= stub[0][2] <= h
            # ... and shows with its movement's step of the timeline, not before it.
            far = {m.id for m in scene.moves if {m.from_, m.to} & scene.far}
            first = min(i for i, st in enumerate(scene.steps) if far & set(st.movements))
            shown = ("document.querySelector('.geo-stub-label').offsetParent !== null")
            if first > 0:
                page.evaluate("v => { const s = document.querySelector('.geo-timeline input');"
                              " s.value = v; s.dispatchEvent(new Event('input')); }", first - 1)
                assert not page.evaluate(shown)
                page.click(".geo-next")
                assert page.evaluate(shown)
    finally:
        ctx.close()
