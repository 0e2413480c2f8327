"""The page's way through the library: a story's records and the boundaries' records, read
without pandas, geopandas, pyogrio or folium; the same page from a cold cache, from memory,
and from the frames a notebook user edits."""

import dataclasses
import json
import math
import os
import shutil
import subprocess
import sys

import pytest
import shapely

import geo
from geo import boundaries
from geo.boundaries import records as boundary_records
from geo.web import render_html

HEAVY = {"pandas", "geopandas", "pyogrio", "folium"}

#: In a fresh interpreter: make-map's html path, then the public ways to a page (render_html,
#: a notebook's display, export); what heavy modules came in, and the page.
PAGE = f"""
import json, sys
import geo
from geo.cli import main

out = sys.argv[1]
status = main([str(geo.example_path()), "-o", out, "-q", "-f", "html"])
story = geo.load_story(geo.example_path())
page = geo.web.render_html(story)
story._repr_html_()
geo.export(story, out + "/export.html")
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {sorted(HEAVY)!r})
print(json.dumps({{"status": status, "heavy": heavy, "page": page}}))
"""


def _page(tmp_path, env: dict | None = None) -> tuple[dict, bytes]:
    out = tmp_path / "maps"
    tmp_path.mkdir(parents=True, exist_ok=True)
    res = subprocess.run([sys.executable, "-c", PAGE, str(out)], capture_output=True, text=True,
                         cwd=tmp_path, env={**os.environ, **(env or {})}, timeout=300,
                         check=False)  # the installed package, not the source tree
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    assert got["status"] == 0
    written = (out / "syria-iraq-soldiers.html").read_bytes()
    assert got["page"].encode() == written == (out / "export.html").read_bytes()
    return got, written


def _cache_with_index(folder):
    """A cache folder holding a sealed copy of this machine's gazetteer index, and nothing
    else: the boundaries' records are not there yet."""
    from geo.gazetteer import build_index
    from geo.gazetteer.cache import seal

    folder.mkdir(parents=True)
    copy = folder / build_index().name
    shutil.copyfile(build_index(), copy)
    seal(copy)
    return folder


def test_the_page_imports_no_pandas_geopandas_pyogrio_or_folium(tmp_path):
    _page(tmp_path)  # the boundaries' records made, if this cache had none
    got, _ = _page(tmp_path)
    assert got["heavy"] == []


def test_a_cold_cache_gives_the_same_page_and_then_imports_nothing_heavy(tmp_path):
    _, warm = _page(tmp_path / "warm")
    cache = _cache_with_index(tmp_path / "cache")
    env = {"GEO_CACHE_DIR": str(cache)}
    _, cold = _page(tmp_path / "cold", env)
    built = sorted(p.name for p in cache.iterdir() if p.name.startswith("boundaries-"))
    assert built == [boundary_records.cache_path().name,
                     boundary_records.cache_path().name + ".seal"]
    got, again = _page(tmp_path / "again", env)
    assert cold == warm == again and got["heavy"] == []


def test_where_no_folder_can_hold_the_records_they_are_made_in_memory(tmp_path):
    _, warm = _page(tmp_path / "warm")
    cache = _cache_with_index(tmp_path / "cache")
    (cache / boundary_records.cache_path().name).mkdir()  # no file can be renamed there
    tmp = tmp_path / "tmp"
    (tmp / f"geo-storymaps-{os.getuid()}").mkdir(parents=True, mode=0o755)  # refused
    os.chmod(tmp / f"geo-storymaps-{os.getuid()}", 0o755)
    got, memory = _page(tmp_path / "memory", {"GEO_CACHE_DIR": str(cache), "TMPDIR": str(tmp)})
    assert memory == warm and "pandas" in got["heavy"]
    assert not any(p.name.startswith(".boundaries-") for p in cache.iterdir())  # no temporary left


def test_a_story_made_from_its_frames_draws_the_same_page():
    lazy = geo.load_story(geo.example_path())
    page = render_html(lazy)
    made = dataclasses.replace(geo.load_story(geo.example_path()))  # Story(places=<frame>, ...)
    assert "places" in vars(made) and render_html(made) == page


