"""Focus and far places (issue 18): a place far from the rest of the story does not zoom the
frame out to a continent; it is a stub at the frame's edge with its name and distance, on
the static maps and on the page; a story's ``frame:`` overrides the choice."""

import json
from pathlib import Path

import numpy as np
import pytest

import geo
from geo.geometry import focus_mask
from geo.outputs import render_all
from geo.scene import Scene
from geo.style import FOCUS_LAND, LAND

STORIES = Path(__file__).parent / "data" / "stories"


@pytest.fixture(scope="module")
def kursk():
    return geo.load_story(STORIES / "kursk.yaml")


def _with(story_file: Path, frame: str) -> geo.Story:
    text = story_file.read_text(encoding="utf-8")
    return geo.parse_story(text.replace("date: 2024-11-05", f"date: 2024-11-05\nframe: {frame}"))


def _drawn(fig):
    ax = fig.axes[0]
    fig.canvas.draw()
    return ax, {a.get_gid(): a for a in ax.get_children() if a.get_gid()}


def _inside(ax, artist) -> bool:
    (x,), (y,) = artist.get_data()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    return x0 < x < x1 and y0 < y < y1


def test_the_focus_leaves_out_a_place_thousands_of_km_away():
    # Kursk, Sudzha, Sumy and Vladivostok: the last is far.
    assert focus_mask([36.2, 35.3, 34.8, 131.9], [51.7, 51.2, 50.9, 43.1],
                      [3, 2, 2, 2]).tolist() == [True, True, True, False]
    # Two places, or places spread evenly along a line: all are the focus.
    assert focus_mask([36.2, 131.9], [51.7, 43.1], [1, 1]).all()
    assert focus_mask(np.arange(0, 100, 10.0), np.zeros(10), np.ones(10)).all()
    # The part that weighs more is the focus, wherever it is; a part of half the places or
    # more is never cut off.
    mask = focus_mask([0, 0.5, 100, 100.5, 100.2, 100.1], [0, 0.5, 0, 0.5, 0.2, 0.3],
                      [1, 1, 5, 5, 5, 5])
    assert mask.tolist() == [False, False, True, True, True, True]
    assert focus_mask([0, 0.5, 100, 100.5], [0, 0.5, 0, 0.5], [1, 1, 5, 5]).all()


def test_the_static_frame_follows_the_focus_with_a_stub_to_the_far_place(kursk):
    assert Scene.of(kursk).far == {"vladivostok"}
    ax, gids = _drawn(geo.static_map(kursk))
    x0, x1 = ax.get_xlim()
    assert x1 - x0 < 1_000_000  # the Kursk front, not all of Russia (7,000 km)
    assert not _inside(ax, gids["place-vladivostok"])
    for pid in ("kursk", "sudzha", "sumy", "belgorod", "korenevo", "rylsk"):
        assert _inside(ax, gids[f"place-{pid}"]), pid
    assert "label-vladivostok" not in gids
    stub = gids["stub-label-vladivostok"]
    assert stub.get_text() == "from Vladivostok, 6,800 km"
    box, frame = stub.get_window_extent(), ax.get_window_extent()
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    # The airlift's line runs from the frame's edge to Kursk, its arrowhead at Kursk.
    line = np.column_stack(gids["movement-airlift"].get_data())
    (y0, y1) = ax.get_ylim()
    assert line[:, 0].min() >= x0 - 1 and line[:, 0].max() <= x1 + 1
    assert line[:, 1].max() == pytest.approx(y1, abs=(y1 - y0) * 0.02) or \
        line[:, 0].max() == pytest.approx(x1, abs=(x1 - x0) * 0.02)


def test_a_movement_to_a_far_place_and_a_far_place_with_no_line_get_stubs():
    story = geo.parse_story("""
title: t
places:
  - {id: a, name: Kursk, lonlat: [36.18, 51.73]}
  - {id: b, name: Sudzha, lonlat: [35.27, 51.19]}
  - {id: c, name: Sumy, lonlat: [34.80, 50.92]}
  - {id: d, name: Vladivostok, lonlat: [131.87, 43.11]}
  - {id: e, name: Pyongyang, lonlat: [125.75, 39.02]}
movements:
  - {id: out, from: a, to: d}
  - {from: b, to: a}
  - {from: c, to: b}
""")
    assert Scene.of(story).far == {"d", "e"}
    ax, gids = _drawn(geo.static_map(story))
    assert gids["stub-label-d"].get_text().startswith("to Vladivostok, 6,")
    assert gids["stub-label-e"].get_text().startswith("to Pyongyang, ")
    assert "arrowhead-out" in gids and "stub-e" in gids and "stub-head-e" in gids
    frame = ax.get_window_extent()
    head = gids["arrowhead-out"].get_window_extent()
    assert frame.x0 <= head.x0 and head.x1 <= frame.x1 and frame.y0 <= head.y0 <= frame.y1


def test_frame_all_holds_every_place(kursk):
    story = _with(STORIES / "kursk.yaml", "all")
    assert story.frame == "all" and Scene.of(story).far == frozenset()
    ax, gids = _drawn(geo.static_map(story))
    assert _inside(ax, gids["place-vladivostok"]) and "stub-label-vladivostok" not in gids
    x0, x1 = ax.get_xlim()
    assert x1 - x0 > 5_000_000


