"""The story's page, made by the library itself: its panels as HTML, its features as one JSON
data block, and the scripts that draw them (``assets/``), around Leaflet.

``parts`` makes what every page of a story has, for ``render_html`` (a self-contained page,
``assets/page.html``) and for ``geo.web.leaflet_map`` (the same parts on a ``folium.Map``).
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Template
from typing import TYPE_CHECKING

from ..errors import GeoError
from ..scene import fresh_scene
from ..style import CONTEXT, KINDS, MUTED, PAST, SEA, STATUS, TEXT, UNCERTAIN
from ..vocab import STATUSES
from . import features
from .assets import CDN, asset, integrity, leaflet
from .basemap import basemap, bounds
from .bulk import bulk
from .escape import escape_html, js_string, lat_lon
from .panel import find_box, panels, timeline

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["Parts", "notebook_html", "parts", "render_html", "tile_provider"]

#: The id of the map's element on a page of its own.
MAP_ID = "geo-map"
#: Leaflet's attribution prefix without the flag its default carries: a newsroom cannot
#: publish a national flag on a map of a conflict.
PREFIX = ('<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">'
          'Leaflet</a>')


@dataclass(frozen=True)
class Parts:
    """What a story's page is made of.

    Attributes
    ----------
    title : str
        The page's title, escaped.
    styles : str
        The library's style sheets (Leaflet's not included).
    body : str
        The panels' HTML.
    data : dict
        Everything ``assets/story.js`` draws, as JSON-able values (story text escaped).
    scripts : str
        The library's scripts (Leaflet's not included).
    """

    title: str
    styles: str
    body: str
    data: dict
    scripts: str

    def data_block(self, map_name: str) -> str:
        """The data as a JSON block that mounts itself on ``map_name``: an element's id, or
        the name of a Leaflet map the page already made."""
        return (f'<script type="application/json" class="geo-data" '
                f'data-geo-map="{escape_html(map_name)}">{js_string(self.data)}</script>')


def tile_provider(name: str):
    """The xyzservices provider called ``name``."""
    import xyzservices

    try:
        return xyzservices.providers.query_name(name)
    except ValueError:
        raise GeoError(f"unknown tile provider {name!r}; use an xyzservices name such as "
                       f"'OpenStreetMap.Mapnik' or 'Esri.WorldGrayCanvas'") from None


def _style() -> dict:
    """The style table as the page's scripts read it."""
    return {
        "icon": features.ICON_PX,
        "shapes": {k: features.shape_svg(k) for k in KINDS},
        "statuses": {s: {"color": STATUS[s].color,
                         "dash": features.dash(STATUS[s].dash, features.WEIGHT)}
                     for s in STATUSES},
        "movement": {"weight": features.WEIGHT, "opacity": 0.95},
        "uncertain": {"color": UNCERTAIN.color, "weight": 1.2, "fill": UNCERTAIN.fill_opacity,
                      "dash": features.dash(UNCERTAIN.dash, 1.2)},
        "context": {"color": CONTEXT, "capital": 4, "city": 3},
        # Custom properties of the style sheets.
        "palette": {"--geo-sea": SEA, "--geo-text": TEXT, "--geo-muted": MUTED,
                    "--geo-past": PAST},
    }


def parts(story: Story, *, tiles: str | None = None) -> Parts:
    """The parts of ``story``'s page, with the tile layer of provider ``tiles`` if given."""
    scene = fresh_scene(story)
    around = bounds(story)
    data = {"label": f"Map: {story.title}", "prefix": PREFIX,
            "bounds": [lat_lon(*around[:2]), lat_lon(*around[2:])], "style": _style(),
            "basemap": basemap(story, around, tiles=tiles is not None)}
    if tiles:
        provider = tile_provider(tiles)
        data["tiles"] = {"url": provider.build_url(), "attribution": provider.html_attribution,
                         "name": provider.name, "maxZoom": provider.get("max_zoom", 18)}
    styles, scripts = ["story.css"], ["story.js"]
    statuses = [s for s in STATUSES if s in {m.status for m in scene.moves}]
    if scene.bulk:
        # Thousands of features: one canvas, data in one array, labels thinned in the page.
        data["bulk"] = bulk(scene)
        approx, context = any(bool(p["approximate"]) for p in scene.places), False
        styles.append("bulk.css")
        scripts.append("bulk.js")
    else:
        data["places"] = features.places(scene)
        data["movements"] = features.movements(scene)
        data["uncertainty"] = features.uncertainty(scene)
        data["context"] = features.context(scene, around)
        if scene.far:  # far places: named where their lines leave the opening frame
            data["stubs"] = features.stubs(scene, around)
        approx, context = bool(data["uncertainty"]), bool(data["context"])
    body = [panels(scene, statuses=statuses, approx=approx, context=context)]
    if scene.bulk:
        body.append(find_box())
    if len(scene.steps) > 1:
        # A large story's canvas draws its steps from each movement's step in its data.
        data["steps"] = [{"label": s.label, "caption": s.caption,
                          "movements": [] if scene.bulk else list(s.movements)}
                         for s in scene.steps]
        body.append(timeline(len(scene.steps)))
        styles.append("timeline.css")
        scripts.append("timeline.js")
    scripts.append("mount.js")
    return Parts(title=escape_html(story.title), styles="".join(map(asset, styles)),
                 body="".join(body), data=data, scripts="".join(map(asset, scripts)))


def render_html(story: Story, *, cdn: bool = False, tiles: str | None = None) -> str:
    """The story's Leaflet page: self-contained unless ``cdn``, identical across runs."""
    page = parts(story, tiles=tiles)
    if cdn:
        head = Template(asset("leaflet-cdn.html")).substitute(
            cdn=CDN, js_sri=integrity("leaflet.js"), css_sri=integrity("leaflet.css"))
    else:
        js, css = leaflet()
        head = Template(asset("leaflet-inline.html")).substitute(js=js, css=css)
    return Template(asset("page.html")).substitute(
        title=page.title, leaflet=head.rstrip("\n"), styles=page.styles, body=page.body,
        map=MAP_ID, data=page.data_block(MAP_ID), scripts=page.scripts)


def notebook_html(story: Story) -> str:
    """The page in an iframe, for a notebook's output cell."""
    return Template(asset("notebook.html")).substitute(
        page=escape_html(render_html(story)), title=escape_html(f"Map: {story.title}")).rstrip()
