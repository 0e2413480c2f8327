"""Geodesic geometry both renderers share: movement lines, arrowheads, circles.

Everything is in EPSG:4326, (lon, lat) order; distances come from
``pyproj.Geod`` on the WGS84 ellipsoid, in metres inside and km at the API.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import shapely

__all__ = ["arrowhead", "bend", "circle", "geodesic_length_km", "haversine_km", "movement_line",
           "movement_lines"]

#: The mean radius of the Earth, km: the sphere ``haversine_km`` measures on.
EARTH_RADIUS_KM = 6371.0


@lru_cache(maxsize=1)
def _geod():
    import pyproj

    return pyproj.Geod(ellps="WGS84")


def haversine_km(lon1, lat1, lon2, lat2):
    """Great-circle distance in km on a sphere of the Earth's mean radius.

    Accurate to about 0.5% (WGS84's flattening): enough to rank, to cluster and to keep
    things apart; ``geodesic_length_km`` measures on the ellipsoid. Scalars give a float;
    numpy arrays (any argument) give an array, element by element.

    Examples
    --------
    >>> round(haversine_km(40.98, 34.39, 40.29, 33.04))
    163
    """
    if all(isinstance(v, (int, float)) for v in (lon1, lat1, lon2, lat2)):
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))
    import numpy as np

    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.subtract(lon2, lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def geodesic_length_km(points: Sequence[tuple[float, float]]) -> float:
    """Length in km of the geodesic path through ``points`` (lon, lat), WGS84."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    if len(points) < 2:
        return 0.0
    _, _, dist = _geod().inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    return float(sum(dist)) / 1000.0


def movement_line(points: Sequence[tuple[float, float]], *, step_km: float = 10.0,
                  ) -> shapely.LineString:
    """A LineString through ``points`` that follows the geodesic between each pair.

    Parameters
    ----------
    points : sequence of (lon, lat)
        From, via..., to; in degrees.
    step_km : float
        Greatest distance between two vertices along a geodesic, in km.

    Returns
    -------
    shapely.LineString
        In EPSG:4326; its vertices include every given point.

    Examples
    --------
    >>> line = movement_line([(40.977, 34.3975), (40.2844, 33.0381)])
    >>> round(geodesic_length_km(line.coords), 1)
    163.9
    """
    return movement_lines([points], step_km=step_km)[0][0]


def movement_lines(paths: Sequence[Sequence[tuple[float, float]]], *, step_km: float = 10.0,
                   ) -> tuple[list[shapely.LineString], list[float]]:
    """``movement_line`` of each of ``paths``, and each one's geodesic length in km.

    Vectorised: one geodesic inverse for every leg of every path, one direct for every
    vertex between their ends, whatever the number of paths (a story may have thousands).
    """
    import numpy as np
    import shapely

    if any(len(p) < 2 for p in paths):
        raise ValueError("a movement line needs at least two points")
    if not paths:
        return [], []
    geod = _geod()
    ends = np.array([[*a, *b] for p in paths for a, b in zip(p[:-1], p[1:])], dtype=float)
    legs = np.array([len(p) - 1 for p in paths])
    az, _, dist = geod.inv(ends[:, 0], ends[:, 1], ends[:, 2], ends[:, 3])
    dist = np.asarray(dist, dtype=float)
    # Vertices every step_km at most: leg i gets n[i] of them, evenly spaced, as Geod.npts.
    n = (dist / 1000.0 // step_km).astype(np.int64)
    leg = np.repeat(np.arange(len(ends)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) + 1
    lon, lat, _ = geod.fwd(ends[leg, 0], ends[leg, 1], np.asarray(az, dtype=float)[leg],
                           dist[leg] * k / (n[leg] + 1))
    # All vertices in one array, in order: each path's start, then each leg's vertices
    # between and its end; shapely makes every line from it in one call.
    first = np.cumsum(legs) - legs
    leg_of = np.concatenate([first, leg, np.arange(len(ends))])
    rank = np.concatenate([np.full(len(first), -1), k, n + 1])
    xy = np.concatenate([ends[first, :2], np.column_stack([lon, lat]), ends[:, 2:]])
    order = np.lexsort((rank, leg_of))
    path_of_leg = np.repeat(np.arange(len(paths)), legs)
    lines = list(shapely.linestrings(np.round(xy[order], 6), indices=path_of_leg[leg_of[order]]))
    lengths = (np.bincount(path_of_leg, weights=dist, minlength=len(paths)) / 1000.0).tolist()
    return lines, lengths


def arrowhead(line: shapely.LineString, *, length_km: float, angle_deg: float = 25.0,
              ) -> shapely.Polygon:
    """A triangular arrowhead whose tip is the end of ``line``.

    The head points along the line's last geodesic bearing; its sides are
    ``length_km`` long and open ``angle_deg`` either side of the line.
    """
    import shapely

    geod = _geod()
    (lon1, lat1), (lon2, lat2) = line.coords[-2], line.coords[-1]
    back, _, _ = geod.inv(lon2, lat2, lon1, lat1)
    lons, lats, _ = geod.fwd([lon2, lon2], [lat2, lat2],
                             [back - angle_deg, back + angle_deg], [length_km * 1000.0] * 2)
    return shapely.Polygon([(lon2, lat2), (lons[0], lats[0]), (lons[1], lats[1])])


def circle(lon: float, lat: float, radius_km: float, *, n: int = 72) -> shapely.Polygon:
    """The geodesic circle of ``radius_km`` around (lon, lat), as a polygon of ``n`` vertices."""
    import numpy as np
    import shapely

    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = _geod().fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1e3))
    return shapely.Polygon(np.column_stack([lons, lats]))


def bend(line_coords: Sequence[tuple[float, float]], *, fraction: float) -> list[tuple[float, float]]:
    """Bow a path to the left of its direction of travel, for display only.

    The path between its first and last point is pushed sideways by up to
    ``fraction`` of the straight distance (a sine profile, zero at both ends), so two
    movements along one corridor in opposite directions separate.
    """
    (x0, y0), (x1, y1) = line_coords[0], line_coords[-1]
    k = math.cos(math.radians((y0 + y1) / 2))  # degrees of longitude are shorter
    dx, dy = (x1 - x0) * k, y1 - y0
    length = math.hypot(dx, dy)
    if length == 0:
        return list(line_coords)
    nx, ny = -dy / length, dx / length  # left normal, in locally isotropic units
    n = len(line_coords) - 1
    out = []
    for i, (x, y) in enumerate(line_coords):
        s = math.sin(math.pi * i / n) * fraction * length
        out.append((x + nx * s / k, y + ny * s))
    return out
