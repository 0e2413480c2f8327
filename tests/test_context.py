"""A story's other places as the context its names are looked up in, and the names of the
seas, rivers and regions news writes in other languages."""

import pytest

import geo
from geo.gazetteer import near_points
from geo.geometry import haversine_km, medoid


def _story(*names: str, country: str | None = None):
    hint = f", country: {country}" if country else ""
    return geo.parse_story("title: t\nplaces:\n" + "".join(
        f"  - {{id: p{i}, name: {n}{hint}}}\n" for i, n in enumerate(names)))


def _where(story, name: str) -> tuple[str, float, float]:
    row = story.places.set_index("name").loc[name]
    return row["country"], row.geometry.x, row.geometry.y


@pytest.mark.parametrize("names, country, lon, lat", [
    (("London", "Kitchener", "Waterloo", "Guelph"), "CA", -81.23, 42.98),  # London, Ontario
    (("Kitchener", "Guelph", "London"), "CA", -81.23, 42.98),             # whatever the order
    (("London", "Reading", "Oxford", "Slough"), "GB", -0.13, 51.51),
    (("Alexandria", "Lafayette", "Shreveport"), "US", -92.45, 31.31),     # Louisiana's
    (("Alexandria", "Cairo", "Giza"), "EG", 29.92, 31.20),
])
def test_a_storys_other_places_decide_between_namesakes(names, country, lon, lat):
    cc, x, y = _where(_story(*names), names[0] if names[0] != "Kitchener" else "London")
    assert cc == country and haversine_km(x, y, lon, lat) < 20


def test_a_name_refused_at_first_is_found_near_the_others():
    # Lafayette alone is refused between Louisiana's and Indiana's; among Louisiana's towns
    # (Alexandria too, once Shreveport has placed it) it is Louisiana's.
    with pytest.raises(geo.AmbiguousPlace):
        geo.geocode("Lafayette", country="US")
    _, x, y = _where(_story("Alexandria", "Lafayette", "Shreveport"), "Lafayette")
    assert haversine_km(x, y, -92.02, 30.22) < 20


def test_a_famous_city_among_a_namesakes_neighbours_is_refused_not_guessed():
    with pytest.raises(geo.StoryError) as err:
        _story("Paris", "Tyler", "Sulphur Springs", "Texarkana")
    message = str(err.value)
    assert "'Paris' is ambiguous" in message and "(US," in message and "(FR," in message
    assert "places[0].name" in message
    # with the hint, the story's Paris is the Texan one, not Tennessee's or Kentucky's
    assert haversine_km(*_where(_story("Paris", "Tyler", "Texarkana", country="US"), "Paris")[1:],
                        -95.56, 33.66) < 20


@pytest.mark.parametrize("names, lon, lat", [
    (("Walton County", "Loganville", "Social Circle"), -83.71, 33.77),    # Georgia's
    (("Walton County", "DeFuniak Springs", "Freeport"), -86.18, 30.55),   # Florida's
    (("Orange County", "Orlando", "Kissimmee"), -81.51, 28.50),
    (("Orange County", "Anaheim", "Irvine"), -117.84, 33.77),
])
def test_a_county_of_a_common_name_is_the_one_by_the_storys_towns(names, lon, lat):
    with pytest.raises(geo.AmbiguousPlace):  # alone, counties of one name are refused
        geo.geocode(names[0], country="US")
    _, x, y = _where(_story(*names, country="US"), names[0])
    assert haversine_km(x, y, lon, lat) < 20


def test_far_places_in_a_story_stay_the_famous_ones():
    story = _story("Paris", "London", "Kyiv", "Moscow", "Tehran")
    assert [_where(story, n)[0] for n in ("Paris", "London", "Kyiv")] == ["FR", "GB", "UA"]


def test_near_points_are_the_others_middle():
    near = near_points([{"name": "London"}, {"lonlat": [-80.49, 43.45]},
                        {"name": "Guelph", "country": "CA"}])
    assert near[1] is None  # a place with a position needs none
    assert near[0] is not None and haversine_km(*near[0], -80.49, 43.45) < 60
    assert near_points([{"lonlat": [1.0, 2.0]}]) == [None]
    assert near_points([{"name": "Qqqzzzxx"}]) == [None]


def test_the_medoid_is_one_of_the_points_and_not_pulled_by_a_far_one():
    points = [(35.50, 33.89), (36.29, 33.51), (35.93, 31.95), (-0.13, 51.51)]
    assert medoid(points) == 0 and medoid([]) is None and medoid([(5.0, 5.0)]) == 0
    many = [(float(i % 50), float(i // 50)) for i in range(2500)] + [(179.0, -80.0)]
    m = medoid(many, sample=100)
    assert 15 <= many[m][0] <= 35 and 15 <= many[m][1] <= 35  # near the grid's middle


@pytest.mark.parametrize("query, sea", [
    ("Mittelmeer", "Mediterranean Sea"), ("Méditerranée", "Mediterranean Sea"),
    ("دریای مدیترانه", "Mediterranean Sea"), ("Schwarzes Meer", "Black Sea"),
    ("Mar Negro", "Black Sea"),            # not the village in Mexico
    ("mer Rouge", "Red Sea"), ("Rotes Meer", "Red Sea"),  # not Sudan's Red Sea state
    ("Mar Vermelho", "Red Sea"), ("Straße von Hormus", "Strait of Hormuz"),
    ("Ормузский пролив", "Strait of Hormuz"), ("Босфор", "Bosporus"),
    ("Euphrat", "Euphrates"), ("Nilo", "Nile"), ("Nahost", "Middle East"),
    ("Близький Схід", "Middle East"), ("Kaukasus", "Caucasus"),
    ("Красное море", "Red Sea"), ("Kızıldeniz", "Red Sea"),  # not Egypt's, nor Sudan's, state
    ("הים התיכון", "Mediterranean Sea"), ("Persischer Golf", "Persian Gulf"),
    ("Нил", "Nile"),                       # not Sudan's River Nile state
])
def test_seas_rivers_and_regions_by_their_names_in_other_languages(query, sea):
    hit = geo.geocode(query)
    assert hit.name == sea and hit.dataset == "curated" and hit.sources


@pytest.mark.parametrize("query, city, water", [
    ("Dunaj", "Vienna", "Danube"),          # Slovene for Vienna, Czech for the Danube
    ("Nan Hai", "Foshan", "South China Sea"),
    ("פרת", "Perth", "Euphrates"),           # Hebrew for both
])
def test_a_name_both_a_citys_and_a_waters_is_refused_with_both(query, city, water):
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode(query)
    assert city in str(err.value) and water in str(err.value)
