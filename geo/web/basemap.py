"""The page's basemap: the Natural Earth layers around the story as compact GeoJSON, drawn on
one canvas, and the country names."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..style import ADMIN1, AREA, AREA_EDGE, BORDER, FOCUS_LAND, LAND, RIVER
from .escape import escape_html, lat_lon

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["basemap", "bounds"]


def bounds(story: Story) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the story's features and uncertainty circles,
    in the page's longitudes: continuous across the antimeridian (``Scene.bounds``)."""
    from ..scene import Scene

    return Scene.of(story).bounds()


def _vector(geoms, style: dict, *, tolerance: float, digits: int) -> dict | None:
    """A layer of ``geoms`` (an array of shapely geometries) simplified to ``tolerance``
    degrees, coordinates to ``digits`` decimals, and its style."""
    import numpy as np
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    geoms = shapely.set_precision(shapely.simplify(geoms, tolerance), 10.0 ** -digits)
    geoms = [shapely.transform(g, lambda xy: np.round(xy, digits)) for g in geoms
             if g is not None and not g.is_empty]
    if not geoms:
        return None
    return {"data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
        for g in geoms]}, "style": style}


def basemap(story: Story, around: tuple[float, float, float, float], *, tiles: bool) -> dict:
    """The layers (land, focus land, first-level divisions, areas, rivers, borders) and the
    country names ([name, lat, lon, label html]) around ``around``, the story's bounds."""
    from shapely.ops import polylabel

    from .. import boundaries

    span = max(around[2] - around[0], around[3] - around[1], 0.5)
    # Wide enough for a wide screen at the fitted zoom and one zoom level out; for a story
    # that spans a region, no more than a region around it (the page stays small), and for
    # one that spans an ocean, enough for the screen at the fitted zoom (the coarser
    # tolerance keeps the page small).
    pad = span if span <= 12.0 else max(12.0, span * 0.5)
    # Longitudes past 180 (a story across the antimeridian) take the data from the other
    # side, moved by a whole turn (``boundaries.clip``): the page draws one Pacific.
    lon0 = (around[0] + around[2]) / 2
    box = (max(around[0] - pad * 2.2, lon0 - 180.0), max(around[1] - pad * 1.3, -90.0),
           min(around[2] + pad * 2.2, lon0 + 180.0), min(around[3] + pad * 1.3, 90.0))
    tolerance = span / 250 if span <= 12.0 else span / 180
    digits = max(1, min(3, math.ceil(-math.log10(tolerance)) + 1))
    countries = boundaries.clip(boundaries.countries(), box)
    shapes = countries.geometry.to_numpy()
    focus = countries["iso_a2"].isin(set(story.places["country"].dropna())).to_numpy()
    fill = 0 if tiles else 1
    vec = {"tolerance": tolerance, "digits": digits}
    layers = [_vector(shapes[focus == is_focus], {"fillColor": FOCUS_LAND if is_focus else LAND,
                                                  "fillOpacity": fill, "stroke": False}, **vec)
              for is_focus in (False, True)]
    layers.append(_vector(boundaries.clip(boundaries.admin1_lines(), box).geometry.to_numpy(),
                          {"color": ADMIN1, "weight": 0.8}, **vec))
    areas = story.areas.geometry.to_numpy()
    if len(areas) and (around[0] < -180.0 or around[2] > 180.0):
        # In the page's longitudes: across the antimeridian an area goes on past 180.
        areas = boundaries.clip(story.areas, (lon0 - 180.0, -90.0, lon0 + 180.0, 90.0)
                                ).geometry.to_numpy()
    if len(story.areas):
        layers.append(_vector(areas,
                              {"fillColor": AREA, "fillOpacity": 0.75 if fill else 0.3,
                               "color": AREA_EDGE, "weight": 1.2},
                              tolerance=tolerance / 2, digits=digits))
    layers.append(_vector(boundaries.clip(boundaries.rivers(), box).geometry.to_numpy(),
                          {"color": RIVER, "weight": 1.4}, **vec))
    # Borders without the edges that cutting made: the box's sides (seen when zoomed out)
    # and the antimeridian (a line down the Pacific).
    layers.append(_vector(boundaries.outline(shapes, box), {"color": BORDER, "weight": 1.2},
                          **vec))
    # Each country named inside the part of it the opening view shows (Egypt and Israel on
    # a map of Gaza's crossings), where that part has room; the page hides a name that meets
    # a label or a panel.
    import shapely

    view = shapely.box(around[0] - span * 0.1, around[1] - span * 0.1, around[2] + span * 0.1,
                       around[3] + span * 0.1)
    names = []
    for name, shape in zip(countries["name"], shapes):
        shown = shapely.intersection(shape, view)
        if shown.is_empty:
            continue
        part = max(getattr(shown, "geoms", [shown]), key=lambda g: g.area)
        if part.geom_type != "Polygon" or part.area < span * span * 0.05:
            continue
        at = polylabel(part, tolerance=span / 100)
        names.append([name, *lat_lon(at.x, at.y), escape_html(name.upper()),
                      [lat_lon(x, y) for x, y in _other_spots(part, at, span)]])
    return {"layers": [layer for layer in layers if layer], "countries": names}


def _other_spots(part, best, span: float, most: int = 6) -> list[tuple[float, float]]:
    """Other points deep inside ``part`` where its country's name may go when a movement
    line or a label takes its best spot (the page tries them in this order: deepest first),
    at least a twentieth of the view apart."""
    import numpy as np
    import shapely

    x0, y0, x1, y1 = part.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 9)[1:-1], np.linspace(y0, y1, 9)[1:-1])
    pts = shapely.points(xs.ravel(), ys.ravel())
    inside = pts[shapely.contains(part, pts)]
    depth = shapely.distance(inside, part.exterior)
    keep = inside[depth >= 0.5 * shapely.distance(best, part.exterior)]
    order = np.argsort(-shapely.distance(keep, part.exterior), kind="stable")
    out: list = []
    for p in keep[order]:
        if all(math.dist((p.x, p.y), q) >= span / 20 for q in [(best.x, best.y), *out]):
            out.append((p.x, p.y))
        if len(out) == most:
            break
    return out
