"""A checked story's features: places geocoded, movements as geodesic lines, areas as polygons."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import GeoError, StoryError
from ..vocab import PLACE_KINDS, SETTLEMENTS, UNCERTAIN_KM
from .document import Document
from .languages import story_languages, with_names
from .model import Story, from_records
from .records import Records

__all__ = ["build"]

log = logging.getLogger("geo.story")


def _sources(data: dict) -> dict[str, dict]:
    out = {}
    for s in data.get("sources") or ():
        out[s["id"]] = {"id": s["id"], "name": s["name"], "url": s.get("url"),
                        "published": s.get("published")}
    return out


def _own_gazetteer(doc: Document, data: dict):
    """The story's own gazetteer (``gazetteer:``, relative to the story file), loaded and
    checked; None for the default (``GEO_GAZETTEER``, if set)."""
    from ..gazetteer.user import load

    name = data.get("gazetteer")
    if not name:
        return None
    path = Path(doc.filename).parent / name  # an absolute name stays as it is
    if not path.exists():
        raise doc.error(f"no gazetteer file {str(path)!r}; check the path (it is relative "
                        f"to the story file)", ("gazetteer",))
    return load(path)


def _resolve_places(doc: Document, data: dict) -> tuple[list[dict], list[StoryError], list[str]]:
    """The places' rows, the problems (a place not found), and warnings (a place found by a
    close spelling only, which a person should check)."""
    from ..gazetteer import geocode, near_points

    problems, warnings = [], []
    own = _own_gazetteer(doc, data)
    near = near_points(data["places"], gazetteer=own)
    rows: list[dict] = []
    for i, p in enumerate(data["places"]):
        row = {"id": p["id"], "name": p["name"], "name_ar": p.get("name_ar"),
               "kind": p.get("kind") or "other", "note": p.get("note"), "source": p.get("source")}
        if p.get("lonlat"):
            lon, lat = (float(v) for v in p["lonlat"])
            unc = float(p.get("uncertainty_km") or 0.0)
            row.update(lon=lon, lat=lat, uncertainty_km=unc, approximate=unc >= UNCERTAIN_KM,
                       country=p.get("country"), geocoder="story:lonlat", gazetteer_name=None)
            rows.append(row)
            continue
        query = p.get("lookup") or p["name"]
        try:
            hit = geocode(query, country=p.get("country"), near=near[i], gazetteer=own)
        except GeoError as err:
            problems.append(doc.error(str(err), ("places", i, "lookup" if p.get("lookup") else "name")))
            continue
        unc = p.get("uncertainty_km")
        # A settlement's radius is its size, not doubt about where it is: a town
        # named in a story is at its centre. Other radii (a country's, a continent's, a
        # curated site's) are doubt about the position.
        approximate = float(unc) >= UNCERTAIN_KM if unc is not None else (
            hit.uncertainty_km >= UNCERTAIN_KM and hit.kind not in SETTLEMENTS)
        if hit.match == "fuzzy":
            warnings.append(str(doc.error(
                f"{query!r} found {hit.name} ({hit.country}, {hit.source}) by a close "
                f"spelling only, not by its name; check it, or give lonlat",
                ("places", i, "lookup" if p.get("lookup") else "name"))))
        row.update(lon=hit.lon, lat=hit.lat, country=hit.country or p.get("country"),
                   uncertainty_km=float(unc if unc is not None else hit.uncertainty_km),
                   approximate=approximate,
                   geocoder=hit.source, gazetteer_name=hit.name,
                   name_ar=row["name_ar"] or hit.name_ar,
                   note=row["note"] or (hit.note or None))
        if not p.get("kind"):
            row["kind"] = "capital" if hit.capital else \
                hit.kind if hit.kind in PLACE_KINDS else "other"
        rows.append(row)
    return rows, problems, warnings


def _count(value) -> tuple[int | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, list):
        return int(value[0]), int(value[1])
    return int(value), int(value)


def _area(lookup: str, label: str | None, country: str | None) -> dict:
    """An area's polygon (a division's cut to its country's coast): a division or country
    the shipped polygons name, else the one the gazetteer finds under any of its names
    ("Kherson Oblast", "Курская область"). A place found that is not a division ("Sinai",
    a region) is refused with what to write."""
    from ..boundaries import on_land

    area = _find_area(lookup, label, country)
    if area["dataset"] == "natural-earth-admin1" and "-" in (area["code"] or ""):
        area["geometry"] = on_land(area["geometry"], area["code"].split("-")[0])
    return area


def _find_area(lookup: str, label: str | None, country: str | None) -> dict:
    from ..boundaries import find_area
    from ..errors import PlaceNotFound
    from ..gazetteer import geocode

    try:
        return find_area(lookup, label=label, country=country)
    except PlaceNotFound as err:
        try:
            place = geocode(lookup, country=country)
        except GeoError:
            raise err from None
        dataset, _, code = place.source.partition(":")
        if dataset in ("natural-earth-admin1", "natural-earth-admin0") and place.match != "fuzzy":
            return find_area(code, label=label or place.name, country=place.country or None)
        raise GeoError(f"{lookup!r} is no area the shipped polygons can draw: the gazetteer has "
                       f"it only as a point and a radius ({place.name}, {place.kind}, "
                       f"±{place.uncertainty_km:g} km, {place.source}); name it under places "
                       f"(drawn as that circle), or give a first-level division or a country"
                       f"{_divisions_like(lookup)}") from None


def _divisions_like(lookup: str) -> str:
    """" (for example 'North Sinai', 'South Sinai')": divisions whose name holds the lookup."""
    from ..boundaries.records import layer
    from ..names import normalize_name

    key = normalize_name(lookup)
    names = sorted({n for n in layer("admin1").columns["name"]
                    if key and key in normalize_name(n)})
    return f" (for example {', '.join(repr(n) for n in names[:3])})" if names else ""


def build(doc: Document, data: dict, dates: list, story_date: str | None,
          warnings: tuple[str, ...]) -> Story:
    """The story of a checked document: its places geocoded, its movements' geodesic lines
    and its areas' polygons, as records (its GeoDataFrames are made from them when first
    asked for: ``geo.story.records``)."""
    from ..geometry import movement_lines, split_antimeridian

    place_rows, problems, guesses = _resolve_places(doc, data)
    areas = []
    for i, a in enumerate(data.get("areas") or ()):
        try:
            areas.append(_area(a["lookup"], a.get("label"), a.get("country")))
        except GeoError as err:
            problems.append(doc.error(str(err), ("areas", i, "lookup")))
    if problems:
        raise StoryError.collect(problems)
    for w in guesses:
        log.warning("%s", w)
    warnings = (*warnings, *guesses)

    languages = story_languages(data, place_rows)
    place_rows = with_names(data["places"], place_rows, languages)
    by_id = {r["id"]: (r["lon"], r["lat"]) for r in place_rows}
    moves = data.get("movements") or ()
    # Every movement's geodesic at once (a story may have thousands).
    lines, lengths = movement_lines([[by_id[s] for s in (m["from"], *(m.get("via") or ()), m["to"])]
                                     for m in moves])
    # As GIS data wants them (RFC 7946): a line across the antimeridian is cut there. The
    # maps draw each line in one piece again, in their own longitudes (``geo.scene``).
    lines = [line if -180.0 <= line.bounds[0] and line.bounds[2] <= 180.0
             else split_antimeridian(line) for line in lines]
    move_rows = []
    for i, m in enumerate(moves):
        written, start, end = dates[i]
        cmin, cmax = _count(m.get("count"))
        move_rows.append({
            "id": m.get("id") or f"movement-{i + 1}", "from": m["from"], "to": m["to"],
            "via": ",".join(m.get("via") or ()), "date": written, "start": start, "end": end,
            "actor": m.get("actor"), "count_min": cmin, "count_max": cmax,
            "status": m.get("status") or "reported", "label": m.get("label"),
            "source": m.get("source"), "quote": m.get("quote"),
            "length_km": round(lengths[i], 3),
        })
    records = Records(
        places=tuple(place_rows), movements=tuple(move_rows), lines=tuple(lines),
        areas=tuple({k: v for k, v in a.items() if k != "geometry"} for a in areas),
        shapes=tuple(a["geometry"] for a in areas))
    return from_records(
        records, title=data["title"], subtitle=data.get("subtitle"), date=story_date,
        credit=data.get("credit"), sources=_sources(data),
        steps=tuple(dict(step) for step in data.get("steps") or ()),
        path=Path(doc.filename) if doc.filename != "story" else None,
        warnings=warnings, languages=languages,
        frame=tuple(data["frame"]) if isinstance(data.get("frame"), list) else
        data.get("frame") or "focus",
    )
