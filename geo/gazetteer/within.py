"""Whether one gazetteer entry lies in another: a town in a country, a division, a region."""

from __future__ import annotations

import math
from functools import lru_cache

from ..geometry import haversine_km
from .place import Place

__all__ = ["EDGE_DEG", "inside", "inside_at"]

#: A place written with what it is in ("Paris, Texas", "Gainesville, Ga.", "Kabkabiya,
#: Darfur") is looked for inside it; a division's simplified edge is this close (degrees).
EDGE_DEG = 0.05
#: A division's polygon covering less than this share of the area its radius says is coarse.
_COARSE = 0.5


def inside(place: Place, where: Place) -> bool:
    """Whether ``place`` lies in ``where``: a country, a division's polygon, a region's
    radius."""
    return inside_at(place.lon, place.lat, place.country, where)


def inside_at(lon: float, lat: float, country: str, where: Place) -> bool:
    """``inside`` for a place at ``lon``, ``lat`` in ``country``."""
    if where.kind == "country":
        return country == where.country
    dataset, _, code = where.source.partition(":")
    if dataset == "natural-earth-admin1":
        shape, (x0, y0, x1, y1), km2 = _shape(code)
        # A polygon much smaller than the entry is no test, its radius is: an island's
        # simplified away (Malé's is a thirtieth of it), or another feature's of its code
        # (Lord Howe Island's code is New South Wales').
        if km2 >= _COARSE * math.pi * where.uncertainty_km ** 2:
            if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                return False
            import shapely

            return shape.distance(shapely.Point(lon, lat)) <= EDGE_DEG
    return haversine_km(where.lon, where.lat, lon, lat) <= where.uncertainty_km


#: Division shapes kept decoded: a first lookup of a name met in many countries tests its
#: settlements against every division of that name (a few hundred in 1,000 names).
@lru_cache(maxsize=1024)
def _shape(code: str):
    """A division's prepared polygons without their holes, their bounds widened by
    ``EDGE_DEG``, and their area in square km."""
    import shapely

    from ..boundaries import find_area

    # Without its holes: a capital that is a division of its own (Kyiv in Kyiv Oblast) is
    # inside the division around it.
    parts = shapely.get_parts(find_area(code)["geometry"])
    shape = shapely.multipolygons(shapely.polygons(shapely.get_exterior_ring(parts)))
    shapely.prepare(shape)
    x0, y0, x1, y1 = shape.bounds
    km2 = shape.area * 111.32 ** 2 * math.cos(math.radians((y0 + y1) / 2))
    return shape, (x0 - EDGE_DEG, y0 - EDGE_DEG, x1 + EDGE_DEG, y1 + EDGE_DEG), km2
