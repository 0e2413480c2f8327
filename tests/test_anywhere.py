"""Maps of anywhere: stories across the antimeridian and near the poles in every format, and
the smaller things a desk notices (issue 18)."""

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import shapely

import geo
from geo import boundaries
from geo.outputs import render_all, save
from geo.scene import Scene

#: Auckland to Nukuʻalofa, about 2,000 km across the antimeridian.
TONGA = """
title: Relief flights to Tonga
date: 2022-01-20
sources: [{id: nzdf, name: New Zealand Defence Force}]
places:
  - {id: auckland, name: Auckland, kind: city, lonlat: [174.7635, -36.8485], country: NZ}
  - {id: nukualofa, name: Nukuʻalofa, kind: capital, lonlat: [-175.2011, -21.1368], country: TO}
movements:
  - {id: flight, from: auckland, to: nukualofa, date: 2022-01-20, count: 29, source: nzdf}
"""
#: The same with a place in Japan: it spans half the Pacific.
JAPAN = TONGA.replace("movements:", """\
  - {id: tokyo, name: Tokyo, kind: capital, lonlat: [139.6917, 35.6895], country: JP}
movements:""") + """\
  - {id: japan, from: tokyo, to: nukualofa, date: 2022-01-22}
"""
#: Over the North Pole, and a planned leg along the Arctic coast.
ARCTIC = """
title: Over the pole
places:
  - {id: murmansk, name: Murmansk, kind: city, lonlat: [33.08, 68.97]}
  - {id: pole, name: North Pole, lonlat: [0, 90]}
  - {id: alert, name: Alert, kind: town, lonlat: [-62.35, 82.5]}
  - {id: barrow, name: Utqiagvik, kind: town, lonlat: [-156.79, 71.29]}
movements:
  - {id: a, from: murmansk, to: pole, date: 2023-04-10}
  - {id: b, from: pole, to: alert, date: 2023-04-11}
  - {id: c, from: alert, to: barrow, status: planned}
"""
#: To the South Pole, across the antimeridian on the Ross Ice Shelf.
ANTARCTIC = """
title: To the South Pole
places:
  - {id: chc, name: Christchurch, kind: city, lonlat: [172.64, -43.53]}
  - {id: mcm, name: McMurdo Station, lonlat: [166.67, -77.85]}
  - {id: pole, name: South Pole station, lonlat: [0, -90]}
  - {id: camp, name: Field camp, lonlat: [-170, -84], uncertainty_km: 60}
movements:
  - {id: a, from: chc, to: mcm, date: 2023-11-10}
  - {id: b, from: mcm, to: pole, date: 2023-11-12}
  - {id: c, from: mcm, to: camp, date: 2023-11-14}
"""
STORIES = {"tonga": TONGA, "japan": JAPAN, "arctic": ARCTIC, "antarctic": ANTARCTIC}


@pytest.fixture(scope="module", params=list(STORIES))
def story(request):
    return geo.parse_story(STORIES[request.param])


@pytest.fixture(scope="module")
def tonga():
    return geo.parse_story(TONGA)


@pytest.fixture(scope="module")
def japan():
    return geo.parse_story(JAPAN)


def _page_data(html: bytes) -> dict:
    text = html.decode("utf-8")
    start = text.index('class="geo-data"')
    start = text.index(">", start) + 1
    return json.loads(text[start:text.index("</script>", start)])


# ------------------------------------------------------------------ geometry


def test_the_story_frame_is_gis_data_and_the_maps_draw_it_whole(tonga):
    line = tonga.movements.geometry.iloc[0]
    # RFC 7946: cut at the antimeridian, both parts ending on it at the same latitude.
    assert line.geom_type == "MultiLineString"
    west, east = (shapely.get_coordinates(p) for p in line.geoms)
    assert west[-1, 0] == 180.0 and east[0, 0] == -180.0 and west[-1, 1] == east[0, 1]
    assert -180 <= line.bounds[0] and line.bounds[2] <= 180
    # The maps draw one line, the short way: 10 degrees of longitude, not 350.
    scene = Scene.of(tonga)
    path = np.asarray(scene.paths["flight"])
    assert np.abs(np.diff(path[:, 0])).max() < 1
    assert path[0, 0] == pytest.approx(174.7635) and path[-1, 0] == pytest.approx(184.7989)
    assert 179 < scene.lon0 < 181
    x0, _, x1, _ = scene.bounds()
    assert x1 - x0 == pytest.approx(10.0, abs=0.1)


