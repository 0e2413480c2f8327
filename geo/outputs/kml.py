"""KML for Google Earth: a folder per layer, styles by kind and status, escaped HTML
descriptions, a TimeSpan per dated movement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..scene import Scene
from ..style import AREA, AREA_EDGE, KINDS, STATUS, TEXT, dash_at
from ..text import movement_sentence, movement_text, place_sentence
from .tables import gdal_file, layers

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["kml_bytes"]


#: Movement lines' width in Google Earth.
_WIDTH_PX = 3


def _style(layer: str, row) -> str:
    """The KML style (an OGR style string) of a feature: the style table's, per place kind
    and movement status."""
    if layer == "movement":
        status = STATUS[row.status]
        dash = " ".join(f"{v:g}px" for v in dash_at(status.dash, _WIDTH_PX))
        pattern = f',p:"{dash}"' if dash else ""
        return f'PEN(c:{status.color},w:{_WIDTH_PX:g}px{pattern})'
    if layer == "area":
        return f"BRUSH(fc:{AREA.upper()}80);PEN(c:{AREA_EDGE.upper()},w:2px)"
    # Google Earth's own icon set (it ships with the application); a SYMBOL needs an id,
    # without one GDAL's LIBKML driver crashes.
    icon = KINDS[row.kind].kml_icon if row.kind in KINDS else KINDS["other"].kml_icon
    return (f'SYMBOL(id:"http://maps.google.com/mapfiles/kml/shapes/{icon}.png",c:{TEXT});'
            f'LABEL(c:{TEXT})')


def kml_bytes(story: Story) -> bytes:
    import html

    import pyogrio

    scene = Scene.of(story)
    moves, place = scene.by_id, scene.names

    def write(path):
        for layer, gdf in layers(story):
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
            # Markup escaped as in the descriptions: Google Earth reads it in names too.
            gdf["name"] = [html.escape(n, quote=False) for n in names]
            # Escaped here: Google Earth shows descriptions as HTML.
            gdf["description"] = [html.escape(t) + (f"<blockquote>{html.escape(q)}</blockquote>"
                                                    if isinstance(q, str) and q else "")
                                  for t, q in zip(text, quotes)]
            if layer == "movement":
                gdf["begin"] = [r.start for r in rows]
                gdf["end"] = [r.end for r in rows]
            gdf["OGR_STYLE"] = [_style(layer, r) for r in rows]
            keep = ["name", "description", *(["begin", "end"] if layer == "movement" else []),
                    "OGR_STYLE", "geometry"]
            pyogrio.write_dataframe(gdf[keep], path, driver="LIBKML", layer=f"{layer}s",
                                    append=path.exists(), layer_options={"FOLDER": "YES"})

    return gdal_file(write, ".kml")

