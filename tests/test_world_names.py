"""The names reporters write, from anywhere: countries, continents, every script, the
country hint as a constraint, bare names meaning the city, and refusals that say why."""

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
import geo.boundaries
from geo.geometry import haversine_km


@pytest.mark.parametrize("query,country", [
    ("UK", "GB"), ("U.K.", "GB"), ("Britain", "GB"), ("Great Britain", "GB"), ("US", "US"),
    ("U.S.", "US"), ("USA", "US"), ("United States", "US"), ("UAE", "AE"), ("DRC", "CD"),
    ("Ivory Coast", "CI"), ("Burma", "MM"), ("Türkiye", "TR"), ("Czechia", "CZ"),
    ("Australia", "AU"), ("Russia", "RU"), ("Fiji", "FJ"), ("Norway", "NO"),
])
def test_countries_by_the_names_news_uses(query, country):
    hit = geo.geocode(query)
    assert (hit.kind, hit.country) == ("country", country)


@pytest.mark.parametrize("iso", ["RU", "FJ", "NO", "US", "FR"])
def test_a_countrys_point_lies_inside_it(iso):
    import shapely

    from geo.boundaries import countries

    world = countries()
    hit = geo.gazetteer.places(kind="country", country=iso)[0]
    shape = shapely.union_all(world[world["iso_a2"] == iso].geometry.to_numpy())
    assert shape.contains(shapely.Point(hit.lon, hit.lat)), (iso, hit.lon, hit.lat)


@pytest.mark.parametrize("query,continent", [("Europe", "Europe"), ("Africa", "Africa"),
                                             ("Asia", "Asia")])
def test_continents_beat_villages_of_the_same_name(query, continent):
    hit = geo.geocode(query)
    assert (hit.kind, hit.name) == ("continent", continent) and hit.uncertainty_km > 1000


@pytest.mark.parametrize("query,name,country", [
    ("Kiev", "Kyiv", "UA"), ("New York", "New York City", "US"), ("Daraa", "Dar‘ā", "SY"),
    ("Larnaca", "Larnaca", "CY"), ("Kherson", "Kherson", "UA"),
])
def test_a_bare_name_is_the_city_not_its_province(query, name, country):
    hit = geo.geocode(query)
    assert (hit.name, hit.country) == (name, country) and hit.kind in ("city", "town")


def test_a_kind_word_asks_for_the_province():
    assert geo.geocode("Kherson region").kind == "area"
    assert geo.geocode("Daraa governorate").kind == "area"
    assert geo.geocode("Mafraq", country="JO").kind in ("city", "town")
    assert (geo.geocode("Larnaca District").kind, geo.geocode("Larnaca").kind) == ("area", "town")
    # A district the polygons lack is its seat, the town it is named after.
    assert geo.geocode("Al-Rutba district").source == geo.geocode("Rutba", country="IQ").source


@pytest.mark.parametrize("query,name,country", [
    ("County Cork", "Cork", "IE"), ("County Antrim", "Antrim", "GB"),
    ("Province of Anbar", "Al-Anbar", "IQ"), ("Region of Murcia", "Murcia", "ES"),
])
def test_a_kind_word_before_the_name_asks_for_the_division(query, name, country):
    hit = geo.geocode(query)
    assert (hit.name, hit.country, hit.kind) == (name, country, "area"), hit


def test_a_kind_word_or_an_airfield_keyword_finds_no_other_kind_of_place():
    with pytest.raises(geo.PlaceNotFound) as err:  # a city, not the village of Harbor
        geo.geocode("Harbor City", country="US")
    assert "the village Harbor" in str(err.value)
    # Jefferson County is 25 counties and one airfield's keyword: the counties, never the field.
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Jefferson County", country="US")
    assert {p.dataset for p in err.value.candidates} == {"us-census-county"}


@pytest.mark.parametrize("query,country,lon,lat", [
    ("Київ", "UA", 30.52, 50.45), ("Москва", "RU", 37.62, 55.75), ("Харків", "UA", 36.25, 50.0),
    ("ירושלים", "IL", 35.22, 31.77), ("تهران", "IR", 51.42, 35.69),
])
def test_names_in_every_script(query, country, lon, lat):
    hit = geo.geocode(query)
    assert hit.country == country and haversine_km(hit.lon, hit.lat, lon, lat) < 20


