"""Airfields from OurAirports, with the names reporters give them: "Heathrow", "Gatwick",
"Ben Gurion Airport", "Baghdad International Airport" (OurAirports' name is "Baghdad
International Airport / New Al Muthana Air Base")."""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path
from typing import Iterator

from ..names import normalize_name, normalize_names

__all__ = ["AIRFIELD_RANK", "airfield_rows", "name_variants"]

#: An airfield's prominence in the index, by OurAirports type (ranks are log10 of people:
#: a large airport, a hub of millions of passengers a year, is as prominent as a town of
#: 30,000); other types are left out.
AIRFIELD_RANK = {"large_airport": 4.5, "medium_airport": 3.0, "small_airport": 2.0,
                 "closed": 1.5, "seaplane_base": 1.0}
#: Airfields known by their distinctive words alone ("Heathrow"): the large and medium ones.
_BARE = ("large_airport", "medium_airport")

#: The words of an airfield's name that say what it is, not which one it is.
_GENERIC = re.compile(r"\b(international|intl|regional|municipal|airport|airfield|aerodrome|"
                      r"air\s+base|airbase|air\s+station|airstrip)\b", re.I)


#: A name ending in one of these words names a place, not its airfield: "Boone County" is
#: the county, not Boone County Airport.
_PLACE_END = re.compile(r"\b(county|parish|borough|district|province|region|city|town|"
                        r"township|state|island|valley)$", re.I)


def _core(part: str) -> str:
    """``part`` without its generic words: "London Heathrow Airport" -> "London Heathrow"."""
    return " ".join(_GENERIC.sub(" ", part).replace("/", " ").split())


def name_variants(name: str, towns: set[str], *, bare: bool = True) -> list[str]:
    """Other names of the airfield ``name`` serving ``towns`` (their ``normalize_name``), as
    reporters write it:
    each part of a name joined with " / ", and each part's distinctive words with "Airport"
    ("Baghdad Airport"); alone, too, when they are not just the town's name: "Heathrow" and
    "Heathrow Airport" for London Heathrow Airport, "Ben Gurion" for Ben Gurion International
    Airport, never "Baghdad" for Baghdad's (that is the city); not alone unless ``bare``."""
    out: list[str] = []
    parts = [p.strip() for p in name.split(" / ") if p.strip()]
    for part in parts:
        if part != name:
            out.append(part)
        core = _core(part)
        if not core or core.lower() == part.lower():
            continue
        own, first = core, core.split()
        for town in sorted(towns, key=len, reverse=True):
            n = len(town.split())
            if len(first) > n and normalize_name(" ".join(first[:n])) == town:
                own = " ".join(first[n:])  # "London Heathrow": Heathrow
                break
        for words in dict.fromkeys((core, own)):
            out.append(f"{words} Airport")
            if bare and normalize_name(words) not in towns and not _PLACE_END.search(words) and (
                    words is own and own != core or len(words.split()) >= 2):
                out.append(words)
    return list(dict.fromkeys(v for v in out if v.lower() != name.lower()))


def airfield_rows(path: Path) -> Iterator[dict]:
    """The airfields of OurAirports' ``airports.csv.gz`` at ``path``, as index rows: name,
    position, country, source, rank, other names (the file's keywords) and short forms of
    the name (its variants, and its town's airport)."""
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        at = {column: i for i, column in enumerate(next(rows))}  # (a DictReader is slower)
        kind, name, lon, lat = at["type"], at["name"], at["longitude_deg"], at["latitude_deg"]
        country, ident, town, words = (at["iso_country"], at["ident"], at["municipality"],
                                       at["keywords"])
        rows = [row for row in rows if row[kind] in AIRFIELD_RANK]
    # The towns' names, normalised all at once (many times faster than one by one).
    served = {row[town]: re.split(r"[,/]", row[town]) for row in rows}
    parts = sorted({part for split in served.values() for part in split})
    normal = dict(zip(parts, normalize_names(parts)))
    towns = {text: {normal[part] for part in split} - {""} for text, split in served.items()}
    # The airfields' own names by country: "Istanbul Airport" is İstanbul Airport, not
    # Sabiha Gökçen; Athens Airport, New York does not keep Athens's from being so named.
    own = set(zip((row[country] for row in rows), normalize_names([row[name] for row in rows])))
    for row in rows:
        keywords = [k.strip() for k in row[words].split(",") if k.strip()]
        bare = row[kind] in _BARE
        # A large or medium airfield is also its town's airport ("Mogadishu airport" for Aden
        # Adde International; "Paris airport" is then refused between Paris's), unless an
        # airfield of its country has that name of its own.
        served_towns = [f"{t.strip()} Airport" for t in served[row[town]] if normal[t] and
                        (row[country], f"{normal[t]} airport") not in own] if bare else []
        yield {"name": row[name], "lon": float(row[lon]), "lat": float(row[lat]),
               "country": row[country], "source": f"ourairports:{row[ident]}",
               "rank": AIRFIELD_RANK[row[kind]], "alternates": keywords,
               "short": name_variants(row[name], towns[row[town]], bare=bare) + served_towns}
