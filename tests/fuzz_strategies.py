"""Hypothesis strategies for story documents and gazetteer queries, and the property both
fuzz profiles check: maps are made, or a geo.GeoError with a message is raised."""

from __future__ import annotations

import json

import yaml
from hypothesis import strategies as st

IDS = ["a", "b", "c", "al-qaim", "x-1"]
KINDS = ["capital", "city", "town", "village", "crossing", "airfield", "base", "camp", "area",
         "other"]
STATUSES = ["reported", "confirmed", "planned", "claimed"]
NAMES = ["Al-Qa'im", "Ar Rutbah", "القائم", "Mosul", "Springfield", "Xqzw", "Damascus", ""]

junk = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5),
                                                                       st.integers(), max_size=2))
number = st.one_of(st.floats(-200, 200), st.integers(-200, 200), st.floats(allow_nan=True))
dates = st.one_of(st.dates().map(str), st.builds(lambda a, b: f"{a}/{b}", st.dates(), st.dates()),
                  st.text(max_size=12))


def maybe(strategy):
    """The value, or a junk value in its place."""
    return st.one_of(strategy, strategy, strategy, junk)


place = st.fixed_dictionaries(
    {"id": maybe(st.sampled_from(IDS)), "name": maybe(st.sampled_from(NAMES))},
    optional={"lonlat": maybe(st.lists(number, min_size=2, max_size=2)),
              "kind": maybe(st.sampled_from(KINDS)), "country": maybe(st.sampled_from(
                  ["IQ", "SY", "us", "IRQ"])), "uncertainty_km": maybe(st.floats(0, 500)),
              "name_ar": maybe(st.text(max_size=10)), "latlon": junk, "note": junk})
movement = st.fixed_dictionaries(
    {"from": maybe(st.sampled_from(IDS)), "to": maybe(st.sampled_from(IDS))},
    optional={"via": maybe(st.lists(st.sampled_from(IDS), max_size=3)), "date": maybe(dates),
              "count": maybe(st.one_of(st.integers(-5, 10**7), st.lists(st.integers(-5, 10**6),
                                                                         min_size=2, max_size=2))),
              "status": maybe(st.sampled_from(STATUSES)), "label": maybe(st.text(max_size=40)),
              "quote": maybe(st.text(max_size=60)), "actor": junk})
story = st.fixed_dictionaries(
    {"title": maybe(st.text(min_size=1, max_size=40))},
    optional={"places": maybe(st.lists(place, max_size=4)),
              "movements": maybe(st.lists(movement, max_size=4)),
              "subtitle": maybe(st.text(max_size=60)), "date": maybe(dates),
              "areas": maybe(st.lists(st.fixed_dictionaries({"lookup": maybe(st.sampled_from(
                  ["Al Anbar", "IQ-AN", "Narnia"]))}), max_size=2)),
              "sources": maybe(st.lists(st.fixed_dictionaries(
                  {"id": st.sampled_from(["s", "t"]), "name": st.text(max_size=10)},
                  optional={"url": st.sampled_from(["https://e.org", "javascript:x", "ftp://x"])}),
                  max_size=2))})


#: Text a valid story may hold: any character but the control ones it refuses (C0 but tab
#: and newline, DEL, C1) and lone surrogates.
TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    map(chr, [*range(0, 9), *range(11, 32), *range(127, 160)])))


@st.composite
def valid_story(draw):
    """A story that must load and map: unique ids, positions anywhere, sound references."""
    n = draw(st.integers(1, 5))
    ids = [f"p{i}" for i in range(n)]
    places = [{"id": pid, "name": draw(st.text(TEXT, min_size=1, max_size=20).filter(str.strip)),
               "lonlat": [draw(st.floats(-180, 180)), draw(st.floats(-89.9, 89.9))],
               "kind": draw(st.sampled_from(KINDS)),
               "uncertainty_km": draw(st.sampled_from([0, 1, 5, 40]))} for pid in ids]
    moves = []
    if n > 1:
        for _ in range(draw(st.integers(0, 4))):
            a, b = draw(st.permutations(ids))[:2]
            move = {"from": a, "to": b, "status": draw(st.sampled_from(STATUSES))}
            if draw(st.booleans()):
                move["date"] = str(draw(st.dates(min_value=__import__("datetime").date(1900, 1, 1))))
            if draw(st.booleans()):
                lo = draw(st.integers(0, 10**6))
                move["count"] = draw(st.sampled_from([lo, [lo, lo + draw(st.integers(0, 999))]]))
            if draw(st.booleans()):
                move["label"] = draw(st.text(TEXT, max_size=30))
            moves.append(move)
    doc = {"title": draw(st.text(TEXT, min_size=1, max_size=40).filter(str.strip)),
           "places": places}
    if moves:
        doc["movements"] = moves
    return doc


def _dump(doc, how: str) -> str:
    if how == "json":
        return json.dumps(doc, ensure_ascii=False, default=str)
    return yaml.safe_dump(doc, allow_unicode=True)


documents = st.one_of(
    st.builds(_dump, valid_story(), st.sampled_from(["yaml", "json"])),
    st.builds(_dump, story, st.sampled_from(["yaml", "json"])),
    # Mangled text: a valid-looking document with bytes cut out or spliced in.
    st.builds(lambda text, cut, junk_text: text[:cut] + junk_text + text[cut * 2:],
              st.builds(_dump, story, st.just("yaml")), st.integers(0, 400),
              st.text(max_size=20)),
    st.text(max_size=300),
)
queries = st.one_of(st.text(max_size=50), st.text(min_size=500, max_size=5000),
                    st.sampled_from(NAMES), st.text(alphabet=st.characters(
                        whitelist_categories=("Cc", "Cf", "Zs", "Mn")), max_size=20))


def check_document(text: str, *, render: bool) -> str:
    """Parse (and render) a story: 'ok' or 'error', and nothing but GeoError escapes."""
    import geo
    from geo.outputs import render_all

    try:
        story = geo.parse_story(text, filename="fuzz.yaml")
    except geo.GeoError as err:
        assert str(err).strip()
        return "error"
    render_all(story, ["geojson", "html", "png"] if render else ["geojson"])
    return "ok"


def check_query(query: str) -> str:
    import geo

    try:
        geo.geocode(query)
        geo.candidates(query, fuzzy=False)
    except geo.GeoError as err:
        assert str(err).strip()
        return "error"
    return "ok"