@pytest.mark.parametrize("query,country", [("Tawila", "TD"), ("Tiné", "NE"), ("Garni", "SD"),
                                           ("Bajo Chiquito", "PA")])
def test_the_country_hint_is_a_constraint(query, country):
    # Once Tawila with the hint SD was a village in Yemen: 400,000 people walking from Darfur
    # to Yemen. Nothing of the name in the hinted country: refuse, and say where.
    with pytest.raises(geo.PlaceNotFound, match=f"in country '{country}'") as err:
        geo.geocode(query, country=country)
    assert all(s.endswith(f"({country})") for s in err.value.suggestions)
    assert geo.candidates(query, country=country) == []


@pytest.mark.parametrize("query,country,lon,lat", [
    ("Tawila", "SD", 24.87, 13.52), ("Tiné", "TD", 22.80, 15.03), ("Maungdaw", "MM", 92.37, 20.82),
    ("Renk", "SS", 32.80, 11.83), ("Foua", "SY", 36.70, 35.98), ("Kafraya", "SY", 36.68, 35.99),
])
def test_places_in_the_news_the_other_sources_lack_are_curated(query, country, lon, lat):
    hit = geo.geocode(query, country=country)
    assert hit.dataset == "curated" and haversine_km(hit.lon, hit.lat, lon, lat) < 2
    assert hit.sources


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Springfield", "Tripoli", "Alexandria", "Paris", "Salem", "Tawila",
                        "Rafah", "Kherson", "Hama", "Homs", "Victoria", "Córdoba",
                        "Paris, Texas", "Tripoli, Lebanon", "Gainesville, Ga.", "B.C.",
                        "Kherson, Ukraine", "Victoria, B.C."]),
       st.sampled_from(["US", "LY", "LB", "EG", "FR", "SD", "YE", "PS", "UA", "SY", "CA", "AR",
                        "ES", "SC", "AU"]))
def test_no_answer_is_outside_its_country_hint(query, country):
    for hit in geo.candidates(query, country=country):
        assert hit.country == country
    try:
        assert geo.geocode(query, country=country).country == country
    except geo.GeoError:
        pass


@pytest.mark.parametrize("query", ["Nasib crossing", "Bajo Chiquito"])
def test_names_the_gazetteer_lacks_are_refused_not_guessed(query):
    # Nasib crossing once came back as a town in the US (and Maungdaw, now curated, as
    # Mundgod in India): now a refusal that lists the similar spellings as suggestions.
    with pytest.raises(geo.PlaceNotFound, match="only names spelled differently|no place"):
        geo.geocode(query)


@pytest.mark.parametrize("query,kind,country", [
    ("Rafah crossing", "crossing", "PS"), ("Kerem Shalom", "crossing", "IL"),
    ("Allenby Bridge", "crossing", "PS"), ("Bab al-Hawa", "crossing", "SY"),
    ("Torkham", "crossing", "AF"), ("Zaatari camp", "camp", "JO"), ("Al-Hol camp", "camp", "SY"),
    ("Kutupalong", "camp", "BD"), ("Zamzam camp", "camp", "SD"), ("Al-Tanf", "base", "SY"),
    ("Hmeimim", "airfield", "SY"), ("Ain al-Asad", "airfield", "IQ"),
    ("Zaporizhzhia nuclear plant", "other", "UA"), ("Moria camp", "camp", "GR"),
    ("Bidibidi", "camp", "UG"), ("Bhasan Char", "other", "BD"), ("Camp Lemonnier", "base", "DJ"),
    ("GERD", "other", "ET"), ("Jdeidet Yabous", "crossing", "SY"),
])
def test_places_conflict_reporting_names_come_from_the_curated_table(query, kind, country):
    hit = geo.geocode(query)
    assert (hit.kind, hit.country, hit.dataset) == (kind, country, "curated")
    assert hit.sources  # every curated row names where its position comes from


