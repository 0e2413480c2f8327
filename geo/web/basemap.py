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
    country names ([name, lat, lon, label html, other spots]) around ``around``, the story's
    bounds; with a far place, the world's land too (``world``)."""
    import numpy as np
    import shapely
    from shapely.ops import polylabel

    from ..boundaries import outline
    from ..boundaries.records import clip_layer, clip_shapes, layer
    from ..scene import Scene

    scene = Scene.of(story)

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
    world = layer("countries")
    hits, shapes = clip_layer(world, box)
    ours = {p["country"] for p in scene.places if p["country"] is not None
            and p["country"] == p["country"]}  # (NaN is no country)
    focus = _ours(world, hits, ours)
    fill = 0 if tiles else 1
    vec = {"tolerance": tolerance, "digits": digits}
    layers = [_vector(shapes[focus == is_focus], {"fillColor": FOCUS_LAND if is_focus else LAND,
                                                  "fillOpacity": fill, "stroke": False}, **vec)
              for is_focus in (False, True)]
    layers.append(_vector(clip_layer(layer("admin1-lines"), box)[1],
                          {"color": ADMIN1, "weight": 0.8}, **vec))
    areas = np.empty(len(scene.shapes), dtype=object)
    areas[:] = scene.shapes
    if len(areas) and (around[0] < -180.0 or around[2] > 180.0):
        # In the page's longitudes: across the antimeridian an area goes on past 180.
        areas = clip_shapes(areas, (lon0 - 180.0, -90.0, lon0 + 180.0, 90.0))[1]
    if len(scene.shapes):
        layers.append(_vector(areas,
                              {"fillColor": AREA, "fillOpacity": 0.75 if fill else 0.3,
                               "color": AREA_EDGE, "weight": 1.2},
                              tolerance=tolerance / 2, digits=digits))
    layers.append(_vector(clip_layer(layer("rivers"), box)[1],
                          {"color": RIVER, "weight": 1.4}, **vec))
    # Borders without the edges that cutting made: the box's sides (seen when zoomed out)
    # and the antimeridian (a line down the Pacific).
    layers.append(_vector(outline(shapes, box), {"color": BORDER, "weight": 1.2}, **vec))
    # Each country named inside the part of it the opening view shows (Egypt and Israel on
    # a map of Gaza's crossings), where that part has room; the page hides a name that meets
    # a label or a panel.
    view = shapely.box(around[0] - span * 0.1, around[1] - span * 0.1, around[2] + span * 0.1,
                       around[3] + span * 0.1)
    names = []
    for name, shape in zip((world.columns["name"][i] for i in hits), shapes):
        shown = shapely.intersection(shape, view)
        if shown.is_empty:
            continue
        part = max(getattr(shown, "geoms", [shown]), key=lambda g: g.area)
        if part.geom_type != "Polygon" or part.area < span * span * 0.05:
            continue
        at = polylabel(part, tolerance=span / 100)
        names.append([name, *lat_lon(at.x, at.y), escape_html(name.upper()),
                      [lat_lon(x, y) for x, y in _other_spots(part, at, span)]])
    out = {"layers": [layer for layer in layers if layer], "countries": names}
    if scene.far and not tiles:
        out["world"] = _world(world, ours, lon0, box)
    return out


def _ours(countries, hits, ours: set):
    """Which of the countries at ``hits`` (rows of the layer) are the story's own."""
    import numpy as np

    return np.array([countries.columns["iso_a2"][i] in ours for i in hits], dtype=bool)


def _world(countries, ours: set, lon0: float, box: tuple) -> dict:
    """The world around the basemap's ``box``, for a reader zoomed out to a far place: coarse
    land, and the story's own countries coarse in their colour (Russia does not stop at the
    basemap's edge), in the page's longitudes around ``lon0``. Nothing of it inside the box,
    where its coarse coasts would show past the basemap's."""
    import numpy as np
    import shapely

    from ..boundaries import world_land
    from ..boundaries.records import clip_layer, clip_shapes

    whole = (lon0 - 180.0, -90.0, lon0 + 180.0, 90.0)
    land = np.empty(len(world_land()), dtype=object)
    land[:] = world_land()
    hits, shapes = clip_layer(countries, whole)
    mine = _ours(countries, hits, ours)
    style = {"fillOpacity": 1, "stroke": False}
    # A hair inside the box: the two layers meet with no seam of sea between them.
    hole = shapely.box(box[0] + 0.1, box[1] + 0.1, box[2] - 0.1, box[3] - 0.1)
    parts = [_vector(shapely.difference(clip_shapes(land, whole)[1], hole),
                     {"fillColor": LAND, **style}, tolerance=0.0, digits=1),
             _vector(shapely.difference(shapes[mine], hole), {"fillColor": FOCUS_LAND, **style},
                     tolerance=0.25, digits=1)]
    return {"data": {"type": "FeatureCollection", "features": [
        dict(f, properties={"fill": p["style"]["fillColor"]}) for p in parts if p
        for f in p["data"]["features"]]}, "style": style}


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
