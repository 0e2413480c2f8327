"""Leaflet pages: self-contained, small, escaped, accessible, deterministic.

The library makes the page itself (``page``): its panels as HTML (``panel``), its features
as one JSON data block (``basemap``, ``features``, and ``bulk`` for a large story), and its
own scripts and style sheets, shipped as files in ``assets/``, that draw them around
Leaflet (inlined from ``xstatic-leaflet``, or linked from a CDN on request). Nothing in it
changes from run to run, so the same story gives the same bytes. ``leaflet_map`` puts the
same parts on a ``folium.Map`` (``folium_map``); ``render_embed`` writes the iframe snippet
for a CMS (``embed``). Every story string reaches a page through ``escape``.
"""

from __future__ import annotations

from .embed import render_embed
from .escape import escape_html
from .folium_map import leaflet_map
from .page import notebook_html, render_html

__all__ = ["escape_html", "leaflet_map", "notebook_html", "render_embed", "render_html"]
