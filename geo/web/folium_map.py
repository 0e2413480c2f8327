"""``leaflet_map``: the story's page parts on a ``folium.Map``, for notebook users who keep
customising the map with folium."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .assets import CDN, leaflet
from .escape import escape_html
from .page import parts

if TYPE_CHECKING:
    import folium

    from ..story import Story

__all__ = ["leaflet_map"]


@lru_cache(maxsize=1)
def _element():
    """A folium element that adds the page's parts to a map's page: its styles to the
    header, its panels and data block to the body, its scripts after the map's own.

    It renders itself as text: a branca MacroElement makes a Jinja template of the text
    it renders and compiles it (and would evaluate any ``{{`` in story text).
    """
    from branca.element import Element, MacroElement

    class Text(Element):
        def __init__(self, text: str):
            super().__init__()
            self.text = text

        def render(self, **kwargs) -> str:
            return self.text

    class StoryParts(MacroElement):
        def __init__(self, page):
            super().__init__()
            self._name = "StoryParts"
            self.page = page

        def render(self, **kwargs) -> None:
            figure, page = self.get_root(), self.page
            name = self._parent.get_name()
            figure.header.add_child(Text(f"<style>{page.styles}</style>"), name=f"{name}_css")
            figure.html.add_child(Text(page.body + page.data_block(name)), name=f"{name}_body")
            figure.script.add_child(Text(page.scripts), name=f"{name}_js")

    return StoryParts


def leaflet_map(story: Story, *, m: folium.Map | None = None, cdn: bool = False,
                tiles: str | None = None) -> folium.Map:
    """Draw ``story`` on a Leaflet map, as a ``folium.Map``.

    The map carries the same parts as the page ``make-map`` writes (``render_html``): the
    library's scripts draw the story from its data when the map's page opens.

    Parameters
    ----------
    story : Story
        A loaded story.
    m : folium.Map, optional
        Draw onto this map (its tiles and assets as they are); default: a new map
        with no tile layer, Leaflet inlined and the view fitted to the story.
    cdn : bool
        For a new map: link Leaflet from a CDN instead of inlining it (a smaller
        page that needs the network).
    tiles : str, optional
        For a new map: an xyzservices provider name (``"OpenStreetMap.Mapnik"``,
        ``"Esri.WorldGrayCanvas"``) to add under the vector basemap, with its attribution.
        Off by default: tile servers are a network dependency, and OpenStreetMap's
        refuse pages opened from disk (they send no Referer).

    Returns
    -------
    folium.Map
        With overlays Boundaries, Uncertainty, Movements and Places in a layer control.

    Raises
    ------
    GeoError
        An unknown ``tiles`` name.
    """
    page = parts(story, tiles=tiles if m is None else None)
    if m is None:
        m = _new_map(story, cdn=cdn)
    m.add_child(_element()(page))
    return m


def _new_map(story: Story, *, cdn: bool):
    import folium

    m = folium.Map(location=None, tiles=None, control_scale=False, zoom_control=True)
    # Instance attributes: folium's class-level CDN lists stay as they are for other maps.
    m.default_js = [("leaflet", CDN + "leaflet.js")] if cdn else []
    m.default_css = [("leaflet_css", CDN + "leaflet.css")] if cdn else []
    root = m.get_root()
    root.title = escape_html(story.title)
    if not cdn:
        js, css = leaflet()
        root.header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css")
        root.header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_js")
    return m
