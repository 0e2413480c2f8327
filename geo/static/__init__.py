"""Static maps with matplotlib: a Figure a user can keep editing, or PNG/SVG/PDF bytes.

The map is drawn in an azimuthal equidistant projection centred on the story
(``projection``), so distances from the centre are true and nothing is stretched as in
plate carrée. ``mapview`` draws the basemap and the story's layers, ``furniture`` the
legend, inset, scale bar and north arrow in the corners the story leaves empty, ``labels``
every label from measured extents: none overlaps another, a place symbol or an arrowhead.
``symbols`` is the style table in matplotlib's terms; ``figure`` makes the figures and
their files.
"""

from __future__ import annotations

from .figure import render_gif, render_static, static_map, static_steps
from .presets import PRESETS, Preset

__all__ = ["PRESETS", "Preset", "render_gif", "render_static", "static_map", "static_steps"]
