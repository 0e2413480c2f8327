"""A story's features as plain records: what its GeoDataFrames are made from, and what the
renderers read, without pandas.

A story loaded from a file carries its records and makes ``Story.places``, ``.movements``
and ``.areas`` from them the first time they are asked for (``places_frame`` and the
others, column for column what they always were). ``Story.records`` gives the records the
story draws: its own while a frame is not made, and once it is (a notebook user may have
edited it), the frame's content, read back (``place_records`` and the others).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["FRAMES", "Records", "area_records", "areas_frame", "make_frame",
           "movement_records", "movements_frame", "place_records", "places_frame", "read_back"]

#: The story's frames, by attribute name.
FRAMES = ("places", "movements", "areas")


@dataclass(frozen=True)
class Records:
    """A story's features, each a dict keyed by its frame's columns (the geometry apart).

    Attributes
    ----------
    places : tuple of dict
        One per place: ``id``, ``name``, ``name_ar``, ``kind``, ``lon``, ``lat``,
        ``uncertainty_km``, ``approximate``, ``country``, ``note``, ``source``, ``geocoder``,
        ``gazetteer_name`` and any other column of ``Story.places`` (its Point is
        ``lon``, ``lat``).
    movements : tuple of dict
        One per movement, the columns of ``Story.movements`` (``via`` comma-separated).
    lines : tuple
        Each movement's geometry (shapely), in order.
    areas : tuple of dict
        One per area: ``label``, ``code``, ``dataset``.
    shapes : tuple
        Each area's polygon (shapely), in order.

    The dicts are the story's own: read them, do not change them (edit the frames).
    """

    places: tuple[dict, ...] = ()
    movements: tuple[dict, ...] = ()
    lines: tuple = ()
    areas: tuple[dict, ...] = ()
    shapes: tuple = ()


def _rows(df) -> tuple[dict, ...]:
    """``df``'s rows as dicts of its columns but the geometry, values as ``itertuples`` gives
    them. Column by column: ``to_dict("records")`` boxes each value, five times slower."""
    geometry = df.geometry.name if hasattr(df, "geometry") else None
    cols = {c: df[c].tolist() for c in df.columns if c != geometry}
    return tuple(dict(zip(cols, values)) for values in zip(*cols.values())) if cols else \
        tuple({} for _ in range(len(df)))


def place_records(places: gpd.GeoDataFrame) -> tuple[dict, ...]:
    """The places frame's rows as records."""
    return _rows(places)


def movement_records(movements: gpd.GeoDataFrame) -> tuple[tuple[dict, ...], tuple]:
    """The movements frame's rows as records, and their lines."""
    return _rows(movements), tuple(movements.geometry.to_numpy())


def area_records(areas: gpd.GeoDataFrame) -> tuple[tuple[dict, ...], tuple]:
    """The areas frame's rows as records, and their polygons."""
    return _rows(areas), tuple(areas.geometry.to_numpy())


def places_frame(rows) -> gpd.GeoDataFrame:
    """``Story.places`` from its records: one Point per place (EPSG:4326)."""
    import geopandas as gpd
    import shapely

    return gpd.GeoDataFrame(list(rows), geometry=[shapely.Point(r["lon"], r["lat"])
                                                  for r in rows], crs=4326)


def movements_frame(rows, lines) -> gpd.GeoDataFrame:
    """``Story.movements`` from its records and lines (counts as nullable integers)."""
    import geopandas as gpd

    movements = gpd.GeoDataFrame(list(rows), geometry=list(lines), crs=4326) if rows else \
        gpd.GeoDataFrame({"id": [], "from": [], "to": [], "status": [], "length_km": []},
                         geometry=[], crs=4326)
    for col in ("count_min", "count_max"):
        if col in movements:
            movements[col] = movements[col].astype("Int64")
    return movements


def areas_frame(rows, shapes) -> gpd.GeoDataFrame:
    """``Story.areas`` from its records and polygons."""
    import geopandas as gpd

    return gpd.GeoDataFrame(list(rows), geometry=list(shapes), crs=4326) if rows else \
        gpd.GeoDataFrame({"label": [], "code": [], "dataset": []}, geometry=[], crs=4326)


def make_frame(name: str, records: Records) -> gpd.GeoDataFrame:
    """The frame ``name`` (one of ``FRAMES``) of a story's ``records``."""
    if name == "places":
        return places_frame(records.places)
    if name == "movements":
        return movements_frame(records.movements, records.lines)
    return areas_frame(records.areas, records.shapes)


def read_back(own: Records | None, frames: dict) -> Records:
    """A story's records: ``own`` (none for a story made from frames), each part read back
    from its frame where ``frames`` (name -> GeoDataFrame) has one made."""
    out = own if own is not None else Records()
    if "places" in frames:
        out = replace(out, places=place_records(frames["places"]))
    if "movements" in frames:
        rows, lines = movement_records(frames["movements"])
        out = replace(out, movements=rows, lines=lines)
    if "areas" in frames:
        rows, shapes = area_records(frames["areas"])
        out = replace(out, areas=rows, shapes=shapes)
    return out
