"""GeoJSON: one RFC 7946 FeatureCollection of the story's places, movements and areas."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .tables import layers

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["geojson_bytes", "to_geojson"]


def _clean(value):
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>":
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _round(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 6) for c in coords]
    return [_round(c) for c in coords]


def to_geojson(story: Story) -> dict:
    """The story's places, movements and areas as one RFC 7946 FeatureCollection (a dict).

    Each feature has a ``layer`` property (``place``, ``movement`` or ``area``), the
    story attributes and its source's name; coordinates are lon/lat with six
    decimals, polygons follow the right-hand rule. ``make-map -f geojson`` writes
    the same collection through GDAL.
    """
    import shapely

    feats = []
    for layer, gdf in layers(story):
        cols = [c for c in gdf.columns if c != "geometry"]
        for rec, geom in zip(gdf[cols].to_dict("records"), gdf.geometry):
            mapped = shapely.geometry.mapping(geom)
            feats.append({
                "type": "Feature",
                "properties": {"layer": layer, **{k: _clean(v) for k, v in rec.items()}},
                "geometry": {"type": mapped["type"], "coordinates": _round(mapped["coordinates"])},
            })
    return {"type": "FeatureCollection", "features": feats}



def geojson_bytes(story: Story) -> bytes:
    # The standard library's json, not GDAL's driver: GDAL writes every layer's columns on
    # every feature (nulls), and a story's three layers have different attributes.
    import json

    return (json.dumps(to_geojson(story), ensure_ascii=False, indent=1) + "\n").encode("utf-8")

