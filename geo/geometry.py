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

__all__ = ["FAR_KM", "FAR_RATIO", "arrowhead", "bend", "box_width", "central_lon", "circle",
           "continuous", "focus_mask", "geodesic_length_km", "haversine_km", "in_box",
           "medoid", "movement_line", "movement_lines", "spaced", "split_antimeridian",
           "wrap_near"]

#: The mean radius of the Earth, km: the sphere ``haversine_km`` measures on.
EARTH_RADIUS_KM = 6371.0

#: A place is far from the story's focus (``focus_mask``) when at least this many km away
#: from it, and at least ``FAR_RATIO`` times the focus's own span.
FAR_KM, FAR_RATIO = 1500.0, 3.0


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


def medoid(points: Sequence[tuple[float, float]], *, sample: int = 200) -> int | None:
    """The index of the point whose great-circle distances to all the others sum least,
    None for no points: a story's middle that, unlike a centroid, is one of its places and
    is not pulled into the sea by one far away (London and New York in a Canadian story).

    Past ``sample`` points only that many, evenly spread, are tried as the middle (each
    still measured to every point); ties go to the first.

    Examples
    --------
    >>> medoid([(35.50, 33.89), (36.29, 33.51), (35.93, 31.95), (-0.13, 51.51)])  # Beirut
    0
    """
    if not points:
        return None
    import numpy as np

    xy = np.asarray(points, dtype=float)
    tried = np.unique(np.linspace(0, len(xy) - 1, min(sample, len(xy))).round().astype(int))
    cost = [float(haversine_km(xy[i, 0], xy[i, 1], xy[:, 0], xy[:, 1]).sum()) for i in tried]
    return int(tried[int(np.argmin(cost))])


def spaced(taken: Sequence[tuple[float, float]], points: Sequence[tuple[float, float]],
           km: float, most: int | None = None) -> list[bool]:
    """For each of ``points`` (lon, lat) in order: whether it lies at least ``km`` from every
    point of ``taken`` and from every earlier point kept (a city's districts, Kharkiv's
    Saltivka, give way to the city listed before them); after ``most`` kept, none.

    Examples
    --------
    >>> spaced([(0.0, 0.0)], [(0.05, 0.0), (1.0, 0.0), (1.05, 0.0)], 15.0)
    [False, True, False]
    """
    import numpy as np

    xs = np.array([p[0] for p in taken] + [p[0] for p in points], dtype=float)
    ys = np.array([p[1] for p in taken] + [p[1] for p in points], dtype=float)
    n, out = len(taken), []
    for i in range(len(taken), len(xs)):  # the kept points are xs[:n], ys[:n]
        if most is not None and n - len(taken) >= most:
            out += [False] * (len(xs) - i)
            break
        ok = not n or float(haversine_km(xs[:n], ys[:n], xs[i], ys[i]).min()) >= km
        out.append(ok)
        if ok:
            xs[n], ys[n] = xs[i], ys[i]
            n += 1
    return out


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
        In EPSG:4326; its vertices include every given point. Its longitudes are
        continuous: a line that crosses the antimeridian goes on past 180 (185 for -175),
        as a map drawing it needs; ``split_antimeridian`` cuts it for GIS formats.

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
    Longitudes are continuous along each line, from its first point's (see
    ``movement_line``).
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
    xy, of = xy[order], path_of_leg[leg_of[order]]
    # Continuous longitudes: a step of more than 180 degrees is the antimeridian, crossed.
    sizes = legs + 1 + np.bincount(path_of_leg, weights=n, minlength=len(paths)).astype(np.int64)
    turns = np.concatenate([[0.0], -np.round(np.diff(xy[:, 0]) / 360.0)])
    turns[np.cumsum(sizes)[:-1]] = 0.0  # each line from its own first point
    turns = np.cumsum(turns)
    xy[:, 0] += 360.0 * (turns - np.repeat(turns[np.cumsum(sizes) - sizes], sizes))
    lines = list(shapely.linestrings(np.round(xy, 6), indices=of))
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
    """The geodesic circle of ``radius_km`` around (lon, lat), as a polygon of ``n`` vertices,
    its longitudes continuous (past 180 where it crosses the antimeridian). A circle round a
    pole is closed along the pole; one round both poles (more than about 10,000 km) is the
    world less the small circle around the antipode; one of half the Earth's circumference
    or more is the whole world."""
    import numpy as np
    import shapely
    import shapely.affinity

    half_km = math.pi * EARTH_RADIUS_KM
    if radius_km >= half_km:
        return shapely.box(lon - 180.0, -90.0, lon + 180.0, 90.0)
    north = radius_km > haversine_km(lon, lat, lon, 90.0)
    south = radius_km > haversine_km(lon, lat, lon, -90.0)
    if north and south:  # about the centre's longitude, the hole whole on either side
        hole = circle(lon + 180.0, -lat, half_km - radius_km, n=n)
        holes = shapely.union_all([shapely.affinity.translate(hole, dx) for dx in (-360, 0)])
        return shapely.box(lon - 180.0, -90.0, lon + 180.0, 90.0).difference(holes)
    az = np.linspace(0.0, 360.0, n, endpoint=False)
    lons, lats, _ = _geod().fwd(np.full(n, lon), np.full(n, lat), az, np.full(n, radius_km * 1e3))
    lons = np.degrees(np.unwrap(np.radians(lons)))
    lons += 360.0 * round((lon - lons.mean()) / 360.0)  # about the centre's longitude
    ring = np.column_stack([lons, lats])
    if north or south:  # the ring goes round the pole: close it along the pole
        pole = 90.0 if north else -90.0
        ring = np.vstack([ring, [[lons[-1] + (lons[1] - lons[0]), lats[0]],
                                 [lons[-1] + (lons[1] - lons[0]), pole], [lons[0], pole]]])
    return shapely.Polygon(ring)


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


