"""Generated stories of many places and movements, for the scale benchmarks.

    python bench/scale.py 1000 OUT.json

Places are real gazetteer entries (GeoNames towns and OurAirports airfields) in
one region, the most populous first; each movement goes from a place to one of
its eight nearest neighbours, on a date in 2024, with a count, a status and a
source. One place in ten is given an uncertainty radius, drawn as a circle.
The same ``n`` always gives the same story.
"""

from __future__ import annotations

import json
import math
import random
import sys

#: The region: the Middle East from the Aegean to the Gulf (min lon, min lat, max lon, max lat).
REGION = (25.0, 24.0, 60.0, 42.0)
STATUSES = ("reported", "reported", "confirmed", "claimed", "planned")


def _places(n: int) -> list[tuple]:
    from geo.gazetteer import places

    rows = [(p.name, p.name_ar, p.lon, p.lat, p.kind, p.country, p.source) for p in places(
        datasets=("geonames", "ourairports"), bounds=REGION, order="prominence", limit=n)]
    if len(rows) < n:
        raise SystemExit(f"the region has only {len(rows):,} gazetteer places, not {n:,}")
    return rows


def story(n: int) -> dict:
    """A story of ``n`` places and ``n`` movements."""
    rng = random.Random(n)
    rows = _places(n)
    places = []
    for i, (name, name_ar, lon, lat, kind, country, source) in enumerate(rows):
        p = {"id": f"p{i}", "name": name, "kind": kind if kind != "area" else "other",
             "lonlat": [lon, lat], "country": country, "source": "gazetteer",
             "note": f"gazetteer entry {source}"}
        if name_ar:
            p["name_ar"] = name_ar
        if i % 10 == 9:
            p["uncertainty_km"] = float(rng.choice((10, 15, 25)))
        places.append(p)
    # Neighbours on a grid of cells about 1 degree wide: linear, not a distance matrix.
    cells: dict[tuple[int, int], list[int]] = {}
    for i, (_, _, lon, lat, *_rest) in enumerate(rows):
        cells.setdefault((math.floor(lon), math.floor(lat)), []).append(i)
    movements = []
    for i in range(n):
        a = rng.randrange(n)
        lon, lat = rows[a][2], rows[a][3]
        cx, cy = math.floor(lon), math.floor(lat)
        near = [j for dx in (-1, 0, 1) for dy in (-1, 0, 1) for j in cells.get((cx + dx, cy + dy), ())
                if j != a]
        near.sort(key=lambda j: (rows[j][2] - lon) ** 2 + (rows[j][3] - lat) ** 2)
        b = rng.choice(near[:8]) if near else (a + 1) % n
        low = rng.randrange(10, 3000)
        movements.append({
            "id": f"m{i}", "from": f"p{a}", "to": f"p{b}",
            "date": f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
            "count": low if rng.random() < 0.7 else [low, low + rng.randrange(1, 500)],
            "status": rng.choice(STATUSES), "source": "events",
        })
    return {
        "title": f"{n:,} movements in the Middle East (generated)",
        "subtitle": "Real gazetteer places; generated movements, for benchmarks only",
        "date": "2024-12-31",
        "credit": "geo-storymaps scale benchmark",
        "sources": [{"id": "gazetteer", "name": "GeoNames and OurAirports via geo-storymaps"},
                    {"id": "events", "name": "Generated events (benchmark)"}],
        "places": places, "movements": movements,
    }


def write(n: int, path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(story(n), fh, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
