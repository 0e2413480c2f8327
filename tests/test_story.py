import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

import geo
import fuzz_strategies
from conftest import DATA, note_position

GEOD = Geod(ellps="WGS84")


def dist_km(lon1, lat1, lon2, lat2):
    return GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000


@pytest.mark.parametrize("place_id,note", [
    ("qaim-crossing", "Al-Qa'im border crossing"), ("qaim", "Al-Qa'im (town"),
    ("rutba", "Al-Rutba"), ("marsana", "Al-Marsana"),
])
def test_story_places_match_the_reporting_notes(example_story, reporting_notes, place_id, note):
    lat, lon, _ = note_position(reporting_notes, note)
    row = example_story.places.set_index("id").loc[place_id]
    assert dist_km(row.lon, row.lat, lon, lat) < 3


def test_airfield_is_approximate(example_story, reporting_notes):
    _, _, uncertainty = note_position(reporting_notes, "Al-Marsana")
    row = example_story.places.set_index("id").loc["marsana"]
    assert f"~{row.uncertainty_km:g} km" in uncertainty
    assert row.geocoder == "curated:marsana-airfield"
    assert "not a confirmed position" in row.note


def test_places_and_movements_are_geodataframes(example_story):
    assert example_story.places.crs.to_epsg() == 4326
    assert example_story.movements.crs.to_epsg() == 4326
    assert set(example_story.movements.geometry.geom_type) == {"LineString"}
    assert list(example_story.movements["status"]) == ["reported", "reported", "planned"]
    assert example_story.movements.set_index("id").loc["transfer", "count_min"] == 2100
    assert len(example_story.areas) == 1 and example_story.areas.iloc[0].code == "IQ-AN"


def test_length_is_geodesic_through_the_stops(example_story):
    pos = example_story.places.set_index("id")
    for row in example_story.movements.itertuples():
        stops = [row._2, *[v for v in row.via.split(",") if v], row.to]
        lons = [pos.loc[s, "lon"] for s in stops]
        lats = [pos.loc[s, "lat"] for s in stops]
        expected = sum(GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])[2]) / 1000
        assert row.length_km == pytest.approx(expected, rel=0.01)
        # The line itself follows the geodesic: its vertices add up to the same length.
        coords = list(row.geometry.coords)
        along = GEOD.line_length([c[0] for c in coords], [c[1] for c in coords]) / 1000
        assert along == pytest.approx(expected, rel=0.01)
        assert coords[0] == pytest.approx((lons[0], lats[0]), abs=1e-6)
        assert coords[-1] == pytest.approx((lons[-1], lats[-1]), abs=1e-6)


def test_typo_in_a_place_id_names_the_line_and_a_suggestion():
    with pytest.raises(geo.StoryError) as err:
        geo.load_story(DATA / "typo-place-id.yaml")
    e = err.value
    assert e.line == 12 and e.field == "movements[0].to"
    assert "'rutba-bas'" in str(e) and "did you mean 'rutba-base'" in str(e)


@pytest.mark.parametrize("text,match", [
    ("", "empty"),
    ("places: [{id: a, name: Baghdad}]", "missing required key 'title'"),
    ("title: t\nplaces: []", "at least one place"),
    ("title: t\nplaces:\n  - {id: A B, name: x}", "not a valid id"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad, kind: fortress}", "use one of"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad}\n  - {id: a, name: Basra}", "duplicate place id"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad}\nmovements:\n  - {from: a, to: a}", "same place"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad}\n  - {id: b, name: Basra}\nmovements:\n"
     "  - {from: a, to: b, date: 2024-12-10/2024-12-01}", "ends before it starts"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad}\n  - {id: b, name: Basra}\nmovements:\n"
     "  - {from: a, to: b, date: 12/10/2024}", "not ISO 8601"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad}\n  - {id: b, name: Basra}\nmovements:\n"
     "  - {from: a, to: b, count: [400, 300]}", "min > max"),
    ("title: t\nplaces:\n  - {id: a, name: Baghdad, lonlat: [200, 10]}", "out of range"),
    ("title: [unclosed", "invalid YAML"),
    ("title: t\nplaces:\n  - {id: a, name: Qqzxwvvyy}", "no place named"),
])
def test_bad_stories_raise_story_errors(text, match):
    with pytest.raises(geo.StoryError, match=match):
        geo.parse_story(text, filename="s.yaml")


