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

__all__ = ["FORMATS", "render", "render_all", "save", "to_geojson", "write_files"]

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


STATIC = ("png", "svg", "pdf")


def render(story: Story, fmt: str, *, size: str = "web") -> bytes:
    """One output of ``story`` as bytes: html, png, svg, pdf or geojson.

    ``size`` is the static maps' preset (see ``geo.static.PRESETS``).
    """
    return render_all(story, [fmt], size=size)[fmt]


def render_all(story: Story, formats: Iterable[str], *, size: str = "web", cdn: bool = False,
               tiles: str | None = None, stem: str | None = None) -> dict[str, bytes]:
    """Every output in ``formats`` as bytes, keyed by file suffix; the static formats
    share one drawing, and ``html`` comes with ``embed.html``, its iframe snippet."""
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeoError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    static = [f for f in formats if f in STATIC]
    drawn = {}
    if static:
        from .static import render_static

        drawn = render_static(story, static, preset=size)
    out = {}
    for fmt in formats:
        if fmt in drawn:
            out[fmt] = drawn[fmt]
        elif fmt == "html":
            from .web import render_embed, render_html

            out[fmt] = render_html(story, cdn=cdn, tiles=tiles).encode("utf-8")
            out["embed.html"] = render_embed(
                story, src=f"{stem or story.stem}.html").encode("utf-8")
        else:
            out[fmt] = (json.dumps(to_geojson(story), ensure_ascii=False, indent=1)
                        + "\n").encode("utf-8")
    return out


def save(story: Story, outdir: str | os.PathLike, *, formats: Iterable[str] = ("html", "png"),
         stem: str | None = None, size: str = "web", cdn: bool = False,
         tiles: str | None = None) -> list[Path]:
    """Render ``story`` in each format and write ``<outdir>/<stem>.<format>``.

    Everything is rendered before anything is written; each file is written to
    a temporary file in ``outdir`` and renamed into place, so a failure leaves
    the previous outputs as they were and no partial file.

    Parameters
    ----------
    story : Story
        A loaded story.
    outdir : path
        The folder to write into; created if needed.
    formats : iterable of str
        Among ``FORMATS``.
    stem : str, optional
        File name without extension; default: the story file's stem.
    size : str
        The static maps' preset: web, square, print or letter.
    cdn, tiles
        For ``html``: see ``geo.leaflet_map``. ``html`` also writes
        ``<stem>.embed.html``, a responsive iframe snippet for a CMS.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    stem = stem or story.stem
    outputs = render_all(story, formats, size=size, cdn=cdn, tiles=tiles, stem=stem)
    outdir = Path(outdir)
    return write_files({outdir / f"{stem}.{fmt}": data for fmt, data in outputs.items()})


def write_files(files: dict[Path, bytes]) -> list[Path]:
    """Write every file atomically, all or nothing: each goes to a temporary file in its
    folder first, and the temporary files are renamed into place only once all are written."""
    temps: list[tuple[str, Path]] = []
    try:
        for final, data in files.items():
            final.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
            temps.append((tmp, final))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o644)
        for tmp, final in temps:
            os.replace(tmp, final)
    finally:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
    return [final for _, final in temps]