def test_split_antimeridian_cuts_each_crossing():
    from geo.geometry import central_lon, split_antimeridian, wrap_near

    # Either way round, continuous or stepping over 180: the same two parts.
    for coords in ([(170, -20), (190, -22)], [(170, -20), (-170, -22)]):
        assert split_antimeridian(shapely.LineString(coords)).wkt == \
            "MULTILINESTRING ((170 -20, 180 -21), (-180 -21, -170 -22))"
    westward = split_antimeridian(shapely.LineString([(-170, 0), (170, 0), (175, 5)]))
    assert [p.coords[0][0] for p in westward.geoms] == [-170, 180]
    plain = shapely.LineString([(10, 1), (20, 2)])
    assert split_antimeridian(plain).equals(plain)
    assert central_lon([174.8, -175.2]) == pytest.approx(179.8)
    assert central_lon([36.3, 44.4]) == pytest.approx(40.35)
    assert list(wrap_near([-175.2, 174.8, 40.5], 179.8)) == [184.8, 174.8, 40.5]


def test_the_shipped_countries_have_no_bands_across_the_world():
    """world-atlas's polygons are spherical; read as planar, Russia and Fiji had parts that
    covered every longitude of their latitudes (scripts/build_boundaries.py cuts them)."""
    c = boundaries.countries()
    for name, geom in zip(c["name"], c.geometry):
        for part in shapely.get_parts(geom):
            x0, _, x1, _ = part.bounds
            if name != "Antarctica":  # which goes round the pole
                assert not (x0 < -170 and x1 > 170), name
    fiji = c[c["name"] == "Fiji"].geometry.iloc[0]
    assert fiji.area < 2.0  # square degrees: the islands, not a band 360 degrees long
    antarctica = c[c["name"] == "Antarctica"].geometry.iloc[0]
    assert antarctica.covers(shapely.Point(0, -89.9))  # closed along the pole


def test_the_script_cuts_a_ring_that_crosses_the_antimeridian():
    from conftest import REPO, load_script

    script = load_script(REPO / "scripts" / "build_boundaries.py")
    ring = shapely.Polygon([(178, -16), (-179, -16), (-179, -18), (178, -18)])
    cut = script.planar(ring)
    assert cut.geom_type == "MultiPolygon"
    assert sorted(round(p.area, 6) for p in cut.geoms) == [2.0, 4.0]
    assert cut.bounds == (-180.0, -18.0, 180.0, -16.0)


def test_clip_across_the_antimeridian_joins_a_country_again():
    fiji = boundaries.clip(boundaries.countries(), (170, -25, 190, -10))
    geom = fiji[fiji["name"] == "Fiji"].geometry.iloc[0]
    assert geom.bounds[0] > 170 and geom.bounds[2] > 180  # in one Pacific, past 180
    # The borders drawn have no edge along the cut at 180 nor along the box.
    borders = boundaries.outline(fiji.geometry, (170, -25, 190, -10))
    assert len(borders) == len(fiji)  # one (Multi)LineString a country
    for line in shapely.get_parts(borders):
        xy = shapely.get_coordinates(line)
        for a, b in zip(xy[:-1], xy[1:]):
            assert not (a[0] == b[0] and a[0] in (170, 180, 190)), (a, b)
            assert not (a[1] == b[1] and a[1] in (-25, -10)), (a, b)
    cities = boundaries.in_bounds(boundaries.cities(), (170, -25, 190, -10))
    assert (cities["lon"] > 180).any()  # Nukuʻalofa, at 185
    assert cities["lon"].between(170, 190).all() and len(cities)


# ------------------------------------------------------------------ static maps


def test_a_pacific_story_gets_a_pacific_map(tonga):
    fig = geo.static_map(tonga)
    fig.canvas.draw()
    ax = fig.axes[0]
    x0, x1 = ax.get_xlim()
    assert 2_000_000 < x1 - x0 < 4_500_000  # about the story's 2,000 km, not the world
    line = next(a for a in ax.get_children() if a.get_gid() == "movement-flight")
    xy = np.column_stack(line.get_data())
    assert np.hypot(*np.diff(xy, axis=0).T).max() < 100_000  # one line, no jump
    places = {a.get_gid(): a for a in ax.get_children() if (a.get_gid() or "").startswith("place-")}
    for gid in ("place-auckland", "place-nukualofa"):
        (px,), _ = places[gid].get_data()
        assert x0 < px < x1


