"""A newsroom's own gazetteer: CSV, GeoJSON or YAML, ranked above every other source,
checked like a story, usable from a story, make-map and --lookup."""

import json
import subprocess
import sys

import pytest

import geo

CSV = """id,name,alt,lon,lat,kind,country,uncertainty_km,source,note
tawila-camp,Tawila,Tawila camp|طويلة,24.93,13.53,camp,SD,3,Desk field notes 2025-04-20,
adre,Adré crossing,Adre,22.2,13.47,crossing,TD,2,UNHCR Chad operational map,Border post
"""


@pytest.fixture()
def csv_gazetteer(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_a_name_it_holds_is_the_answer_above_every_other_source(csv_gazetteer):
    hit = geo.geocode("Tawila", country="SD", gazetteer=csv_gazetteer)
    assert (hit.lon, hit.lat, hit.kind) == (24.93, 13.53, "camp")
    assert hit.source == "user:desk.csv:tawila-camp" and hit.dataset == "user"
    assert hit.sources == ("Desk field notes 2025-04-20",) and hit.match == "exact"
    assert geo.geocode("طويلة", gazetteer=csv_gazetteer).match == "alternate"
    assert geo.geocode("Tawila camp", gazetteer=csv_gazetteer).source.startswith("user:")
    # The country hint holds for it too (Yemen's Tawila is GeoNames'); and names it lacks
    # come from the other sources.
    assert geo.geocode("Tawila", country="YE", gazetteer=csv_gazetteer).country == "YE"
    assert geo.geocode("Khartoum", gazetteer=csv_gazetteer).source.startswith("geonames:")


@pytest.mark.parametrize("suffix,text", [
    (".geojson", json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "geometry": {"type": "Point", "coordinates": [24.93, 13.53]},
        "properties": {"name": "Tawila", "kind": "camp", "country": "SD",
                       "uncertainty_km": 3, "source": "Desk notes"}}]})),
    (".yaml", ("places:\n  - {name: Tawila, lonlat: [24.93, 13.53], kind: camp, country: SD,\n"
               "     uncertainty_km: 3, source: Desk notes, alt: [Tawila camp]}\n")),
])
def test_geojson_and_yaml_gazetteers(tmp_path, suffix, text):
    path = tmp_path / f"desk{suffix}"
    path.write_text(text, encoding="utf-8")
    hit = geo.geocode("Tawila", gazetteer=path)
    assert (hit.lon, hit.lat, hit.dataset) == (24.93, 13.53, "user")


@pytest.mark.parametrize("text,where", [
    ("name,lon,lat,kind,uncertainty_km,source\nX,24.9,95,camp,3,notes\n", "line 2, lat"),
    ("name,lon,lat,kind,uncertainty_km,source\nX,24.9,13.5,tent,3,notes\n", "line 2, kind"),
    ("name,lon,lat,kind,uncertainty_km\nX,24.9,13.5,camp,3\n", "line 2, source"),
    ("name,lon,lat,kind,uncertainty_km,source\nX,nan,13.5,camp,3,notes\n", "line 2, lon"),
    ("name,lon,lat,kind,uncertainty_km,source,colour\nX,1,2,camp,3,n,red\n", "line 2, colour"),
])
def test_a_bad_row_is_a_positioned_one_line_error(tmp_path, text, where):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(geo.StoryError) as err:
        geo.geocode("X", gazetteer=path)
    assert f"bad.csv {where}:" in str(err.value) and "\n" not in str(err.value)


def test_a_story_names_its_gazetteer_and_maps_from_it(tmp_path, csv_gazetteer):
    story = tmp_path / "darfur.yaml"
    story.write_text("title: Fleeing El Fasher\ngazetteer: desk.csv\nplaces:\n"
                     "  - {id: f, name: El Fasher, country: SD}\n"
                     "  - {id: t, name: Tawila, country: SD}\n"
                     "movements:\n  - {from: f, to: t, count: 1000, status: reported}\n",
                     encoding="utf-8")
    s = geo.load_story(story)
    row = s.places.set_index("id").loc["t"]
    assert row.geocoder == "user:desk.csv:tawila-camp" and (row.lon, row.lat) == (24.93, 13.53)
    missing = tmp_path / "missing.yaml"
    missing.write_text("title: t\ngazetteer: nowhere.csv\nplaces:\n  - {id: a, name: Khartoum}\n",
                       encoding="utf-8")
    with pytest.raises(geo.StoryError, match=r"missing.yaml line 2 column 12, gazetteer: no "
                                             r"gazetteer file"):
        geo.load_story(missing)


def test_make_map_lookup_and_the_environment(tmp_path, csv_gazetteer):
    cmd = [sys.executable, "-m", "geo.cli", "--lookup", "Adre", "--gazetteer", str(csv_gazetteer)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.returncode == 0 and out.stdout.startswith("1. Adré crossing")
    assert "[user:desk.csv:adre]" in out.stdout
    env = {"GEO_GAZETTEER": str(csv_gazetteer), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "geo.cli", "--lookup", "Adre", "--json"],
                         capture_output=True, text=True, cwd=tmp_path, env=env,
                         check=False)
    assert json.loads(out.stdout)[0]["source"] == "user:desk.csv:adre"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lon\nX,1\n", encoding="utf-8")
    out = subprocess.run([*cmd[:-1], str(bad)], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "bad.csv line 2" in out.stderr


def test_a_fifo_or_a_folder_is_refused_without_reading(tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(geo.StoryError, match="pipe.csv: the gazetteer is a named pipe"):
        geo.geocode("X", gazetteer=fifo)
    with pytest.raises(geo.StoryError, match="the gazetteer is a folder"):
        geo.geocode("X", gazetteer=tmp_path)
