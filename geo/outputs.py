"""Write a story's outputs: every file atomically, all or nothing."""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import GeoError
from .files import write_files
from . import fork

if TYPE_CHECKING:
    import geopandas as gpd

    from .story import Story

__all__ = ["FORMATS", "export", "render", "render_all", "save", "to_geojson", "write_files"]

FORMATS = ("html", "png", "svg", "pdf", "gif", "geojson", "gpkg", "kml", "csv")


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
    for layer, gdf in _layers(story):
        cols = [c for c in gdf.columns if c != "geometry"]
        for rec, geom in zip(gdf[cols].to_dict("records"), gdf.geometry):
            mapped = shapely.geometry.mapping(geom)
            feats.append({
                "type": "Feature",
                "properties": {"layer": layer, **{k: _clean(v) for k, v in rec.items()}},
                "geometry": {"type": mapped["type"], "coordinates": _round(mapped["coordinates"])},
            })
    return {"type": "FeatureCollection", "features": feats}


def _layers(story: Story) -> list[tuple[str, gpd.GeoDataFrame]]:
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


def _gdal_file(write, suffix: str) -> bytes:
    """Bytes of a file that ``write(path)`` makes with GDAL, in a private temporary folder."""
    with tempfile.TemporaryDirectory(prefix="geo-export-") as folder:
        path = Path(folder) / f"story{suffix}"
        write(path)
        return path.read_bytes()


#: GDAL settings that make its files byte-identical across runs.
_GDAL_FIXED = {"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"}