def test_every_static_format_across_the_antimeridian_and_the_poles(story):
    # Tonga with Japan crashed in all three (a MultiPolygon with no exterior); the others
    # are drawn by the same code, once.
    formats = ["png", "svg", "pdf"] if "tokyo" in set(story.places["id"]) else ["png"]
    out = render_all(story, formats)
    assert out["png"].startswith(b"\x89PNG")
    if "pdf" in out:
        assert out["pdf"].startswith(b"%PDF") and b"<svg" in out["svg"][:400]


def test_a_polar_frame_holds_the_pole_and_every_longitude():
    from geo.static.projection import lonlat_bounds, projection

    story = geo.parse_story(ARCTIC)
    fig = geo.static_map(story)
    crs, tr = projection(story)
    ax = fig.axes[0]
    px, py = tr.transform(0.0, 90.0)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert x0 < px < x1 and y0 < py < y1
    lo, _, hi, top = lonlat_bounds((x0, x1, y0, y1),
                                   lambda x, y: tr.transform(x, y, direction="INVERSE"))
    assert top == 90.0 and hi - lo > 359


def test_the_inset_draws_no_border_along_its_edge(example_story):
    fig = geo.static_map(example_story)
    inset = next(a for a in fig.axes[0].get_children() if getattr(a, "get_gid", None)
                 and a.get_gid() == "inset")
    land = next(c for c in inset.collections if c.get_gid() == "inset-land")
    assert len(land.get_edgecolor()) == 0 or not land.get_edgecolor()[:, 3].any() \
        or land.get_linewidth()[0] == 0
    (x0, x1), (y0, y1) = inset.get_xlim(), inset.get_ylim()
    borders = next(c for c in inset.collections if c.get_gid() == "inset-borders")
    # No border segment is straight along the clipped edge of the data around the inset.
    from geo.static.projection import lonlat_bounds, projection

    _, tr = projection(example_story)
    bx0, by0, bx1, by1 = lonlat_bounds((x0, x1, y0, y1), lambda x, y: tr.transform(
        x, y, direction="INVERSE"), pad=2.0)
    for seg in borders.get_segments():
        lon, lat = tr.transform(seg[:, 0], seg[:, 1], direction="INVERSE")
        on_edge = (np.isclose(lon, bx0) | np.isclose(lon, bx1) | np.isclose(lat, by0)
                   | np.isclose(lat, by1))
        assert not (on_edge[:-1] & on_edge[1:]).any()


# ------------------------------------------------------------------ data formats


def test_geojson_and_kml_split_lines_across_the_antimeridian(japan):
    out = render_all(japan, ["geojson", "kml", "gpkg"])
    moves = [f for f in json.loads(out["geojson"])["features"]
             if f["properties"]["layer"] == "movement"]
    assert {m["geometry"]["type"] for m in moves} == {"MultiLineString"}
    for m in moves:
        parts = m["geometry"]["coordinates"]
        assert parts[0][-1][0] == 180.0 and parts[1][0][0] == -180.0
        assert parts[0][-1][1] == parts[1][0][1]
        assert all(-180 <= x <= 180 for part in parts for x, _ in part)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.fromstring(out["kml"])
    lines = [pm for pm in root.iter("{http://www.opengis.net/kml/2.2}Placemark")
             if pm.find(".//k:MultiGeometry", ns) is not None]
    assert len(lines) == 2
    for pm in lines:
        parts = pm.findall(".//k:LineString/k:coordinates", ns)
        assert len(parts) == 2
        lons = [float(c.split(",")[0]) for p in parts for c in p.text.split()]
        assert max(lons) == 180.0 and min(lons) == -180.0 and all(abs(x) <= 180 for x in lons)
    import pyogrio

    path = Path(__file__).parent / "_anywhere.gpkg"
    try:
        path.write_bytes(out["gpkg"])
        gdf = pyogrio.read_dataframe(path, layer="movements")
    finally:
        path.unlink(missing_ok=True)
    assert set(gdf.geometry.geom_type) == {"MultiLineString"}
    assert gdf.total_bounds[0] >= -180 and gdf.total_bounds[2] <= 180


# ------------------------------------------------------------------ the page


