"""Areas anywhere: first-level divisions worldwide, found by the same names as places."""

import pytest
import shapely

import geo


def story_with_area(lookup: str, place: str = "Khartoum", country: str = "SD") -> str:
    return (f"title: An area\nplaces:\n  - {{id: a, name: {place}, country: {country}}}\n"
            f"areas:\n  - {{lookup: \"{lookup}\"}}\n")


@pytest.mark.parametrize("lookup,code,inside", [
    ("North Darfur", "SD-DN", "El Fasher"),
    ("Kursk Oblast", "RU-KRS", "Kursk"),
    ("Kherson Oblast", "UA-65", "Kherson"),
    ("Darién", "PA-5", "Yaviza"),
    ("Anbar governorate", "IQ-AN", "Ramadi"),
    ("Tigray", "ET-TI", "Mekele"),
])
def test_a_division_anywhere_is_an_area_around_its_towns(lookup, code, inside):
    story = geo.parse_story(story_with_area(lookup))
    area = story.areas.iloc[0]
    assert area.code == code
    town = geo.geocode(inside, country=code[:2])
    # Inside, or on its edge as simplified (0.02 degrees: Kherson is on the Dnipro, the edge).
    assert area.geometry.distance(shapely.Point(town.lon, town.lat)) < 0.02, (lookup, inside)
    assert area.geometry.area > 0.5  # square degrees: a division, not a town's outline


def test_a_region_without_a_polygon_is_refused_with_what_to_write():
    with pytest.raises(geo.StoryError) as err:
        geo.parse_story(story_with_area("Sinai"), filename="sinai.yaml")
    msg = str(err.value)
    assert "sinai.yaml" in msg and "areas[0].lookup" in msg
    assert "no area the shipped polygons can draw" in msg and "under places" in msg


def test_an_unknown_area_is_refused_with_its_position():
    with pytest.raises(geo.StoryError) as err:
        geo.parse_story(story_with_area("Nowhereshire Oblast"), filename="x.yaml")
    assert "x.yaml line 5" in str(err.value) and "areas[0].lookup" in str(err.value)


def test_an_area_outside_the_middle_east_maps_in_every_format(tmp_path):
    path = tmp_path / "darfur.yaml"
    path.write_text(story_with_area("North Darfur", "El Fasher"), encoding="utf-8")
    geo.save(geo.load_story(path), tmp_path, formats=("png", "svg", "html", "geojson"))
    svg = (tmp_path / "darfur.svg").read_text(encoding="utf-8")
    assert 'id="areas' in svg
    assert "North Darfur" in (tmp_path / "darfur.html").read_text(encoding="utf-8")
    assert "SD-DN" in (tmp_path / "darfur.geojson").read_text(encoding="utf-8")


def test_a_division_stays_on_its_country_s_land():
    # Darién's polygon, simplified to 0.02 degrees, spilled over the Gulf of San Miguel.
    story = geo.parse_story(story_with_area("Darién", "Metetí", "PA"), filename="x.yaml")
    area = story.areas.geometry.iloc[0]
    world = geo.boundaries.countries()
    panama = shapely.union_all(world.geometry[world["iso_a2"] == "PA"].to_numpy())
    raw = geo.boundaries.find_area("Darién")["geometry"]
    assert area.difference(panama).area < 1e-6 < raw.difference(panama).area


@pytest.mark.parametrize("code,name,inside", [
    ("AU-NSW", "New South Wales", "Sydney"),  # its code is Lord Howe Island's too
    ("PH-PAN", "Pangasinan", "Manaoag"),      # and the city of Dagupan's
    ("IE-CO", "Cork", "Mallow"),              # and the city of Cork's
])
def test_a_code_several_features_share_is_the_division(code, name, inside):
    area = geo.boundaries.find_area(code)
    town = geo.geocode(inside, country=code[:2])
    assert area["geometry"].distance(shapely.Point(town.lon, town.lat)) < 0.05, area["label"]
    assert area["label"] == name
    # The smaller feature keeps its own name.
    if code == "AU-NSW":
        assert geo.boundaries.find_area("Lord Howe Island")["geometry"].area < 0.01