def central_lon(lons) -> float:
    """The longitude in the middle of the shortest arc of the parallel that holds all of
    ``lons``: 180 for Auckland (174.8) and Nukuʻalofa (-175.2), not 0.

    Examples
    --------
    >>> central_lon([174.8, -175.2]), central_lon([36.3, 44.4])
    (179.8, 40.35)
    """
    import numpy as np

    # Sorted, each once (as np.unique, which imports numpy.ma: 10 ms of a page's run).
    x = np.sort(np.mod(np.asarray(lons, dtype=float), 360.0))
    x = x[np.concatenate([[True], x[1:] != x[:-1]])] if len(x) else x
    if not len(x):
        return 0.0
    gaps = np.diff(np.concatenate([x, [x[0] + 360.0]]))
    i = int(np.argmax(gaps))  # the arc holding them all starts after the widest gap
    start = x[(i + 1) % len(x)]
    mid = start + (360.0 - gaps[i]) / 2
    return round(float((mid + 180.0) % 360.0 - 180.0), 6)


def wrap_near(lons, lon0: float):
    """``lons`` moved by whole turns into (lon0 - 180, lon0 + 180]: the longitudes a map
    centred on ``lon0`` draws them at (185 for -175 on a map centred on 180). A scalar gives
    a float, an array an array."""
    import numpy as np

    lons = np.asarray(lons, dtype=float)
    # Whole turns only: a longitude already in range comes back as it was, to the bit.
    out = lons + 360.0 * np.floor((lon0 + 180.0 - lons) / 360.0)
    return float(out) if np.ndim(out) == 0 else out


def continuous(coords):
    """(lon, lat) ``coords`` as an array with continuous longitudes from the first one's:
    no step between two vertices of more than 180 degrees."""
    import numpy as np

    xy = np.array(coords, dtype=float).reshape(-1, 2)
    if len(xy) > 1:
        xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)
    return xy