def test_the_frames_made_from_the_records_are_the_storys_geodataframes():
    story = geo.load_story(geo.example_path())
    assert "places" not in vars(story)  # not made until asked for
    places, movements, areas = story.places, story.movements, story.areas
    assert places.crs == movements.crs == areas.crs == "EPSG:4326"
    assert list(places.columns) == ["id", "name", "name_ar", "kind", "note", "source", "lon",
                                    "lat", "country", "uncertainty_km", "approximate",
                                    "geocoder", "gazetteer_name", "geometry"]
    assert places["approximate"].dtype == bool and places["lon"].dtype == "float64"
    assert str(movements["count_min"].dtype) == "Int64"
    assert list(movements["via"]) == ["", "", "qaim-crossing"]
    assert list(areas["code"]) == ["IQ-AN"] and areas.geometry.iloc[0].geom_type.endswith("Polygon")
    assert story.places is places  # made once
    assert [p["id"] for p in story.records.places] == list(places["id"])


def test_a_notebook_users_edits_to_the_frames_are_drawn():
    story = geo.load_story(geo.example_path())
    before = render_html(story)  # drawn once (its scene made), then edited, then drawn again
    places, movements = story.places, story.movements
    places.loc[places["id"] == "marsana", "name"] = "Area 70 (edited)"
    movements.loc[movements["id"] == "entry", "label"] = "some 3,000 soldiers (edited)"
    page = render_html(story)
    assert "Area 70 (edited)" not in before
    assert "Area 70 (edited): airfield at" in page  # the map as text
    assert "some 3,000 soldiers (edited), 7 Dec 2024" in page  # the line's tooltip
    assert [p["name"] for p in story.records.places if p["id"] == "marsana"] == \
        ["Area 70 (edited)"]
    places.loc[places["id"] == "marsana", ["lon", "lat"]] = [39.0, 32.5]
    assert '"id":"marsana","lat":32.5,"lon":39.0,' in render_html(story)  # its marker moved


def _same(a: list, b: list) -> bool:
    """Equal, NaN equal to NaN."""
    def key(v):
        return "NaN" if isinstance(v, float) and math.isnan(v) else v
    return [key(v) for v in a] == [key(v) for v in b]


@pytest.mark.parametrize("name, read", [("countries", boundaries.countries),
                                        ("admin1", boundaries.admin1),
                                        ("admin1-lines", boundaries.admin1_lines),
                                        ("rivers", boundaries.rivers)])
def test_the_boundaries_records_are_the_readers_columns_and_shapes(name, read):
    gdf, layer = read(), boundary_records.layer(name)
    assert list(layer.columns) == [c for c in gdf.columns if c != "geometry"]
    for column, values in layer.columns.items():
        assert _same(values, gdf[column].tolist()), column
    assert list(shapely.to_wkb(layer.shapes())) == list(shapely.to_wkb(gdf.geometry.to_numpy()))
    assert layer.bounds.tolist() == shapely.bounds(gdf.geometry.to_numpy()).tolist()


def test_the_cities_records_are_the_readers_table():
    df = boundaries.cities()
    rows = boundary_records.city_rows()
    assert [list(r) for r in rows[:1]] == [list(df.columns)]
    for column in df.columns:
        assert [r[column] for r in rows] == df[column].tolist(), column


@pytest.mark.parametrize("bounds", [(38.0, 32.0, 43.0, 36.0), (170.0, -25.0, 190.0, -10.0),
                                    (-200.0, 50.0, -160.0, 72.0)])
def test_clip_on_records_is_clip_on_the_frame(bounds):
    world = boundaries.countries()
    index, shapes = boundary_records.clip_layer(boundary_records.layer("countries"), bounds)
    frame = boundaries.clip(world, bounds)
    assert index.tolist() == frame.index.tolist()
    assert list(shapely.to_wkb(shapes)) == list(shapely.to_wkb(frame.geometry.to_numpy()))
