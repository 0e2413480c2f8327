"""Write a story's outputs: every file atomically, all or nothing."""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GeoError

if TYPE_CHECKING:
    from .story import Story

__all__ = ["FORMATS", "render", "save", "to_geojson"]

FORMATS = ("html", "png", "svg", "pdf", "geojson")


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
    """The story's places, movements and areas as one RFC 7946 FeatureCollection.

    Each feature has a ``layer`` property (``place``, ``movement`` or ``area``)
    and the story attributes; coordinates are lon/lat with six decimals.
    """
    import shapely

    feats = []
    for layer, gdf in (("area", story.areas), ("movement", story.movements),
                       ("place", story.places)):
        cols = [c for c in gdf.columns if c != "geometry"]
        for rec, geom in zip(gdf[cols].to_dict("records"), gdf.geometry):
            geom = shapely.orient_polygons(geom) if geom.geom_type.endswith("Polygon") else geom
            mapped = shapely.geometry.mapping(geom)
            feats.append({
                "type": "Feature",
                "properties": {"layer": layer, **{k: _clean(v) for k, v in rec.items()}},
                "geometry": {"type": mapped["type"], "coordinates": _round(mapped["coordinates"])},
            })
    return {"type": "FeatureCollection", "features": feats}


def render(story: Story, fmt: str) -> bytes:
    """One output of ``story`` as bytes: html, png, svg, pdf or geojson."""
    if fmt == "html":
        from .web import render_html

        return render_html(story).encode("utf-8")
    if fmt in ("png", "svg", "pdf"):
        from .static import render_static

        return render_static(story, fmt)
    if fmt == "geojson":
        return (json.dumps(to_geojson(story), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    raise GeoError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")


def save(story: Story, outdir: str | os.PathLike, *, formats: Iterable[str] = ("html", "png"),
         stem: str | None = None) -> list[Path]:
    """Render ``story`` in each format and write ``<outdir>/<stem>.<format>``.

    Everything is rendered before anything is written; each file is written to
    a temporary file in ``outdir`` and renamed into place, so a failure leaves
    the previous outputs as they were and no partial file.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeoError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    outputs = {fmt: render(story, fmt) for fmt in formats}
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    stem = stem or story.stem
    temps: list[tuple[str, Path]] = []
    try:
        for fmt, data in outputs.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{stem}.", suffix=f".{fmt}.tmp", dir=outdir)
            temps.append((tmp, outdir / f"{stem}.{fmt}"))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    return [final for _, final in temps]