def test_all_problems_are_reported_at_once():
    text = "title: t\nplaces:\n  - {id: a, name: x}\nmovements:\n  - {from: b, to: c}\n"
    with pytest.raises(geo.StoryError) as err:
        geo.parse_story(text)
    assert len(err.value.problems) == 2
    assert "1 more problem" in str(err.value)


def test_explicit_lonlat_skips_the_lookup():
    story = geo.parse_story("title: t\nplaces:\n  - {id: x, name: Nowhere at all, lonlat: [40.5, 33.5]}")
    row = story.places.iloc[0]
    assert (row.lon, row.lat, row.geocoder) == (40.5, 33.5, "story:lonlat")


def test_json_story_is_accepted(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"title": "t", "places": [{"id": "b", "name": "Baghdad", "country": "IQ"}]}')
    assert geo.load_story(path).places.iloc[0].geocoder == "geonames:98182"


def test_second_story_loads():
    story = geo.load_story(DATA / "second-story.yaml")
    assert len(story.places) == 6 and len(story.movements) == 4
    rng = story.movements.iloc[0]
    assert (rng.count_min, rng.count_max, rng.start, rng.end) == (2000, 4000, "2017-03-01", "2017-03-20")


def _lonlat_story(name: str, lonlat, country: str | None = None) -> geo.Story:
    hint = f", country: {country}" if country else ""
    return geo.parse_story(f"title: t\nplaces:\n  - {{id: a, name: {name}, lonlat: {lonlat}{hint}}}\n")


def test_a_lonlat_written_as_lat_lon_is_caught():
    story = _lonlat_story("Baghdad", "[33.3152, 44.3661]", "IQ")
    assert any("outside the country hint IQ; it looks like [lat, lon]: did you mean "
               "[44.3661, 33.3152]?" in w for w in story.warnings)


@pytest.mark.parametrize("name,lonlat,country", [
    ("Dubai", "[55.2708, 25.2048]", "AE"), ("Dubai", "[55.2708, 25.2048]", None),
    ("Batumi", "[41.6367, 41.6168]", "GE"), ("Istanbul", "[28.9784, 41.0082]", "TR"),
    ("Baghdad", "[44.3661, 33.3152]", "IQ")])
def test_coastal_and_border_places_are_not_taken_for_swapped(name, lonlat, country):
    # Natural Earth's coasts put some coastal towns just offshore: no false alarm.
    assert not [w for w in _lonlat_story(name, lonlat, country).warnings if "looks like" in w]


def test_json_stories_report_problems_with_their_lines(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"title": "t",\n "places": [{"id": "a", "name": "A", "lonlat": [40, 33]}],\n'
                    ' "movements": [{"from": "a", "to": "nowhere"}]}\n', encoding="utf-8")
    with pytest.raises(geo.StoryError, match=r"line 3 .*unknown place id 'nowhere'"):
        geo.load_story(path)
    path.write_text('{"title": "t",\n "title": "u", "places": []}\n', encoding="utf-8")
    with pytest.raises(geo.StoryError, match=r"line 2 .*duplicate key 'title'"):
        geo.load_story(path)


def test_aliases_are_capped_but_a_long_story_is_not():
    from geo.story.document import MAX_VALUES, _alias_values, _loader_class

    def count(text: str) -> int:
        return _alias_values(_loader_class()(text).get_single_node(), "t")

    assert count("[" + ", ".join(["1"] * (MAX_VALUES * 2)) + "]") == 0
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{k}: &{k} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, k in zip("abcde", "bcdef"))
    assert count(bomb) > MAX_VALUES


@settings(max_examples=400, deadline=None)
@given(st.one_of(fuzz_strategies.story, fuzz_strategies.valid_story()))
def test_the_fast_schema_gate_never_passes_what_jsonschema_refuses(doc):
    from geo.story.schema import _fast_check, _validator

    try:
        _fast_check()(doc)
        fast_ok = True
    except Exception:  # noqa: BLE001
        fast_ok = False
    if fast_ok:
        assert not list(_validator().iter_errors(doc))


def test_the_fast_gate_is_the_schema_compiled_now():
    # geo/story/fastcheck.py is generated from the schema: a change to one without
    # rerunning scripts/build_fastcheck.py would let the gate and the schema disagree.
    from conftest import REPO, load_script

    script = load_script(REPO / "scripts" / "build_fastcheck.py")
    assert (REPO / "geo" / "story" / "fastcheck.py").read_text(encoding="utf-8") == \
        script.source()