@pytest.mark.parametrize("query,kind", [
    ("Middle East", "area"), ("Darfur", "area"), ("Donbas", "area"), ("Sinai", "area"),
    ("Balkans", "area"), ("Strait of Hormuz", "other"), ("Bab el-Mandeb", "other"),
    ("Mediterranean", "other"), ("Lake Chad", "other"), ("Sahara", "area"), ("Andes", "area"),
    ("Pyrenees", "area"), ("Siberia", "area"), ("Golan Heights", "area"), ("Karabakh", "area"),
    ("Kordofan", "area"), ("Lesbos", "area"), ("Ituri", "area"), ("European Union", "area"),
    ("Sea of Azov", "other"), ("Suez Canal", "other"), ("Dardanelles", "other"),
    ("Danube", "other"), ("Bay of Bengal", "other"), ("Pacific Ocean", "other"),
])
def test_regions_and_waters_are_places_with_their_size(query, kind):
    hit = geo.geocode(query)
    assert (hit.kind, hit.dataset) == (kind, "curated") and hit.uncertainty_km >= 20


def test_a_bare_town_name_is_the_town_and_a_kind_word_the_crossing():
    assert geo.geocode("Rafah").kind == "city"
    assert geo.geocode("Rafah crossing").kind == "crossing"
    # A crossing with no town of its name is found without its kind word.
    assert geo.geocode("Ras Ajdir").source == geo.geocode("Ras Ajdir border crossing").source
    assert geo.geocode("Tanf").kind == "base"  # the garrison, not the Iraqi crossing


def test_every_answer_says_how_it_matched():
    assert geo.geocode("Al Qaim").match == "exact"
    assert geo.geocode("Britain").match == "alternate"
    assert geo.geocode("Anbar province").match == "kind word"
    assert 0 < geo.geocode("Kiev").confidence <= geo.geocode("Al Qaim").confidence == 1.0


def test_a_name_not_found_is_quick_until_its_suggestions_are_shown():
    import time

    geo.geocode("Al Qaim")  # the index open
    t0 = time.perf_counter()
    with pytest.raises(geo.PlaceNotFound) as err:
        geo.geocode("Qqqzzzxx Unknownplace")
    assert time.perf_counter() - t0 < 0.05  # no "did you mean" list made yet
    assert "give the position as lonlat" in str(err.value)


def test_a_close_spelling_in_a_story_is_a_warning():
    story = geo.parse_story("title: t\nplaces:\n  - {id: a, name: Baghdadd, country: IQ}\n")
    assert any("by a close spelling only" in w for w in story.warnings)


def test_lookup_says_when_nothing_matched_in_the_hinted_country(capsys):
    from geo.cli import main

    assert main(["--lookup", "Tawila", "--country", "TD"]) == 2
    err = capsys.readouterr().err
    assert "no place named 'Tawila' in country 'TD'" in err and "(YE)" not in err
    assert main(["--lookup", "Boukamal"]) == 0
    out = capsys.readouterr().out
    assert "fuzzy" in out and "FUZZY (a close spelling, not a match)" in out


@pytest.mark.parametrize("query,name,country,inside", [
    ("Paris, Texas", "Paris", "US", "US-TX"), ("Gainesville, Ga.", "Gainesville", "US", "US-GA"),
    ("Gainesville, Florida", "Gainesville", "US", "US-FL"), ("Wawa, Ont.", "Wawa", "CA", "CA-ON"),
    ("Kherson, Ukraine", "Kherson", "UA", None), ("Atlanta, Georgia", "Atlanta", "US", "US-GA"),
    ("Tbilisi, Georgia", "Tbilisi", "GE", None), ("London, Ont.", "London", "CA", "CA-ON"),
    ("Kabkabiya, Darfur", "Kabkābīyah", "SD", None),
])
def test_a_name_with_what_it_is_in(query, name, country, inside):
    hit = geo.geocode(query)
    assert (hit.name, hit.country) == (name, country)
    if inside:
        shape = geo.boundaries.find_area(inside)["geometry"]
        assert shape.distance(shapely.Point(hit.lon, hit.lat)) < 0.05


def test_division_abbreviations_are_read_only_where_news_writes_them():
    assert geo.geocode("B.C.").name == "British Columbia"
    assert geo.geocode("Ill.").name == "Illinois"
    # Without the full stop "Ill" and "Miss" are words, not states.
    assert all(p.name != "Illinois" for p in geo.candidates("Ill"))
    assert all(p.name != "Mississippi" for p in geo.candidates("Miss"))


