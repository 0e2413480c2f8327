"""A story's layers as the data formats export them, and GDAL made deterministic."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd

    from ..story import Story

__all__ = ["GDAL_FIXED", "gdal_config", "gdal_file", "layers", "typed"]


def layers(story: Story) -> list[tuple[str, gpd.GeoDataFrame]]:
    """The story's layers as exported: areas, movements, places, each with ``source_name``,
    polygons oriented counter-clockwise (RFC 7946), the story's text columns as text."""
    import shapely

    out = []
    for layer, gdf in (("area", story.areas), ("movement", story.movements),
                       ("place", story.places)):
        gdf = gdf.copy()
        if "source" in gdf.columns:
            names = {k: v["name"] for k, v in story.sources.items()}
            gdf["source_name"] = [names.get(s) if isinstance(s, str) else None
                                  for s in gdf["source"]]
        if len(gdf):
            gdf["geometry"] = [shapely.orient_polygons(g) if g.geom_type.endswith("Polygon")
                               else g for g in gdf.geometry]
        out.append((layer, gdf))
    return out


def gdal_file(write, suffix: str) -> bytes:
    """Bytes of a file that ``write(path)`` makes with GDAL, in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="geo-export-") as folder:
        path = Path(folder) / f"story{suffix}"
        write(path)
        return path.read_bytes()


#: GDAL settings that make its files byte-identical across runs.
GDAL_FIXED = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


def typed(gdf):
    """Dates as date-times (GDAL's Date type is not reachable from pyogrio) and counts as
    integers, for formats that keep field types."""
    import pandas as pd

    gdf = gdf.copy()
    for col in ("start", "end"):
        if col in gdf:
            gdf[col] = pd.to_datetime(gdf[col])
    for col in ("count_min", "count_max"):
        if col in gdf:
            gdf[col] = gdf[col].astype("Int64")
    return gdf


class gdal_config:
    """Set GDAL configuration options for the duration of a block."""

    def __init__(self, options: dict):
        self.options = options

    def __enter__(self):
        import pyogrio

        self.old = {k: pyogrio.get_gdal_config_option(k) for k in self.options}
        pyogrio.set_gdal_config_options(self.options)

    def __exit__(self, *exc):
        import pyogrio

        pyogrio.set_gdal_config_options(self.old)