def test_the_page_uses_continuous_longitudes(japan):
    data = _page_data(render_all(japan, ["html"])["html"])
    lons = {p["id"]: p["lon"] for p in data["places"]}
    assert lons["nukualofa"] == pytest.approx(184.7989)  # east of 180, not -175
    for m in data["movements"]:
        path = np.asarray(m["path"])
        assert np.abs(np.diff(path[:, 1])).max() < 5
        assert path[-1, 1] == pytest.approx(lons["nukualofa"])
        head = np.asarray(m["head"])
        assert np.abs(head[:, 1] - path[-1, 1]).max() < 1
    (s, w), (n, e) = data["bounds"]
    assert e - w < 50 and w > 130  # Tokyo to Tonga, not the world
    # Fiji drawn in one piece in the page's longitudes.
    land = [f for layer in data["basemap"]["layers"] if "fillColor" in layer["style"]
            for f in layer["data"]["features"]]
    xs = np.concatenate([shapely.get_coordinates(shapely.geometry.shape(f["geometry"]))[:, 0]
                         for f in land])
    assert xs.max() > 185 and xs.min() > 0






def _open(browser, html: Path, **context):
    ctx = browser.new_context(**context)
    ctx.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(html.as_uri())
    page.wait_for_selector("[data-geo-drawn]")
    return ctx, page, errors


@pytest.mark.browser
@pytest.mark.parametrize("name", list(STORIES))
def test_pages_across_the_antimeridian_and_the_poles(browser, tmp_path, name):
    story = geo.parse_story(STORIES[name])
    html = save(story, tmp_path, formats=["html"], stem=name)[0]
    ctx, page, errors = _open(browser, html, viewport={"width": 1200, "height": 800})
    try:
        assert errors == []
        size = page.evaluate("[innerWidth, innerHeight]")
        far = Scene.of(story).far  # Tokyo, far from Tonga: its stub's label is on screen
        for pid in story.places["id"]:
            box = page.locator(f".geo-place-{pid}" if pid not in far else
                               f".geo-stub-{pid}").bounding_box()
            assert 0 <= box["x"] <= size[0] and 0 <= box["y"] <= size[1], pid
        if name in ("tonga", "japan"):
            # The line goes the short way: no wider than the places it joins.
            xs = [page.locator(f".geo-place-{p}").bounding_box()["x"] for p in story.places["id"]
                  if p not in far]
            for mid in (m.id for m in Scene.of(story).moves if Scene.of(story).framed(m)):
                line = page.locator(f"path.geo-movement-{mid}").bounding_box()
                assert line["width"] <= max(xs) - min(xs) + 20
        # No flag in the attribution, whatever the story.
        attribution = page.locator(".leaflet-control-attribution")
        assert attribution.locator("svg, img").count() == 0
        assert "Leaflet" in attribution.inner_text()
    finally:
        ctx.close()


@pytest.mark.browser
def test_the_embed_snippet_keeps_its_shape(browser, tmp_path, example_story):
    files = save(example_story, tmp_path, formats=["html"])
    snippet = next(f for f in files if f.name.endswith(".embed.html")).read_text("utf-8")
    assert "min-height" not in snippet
    host = tmp_path / "host.html"
    for width, height in ((680, 453), (375, 250)):
        host.write_text(f'<!doctype html><body style="margin:0"><div style="width:{width}px">'
                        f"{snippet}</div></body>", encoding="utf-8")
        ctx, page, _ = browser.new_context(), None, None
        try:
            page = ctx.new_page()
            page.goto(host.as_uri())
            box = page.locator("iframe").bounding_box()
            assert (round(box["width"]), round(box["height"])) == (width, height)
        finally:
            ctx.close()


# ------------------------------------------------------------------ the smaller things


def test_steps_do_not_replace_the_map(tmp_path):
    from geo.examples import example_path

    timeline = geo.load_story(Path(example_path()).with_name("syria-iraq-timeline.yaml"))
    one = save(timeline, tmp_path, formats=["png"])
    made = one[0].read_bytes()
    steps = save(timeline, tmp_path, formats=["png", "svg"], layout="steps")
    assert [p.name for p in one] == ["syria-iraq-timeline.png"]
    assert [p.name for p in steps] == ["syria-iraq-timeline.steps.png",
                                       "syria-iraq-timeline.steps.svg"]
    assert one[0].read_bytes() == made != steps[0].read_bytes()  # the map is still there