@pytest.mark.parametrize("query,name,kind", [
    ("Ontario", "Ontario", "area"), ("Wales", "Wales", "area"), ("England", "England", "area"),
    ("Scotland", "Scotland", "area"), ("Georgia", "Georgia", "country"),
    ("Kiev", "Kyiv", "city"), ("Alberta", "Alberta", "area"),
])
def test_prominence_decides_between_homonyms_without_context(query, name, kind):
    hit = geo.geocode(query)
    assert (hit.name, hit.kind) == (name, kind)


def test_washington_alone_is_refused_with_both_readings():
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Washington")
    assert {p.kind for p in err.value.candidates} >= {"city", "area"}
    assert geo.geocode("Washington, D.C.").source == "geonames:4140963"


def test_homonyms_in_one_country_are_refused_and_told_what_to_write():
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Paris", country="US")
    assert "'Paris, <state or province>'" in str(err.value)
    assert "country hint" not in str(err.value)  # it has one
    # Athens, Georgia has five times the people of Athens, Ohio, and local news means either.
    with pytest.raises(geo.AmbiguousPlace):
        geo.geocode("Athens", country="US")


@pytest.mark.parametrize("query,country,ident", [
    ("Heathrow", "GB", "EGLL"), ("Gatwick", None, "EGKK"), ("Ben Gurion Airport", None, "LLBG"),
    ("Ben Gurion", "IL", "LLBG"), ("Baghdad International Airport", None, "ORBI"),
    ("Baghdad airport", None, "ORBI"), ("Queen Alia airport", None, "OJAI"),
    ("Rafic Hariri airport", None, "OLBA"), ("Khartoum airport", None, "HSSK"),
    ("Boryspil airport", None, "UKBB"),
    # ... and by the town they serve: "Niamey airport" is Diori Hamani International, "Kiev
    # airport" Boryspil, not Zhuliany (whose name has Kiev in it); "Istanbul airport" the
    # one of that name, not Sabiha Gökçen.
    ("Niamey airport", None, "DRRN"), ("Bamako airport", None, "GABS"),
    ("Beirut airport", None, "OLBA"), ("Kiev airport", None, "UKBB"),
    ("Istanbul airport", None, "LTFM"), ("Tel Aviv airport", None, "LLBG"),
    ("Athens airport", None, "LGAV")])  # not Athens Airport, New York
def test_airports_by_the_names_reporters_give_them(query, country, ident):
    # OurAirports' names are "London Heathrow Airport", "Baghdad International Airport /
    # New Al Muthana Air Base": a report says "Heathrow" or "Baghdad airport".
    place = geo.geocode(query, country=country)
    assert place.kind == "airfield" and place.source == f"ourairports:{ident}", place


@pytest.mark.parametrize("query,idents", [
    ("New York airport", {"KJFK", "KLGA"}), ("Paris airport", {"LFPG", "LFPO"}),
    ("London airport", {"EGLL", "EGKK"}),  # not London Airport, Ontario
    ("Moscow airport", {"UUEE", "UUDD", "UUWW"})])  # not Pullman Moscow Regional, Idaho
def test_a_towns_airport_is_refused_between_its_airports(query, idents):
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode(query)
    assert {p.source for p in err.value.candidates} >= {f"ourairports:{i}" for i in idents}


@pytest.mark.parametrize("query,country,kind", [
    ("Baghdad", None, "city"), ("Erbil", None, "city"), ("Khartoum", None, "capital"),
    ("Boone County", "US", None), ("Manhattan", None, "city")])
def test_an_airports_short_name_is_never_its_towns_or_countys(query, country, kind):
    # "Baghdad" is the city, not Baghdad's airport; "Boone County" is the county (which the
    # gazetteer lacks: refused), not Boone County Airport.
    try:
        place = geo.geocode(query, country=country)
    except geo.GeoError:
        assert kind is None
        return
    assert place.kind != "airfield" and (kind is None or place.kind == kind or
                                         kind == "capital" and place.capital), place