def _geojson_bytes(story: Story) -> bytes:
    # The standard library's json, not GDAL's driver: GDAL writes every layer's columns on
    # every feature (nulls), and a story's three layers have different attributes.
    import json

    return (json.dumps(to_geojson(story), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _gpkg_bytes(story: Story) -> bytes:
    import pyogrio

    def write(path):
        with _config(_GDAL_FIXED):
            for layer, gdf in _layers(story):
                gdf = _typed(gdf)
                pyogrio.write_dataframe(gdf, path, driver="GPKG", layer=f"{layer}s",
                                        append=path.exists(),
                                        promote_to_multi=False)

    return _gdal_file(write, ".gpkg")


def _typed(gdf):
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


class _config:
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


#: KML styles (OGR style strings) per place kind and movement status.
def _kml_style(layer: str, row) -> str:
    from .layers import CLAIMED, MOVE

    if layer == "movement":
        colour = CLAIMED if row.status == "claimed" else MOVE
        pattern = {"planned": ",p:\"8px 6px\"", "claimed": ",p:\"2px 4px\""}.get(row.status, "")
        return f'PEN(c:{colour},w:3px{pattern})'
    if layer == "area":
        return "BRUSH(fc:#F2E3BF80);PEN(c:#B08D4A,w:2px)"
    # Google Earth's own icon set (it ships with the application); a SYMBOL needs an id,
    # without one GDAL's LIBKML driver crashes.
    icon = {"crossing": "square", "airfield": "airports", "base": "square", "camp": "campground",
            "capital": "star"}.get(row.kind, "placemark_circle")
    colour = "#E31A1C" if row.kind == "capital" else "#222222"
    return (f'SYMBOL(id:"http://maps.google.com/mapfiles/kml/shapes/{icon}.png",c:{colour});'
            f'LABEL(c:#222222)')


def _kml_bytes(story: Story) -> bytes:
    import html

    import pyogrio

    from .layers import movement_sentence, movement_text, movements, place_names, place_sentence

    moves = {m.id: m for m in movements(story)}
    place = place_names(story)

    def write(path):
        for layer, gdf in _layers(story):
            gdf = gdf.copy()
            rows = list(gdf.itertuples())
            if layer == "place":
                names = list(gdf["name"])
                text = [place_sentence(story, r) for r in rows]
            elif layer == "movement":
                names = [f"{place[m.from_]} to {place[m.to]}" + (
                    f": {movement_text(m)}" if movement_text(m) else "")
                         for m in (moves[r.id] for r in rows)]
                text = [movement_sentence(story, moves[r.id], place) for r in rows]
            else:
                names = list(gdf["label"])
                text = [f"Highlighted area: {r.label}" for r in rows]
            quotes = [getattr(r, "quote", None) for r in rows]
            gdf["name"] = names
            # Escaped here: Google Earth shows descriptions as HTML.
            gdf["description"] = [html.escape(t) + (f"<blockquote>{html.escape(q)}</blockquote>"
                                                    if isinstance(q, str) and q else "")
                                  for t, q in zip(text, quotes)]
            if layer == "movement":
                gdf["begin"] = [r.start for r in rows]
                gdf["end"] = [r.end for r in rows]
            gdf["OGR_STYLE"] = [_kml_style(layer, r) for r in rows]
            keep = ["name", "description", *(["begin", "end"] if layer == "movement" else []),
                    "OGR_STYLE", "geometry"]
            pyogrio.write_dataframe(gdf[keep], path, driver="LIBKML", layer=f"{layer}s",
                                    append=path.exists(), layer_options={"FOLDER": "YES"})

    return _gdal_file(write, ".kml")


def _csv_bytes(story: Story) -> bytes:
    cols = ["id", "name", "name_ar", "kind", "lon", "lat", "uncertainty_km", "approximate",
            "country", "geocoder", "source", "note"]
    places = story.places[cols].copy()
    names = {k: v["name"] for k, v in story.sources.items()}
    places["source_name"] = [names.get(s) if isinstance(s, str) else None
                             for s in places["source"]]
    return places.to_csv(index=False, lineterminator="\n", float_format="%.6f").encode("utf-8")


STATIC = ("png", "svg", "pdf")


def render(story: Story, fmt: str, *, size: str = "web") -> bytes:
    """One output of ``story`` as bytes, in one of ``FORMATS``.

    ``size`` is the static maps' preset (see ``geo.static.PRESETS``).
    """
    return render_all(story, [fmt], size=size)[fmt]


def render_all(story: Story, formats: Iterable[str], *, size: str = "web", cdn: bool = False,
               tiles: str | None = None, stem: str | None = None,
               layout: str = "map") -> dict[str, bytes]:
    """Every output in ``formats`` as bytes, keyed by file suffix; the static formats
    share one drawing (one map, or with ``layout="steps"`` small multiples of the
    timeline), ``gif`` animates the timeline, and ``html`` comes with ``embed.html``,
    its iframe snippet."""
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeoError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if layout not in ("map", "steps"):
        raise GeoError(f"unknown layout {layout!r}; use map or steps")
    if (layout == "steps" or "gif" in formats) and not len(story.movements):
        raise GeoError("the story has no movements: a timeline needs at least one")
    matplotlib_formats = [f for f in formats if f in (*STATIC, "gif")]

    def draw() -> dict[str, bytes]:
        drawn = {}
        if static := [f for f in matplotlib_formats if f in STATIC]:
            from .static import render_static

            drawn = render_static(story, static, preset=size, layout=layout)
        if "gif" in matplotlib_formats:
            from .static import render_gif

            drawn["gif"] = render_gif(story, preset=size)
        return drawn

    # The matplotlib maps and the rest (Leaflet page, data) are independent: with a
    # second core, a copy of this process draws the first while this one makes the rest.
    others = [f for f in formats if f not in matplotlib_formats]
    drawing = fork.forked(draw) if matplotlib_formats and others else None
    try:
        drawn = {} if drawing else draw()
        made = {}
        for fmt in others:
            if fmt == "html":
                from .web import render_embed, render_html

                made[fmt] = render_html(story, cdn=cdn, tiles=tiles).encode("utf-8")
                made["embed.html"] = render_embed(
                    story, src=f"{stem or story.stem}.html").encode("utf-8")
            else:
                made[fmt] = {"geojson": _geojson_bytes, "gpkg": _gpkg_bytes, "kml": _kml_bytes,
                             "csv": _csv_bytes}[fmt](story)
        if drawing:
            drawn, drawing = drawing(), None
    finally:
        if drawing:  # this process failed first: stop the copy
            drawing(cancel=True)
    out = {}
    for fmt in formats:
        out[fmt] = drawn[fmt] if fmt in drawn else made[fmt]
        if fmt == "html":
            out["embed.html"] = made["embed.html"]
    return out


def save(story: Story, outdir: str | os.PathLike, *, formats: Iterable[str] = ("html", "png"),
         stem: str | None = None, size: str = "web", cdn: bool = False,
         tiles: str | None = None, layout: str = "map") -> list[Path]:
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
    layout : {"map", "steps"}
        For png, svg and pdf: one map, or small multiples of the timeline.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    stem = stem or story.stem
    outputs = render_all(story, formats, size=size, cdn=cdn, tiles=tiles, stem=stem,
                         layout=layout)
    outdir = Path(outdir)
    return write_files({outdir / f"{stem}.{fmt}": data for fmt, data in outputs.items()})


def export(story: Story, path: str | os.PathLike, *, size: str = "web") -> Path:
    """Write ``story`` to ``path`` in the format its suffix names.

    Parameters
    ----------
    story : Story
        A loaded story.
    path : path
        Ends in one of ``FORMATS``: ``.geojson`` (RFC 7946, one FeatureCollection),
        ``.gpkg`` (layers places, movements, areas), ``.kml`` (folders, styles,
        TimeSpan per dated movement), ``.csv`` (places with lon/lat), ``.html``,
        ``.png``, ``.svg`` or ``.pdf``.
    size : str
        The preset of a static map.

    Returns
    -------
    pathlib.Path
        The file written (atomically).

    Raises
    ------
    GeoError
        An unknown suffix.

    Examples
    --------
    >>> import tempfile, geo
    >>> story = geo.load_story(geo.example_path())
    >>> with tempfile.TemporaryDirectory() as d:
    ...     geo.export(story, f"{d}/story.gpkg").name
    'story.gpkg'
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise GeoError(f"cannot tell the format of {str(path)!r}; end the name in one of: "
                       f"{', '.join('.' + f for f in FORMATS)}")
    data = render_all(story, [fmt], size=size, stem=path.stem)[fmt]
    return write_files({path: data})[0]