def test_the_embed_snippet_loads_the_published_url(tmp_path, example_story, capsys):
    from geo.cli import main

    url = "https://news.example/maps/syria.html"
    save(example_story, tmp_path, formats=["html"], embed_src=url)
    snippet = (tmp_path / "syria-iraq-soldiers.embed.html").read_text("utf-8")
    assert f'src="{url}"' in snippet
    assert main([str(geo.example_path()), "-o", str(tmp_path / "cli"), "-f", "html",
                 "--embed-src", url, "-q"]) == 0
    assert f'src="{url}"' in (tmp_path / "cli" / "syria-iraq-soldiers.embed.html").read_text(
        "utf-8")


def test_verbose_shows_progress_not_library_debug_output(tmp_path):
    import subprocess
    import sys

    def run(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-m", "geo.cli", str(geo.example_path()), "-o",
                               str(tmp_path), *args], capture_output=True, text=True, check=True)
        return done.stderr.splitlines()

    err = run("-f", "png,html", "-v")
    assert err and len(err) < 20, err
    assert all(line.startswith("make-map: ") for line in err)
    assert not any("warning" in line or "matplotlib" in line or "PIL" in line for line in err)
    assert any("map (web) as png in" in line for line in err)
    assert any("read " in line and "5 places, 3 movements" in line for line in err)
    assert run("-f", "csv") == []  # without -v, no progress


def test_a_terminal_shows_progress_without_v(tmp_path):
    # A steps run or a GIF takes a while: on a terminal make-map says what it is making.
    import os
    import pty
    import subprocess
    import sys

    def run(*args: str) -> str:
        lead, follow = pty.openpty()
        try:
            subprocess.run([sys.executable, "-m", "geo.cli", str(geo.example_path()), "-o",
                            str(tmp_path), "-f", "csv", *args], stdout=subprocess.DEVNULL,
                           stderr=follow, check=True, timeout=120)
            os.close(follow)
            out = b""
            while True:
                try:
                    chunk = os.read(lead, 4096)
                except OSError:  # the terminal's other end is closed: all read
                    break
                if not chunk:
                    break
                out += chunk
            return out.decode()
        finally:
            os.close(lead)

    shown = run()
    assert "make-map: making the data as csv" in shown and "made the data as csv in" in shown
    assert run("-q") == ""


def test_unconfirmed_is_not_answered_with_confirmed():
    with pytest.raises(geo.StoryError) as err:
        geo.parse_story(TONGA.replace("source: nzdf}", "source: nzdf, status: unconfirmed}"))
    text = str(err.value)
    assert "did you mean 'confirmed'" not in text
    assert "'reported'" in text and "unconfirmed" in text
    with pytest.raises(geo.StoryError, match="did you mean 'confirmed'"):
        geo.parse_story(TONGA.replace("source: nzdf}", "source: nzdf, status: confimed}"))


def test_a_bare_count_does_not_read_like_a_date(tonga):
    from geo.text import movement_text

    move = Scene.of(tonga).moves[0]
    assert movement_text(move) == "29 people, 20 Jan 2022"
    single = geo.parse_story(TONGA.replace("count: 29", "count: 1"))
    assert movement_text(Scene.of(single).moves[0]) == "1 person, 20 Jan 2022"


def test_the_timeline_caption_does_not_repeat_its_date(japan):
    for step in Scene.of(japan).steps:
        assert step.caption.split()[:3] != step.label.split()
        assert step.label not in step.caption
    assert Scene.of(japan).steps[0].caption.startswith("29 people from Auckland")


def test_a_route_with_via_is_not_a_straight_line(example_story):
    from geo.web import features

    popups = {m["id"]: m["popup"] for m in features.movements(Scene.of(example_story))}
    via = [m.id for m in Scene.of(example_story).moves if m.via]
    assert via
    for mid, popup in popups.items():
        assert ("straight line)" in popup) == (mid not in via)
        if mid in via:
            assert "at least" in popup


def test_capital_is_in_the_legend_once(japan):
    fig = geo.static_map(japan)
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert len(labels) == len(set(labels)), labels
    assert "Capital" in labels
    context = any((t.get_gid() or "").startswith("context-label") for t in fig.axes[0].texts)
    assert ("Other capital" in labels) == (context and any(
        (a.get_gid() or "").startswith("context-") and a.get_marker() == "s"
        for a in fig.axes[0].lines))


def test_png_of_the_pacific_story_is_mostly_sea(tonga):
    """Looked at: the map of a Pacific story is ocean with islands, not the world's land."""
    from PIL import Image

    png = Image.open(io.BytesIO(render_all(tonga, ["png"])["png"])).convert("RGB")
    pixels = np.asarray(png)[300:1400, 100:2300].reshape(-1, 3)
    from geo.style import SEA

    sea = tuple(int(SEA[i:i + 2], 16) for i in (1, 3, 5))
    assert (np.abs(pixels.astype(int) - sea).sum(axis=1) < 6).mean() > 0.7