@pytest.mark.parametrize("query,country", [("Derna", "LY"), ("Bengasi", "LY"), ("Idleb", "SY"),
                                           ("Zaporozhye", "UA")])
def test_a_citys_other_spelling_beats_a_village_named_so(query, country):
    # GeoNames writes Darnah; news writes Derna, which is also the own name of a Romanian
    # village of 3,000: a respelling of a city's name is nearly its name.
    assert geo.geocode(query).country == country


def test_a_respelled_city_against_a_namesake_city_is_refused_not_guessed():
    # Odessa, Texas (120,000) by its own name; Odesa, Ukraine (a million) respelled.
    with pytest.raises(geo.AmbiguousPlace):
        geo.geocode("Odessa")
    assert geo.geocode("Odessa", country="UA").country == "UA"


@pytest.mark.parametrize("query,state", [
    ("Kanawha County", "US-WV"), ("Licking County", "US-OH"), ("Orleans Parish", "US-LA"),
    ("Prince George's County", "US-MD"), ("Miami-Dade County", "US-FL"),
    ("Dallas County, Texas", "US-TX"), ("Dallas County, Iowa", "US-IA"),
    ("Harris County, Ga.", "US-GA"),
])
def test_us_counties_by_their_names(query, state):
    # Local news names counties every day; GeoNames' places of 500 hold none of them.
    hit = geo.geocode(query)
    assert hit.dataset == "us-census-county" and hit.kind == "area", hit
    division = geo.boundaries.find_area(state)["geometry"]
    assert division.distance(shapely.Point(hit.lon, hit.lat)) < 0.05, (hit, state)
    assert 5 < hit.uncertainty_km < 150  # drawn as the county's size


def test_counties_of_one_name_are_refused_and_a_bare_county_name_stays_a_city():
    # Dallas County is in Texas, Iowa, Alabama, Arkansas and Missouri: the largest was the
    # one meant 11 times in 21 on the development corpora.
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Dallas County", country="US")
    for state in ("US-TX", "US-IA"):
        division = geo.boundaries.find_area(state)["geometry"]
        assert any(division.contains(shapely.Point(p.lon, p.lat))
                   for p in err.value.candidates), state
    # A name that is a city's own stays the city, the county around it no rival.
    for city in ("Dallas", "Los Angeles", "Miami"):
        assert geo.geocode(city, country="US").kind == "city", city
    # A county's bare name beats a town that has it only among its other names.
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Muscogee", country="US")
    assert any(p.name == "Muscogee County" for p in err.value.candidates)


@pytest.mark.parametrize("query,country,name", [
    ("Newcastle", "GB", "Newcastle upon Tyne"), ("Clacton", None, "Clacton-on-Sea"),
    ("Frankfurt", None, "Frankfurt am Main"),
])
def test_a_citys_short_name_is_the_city(query, country, name):
    # GeoNames' Newcastle in the UK is a town of 7,000 in County Down; UK news's Newcastle is
    # the city upon Tyne, which has the short name among its other names.
    assert geo.geocode(query, country=country).name == name


def test_every_shipped_county_lies_in_its_state():
    import csv
    import io

    from geo.resources import boundary_file

    rows = list(csv.DictReader(io.StringIO(boundary_file("us-counties.csv").read_text("utf-8"))))
    assert len(rows) > 3000 and {r["kind"] for r in rows} == {"County", "Parish"}
    by_state: dict[str, list[dict]] = {}
    for r in rows:
        by_state.setdefault(r["state"], []).append(r)
    assert len(by_state) == 49  # the 50 states but Alaska
    for state, counties in sorted(by_state.items()):
        shape = geo.boundaries.find_area(state)["geometry"]
        points = shapely.points([(float(r["lon"]), float(r["lat"])) for r in counties])
        far = [r["name"] for r, d in zip(counties, shapely.distance(shape, points)) if d > 0.05]
        assert far == [], (state, far)


def test_a_country_has_one_capital_not_every_place_of_its_name():
    # Every Washington in the United States was once its capital, on the maps as in ranking.
    from collections import Counter

    from geo.gazetteer import places

    capitals = Counter(p.country for p in places(datasets=("geonames",)) if p.capital)
    assert max(capitals.values()) == 1 and capitals["US"] == 1
    cities = geo.boundaries.cities()
    assert cities[cities.capital & (cities.country == "US")].name.tolist() == ["Washington"]