def test_frame_of_place_ids_and_frame_box():
    story = _with(STORIES / "kursk.yaml", "[kursk, sudzha, korenevo, rylsk]")
    assert Scene.of(story).far == {"vladivostok", "belgorod", "sumy"}
    _, gids = _drawn(geo.static_map(story))
    assert gids["stub-label-sumy"].get_text() == "from Sumy, 40 km"
    # A box: the frame is the box (no margins), the places outside it are far.
    story = _with(STORIES / "kursk.yaml", "[34.0, 50.4, 38.0, 52.2]")
    scene = Scene.of(story)
    assert scene.far == {"vladivostok"} and scene.bounds() == (34.0, 50.4, 38.0, 52.2)
    ax, _ = _drawn(geo.static_map(story))
    from geo.static.projection import lonlat_bounds, projection

    _, tr = projection(story)
    lo, s, hi, n = lonlat_bounds((*ax.get_xlim(), *ax.get_ylim()),
                                 lambda x, y: tr.transform(x, y, direction="INVERSE"), pad=0)
    assert lo <= 34.0 and hi >= 38.0 and s <= 50.4 and n >= 52.2
    assert hi - lo < 4.0 * 1.8 and n - s < 1.8 * 1.6  # the box, widened only to the map's shape


def test_a_frame_box_across_the_antimeridian():
    from geo.geometry import in_box

    assert in_box([175, -175, 0], [-20, -20, -20], (170, -40, -170, -10)).tolist() == \
        [True, True, False]
    story = geo.parse_story("""
title: t
frame: [170, -40, -170, -15]
places:
  - {id: a, name: Auckland, lonlat: [174.76, -36.85]}
  - {id: b, name: Nukualofa, lonlat: [-175.2, -21.14]}
  - {id: c, name: Tokyo, lonlat: [139.69, 35.69]}
movements:
  - {from: a, to: b}
  - {from: c, to: b}
""")
    scene = Scene.of(story)
    w, s, e, n = scene.bounds()
    assert scene.far == {"c"} and (e - w, s, n) == (20.0, -40.0, -15.0)
    assert w < scene.positions["a"][0] < scene.positions["b"][0] < e  # in the maps' longitudes


def test_gis_formats_keep_every_feature_whole(kursk):
    out = render_all(kursk, ["geojson", "kml", "csv"])
    features = json.loads(out["geojson"])["features"]
    ids = {f["properties"]["id"] for f in features if f["properties"]["layer"] == "place"}
    assert "vladivostok" in ids
    airlift = next(f for f in features if f["properties"].get("id") == "airlift")
    lons = [x for x, _ in airlift["geometry"]["coordinates"]]
    assert max(lons) == pytest.approx(131.87353) and min(lons) == pytest.approx(36.18457)
    assert b"Vladivostok" in out["kml"] and b"Vladivostok" in out["csv"]


def _page_data(html: bytes) -> dict:
    text = html.decode("utf-8")
    start = text.index(">", text.index('class="geo-data"')) + 1
    return json.loads(text[start:text.index("</script>", start)])


def test_the_page_fits_the_focus_and_keeps_the_far_place(kursk):
    data = _page_data(render_all(kursk, ["html"])["html"])
    (_, w), (_, e) = data["bounds"]
    assert e - w < 5 and w > 30 and e < 40  # Sumy to Kursk, not to Vladivostok at 131.9 E
    assert "vladivostok" in {p["id"] for p in data["places"]}
    (path, label, pid, move), = data["stubs"]
    assert label == "from Vladivostok, 6,800 km" and pid == "vladivostok"
    assert move == "airlift"  # the timeline shows the stub with its movement
    assert path[0] == pytest.approx([51.72689, 36.18457], abs=1e-4)  # from Kursk outward
    assert path[-1] == pytest.approx([43.10562, 131.87353], abs=1e-4)
    # A story with no far place has no stubs in its page.
    assert "stubs" not in _page_data(render_all(geo.load_story(
        STORIES / "gaza.yaml"), ["html"])["html"])


def test_the_page_zoomed_out_to_the_far_place_has_land_beneath_it(kursk, example_story):
    # Zoomed out from Kursk to Vladivostok, a reader sees the world, not the basemap's box in
    # an empty sea: the page carries the world's land, and Russia in its story colour.
    import shapely

    world = _page_data(render_all(kursk, ["html"])["html"])["basemap"]["world"]
    shapes = [(f["properties"]["fill"], shapely.geometry.shape(f["geometry"]))
              for f in world["data"]["features"]]
    irkutsk, beijing = shapely.Point(104.3, 52.3), shapely.Point(116.4, 39.9)  # on the way
    assert any(shape.contains(irkutsk) for fill, shape in shapes if fill == FOCUS_LAND)
    assert any(shape.contains(beijing) for fill, shape in shapes if fill == LAND)
    # A story with no far place has no world beneath: the page stops one zoom level out.
    assert "world" not in _page_data(render_all(example_story, ["html"])["html"])["basemap"]


def test_small_multiples_name_the_far_place_once_its_line_is_drawn(kursk):
    from geo.static import static_steps

    fig = static_steps(kursk)
    fig.canvas.draw()
    panels = {ax.get_gid(): {a.get_gid(): a for a in ax.get_children() if a.get_gid()}
              for ax in fig.axes if (ax.get_gid() or "").startswith("step-")}
    labels = [ax.get("stub-label-vladivostok") for _, ax in sorted(panels.items())]
    # Step 1 (the incursion of 6 August) comes before the airlift: no stub; from step 2 on,
    # the airlift's line comes from the frame's edge with its label.
    assert labels[0] is None and "stub-vladivostok" not in panels["step-1"]
    assert all(lab is not None and lab.get_text() == "from Vladivostok, 6,800 km"
               for lab in labels[1:])
