"""Exports read back with GDAL: GeoJSON (RFC 7946, the GeoJSON schema), GeoPackage, KML, CSV;
and the lookup command."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyogrio
import pytest
import shapely

import geo
from geo.outputs import render_all

KML = "{http://www.opengis.net/kml/2.2}"
MAKE_MAP = os.path.join(os.path.dirname(sys.executable), "make-map")


@pytest.fixture(scope="module")
def exported(example_story, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return {fmt: geo.export(example_story, out / f"story.{fmt}")
            for fmt in ("geojson", "gpkg", "kml", "csv")}


def test_geojson_is_rfc7946(exported, example_story):
    doc = json.loads(exported["geojson"].read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    layers = [f["properties"]["layer"] for f in doc["features"]]
    assert layers.count("place") == len(example_story.places)
    assert layers.count("movement") == len(example_story.movements)
    assert layers.count("area") == len(example_story.areas)
    for feat in doc["features"]:
        geom = shapely.geometry.shape(feat["geometry"])
        for ring in [geom.exterior] if geom.geom_type == "Polygon" else []:
            assert ring.is_ccw  # the right-hand rule: exterior rings counter-clockwise
        coords = json.dumps(feat["geometry"]["coordinates"])
        assert all(len(n.split(".")[1]) <= 6 for n in coords.replace("[", " ").replace(
            "]", " ").replace(",", " ").split() if "." in n)
    sources = {f["properties"].get("source_name") for f in doc["features"]}
    assert "The New Arab" in sources


def test_geojson_validates_against_the_geojson_schema(exported):
    import jsonschema

    folder = os.environ.get("GEOJSON_SCHEMA")
    if not folder or not Path(folder, "FeatureCollection.json").exists():
        pytest.skip("the GeoJSON schema is not installed (make test installs it with npm)")
    schema = json.loads(Path(folder, "FeatureCollection.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(
        json.loads(exported["geojson"].read_text(encoding="utf-8")))


def test_geopackage_layers_types_and_values(exported, example_story):
    layers = dict(pyogrio.list_layers(exported["gpkg"]))
    assert layers == {"places": "Point", "movements": "LineString", "areas": "Polygon"}
    info = pyogrio.read_info(exported["gpkg"], layer="movements")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["count_min"] == "int64" and types["length_km"] == "float64"
    places = pyogrio.read_dataframe(exported["gpkg"], layer="places")
    assert list(places["id"]) == list(example_story.places["id"])
    for got, want in zip(places.geometry, example_story.places.geometry):
        assert got.distance(want) < 1e-9
    moves = pyogrio.read_dataframe(exported["gpkg"], layer="movements")
    assert list(moves["count_min"].dropna().astype(int)) == [3000, 2100]
    assert moves.set_index("id").loc["transfer", "source_name"].startswith("Rutba district mayor")


def test_ogrinfo_reads_every_export(exported):
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo is None:
        pytest.skip("ogrinfo is absent (make test installs gdal-bin)")
    for fmt, path in exported.items():
        res = subprocess.run([ogrinfo, "-ro", "-so", "-al", str(path)], capture_output=True,
                             text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        if fmt == "gpkg":
            assert "Layer name: places" in res.stdout and "Feature Count: 5" in res.stdout
            assert "start: DateTime" in res.stdout and "count_min: Integer" in res.stdout
        if fmt == "kml":
            assert "Layer name: movements" in res.stdout


def test_kml_has_folders_styles_and_times(exported, example_story):
    root = ET.parse(exported["kml"]).getroot()
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    assert set(folders) == {"places", "movements", "areas"}
    marks = list(folders["movements"].iter(f"{KML}Placemark"))
    dated = [m for m in example_story.movements.itertuples() if isinstance(m.date, str)]
    spans = [m for m in marks if m.find(f"{KML}TimeSpan") is not None
             or m.find(f"{KML}TimeStamp") is not None]
    assert len(spans) == len(dated) == 2
    assert all(m.find(f"{KML}Style") is not None for m in root.iter(f"{KML}Placemark"))
    begins = sorted(m.find(f"{KML}TimeSpan").findtext(f"{KML}begin") for m in spans)
    assert begins == ["2024-12-07", "2024-12-10"]
    names = [m.findtext(f"{KML}name") for m in folders["places"].iter(f"{KML}Placemark")]
    assert names == list(example_story.places["name"])


def test_kml_descriptions_are_escaped(tmp_path):
    story = geo.parse_story("title: t\nplaces:\n  - {id: a, name: '<script>alert(1)</script>', "
                            "lonlat: [40, 33]}\n  - {id: b, name: B, lonlat: [41, 34]}\n"
                            "movements:\n  - {from: a, to: b, quote: '<img src=x onerror=y>'}\n")
    text = render_all(story, ["kml"])["kml"].decode()
    for placemark in ET.fromstring(text).iter(f"{KML}Placemark"):
        description = placemark.findtext(f"{KML}description") or ""
        assert "<script>" not in description and "<img" not in description


def test_csv_of_places(exported, example_story):
    rows = list(csv.DictReader(io.StringIO(exported["csv"].read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == list(example_story.places["id"])
    for row, place in zip(rows, example_story.places.itertuples()):
        assert abs(float(row["lon"]) - place.lon) < 1e-6 and abs(float(row["lat"]) - place.lat) < 1e-6
    assert rows[1]["source_name"] == "The New Arab"


def test_exports_are_byte_identical_and_suffix_is_checked(example_story, tmp_path):
    first = render_all(example_story, ["geojson", "gpkg", "kml", "csv"])
    assert first == render_all(example_story, ["geojson", "gpkg", "kml", "csv"])
    with pytest.raises(geo.GeoError, match="cannot tell the format of"):
        geo.export(example_story, tmp_path / "story.shp")


@pytest.mark.parametrize("query,first", [("Al Qaim", "geonames:92138"),
                                          ("الرطبة", "geonames:98677"),
                                          ("Area 70", "curated:marsana-airfield")])
def test_lookup_prints_the_right_place_first(query, first):
    res = subprocess.run([MAKE_MAP, "--lookup", query], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0, res.stderr
    line = res.stdout.splitlines()[0]
    assert line.startswith("1. ") and f"[{first}]" in line and "lon " in line
    res = subprocess.run([MAKE_MAP, "--lookup", query, "--json"], capture_output=True, text=True,
                         timeout=120)
    rows = json.loads(res.stdout)
    assert rows[0]["source"] == first and {"lon", "lat", "kind", "country", "uncertainty_km"} \
        <= set(rows[0])


def test_lookup_of_nothing_exits_2():
    res = subprocess.run([MAKE_MAP, "--lookup", "Xqzwvplace"], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 2 and "no place named 'Xqzwvplace'" in res.stderr
