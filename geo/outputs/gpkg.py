"""GeoPackage: layers places, movements and areas, counts as integers, dates as date-times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .tables import GDAL_FIXED, gdal_config, gdal_file, layers, typed

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["gpkg_bytes"]


def gpkg_bytes(story: Story) -> bytes:
    import pyogrio

    def write(path):
        with gdal_config(GDAL_FIXED):
            for layer, gdf in layers(story):
                gdf = typed(gdf)
                pyogrio.write_dataframe(gdf, path, driver="GPKG", layer=f"{layer}s",
                                        append=path.exists(),
                                        promote_to_multi=False)

    return gdal_file(write, ".gpkg")

