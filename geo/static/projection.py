"""The map's projection and frame: azimuthal equidistant, centred on the story."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..geometry import circle
from ..style import FRAME_CIRCLE_KM

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["frame_extent", "lonlat_bounds", "north_angle", "project", "projection"]


def projection(story: Story):
    """The map's CRS and the transformer into it: azimuthal equidistant centred on the
    story's places and lines (``Scene.positions``, ``Scene.geodesics``: a story across the
    antimeridian is centred on the Pacific, not on Greenwich)."""
    import numpy as np
    import pyproj

    from ..scene import Scene

    scene = Scene.of(story)
    # The frame's places and lines: a far place (``Scene.far``) does not move the centre.
    xy = np.concatenate([np.array([xy for pid, xy in scene.positions.items()
                                   if pid not in scene.far], dtype=float).reshape(-1, 2),
                         *(scene.geodesics[m.id] for m in scene.moves if scene.framed(m))])
    if scene.box is not None:
        x0, y0, x1, y1 = scene.bounds()
        xy = np.array([(x0, y0), (x1, y1)])
    x0, y0 = xy.min(axis=0)
    x1, y1 = xy.max(axis=0)
    lon0, lat0 = (x0 + x1) / 2, (y0 + y1) / 2
    lon0 = lon0 - 360.0 * round(lon0 / 360.0)
    crs = pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m +no_defs")
    tr = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    xy = np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))
    # A story spanning a hemisphere or more: an azimuthal map would tear near the centre's
    # antipode; an equal-area world projection (Equal Earth) holds it all.
    if not np.isfinite(xy).all() or np.abs(xy).max() > 9_000_000:
        crs = pyproj.CRS.from_proj4(f"+proj=eqearth +lon_0={lon0:.4f} +datum=WGS84 +units=m "
                                    f"+no_defs")
        tr = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    return crs, tr


def frame_extent(story: Story, to_xy, aspect: float) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) in projected metres: the frame's features (``Scene.far`` left out;
    the story's ``frame`` box) with margins, at ``aspect``."""
    import shapely

    from ..scene import Scene

    scene = Scene.of(story)
    far = scene.far
    geoms = [g for g, pid in zip(story.places.geometry, story.places["id"]) if pid not in far]
    geoms += [g for g, m in zip(story.movements.geometry, scene.moves) if scene.framed(m)]
    if scene.box is not None:
        x0, y0, x1, y1 = scene.bounds()
        geoms = [shapely.box(x0, y0, x1, y1).segmentize(0.5)]
    for row in story.places.itertuples():
        if row.approximate and row.id not in far and scene.box is None:
            geoms.append(circle(row.lon, row.lat, min(row.uncertainty_km, FRAME_CIRCLE_KM)))
    xy = shapely.transform(shapely.GeometryCollection(geoms), to_xy, interleaved=False)
    x0, y0, x1, y1 = xy.bounds
    w, h = max(x1 - x0, 60_000.0), max(y1 - y0, 60_000.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    if scene.box is None:  # a story's own box is the frame, with no margins
        w, h = w * 1.45, h * 1.45
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def lonlat_bounds(extent, from_xy, pad: float = 1.0) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) around the projected ``extent``, ``pad`` degrees
    wider, in longitudes continuous across the frame: a frame across the antimeridian gets
    bounds such as (170, -40, 195, -15), one around a pole every longitude and the pole's
    latitude. ``geo.boundaries.clip`` and ``in_bounds`` take such bounds."""
    import numpy as np

    x0, x1, y0, y1 = extent
    t = np.linspace(0, 1, 25)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full(25, x1), x1 - (x1 - x0) * t, np.full(25, x0)])
    ys = np.concatenate([np.full(25, y0), y0 + (y1 - y0) * t, np.full(25, y1), y1 - (y1 - y0) * t])
    lons, lats = (np.asarray(v, dtype=float) for v in from_xy(xs, ys))
    clon, clat = (float(v) for v in from_xy((x0 + x1) / 2, (y0 + y1) / 2))
    whole = (clon - 179.999, -90.0, clon + 179.999, 90.0)
    if not (np.isfinite(lons).all() and np.isfinite(lats).all()):
        return whole  # the frame reaches past the world's edge: all of it
    loop = np.unwrap(lons, period=360.0)  # once round the frame's edge
    if abs(loop[-1] - loop[0]) > 180.0:  # ... goes once round a pole: it is in the frame
        return ((whole[0], max(-90.0, float(lats.min()) - pad), whole[2], 90.0) if clat > 0
                else (whole[0], -90.0, whole[2], min(90.0, float(lats.max()) + pad)))
    loop -= 360.0 * np.round((loop.mean() - clon) / 360.0)
    lo, hi = float(loop.min()) - pad, float(loop.max()) + pad
    if hi - lo >= 360.0:
        lo, hi = whole[0], whole[2]
    return (lo, max(-90.0, float(lats.min()) - pad), hi, min(90.0, float(lats.max()) + pad))


def project(gdf, crs):
    """``gdf`` in the map's projection, polygons made valid again: far from the centre
    of an azimuthal projection a ring can fold onto itself."""
    import shapely

    if not len(gdf):
        return gdf
    out = gdf.to_crs(crs)
    polygonal = out.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if polygonal.any():
        geoms = out.geometry.to_numpy().copy()
        geoms[polygonal] = shapely.make_valid(geoms[polygonal])
        out = out.set_geometry(geoms, crs=out.crs)
    return out


def north_angle(tr, x: float, y: float) -> float:
    """Degrees clockwise from the map's up direction to true north at (x, y)."""
    lon, lat = tr.transform(x, y, direction="INVERSE")
    x2, y2 = tr.transform(lon, min(lat + 0.05, 89.99))
    return math.degrees(math.atan2(x2 - x, y2 - y))