@pytest.mark.parametrize("query,iso", [("Tuvalu", "TV"), ("Djibouti", "DJ"),
                                       ("Western Sahara", "EH"), ("Kosovo", "XK")])
def test_a_country_beats_its_own_places_of_its_name(query, iso):
    # Djibouti's capital and Natural Earth's divisions "Tuvalu" and "Western Sahara" are
    # inside the country: no rivals to it. Kosovo has no ISO code in Natural Earth: it is
    # GeoNames' XK, so that its towns are inside it (a country hint of XK finds them).
    hit = geo.geocode(query)
    assert (hit.kind, hit.country) == ("country", iso)
    assert geo.geocode("Djibouti City").kind == "city"
    assert geo.geocode("Pristina", country="XK").country == "XK"


def test_a_division_of_no_country_has_no_country_code():
    # Natural Earth writes -1 for Kashmir's and Somaliland's country: the output says none.
    for query in ("Kashmir", "Somaliland"):
        assert geo.geocode(query).country == ""


@pytest.mark.parametrize("query,name", [("Red Sea", "Red Sea"), ("Caspian", "Caspian Sea")])
def test_a_sea_beats_the_division_or_village_named_after_it(query, name):
    # Sudan's Red Sea state and Caspian, Michigan share the sea's name: the bare name is
    # the sea; the kind word asks for a state (Sudan's, or Egypt's governorate: refused).
    hit = geo.geocode(query)
    assert (hit.name, hit.dataset, hit.country) == (name, "curated", "")
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Red Sea state")
    assert {p.kind for p in err.value.candidates} == {"area"}
    assert geo.geocode("Red Sea state", country="SD").source == "natural-earth-admin1:SD-RS"


def test_a_towns_transliteration_beats_a_village_of_that_spelling():
    # GeoNames writes Janīn; news writes Jenin, also a Polish village's own name. Another
    # letter is no transliteration: Rocky Hill is refused, not read as Rock Hill.
    assert geo.geocode("Jenin").country == "PS"
    with pytest.raises(geo.AmbiguousPlace):
        geo.geocode("Rocky Hill")


@pytest.mark.parametrize("query", ["Sahel", "Amazon", "Sahel region", "East Africa"])
def test_a_short_name_one_letter_off_is_no_answer(query):
    # "Saheli" (one of Hormozgan's names) and "Amazone" (Amazonas) are other words, not
    # typing slips, and so is a new first letter (West Africa); "Baghdadd" is (test_gazetteer).
    try:
        hit = geo.geocode(query)
    except geo.PlaceNotFound:
        return
    assert hit.match != "fuzzy", hit


def test_an_airports_short_name_against_a_town_of_that_name_is_refused():
    # "Heathrow" was a town in Florida: now both readings are named, and the hint decides.
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode("Heathrow")
    assert {p.source for p in err.value.candidates} >= {"ourairports:EGLL", "geonames:4158296"}
    assert geo.geocode("Heathrow", country="GB").source == "ourairports:EGLL"


def test_a_region_is_no_namesake_town_and_an_abbreviation_of_it_no_town():
    # Andes, Colombia lies inside the Andes' radius: a region does not yield to it as a
    # division yields to its namesake city; "EU" is the Union, not Eu in Normandy.
    assert geo.geocode("Andes").dataset == "curated"
    assert geo.geocode("EU").source == "curated:european-union"


@pytest.mark.parametrize("query,source", [
    ("Moria", "curated:moria-camp"),  # not Jerusalem, one of whose old names it is
    ("Yarmouk", "curated:yarmouk-camp"), ("Golan", "curated:golan-heights"),
    ("Pacific", "curated:pacific-ocean"), ("Moṅḍu", "curated:maungdaw"),  # not Moundou, Chad
    ("Sidra", "curated:es-sider-oil-terminal"),  # not the Polish village
])
def test_a_curated_rows_other_names_are_as_much_its_own(query, source):
    assert geo.geocode(query).source == source


