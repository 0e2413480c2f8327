"""What the schema cannot say: ids and references, dates, loops, unknown keys, swapped lonlat."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import StoryError, shown
from .document import Document

__all__ = ["Checked", "check", "notes"]


def _date(value: Any, doc: Document, path: tuple, problems: list) -> tuple[str | None, str | None, str | None]:
    """(as written, start, end) of a date or a 'start/end' range, ISO 8601."""
    if value is None or not isinstance(value, str):
        return None, None, None  # the schema reports a date that is not a string
    text = value.strip()
    parts = text.split("/")
    try:
        days = [dt.date.fromisoformat(p.strip()) for p in parts]
    except ValueError:
        days = []
    if len(days) not in (1, 2) or len(days) != len(parts):
        problems.append(doc.error(f"date {shown(text)} is not ISO 8601; write 2024-12-07 or "
                                  f"2024-12-07/2024-12-10", path))
        return None, None, None
    if days[-1] < days[0]:
        problems.append(doc.error(f"date range {shown(text)} ends before it starts", path))
        return None, None, None
    return "/".join(d.isoformat() for d in days), days[0].isoformat(), days[-1].isoformat()


#: Close spellings are looked for among at most this many ids, for the first few problems:
#: among 100,000 ids one search takes seconds.
_SUGGEST_AMONG, _SUGGEST_FIRST = 10_000, 5


def _suggest(value: str, choices, out: Checked) -> str:
    close = difflib.get_close_matches(str(value), list(choices), n=1, cutoff=0.5) \
        if len(value) <= _MAX_KEY and len(choices) <= _SUGGEST_AMONG \
        and len(out.problems) < _SUGGEST_FIRST else []
    if close:
        return f"; did you mean {close[0]!r}?"
    if len(choices) > 10:
        return f"; check it against the {len(choices):,} ids the story defines"
    return f"; defined ids: {', '.join(sorted(choices))}"


#: Keys people write for the ones the format has.
_KEY_ALIASES = {"latlon": "lonlat", "lat_lon": "lonlat", "latlng": "lonlat", "lnglat": "lonlat",
                "lon_lat": "lonlat", "coordinates": "lonlat", "coords": "lonlat",
                "position": "lonlat", "location": "lonlat", "arabic": "name_ar",
                "uncertainty": "uncertainty_km", "type": "kind", "state": "status",
                "number": "count", "people": "count", "when": "date", "who": "actor"}


#: Keys and ids longer than this are compared with no others for a suggestion.
_MAX_KEY = 200


def _unknown_keys(doc: Document, obj: dict, allowed: set[str], path: tuple, warnings: list) -> None:
    for key in obj:
        if key not in allowed:
            alias = _KEY_ALIASES.get(str(key).lower())
            close = [alias] if alias in allowed else difflib.get_close_matches(
                str(key), sorted(allowed), n=1, cutoff=0.6) if len(str(key)) <= _MAX_KEY else []
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if alias == "lonlat":
                hint += " (lonlat is [lon, lat]: longitude first)"
            warnings.append(str(doc.error(f"unknown key {shown(key)} ignored{hint}",
                                          path + (key,))))


@dataclass
class Checked:
    """What the cross-checks found: problems (the story is refused), warnings, and each
    movement's date as (written, start, end), and the story's own."""

    problems: list[StoryError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    dates: list[tuple] = field(default_factory=list)
    story_date: str | None = None


def check(doc: Document, props: dict) -> Checked:
    """Ids and references, dates, loops and unknown keys of ``doc``; ``props`` is the
    schema's ``properties``."""
    data, out = doc.data, Checked()
    _control_characters(doc, data, (), out)
    _unknown_keys(doc, data, set(props), (), out.warnings)
    sources = {s["id"] for _, s in _items(data, "sources") if isinstance(s.get("id"), str)}
    places = _check_places(doc, set(props["places"]["items"]["properties"]), sources, out)
    _check_movements(doc, set(props["movements"]["items"]["properties"]), sources, places, out)
    _check_steps(doc, out)
    _check_frame(doc, places, out)
    out.story_date = _date(data.get("date"), doc, ("date",), out.problems)[0]
    return out


