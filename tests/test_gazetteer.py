import os

import pytest
from pyproj import Geod

import geo

GEOD = Geod(ellps="WGS84")


def km(p, lat, lon):
    return GEOD.inv(p.lon, p.lat, lon, lat)[2] / 1000


@pytest.mark.parametrize("query,source", [
    ("Al-Qa'im", "geonames:92138"), ("Al Qaim", "geonames:92138"), ("Qaim", "geonames:92138"),
    ("Al Qā’im", "geonames:92138"), ("Husaybah", "geonames:92138"),
    ("Ar Rutbah", "geonames:98677"), ("Al-Rutba", "geonames:98677"), ("Rutba", "geonames:98677"),
    ("Rutbah", "geonames:98677"), ("Ar-Rutbah", "geonames:98677"),
    ("Abu Kamal", "geonames:174448"), ("Al-Bukamal", "geonames:174448"),
])
def test_spelling_variants(query, source):
    assert geo.geocode(query).source == source


def test_a_close_spelling_is_a_suggestion_even_held_to_a_country():
    # Boukamal is Albu Kamal by its consonants only: a guess the library will not stand
    # behind, with a country hint or without (held to the gold country, such guesses were
    # wrong 28 times in 40 on the development corpora); the refusal names it.
    for country in (None, "SY"):
        with pytest.raises(geo.PlaceNotFound, match="only names spelled differently") as err:
            geo.geocode("Boukamal", country=country)
        assert err.value.suggestions[0].startswith("Ālbū Kamāl")
    with pytest.raises(geo.PlaceNotFound, match="closest: 'Lenexa"):
        geo.geocode("Lanexa", country="US")


def test_a_very_close_spelling_of_a_prominent_place_is_an_answer_that_says_so():
    hit = geo.geocode("Baghdadd", country="IQ")
    assert (hit.source, hit.match) == ("geonames:98182", "fuzzy") and hit.confidence < 0.5


@pytest.mark.parametrize("query,source", [("القائم", "geonames:92138"), ("الرطبة", "geonames:98677"),
                                          ("دمشق", "geonames:170654")])
def test_arabic_names(query, source):
    assert geo.geocode(query).source == source


def test_result_has_provenance_and_uncertainty():
    p = geo.geocode("Ar Rutbah", country="IQ")
    assert (p.kind, p.country, p.dataset) == ("town", "IQ", "geonames")
    assert 0 < p.uncertainty_km < 5
    assert p.name_ar == "الرطبة"


def test_curated_features():
    crossing = geo.geocode("Al-Qa'im border crossing")
    assert crossing.kind == "crossing" and crossing.source == "curated:qaim-border-crossing"
    assert crossing.sources
    airfield = geo.geocode("Area 70")
    assert airfield.kind == "airfield" and airfield.uncertainty_km == 15
    assert "estimate" in airfield.note.lower()


def test_descriptor_ranks_the_kind():
    assert geo.geocode("Anbar province").source == "natural-earth-admin1:IQ-AN"
    assert geo.geocode("Iraq").kind == "country"


def test_unknown_name_suggests():
    with pytest.raises(geo.PlaceNotFound) as err:
        geo.geocode("Rutbahx", country="IQ")
    assert any("Ru" in s for s in err.value.suggestions)
    assert "closest" in str(err.value)


def test_nonsense_is_not_found():
    with pytest.raises(geo.PlaceNotFound):
        geo.geocode("Qqzxwvvyy")
    with pytest.raises(geo.GeoError):
        geo.geocode("  ")


def test_close_call_is_ambiguous():
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Springfield")
    assert len(err.value.candidates) >= 2
    assert geo.geocode("Springfield", near=(-89.6, 39.8)).lat == pytest.approx(39.8, abs=0.2)


def test_country_hint_picks_the_homonym():
    assert geo.geocode("Tripoli", country="LB").country == "LB"
    assert geo.geocode("Tripoli", country="LY").country == "LY"


def test_candidates_are_ranked():
    names = geo.candidates("Tripoli", limit=5)
    assert len(names) >= 2 and names[0].population >= names[1].population