def split_antimeridian(line):
    """A line as RFC 7946 (section 3.1.9) wants it: longitudes in [-180, 180], and a line
    that crosses the antimeridian cut there into a MultiLineString, both parts ending on
    it (at 180 and at -180) at the latitude where the line crosses it.

    ``line`` may have continuous longitudes (see ``movement_line``) or steps of more than
    180 degrees between vertices; either way each step is read as the shorter way round.

    Examples
    --------
    >>> import shapely
    >>> split_antimeridian(shapely.LineString([(170, -20), (190, -22)])).wkt
    'MULTILINESTRING ((170 -20, 180 -21), (-180 -21, -170 -22))'
    """
    import numpy as np
    import shapely

    xy = continuous(shapely.get_coordinates(line))
    if len(xy) < 2:
        return line
    xy[:, 0] -= 360.0 * np.round(xy[0, 0] / 360.0)  # the first point in [-180, 180]
    if xy[:, 0].min() >= -180.0 and xy[:, 0].max() <= 180.0:
        return shapely.LineString(xy)
    parts, part = [], [tuple(xy[0])]
    for (x0, y0), (x1, y1) in zip(xy[:-1].tolist(), xy[1:].tolist()):
        lo, hi = min(x0, x1), max(x0, x1)
        edges = [180.0 + 360.0 * k for k in range(math.ceil((lo - 180.0) / 360.0),
                                                  math.floor((hi - 180.0) / 360.0) + 1)]
        for edge in sorted((e for e in edges if lo < e < hi), reverse=x1 < x0):
            y = y0 + (y1 - y0) * (edge - x0) / (x1 - x0)
            parts.append(part + [(edge, y)])
            part = [(edge, y)]
        part.append((x1, y1))
    parts.append(part)
    # Each part lies between two crossings: one whole number of turns brings it back.
    out = []
    for p in parts:
        turn = 360.0 * round(sum(x for x, _ in p) / len(p) / 360.0)
        out.append([(round(x - turn, 6), y) for x, y in p])
    return shapely.MultiLineString(out) if len(out) > 1 else shapely.LineString(out[0])


def focus_mask(lons, lats, weights, *, limit: int = 300):
    """Which places make the story's focus: True for each, False for one far from the rest.

    The places are joined by their shortest links (a minimum spanning tree); the longest
    link is cut while it is at least ``FAR_KM`` long and ``FAR_RATIO`` times the span of the
    part that weighs more (``weights``: how many movements touch each place, plus one), and
    the part it cuts off weighs less and holds fewer than half of the places. Troops flown
    from Vladivostok (6,400 km) into a Kursk story 300 km across: Vladivostok is far. Two
    places, or more than ``limit``, are all the focus.

    Examples
    --------
    >>> focus_mask([36.2, 35.3, 34.8, 131.9], [51.7, 51.2, 50.9, 43.1], [3, 2, 2, 2]).tolist()
    [True, True, True, False]
    """
    import numpy as np

    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    weights = np.asarray(weights, dtype=float)
    keep = np.ones(len(lons), dtype=bool)
    if not 3 <= len(lons) <= limit:
        return keep
    while keep.sum() >= 3:
        idx = np.flatnonzero(keep)
        d = haversine_km(lons[idx, None], lats[idx, None], lons[None, idx], lats[None, idx])
        # Prim's tree: each place joined to the nearest one already in it.
        n, inside = len(idx), np.zeros(len(idx), dtype=bool)
        inside[0], best, parent, edges = True, d[0].copy(), np.zeros(len(idx), dtype=int), []
        for _ in range(n - 1):
            j = int(np.argmin(np.where(inside, np.inf, best)))
            edges.append((best[j], parent[j], j))
            inside[j] = True
            closer = ~inside & (d[j] < best)
            best[closer], parent[closer] = d[j][closer], j
        length, a, b = max(edges)
        # The two parts the longest link joins.
        side = np.zeros(n, dtype=bool)
        side[b], grew = True, True
        while grew:
            grew = False
            for w, i, j in edges:
                if (i, j) != (a, b) and side[i] != side[j]:
                    side[i] = side[j] = grew = True
        heavy = ~side if (weights[idx][~side].sum(), (~side).sum()) > \
            (weights[idx][side].sum(), side.sum()) else side
        light = ~heavy
        span = float(d[np.ix_(heavy, heavy)].max())
        if length < max(FAR_KM, FAR_RATIO * span) or light.sum() * 2 >= n or \
                weights[idx][light].sum() >= weights[idx][heavy].sum():
            break
        keep[idx[light]] = False
    return keep


def box_width(west: float, east: float) -> float:
    """Degrees of longitude from ``west`` east to ``east``: 20 for (170, -170)."""
    return (east - west) % 360.0 or 360.0


def in_box(lons, lats, box):
    """True for each (lon, lat) inside ``box`` (west, south, east, north), which may cross
    the antimeridian (west 170, east -170)."""
    import numpy as np

    w, s, e, n = box
    x = np.mod(np.asarray(lons, dtype=float) - w, 360.0)  # degrees east of the west edge
    lats = np.asarray(lats, dtype=float)
    return (x <= box_width(w, e)) & (lats >= s) & (lats <= n)