#: Control characters a story's text may not hold: C0 but tab and newline, DEL and C1. They
#: broke the KML export and the SVG's XML, and reached terminals as escape sequences. And
#: lone surrogates (half of a UTF-16 pair, "\ud800" in JSON), which are no character: no
#: output could encode them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _control_characters(doc: Document, value, path: tuple, out: Checked) -> None:
    """A problem for each key or text with a control character, at its position."""
    if isinstance(value, str):
        m = _CONTROL.search(value)
        if m and m.group() >= "\ud800":
            out.problems.append(doc.error(
                f"text holds the lone surrogate {m.group()!r} (half of a UTF-16 pair, no "
                f"character); write the character itself", path))
        elif m:
            out.problems.append(doc.error(
                f"text holds the control character {m.group()!r}; remove it (tab and line "
                f"breaks are the only ones a story's text may have)", path))
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and _CONTROL.search(key):
                out.problems.append(doc.error(f"key {shown(key)} holds a control character "
                                              f"or a lone surrogate; remove it", path))
                continue
            _control_characters(doc, item, path + (key,), out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _control_characters(doc, item, path + (i,), out)


def _check_places(doc: Document, keys: set[str], sources: set[str], out: Checked
                  ) -> dict[str, int]:
    """Place id -> its index; duplicate ids, unknown sources, positions out of range."""
    ids: dict[str, int] = {}
    for i, p in _items(doc.data, "places"):
        _unknown_keys(doc, p, keys, ("places", i), out.warnings)
        pid = p.get("id")
        if isinstance(pid, str) and pid in ids:
            out.problems.append(doc.error(f"duplicate place id {shown(pid)} (first at places"
                                          f"[{ids[pid]}]); ids must be unique",
                                          ("places", i, "id")))
        if isinstance(pid, str):
            ids.setdefault(pid, i)
        src = p.get("source")
        if isinstance(src, str) and src not in sources:
            out.problems.append(doc.error(f"unknown source id {shown(src)}"
                                          f"{_suggest(src, sources, out)}", ("places", i, "source")))
        unc = p.get("uncertainty_km")
        if isinstance(unc, float) and math.isnan(unc):  # infinities: the schema's limits
            out.problems.append(doc.error(f"uncertainty_km {unc!r} is not a number of km; write "
                                          f"a radius such as 5", ("places", i, "uncertainty_km")))
        ll = p.get("lonlat")
        if _pair(ll) and not (-180 <= ll[0] <= 180 and -90 <= ll[1] <= 90):
            swap = " (it looks like [lat, lon]: write [lon, lat])" if \
                -180 <= ll[1] <= 180 and -90 <= ll[0] <= 90 else ""
            out.problems.append(doc.error(f"lonlat {shown(ll)} is out of range; write [lon, lat] in "
                                          f"degrees{swap}", ("places", i, "lonlat")))
    return ids


def _check_movements(doc: Document, keys: set[str], sources: set[str], places: dict[str, int],
                     out: Checked) -> None:
    """Unknown places and sources, loops, count ranges and dates of each movement."""
    for i, m in _items(doc.data, "movements"):
        _unknown_keys(doc, m, keys, ("movements", i), out.warnings)
        via = m.get("via") if isinstance(m.get("via"), list) else []
        for key in ("from", "to"):
            if isinstance(m.get(key), str) and m[key] not in places:
                out.problems.append(doc.error(f"unknown place id {shown(m[key])}"
                                              f"{_suggest(m[key], places, out)}", ("movements", i, key)))
        for j, v in enumerate(via):
            if isinstance(v, str) and v not in places:
                out.problems.append(doc.error(f"unknown place id {shown(v)}{_suggest(v, places, out)}",
                                              ("movements", i, "via", j)))
        stops = [m.get("from"), *via, m.get("to")]
        if any(a == b for a, b in zip(stops, stops[1:]) if isinstance(a, str)):
            out.problems.append(doc.error("a movement goes from a place to the same place; "
                                          "check from, via and to", ("movements", i)))
        else:
            again = sorted({s for s in stops if isinstance(s, str) and stops.count(s) > 1})
            if again:
                out.problems.append(doc.error(
                    f"place {shown(again[0])} comes twice in from, via and to (a loop); a movement "
                    f"passes each place once: split a round trip into two movements",
                    ("movements", i, "via")))
        src = m.get("source")
        if isinstance(src, str) and src not in sources:
            out.problems.append(doc.error(f"unknown source id {shown(src)}"
                                          f"{_suggest(src, sources, out)}", ("movements", i, "source")))
        count = m.get("count")
        if _pair(count) and count[0] > count[1]:
            out.problems.append(doc.error(f"count range {shown(count)} has min > max; write "
                                          f"[min, max]", ("movements", i, "count")))
        out.dates.append(_date(m.get("date"), doc, ("movements", i, "date"), out.problems))


def _check_steps(doc: Document, out: Checked) -> None:
    moves = {m.get("id") or f"movement-{i + 1}" for i, m in _items(doc.data, "movements")}
    for i, step in _items(doc.data, "steps"):
        for j, mid in enumerate(step.get("movements") or ()):
            if isinstance(mid, str) and mid not in moves:
                out.problems.append(doc.error(f"unknown movement id {shown(mid)}"
                                              f"{_suggest(mid, moves, out)}",
                                              ("steps", i, "movements", j)))
        if isinstance(step.get("date"), str):
            _date(step["date"], doc, ("steps", i, "date"), out.problems)


def _check_frame(doc: Document, places: dict[str, int], out: Checked) -> None:
    """A ``frame`` of place ids names known places; a box is in range, south below north."""
    frame = doc.data.get("frame")
    if not isinstance(frame, list) or not frame:
        return
    if all(isinstance(v, str) for v in frame):
        for j, pid in enumerate(frame):
            if pid not in places:
                out.problems.append(doc.error(f"unknown place id {shown(pid)}"
                                              f"{_suggest(pid, places, out)}", ("frame", j)))
    elif len(frame) == 4 and all(isinstance(v, (int, float)) for v in frame):
        w, s, e, n = frame
        if not (all(-180 <= v <= 180 for v in (w, e)) and -90 <= s < n <= 90):
            out.problems.append(doc.error(
                f"frame box {shown(frame)} is not [west, south, east, north] in degrees "
                f"(longitudes -180 to 180, latitudes -90 to 90, south below north)", ("frame",)))


def notes(doc: Document) -> list[str]:
    """Warnings for a valid story: positions that look written as [lat, lon], and the
    story's own ``review`` entries."""
    out = [str(doc.error(hint, ("places", i, "lonlat")))
           for i, hint in sorted(_swapped(doc.data["places"]).items())]
    for section in ("places", "movements", "areas"):
        for i, item in enumerate(doc.data.get(section) or ()):
            if item.get("review"):
                out.append(str(doc.error(f"review: {' '.join(item['review'].split())}",
                                         (section, i))))
    return out


def _items(data: dict, key: str) -> list[tuple[int, dict]]:
    """(index, item) for the mappings in the list ``data[key]`` (malformed ones skipped)."""
    value = data.get(key)
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] \
        if isinstance(value, list) else []