def _rows(path):
    import sqlite3

    db = sqlite3.connect(path)
    try:
        return (db.execute("SELECT * FROM places ORDER BY id").fetchall(),
                db.execute("SELECT rowid, * FROM names ORDER BY rowid").fetchall(),
                sorted(db.execute("SELECT sql FROM sqlite_master").fetchall()))
    finally:
        db.close()


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one core: no second process")
def test_index_is_the_same_built_by_one_process_two_or_after_a_failed_second(
        tmp_path, monkeypatch, caplog):
    from geo.gazetteer import build_index

    one = _rows(build_index(tmp_path / "one.sqlite", processes=1))
    assert len(one[0]) > 250_000 and len(one[1]) > 800_000
    assert _rows(build_index(tmp_path / "two.sqlite", processes=2)) == one
    # The second process exits with an error: this one builds that part too, and says so.
    monkeypatch.setattr("sys.executable", "/bin/false")
    assert _rows(build_index(tmp_path / "failed.sqlite", processes=2)) == one
    assert "second process failed" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == [  # each index sealed, no temporary
        f"{name}.sqlite{seal}" for name in ("failed", "one", "two") for seal in ("", ".seal")]


def test_geonames_parts_read_from_their_own_text_make_the_whole(monkeypatch):
    import re

    import geo.gazetteer.build as gazetteer

    whole = gazetteer._geonames()
    cuts = (0.0, 0.25, 0.62, 1.0)
    parts = [gazetteer._geonames(lo, hi) for lo, hi in zip(cuts, cuts[1:])]
    assert [gid for part in parts for gid in part[1]] == whole[1]  # in order, each city once
    for part in parts:
        assert part[2] == whole[1].index(part[1][0])  # the number of cities before it
        assert part[0] == {gid: whole[0][gid] for gid in part[1]}
    assert 0.15 < len(parts[0][1]) / len(whole[1]) < 0.35  # about a quarter of the cities
    # Another layout of the file (no city found where expected): all of it is parsed, and
    # the parts still make the whole.
    monkeypatch.setattr(gazetteer, "_CITY_START", re.compile("(?!)"))
    fallback = [gazetteer._geonames(lo, hi) for lo, hi in zip(cuts, cuts[1:])]
    assert [gid for part in fallback for gid in part[1]] == whole[1]
    assert all(len(part[0]) == len(whole[0]) for part in fallback)


def test_every_curated_row_is_sourced_and_inside_its_country():
    # A curated row without a source does not ship; a point outside its country is a typo
    # (a crossing may sit on the line itself: 3 km of slack).
    import shapely
    import yaml

    from conftest import REPO
    from geo.boundaries import countries
    from geo.gazetteer.regions import country_codes, geonames_countries
    from geo.vocab import PLACE_KINDS

    world = countries()
    codes = country_codes(world["iso_a2"], world["name"], geonames_countries())
    rows = yaml.safe_load((REPO / "geo" / "data" / "curated.yaml").read_text(encoding="utf-8"))
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["sources"] and all(isinstance(s, str) and s.strip() for s in r["sources"]), r["id"]
        if "countries" in r:  # a region made of countries: its point and radius are theirs
            assert not {"lon", "lat", "uncertainty_km"} & set(r), r["id"]
            assert set(r["countries"]) <= set(codes), r["id"]
            continue
        assert r["kind"] in PLACE_KINDS and r["uncertainty_km"] > 0, r["id"]
        if not r["country"]:  # at sea, or a region across several countries
            assert r["kind"] in ("area", "other") and r["uncertainty_km"] >= 10, r["id"]
            continue
        shape = shapely.union_all(world[world["iso_a2"] == r["country"]].geometry.to_numpy())
        # Within 3 km of its country, or twice its radius: a silt island newer than the
        # coastline (Bhasan Char, 9 km off it) is still no swapped or mistyped position.
        km = shape.distance(shapely.Point(r["lon"], r["lat"])) * 111
        assert km <= max(3, 2 * r["uncertainty_km"]), r["id"]