def test_an_area_across_the_antimeridian_has_no_edge_down_its_middle():
    from geo.static.projection import projection

    story = geo.parse_story("""
title: Across Fiji
places:
  - {id: suva, name: Suva, kind: capital, lonlat: [178.44, -18.14]}
  - {id: lakeba, name: Lakeba, kind: town, lonlat: [-178.8, -18.2]}
movements:
  - {from: suva, to: lakeba}
areas:
  - {lookup: Fiji}
""")
    fig = geo.static_map(story)
    ax = fig.axes[0]
    edges = next(c for c in ax.collections if c.get_gid() == "area-edges")
    fill = next(c for c in ax.collections if c.get_gid() == "areas")
    assert not fill.get_edgecolor()[:, 3].any() if len(fill.get_edgecolor()) else True
    _, tr = projection(story)
    for seg in edges.get_segments():
        lon, _ = tr.transform(seg[:, 0], seg[:, 1], direction="INVERSE")
        on_cut = np.isclose(np.abs(lon), 180.0, atol=1e-6)
        assert not (on_cut[:-1] & on_cut[1:]).any()


def test_a_circle_round_a_pole_holds_the_pole_and_one_round_the_world_holds_everything():
    from geo.geometry import circle

    polar = circle(30.0, 87.0, 600)
    assert polar.is_valid and polar.contains(shapely.Point(-150.0, 89.5))
    assert not polar.contains(shapely.Point(30.0, 80.0))
    huge = circle(40.0, 34.0, 15_000)  # both poles inside: the world less the antipode's circle
    assert huge.is_valid and huge.contains(shapely.Point(40.0, 34.0))
    assert huge.contains(shapely.Point(0.0, 89.9)) and huge.contains(shapely.Point(0.0, -89.9))
    assert not huge.contains(shapely.Point(-140.0, -34.0))  # the antipode


def test_an_uncertainty_of_thousands_of_km_is_drawn_as_the_whole_frame():
    story = geo.parse_story("title: t\nplaces:\n  - {id: a, name: Unknown, lonlat: [40.0, 34.0],"
                            " uncertainty_km: 20000}\n  - {id: b, name: Baghdad}\n")
    fig = geo.static_map(story)
    ax = fig.axes[0]
    (patch,) = [p for p in ax.patches if p.get_gid() == "uncertainty-a"]
    xs, ys = patch.get_xy()[:, 0], patch.get_xy()[:, 1]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    assert np.allclose([xs.min(), xs.max(), ys.min(), ys.max()], [x0, x1, y0, y1])
    assert x1 - x0 < 20_000_000  # framed on the story, not the world (40,000 km round)


UKRAINE = ("title: Fleeing Sumy\nplaces:\n  - {id: s, name: Sumy, country: UA}\n"
           "  - {id: k, name: Kyiv, country: UA}\n"
           "movements:\n  - {from: s, to: k, count: 300, status: reported}\n")


def test_labels_are_in_the_story_s_languages_arabic_only_in_the_arab_world(tmp_path):
    ukraine = geo.parse_story(UKRAINE)
    # Ukrainian as its second language (tests/test_languages.py), never Arabic.
    assert ukraine.languages == ("en", "uk") and not ukraine.places["name_ar"].notna().any()
    assert geo.load_story(geo.example_path()).languages == ("en", "ar")
    svg = render_all(ukraine, ["svg"])["svg"].decode("utf-8")
    assert not any("\u0600" <= ch <= "\u06ff" for ch in svg)  # no Arabic, context cities too
    html = render_all(ukraine, ["html"])["html"].decode("utf-8")
    assert 'lang="ar"' not in html
    asked = geo.parse_story(UKRAINE + "languages: [en, ar]\n")
    assert asked.places.set_index("id").loc["k", "name_ar"]  # the gazetteer's, when asked for
    example = Path(geo.example_path()).read_text(encoding="utf-8") + "\nlanguages: [en]\n"
    english = geo.parse_story(example)
    own = {p["id"] for p in __import__("yaml").safe_load(example)["places"] if p.get("name_ar")}
    assert set(english.places[english.places["name_ar"].notna()]["id"]) == own
