"""The capitals and large cities a map may show around a story (``Scene.context_cities``),
chosen from the boundaries' records: no pandas on the page's way."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..boundaries.records import city_columns, city_points, points_in_bounds
from ..geometry import spaced
from ..names import normalize_name
from ..style import CONTEXT_CITIES
from ..text import present

if TYPE_CHECKING:
    from . import Scene

__all__ = ["city_picks", "context_rows"]


def city_picks(scene: Scene, bounds: tuple[float, float, float, float]
               ) -> list[tuple[int, float]]:
    """(row of ``geo.boundaries.cities()``, longitude in ``bounds``' longitudes) of the
    capitals and large cities inside ``bounds`` that a map may show around the story, in
    the order to try them (capitals first, then by population): none that is one of the
    story's places or within ``CONTEXT_CITIES.min_km`` of one or of a city before it, and
    at most ten times as many as a map shows."""
    cities = city_columns()
    capital, people, gid = cities["capital"], cities["population"], cities["geonameid"]
    names = {normalize_name(n) for p in scene.places for n in (p["name"], p.get("gazetteer_name"))
             if present(n)}
    lons, lats = city_points()
    keep, _, shifted = points_in_bounds(lons, lats, bounds)
    order = sorted(range(len(keep)), key=lambda k: (
        not capital[keep[k]], -people[keep[k]], gid[keep[k]]))
    order = [k for k in order if normalize_name(cities["name"][keep[k]]) not in names]
    taken = [(p["lon"], p["lat"]) for p in scene.places]
    points = [(float(shifted[k]), float(lats[keep[k]])) for k in order]
    fits = spaced(taken, points, CONTEXT_CITIES.min_km, most=10 * CONTEXT_CITIES.limit)
    return [(int(keep[k]), float(shifted[k])) for k, fit in zip(order, fits) if fit]


def context_rows(scene: Scene, bounds: tuple[float, float, float, float]) -> list[dict]:
    """``Scene.context_cities`` as records: dicts of ``geo.boundaries.cities()``'s columns,
    the longitude in ``bounds``' longitudes, named in the story's languages
    (``geo.gazetteer.languages.local_name_columns``)."""
    from ..gazetteer.languages import local_name_columns

    cities = city_columns()
    rows = [{**{c: values[i] for c, values in cities.items()}, "lon": lon}
            for i, lon in city_picks(scene, bounds)]
    names = local_name_columns([r["geonameid"] for r in rows], scene.story.languages)
    for k, row in enumerate(rows):
        row.update({col: values[k] for col, values in names.items()})
    return rows