def test_a_citys_own_name_is_not_an_other_name_of_its_air_base():
    assert geo.geocode("Baranovichi").kind == "city"
    assert geo.geocode("Баранавічы").kind == "city"


def test_no_place_is_two_curated_rows():
    # Two rows of one name less than 5 km apart are one place written twice (Al-Walid was).
    from geo.names import normalize_name
    from geo.resources import package_yaml

    rows = [r for r in package_yaml("data/curated.yaml") if "lon" in r]
    for i, a in enumerate(rows):
        names = {normalize_name(n) for n in [a["name"], *a.get("alt", ())]}
        for b in rows[i + 1:]:
            if names & {normalize_name(n) for n in [b["name"], *b.get("alt", ())]}:
                assert haversine_km(a["lon"], a["lat"], b["lon"], b["lat"]) > 5, (a["id"], b["id"])


@pytest.mark.parametrize("query,first", [("Zamzam", "Zamzam camp (SD)"),
                                         ("Allenby", "Allenby Bridge (PS)")])
def test_a_name_missing_its_kind_word_suggests_the_place_with_it(query, first):
    with pytest.raises(geo.PlaceNotFound) as err:
        geo.geocode(query)
    assert err.value.suggestions[0] == first


def test_a_river_yields_to_a_city_of_its_name_and_a_kind_word_asks_for_it():
    assert geo.geocode("Dnipro").kind == "city"
    assert geo.geocode("Dnipro river").source == "curated:dnipro"


@pytest.mark.parametrize("query,isos", [("Korea", {"KR", "KP"}), ("Congo", {"CD", "CG"})])
def test_a_name_of_two_countries_is_refused_with_both(query, isos):
    # The Associated Press's "Congo" is the former Zaire, Natural Earth's the Republic of
    # the Congo; a village in Cote d'Ivoire named Koréa is neither Korea.
    with pytest.raises(geo.AmbiguousPlace) as err:
        geo.geocode(query)
    assert {p.country for p in err.value.candidates if p.kind == "country"} == isos
    assert geo.geocode(query, country=sorted(isos)[0]).kind == "country"


@pytest.mark.parametrize("query,country", [("Gaza", "PS"), ("Beni", "CD")])
def test_a_city_beats_a_division_of_its_name_elsewhere(query, country):
    # Mozambique's Gaza province and Bolivia's El Beni hold no town of their name: as
    # prominent as the cities, they yield to them. Ontario, ten times more than the city
    # in California, stays the province.
    hit = geo.geocode(query)
    assert (hit.kind, hit.country) == ("city", country)
    assert geo.geocode("Ontario").kind == "area"


def test_a_region_made_of_countries_holds_each_of_them():
    # The Levant, the Baltic states, Central Asia...: a point inside one of the members, and
    # a radius that reaches every member's own point.
    import yaml

    from conftest import REPO

    rows = yaml.safe_load((REPO / "geo" / "data" / "curated.yaml").read_text(encoding="utf-8"))
    regions = [r for r in rows if "countries" in r]
    assert len(regions) >= 8
    world = geo.boundaries.countries()
    for r in regions:
        hit = geo.geocode(r["name"])
        assert (hit.source, hit.kind) == (f"curated:{r['id']}", "area"), r["id"]
        inside = {c for c in r["countries"] if any(shapely.contains_xy(
            g, hit.lon, hit.lat) for g in world[world["iso_a2"] == c].geometry)}
        assert inside, r["id"]
        for code in r["countries"]:
            member = geo.gazetteer.places(kind="country", country=code)[0]
            km = haversine_km(hit.lon, hit.lat, member.lon, member.lat)
            assert km <= hit.uncertainty_km, (r["id"], code, km)


def test_the_before_a_regions_name_and_never_before_a_towns():
    # "the Levant" is the region (and "Levant" alone too, not the village in Maine); "the
    # White House" is not White House, Tennessee: English puts "the" before a region.
    assert geo.geocode("the Levant").source == geo.geocode("Levant").source == "curated:levant"
    assert geo.geocode("the Sahel").source == "curated:sahel"
    with pytest.raises(geo.PlaceNotFound):
        geo.geocode("the White House")
    assert geo.geocode("Levant", country="US").kind == "village"