def _pair(value) -> bool:
    """True for a list of two numbers."""
    return isinstance(value, list) and len(value) == 2 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)


#: Natural Earth's coasts and borders are drawn to about this many degrees: a position
#: this close to land, or to its hinted country, is taken as written.
_COAST_DEG = 0.25


def _swapped(places: list[dict]) -> dict[int, str]:
    """Warnings, by place index, for lonlat pairs that look written as [lat, lon]: swapped,
    the position lands in the country hint, on land where it was at sea, or near the place
    its name finds. Tested for all places at once (a story may have thousands)."""
    import numpy as np
    import shapely

    from ..boundaries.records import layer
    from ..gazetteer import candidates
    from ..geometry import haversine_km

    todo = [(i, float(p["lonlat"][0]), float(p["lonlat"][1])) for i, p in enumerate(places)
            if p.get("lonlat") and -90 <= float(p["lonlat"][0]) <= 90]  # else surely a lon
    if not todo:
        return {}
    world = layer("countries")
    codes, shapes = world.columns["iso_a2"], world.shapes()
    index, lons, lats = (np.array(v) for v in zip(*todo))

    def country_at(xs, ys) -> list[str | None]:
        # The countries query a tree of the points: each polygon is prepared once, which is
        # many times faster than each point querying the polygons.
        hits, pts = shapely.STRtree(shapely.points(xs, ys)).query(shapes,
                                                                 predicate="intersects")
        out: list[str | None] = [None] * len(xs)
        for g, k in sorted(zip(hits, pts), reverse=True):  # the first country wins
            out[k] = codes[g]
        return out

    here, there = country_at(lons, lats), country_at(lats, lons)
    # Countries within _COAST_DEG of the positions that may be off their hint or at sea,
    # all in one query of a tree of the countries.
    doubt = [k for k, i in enumerate(index) if here[k] != there[k] and (
        here[k] is None or there[k] == (places[i].get("country") or "").upper())]
    near: dict[int, set] = {k: set() for k in doubt}
    if doubt:
        for a, b in zip(*shapely.STRtree(shapes).query(
                shapely.points(lons[doubt], lats[doubt]), predicate="dwithin",
                distance=_COAST_DEG)):
            near[doubt[a]].add(codes[b])
    out = {}
    for k, i in enumerate(index):
        p, lon, lat = places[i], float(lons[k]), float(lats[k])
        hint = (p.get("country") or "").upper()

        def named() -> tuple[float, float, str] | None:
            """Distances (km) from the position as written and swapped to the place its
            name finds, and that place's name."""
            hit = candidates(p.get("lookup") or p["name"], country=hint or None, fuzzy=False,
                             limit=1)
            return hit and (haversine_km(lon, lat, hit[0].lon, hit[0].lat),
                            haversine_km(lat, lon, hit[0].lon, hit[0].lat), hit[0].name)

        why = None
        if hint and here[k] != hint and there[k] == hint:
            if hint not in near[k]:
                why = f"outside the country hint {hint}"
        elif here[k] is None and there[k] is not None:
            # An island or an offshore platform is in the sea of these boundaries too.
            found = named()
            if not near[k] and not (found and found[0] < 50):
                why = "in the sea"
        elif not hint or here[k] != hint:
            found = named()
            if found and found[0] > 100 and found[1] < 50:
                why = f"{found[0]:,.0f} km from {found[2]}, which the name finds"
        if why is not None:
            out[int(i)] = (f"lonlat {[lon, lat]!r} is {why}; it looks like [lat, lon]: did you "
                           f"mean {[lat, lon]!r}? (lonlat is [lon, lat], longitude first)")
    return out

