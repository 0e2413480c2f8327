"""Write a story's outputs: every format rendered first, then every file atomically.

``render_all`` makes the bytes of each format: the static maps (``geo.static``) and the
animation, the Leaflet page and its embed snippet (``geo.web``), and the data formats,
one module each here (``geojson``, ``gpkg``, ``kml``, ``csv``). ``save`` and ``export``
write them with ``geo.files.write_files``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import fork
from ..errors import GeoError
from ..files import write_files
from .geojson import to_geojson

log = logging.getLogger("geo.outputs")

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["FORMATS", "export", "render", "render_all", "save", "to_geojson", "write_files"]

FORMATS = ("html", "png", "svg", "pdf", "gif", "geojson", "gpkg", "kml", "csv")

STATIC = ("png", "svg", "pdf")


def render(story: Story, fmt: str, *, size: str = "web") -> bytes:
    """One output of ``story`` as bytes, in one of ``FORMATS``.

    ``size`` is the static maps' preset (see ``geo.static.PRESETS``).
    """
    return render_all(story, [fmt], size=size)[fmt]


def render_all(story: Story, formats: Iterable[str], *, size: str = "web", cdn: bool = False,
               tiles: str | None = None, stem: str | None = None,
               layout: str = "map", embed_src: str | None = None) -> dict[str, bytes]:
    """Every output in ``formats`` as bytes, keyed by file suffix; the static formats
    share one drawing (one map, or with ``layout="steps"`` small multiples of the
    timeline), ``gif`` animates the timeline, and ``html`` comes with ``embed.html``,
    its iframe snippet, which loads the page from ``embed_src`` (the page's published
    https URL; default: ``<stem>.html`` beside the page it is pasted into)."""
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise GeoError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if layout not in ("map", "steps"):
        raise GeoError(f"unknown layout {layout!r}; use map or steps")
    if (layout == "steps" or "gif" in formats) and not len(story.records.movements):
        raise GeoError("the story has no movements: a timeline needs at least one")
    matplotlib_formats = [f for f in formats if f in (*STATIC, "gif")]
    from ..scene import fresh_scene

    def draw() -> dict[str, bytes]:
        drawn = {}
        if static := [f for f in matplotlib_formats if f in STATIC]:
            from ..static import render_static

            with _timed(f"{'small multiples of the timeline' if layout == 'steps' else 'map'}"
                        f" ({size}) as {', '.join(static)}"):
                drawn = render_static(story, static, preset=size, layout=layout)
        if "gif" in matplotlib_formats:
            from ..static import render_gif

            with _timed(f"animation ({size}) as gif"):
                drawn["gif"] = render_gif(story, preset=size)
        return drawn

    # The matplotlib maps and the rest (Leaflet page, data) are independent: with a
    # second core, a copy of this process draws the first while this one makes the rest.
    others = [f for f in formats if f not in matplotlib_formats]
    if matplotlib_formats and any(f != "html" for f in others):
        # Both processes read the story's frames (the page does not): made here, once,
        # before the copy is forked, which shares them and pandas, where each would make its own.
        for frame in ("places", "movements", "areas"):
            getattr(story, frame)
    fresh_scene(story)  # what every map of this call draws: the story as it is now
    drawing = fork.forked(draw) if matplotlib_formats and others else None
    try:
        drawn = {} if drawing else draw()
        made = {}
        for fmt in others:
            if fmt == "html":
                from ..web import render_embed, render_html

                with _timed("page as html, and its embed snippet"):
                    made[fmt] = render_html(story, cdn=cdn, tiles=tiles).encode("utf-8")
                    made["embed.html"] = render_embed(
                        story, src=embed_src or f"{stem or story.stem}.html").encode("utf-8")
            else:
                with _timed(f"data as {fmt}"):
                    made[fmt] = _data_writer(fmt)(story)
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
         tiles: str | None = None, layout: str = "map",
         embed_src: str | None = None) -> list[Path]:
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
        For png, svg and pdf: one map, or small multiples of the timeline, written as
        ``<stem>.steps.png`` (and ``.svg``, ``.pdf``) so as not to replace the map's.
    embed_src : str, optional
        The URL the page will be published at (https), for the embed snippet; default:
        ``<stem>.html``, relative to the page the snippet is pasted into.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.
    """
    stem = stem or story.stem
    began = time.perf_counter()
    outputs = render_all(story, formats, size=size, cdn=cdn, tiles=tiles, stem=stem,
                         layout=layout, embed_src=embed_src)
    outdir = Path(outdir)
    # Small multiples are a picture of their own: they do not replace the single map's.
    suffix = {fmt: f"steps.{fmt}" if layout == "steps" and fmt in STATIC else fmt
              for fmt in outputs}
    written = write_files({outdir / f"{stem}.{suffix[fmt]}": data
                           for fmt, data in outputs.items()})
    log.info("wrote %d file%s to %s in %.1f s", len(written), "" if len(written) == 1 else "s",
             outdir, time.perf_counter() - began)
    return written


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



class _timed:
    """Logs (at INFO, which ``make-map -v`` shows) what is made and how long it took."""

    def __init__(self, what: str):
        self.what = what

    def __enter__(self):
        log.info("making the %s", self.what)
        self.began = time.perf_counter()

    def __exit__(self, kind, *exc):
        if kind is None:
            log.info("made the %s in %.2f s", self.what, time.perf_counter() - self.began)


def _data_writer(fmt: str):
    """The function that makes the bytes of data format ``fmt`` from a story."""
    if fmt == "geojson":
        from .geojson import geojson_bytes

        return geojson_bytes
    if fmt == "gpkg":
        from .gpkg import gpkg_bytes

        return gpkg_bytes
    if fmt == "kml":
        from .kml import kml_bytes

        return kml_bytes
    from .csv import csv_bytes

    return csv_bytes
