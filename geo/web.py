"""Leaflet maps with folium: self-contained, small, escaped, accessible, deterministic.

``leaflet_map`` returns a ``folium.Map`` the user can keep customising;
``render_html`` turns a story into the page ``make-map`` writes: Leaflet's JS
and CSS inlined from the ``xstatic-leaflet`` package (or linked from a CDN on
request), no tile layer unless asked for, the Natural Earth boundaries as
compact vector layers, and element ids numbered in order so the same story
gives the same bytes.  ``render_embed`` writes the iframe snippet for a CMS.

Every story string reaches the page through one of three doors: ``escape_html``
for HTML text and attributes, ``_js_string`` for JavaScript strings (JSON with
``</`` broken up), and ``_safe_url`` for links (http and https only).
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .geometry import arrowhead
from .scene import Scene
from .style import CONTEXT_CITIES, STATUS, UNCERTAIN, dash_at
from .layers import (ADMIN1, AREA, AREA_EDGE, BORDER, CONTEXT, FOCUS_LAND, KIND_LABEL, LAND,
                     MOVE, PAST, RIVER, SEA, STATUS_ORDER, STATUS_STYLE, alt_text, credit_line,
                     display_paths, is_bulk, movement_sentence, movement_text, movements,
                     place_names, place_sentence, present, steps, summary_sentences, touches)

if TYPE_CHECKING:
    import folium

    from .story import Story

__all__ = ["escape_html", "leaflet_map", "render_embed", "render_html"]

#: Leaflet from a CDN, for ``cdn=True``: the same version as the inlined copy.
CDN = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/"

#: Marker shapes per kind, in a 16 x 16 box: SVG drawn by this module, no icon font.
_SHAPES = {
    "capital": '<path d="M8 .8l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 11.7l-4.4 2.5 1.1-4.9L.9 5.9l5-.5z"/>',
    "city": '<circle cx="8" cy="8" r="6"/>',
    "town": '<circle cx="8" cy="8" r="5"/>',
    "village": '<circle cx="8" cy="8" r="3.8"/>',
    "crossing": '<path d="M8 1.5 14.5 8 8 14.5 1.5 8z"/>',
    "airfield": '<path d="M8 1.5 15 14.2H1z"/>',
    "base": '<rect x="2.5" y="2.5" width="11" height="11"/>',
    "camp": '<path d="M8 1.3 14.7 6.2 12.1 14.2H3.9L1.3 6.2z"/>',
    "area": '<circle cx="8" cy="8" r="4"/>',
    "other": '<circle cx="8" cy="8" r="4.5"/>',
}
_ICON_PX = 18
#: Movement lines' width on the page, px, and the canvas's in a large story.
_WEIGHT, _BULK_WEIGHT = 3.5, 2.5


def _dash(dash: tuple[float, ...], width: float) -> str:
    """The style table's dash pattern for a line ``width`` px wide, as SVG and canvas want."""
    return " ".join(f"{v:g}" for v in dash_at(dash, width))


def _shape_svg(kind: str, px: int = _ICON_PX) -> str:
    shape = _SHAPES.get(kind, _SHAPES["other"])
    return (f'<svg width="{px}" height="{px}" viewBox="0 0 16 16" aria-hidden="true" '
            f'focusable="false"><g fill="#1f1f1f" stroke="#fff" stroke-width="1.4">{shape}'
            f'</g></svg>')


def escape_html(text) -> str:
    """Escape ``text`` for HTML text or a quoted attribute, and for a JS template literal.

    Examples
    --------
    >>> escape_html('<img src=x onerror="alert(`1`)">')
    '&lt;img src=x onerror=&quot;alert(&#96;1&#96;)&quot;&gt;'
    """
    return (html.escape(str(text), quote=True)
            .replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;"))


def _js_string(value: str) -> str:
    """A JavaScript literal (JSON) that is safe inside a <script> element: no ``<``,
    ``>`` or ``&`` survive, so nothing in it can end or re-open the element."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _safe_url(url) -> str | None:
    return url if isinstance(url, str) and re.match(r"^https?://", url, re.I) else None


def _ll(lon: float, lat: float) -> list[float]:
    """The one place where (lon, lat) becomes Leaflet's [lat, lon]."""
    return [round(lat, 6), round(lon, 6)]


@lru_cache(maxsize=1)
def _leaflet_assets() -> tuple[str, str]:
    from xstatic.pkg import leaflet

    base = Path(leaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    # Only the layer-control icons are used (markers are SVG): inline them, drop the rest.
    css = re.sub(r"\.leaflet-default-icon-path\s*\{[^}]*\}", "", css)

    def inline(m: re.Match) -> str:
        data = base64.b64encode((base / "images" / m.group(1)).read_bytes()).decode()
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s*\n\s*", "\n", css)
    return js, css


@lru_cache(maxsize=1)
def _elements():
    """The folium element classes this module adds, made once: ``Raw`` header, body and
    script text, ``Bind`` a tooltip or popup.

    They render themselves as text. A branca MacroElement makes a Jinja template of each
    piece of text it renders and compiles it, a millisecond each: half the time of a page
    of a hundred places went there, and any ``{{`` in the text would be evaluated.
    """
    from branca.element import Element, MacroElement

    class Text(Element):
        def __init__(self, text: str):
            super().__init__()
            self.text = text

        def render(self, **kwargs) -> str:  # less one final newline, as Jinja renders it
            return self.text[:-1] if self.text.endswith("\n") else self.text

    class Raw(MacroElement):
        def __init__(self, name: str, header: str, body: str, script: str):
            super().__init__()
            self._name = name
            self.parts = {"header": header, "html": body, "script": script}

        def render(self, **kwargs) -> None:
            figure = self.get_root()
            for part, text in self.parts.items():
                getattr(figure, part).add_child(Text(text), name=self.get_name())
            for child in self._children.values():
                child.render(**kwargs)

    class Bind(MacroElement):
        def __init__(self, method: str, content: str, options: str):
            super().__init__()
            self._name = "Bind"
            self.method, self.content, self.options = method, content, options

        def render(self, **kwargs) -> None:
            self.get_root().script.add_child(Text(
                f"\n{self._parent.get_name()}.{self.method}({self.content}, {self.options});\n"),
                name=self.get_name())

    return Raw, Bind


def _macro(name: str, *, header: str = "", body: str = "", script: str = ""):
    """A folium element that adds raw header HTML, body HTML and script, all made by this module."""
    return _elements()[0](name, header, body, script)


def _bind(layer, method: str, content_html: str, options: dict) -> None:
    """Bind an escaped tooltip or popup to ``layer`` (no raw story text in HTML or JS)."""
    _elements()[1](method, _js_string(content_html), json.dumps(options, sort_keys=True)) \
        .add_to(layer)


def _canvas(m) -> str:
    """The JavaScript name of the map's canvas renderer (see ``_basemap``)."""
    return f"{m.get_name()}_canvas"


def _vector(parent, gdf, style: dict, *, renderer: str, digits: int = 3) -> None:
    """A non-interactive L.geoJSON layer with compact coordinates (``digits`` decimals),
    drawn by the canvas ``renderer``."""
    import shapely

    geoms = [shapely.set_precision(g, 10.0 ** -digits) for g in gdf.geometry
             if g is not None and not g.is_empty]
    geoms = [g for g in geoms if not g.is_empty]
    if not geoms:
        return
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(g)}
        for g in geoms]}
    data = json.dumps(doc, separators=(",", ":"))
    data = re.sub(r"(\d\.\d{%d})\d+" % digits, r"\1", data)
    opts = json.dumps(dict(style, interactive=False), separators=(",", ":"), sort_keys=True)
    _macro("Vector", script=f"L.geoJSON({data},{{style:{opts},interactive:false,"
                            f"renderer:{renderer}}}).addTo({parent.get_name()});").add_to(parent)


def leaflet_map(story: Story, *, m: folium.Map | None = None, cdn: bool = False,
                tiles: str | None = None) -> folium.Map:
    """Draw ``story`` on a Leaflet map.

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
    import folium

    bounds = _bounds(story)
    if m is None:
        m = _new_map(story, cdn=cdn, tiles=tiles)
    names = _basemap(story, m, bounds, tiles=tiles is not None)
    kinds = list(dict.fromkeys(k if k in _SHAPES else "other" for k in story.places["kind"]))
    if is_bulk(story):
        # Thousands of features: one canvas, data in one array, labels thinned in the page.
        timeline = steps(story)
        statuses, any_approx = _bulk(story, m, timeline)
        m.add_child(_panel(story, kinds, statuses, any_approx, context=False))
        folium.LayerControl(collapsed=True).add_to(m)
        m.add_child(_behaviour(story, m, names, bounds))
        if len(timeline) > 1:
            m.add_child(_timeline(story, timeline, bulk=True))
    else:
        any_approx = _uncertainty(story, m)
        statuses = _movements(story, m)
        context = _context(story, m, bounds)
        # Label priority: the story's places, then context cities, then country names.
        items = _places(story, m) + context + names
        m.add_child(_panel(story, kinds, statuses, any_approx, context=bool(context)))
        folium.LayerControl(collapsed=True).add_to(m)
        m.add_child(_behaviour(story, m, items, bounds))
        timeline = steps(story)
        if len(timeline) > 1:
            m.add_child(_timeline(story, timeline))
    # Room for the title panel above and the legend and source line below.
    # Not animated: a zoom animation on load only delays the map and draws it twice.
    fit = json.dumps([_ll(bounds[0], bounds[1]), _ll(bounds[2], bounds[3])])
    m.add_child(_macro("Fit", script=f"{m.get_name()}.fitBounds({fit},{{paddingTopLeft:[30,110],"
                                     f"paddingBottomRight:[30,60],animate:false}});"))
    return m


def _new_map(story: Story, *, cdn: bool, tiles: str | None):
    import folium

    m = folium.Map(location=None, tiles=None, control_scale=False, zoom_control=True)
    # Instance attributes: folium's class-level CDN lists stay as they are for other maps.
    m.default_js = [("leaflet", CDN + "leaflet.js")] if cdn else []
    m.default_css = [("leaflet_css", CDN + "leaflet.css")] if cdn else []
    root = m.get_root()
    root.title = escape_html(story.title)
    if not cdn:
        js, css = _leaflet_assets()
        root.header.add_child(folium.Element(f"<style>{css}</style>"), name="leaflet_css")
        root.header.add_child(folium.Element(f"<script>{js}</script>"), name="leaflet_js")
    if tiles:
        provider = _tile_provider(tiles)
        folium.TileLayer(tiles=provider.build_url(), attr=provider.html_attribution,
                         name=provider.name, max_zoom=provider.get("max_zoom", 18)).add_to(m)
    return m


def _tile_provider(name: str):
    import xyzservices

    from .errors import GeoError

    try:
        return xyzservices.providers.query_name(name)
    except ValueError:
        raise GeoError(f"unknown tile provider {name!r}; use an xyzservices name such as "
                       f"'OpenStreetMap.Mapnik' or 'Esri.WorldGrayCanvas'") from None


def _bounds(story: Story) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the story's features and uncertainty circles."""
    import shapely

    from .geometry import circle

    geoms = list(story.places.geometry) + list(story.movements.geometry) + [
        circle(r.lon, r.lat, r.uncertainty_km) for r in story.places.itertuples() if r.approximate]
    return shapely.GeometryCollection(geoms).bounds


def _basemap(story: Story, m, bounds, *, tiles: bool) -> list[tuple]:
    """The vector basemap in a Boundaries layer; returns the country-name label items."""
    import folium
    from shapely.ops import polylabel

    from . import boundaries

    span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.5)
    # Wide enough for a wide screen at the fitted zoom and one zoom level out; for a story
    # that spans a region, no more than a region around it (the page stays small).
    pad = min(span, 12.0)
    box = (max(bounds[0] - pad * 2.2, -180.0), max(bounds[1] - pad * 1.3, -90.0),
           min(bounds[2] + pad * 2.2, 180.0), min(bounds[3] + pad * 1.3, 90.0))
    tolerance = span / 250
    base = folium.FeatureGroup(name="Boundaries")
    # The basemap is drawn on a canvas: some thousand SVG paths of a region-wide map were
    # painted only in part by Chromium at low zooms, and a canvas is lighter anyway.
    _macro("Canvas", script=f"var {_canvas(m)}=L.canvas({{padding:0.1}});").add_to(base)
    vec = {"renderer": _canvas(m), "digits": max(1, min(3, math.ceil(-math.log10(tolerance)) + 1))}
    countries = boundaries.clip(boundaries.countries(), box)
    focus = set(story.places["country"].dropna())
    fill = 0 if tiles else 1
    for is_focus in (False, True):
        part = countries[countries["iso_a2"].isin(focus) == is_focus]
        _vector(base, part.simplify(tolerance).to_frame("geometry"),
                {"fillColor": FOCUS_LAND if is_focus else LAND, "fillOpacity": fill,
                 "stroke": False}, **vec)
    _vector(base, boundaries.clip(boundaries.admin1_lines(), box).simplify(tolerance)
            .to_frame("geometry"), {"color": ADMIN1, "weight": 0.8}, **vec)
    if len(story.areas):
        _vector(base, story.areas.simplify(tolerance / 2).to_frame("geometry"),
                {"fillColor": AREA, "fillOpacity": 0.75 if fill else 0.3, "color": AREA_EDGE,
                 "weight": 1.2}, **vec)
    _vector(base, boundaries.clip(boundaries.rivers(), box).simplify(tolerance)
            .to_frame("geometry"), {"color": RIVER, "weight": 1.4}, **vec)
    _vector(base, countries.boundary.simplify(tolerance).to_frame("geometry"),
            {"color": BORDER, "weight": 1.2}, **vec)
    items = []
    for row in countries.itertuples():
        part = max(getattr(row.geometry, "geoms", [row.geometry]), key=lambda g: g.area)
        if part.area < span * span * 0.05:
            continue
        at = polylabel(part, tolerance=span / 100)
        label = folium.Marker(location=_ll(at.x, at.y), interactive=False, keyboard=False,
                              icon=folium.DivIcon(html=escape_html(row.name.upper()),
                                                  icon_size=(160, 16), icon_anchor=(80, 8),
                                                  class_name="geo-country-label"))
        label.add_to(base)
        items.append((label, "fixed", row.name))
    base.add_to(m)
    return items


def _uncertainty(story: Story, m) -> bool:
    import folium

    group = folium.FeatureGroup(name="Uncertainty")
    drawn = False
    for row in story.places.itertuples():
        if not row.approximate:
            continue
        drawn = True
        circ = folium.Circle(location=_ll(row.lon, row.lat), radius=row.uncertainty_km * 1000,
                             color=UNCERTAIN.color, weight=1.2,
                             dash_array=_dash(UNCERTAIN.dash, 1.2), fill=True,
                             fill_color=UNCERTAIN.color, fill_opacity=UNCERTAIN.fill_opacity,
                             className=f"geo-uncertainty geo-uncertainty-{row.id}")
        _bind(circ, "bindTooltip", f"{escape_html(row.name)}: approximate location, within "
              f"{row.uncertainty_km:g} km", {"sticky": True})
        circ.add_to(group)
    group.add_to(m)
    return drawn


def _movements(story: Story, m) -> list[str]:
    import folium
    import shapely

    group = folium.FeatureGroup(name="Movements")
    statuses = []
    paths = display_paths(story)
    names = place_names(story)
    for row in movements(story):
        popup = _movement_popup(story, row, names)
        style = STATUS_STYLE[row.status]
        if row.status not in statuses:
            statuses.append(row.status)
        dash = _dash(STATUS[row.status].dash, _WEIGHT) or None
        line = folium.PolyLine([_ll(x, y) for x, y in paths[row.id]], color=style["color"],
                               weight=_WEIGHT, opacity=0.95, dash_array=dash,
                               line_cap="butt" if dash else "round",
                               className=f"geo-movement geo-movement-{row.id}")
        _bind(line, "bindTooltip", _movement_tooltip(row), {"sticky": True})
        _bind(line, "bindPopup", popup, {"maxWidth": 320})
        line.add_to(group)
        size = min(max(1.0, row.length_km * 0.035), 8.0)
        head = arrowhead(shapely.LineString(paths[row.id]), length_km=size)
        poly = folium.Polygon([_ll(x, y) for x, y in head.exterior.coords[:-1]],
                              color=style["color"], weight=1, fill=True,
                              fill_color=style["color"], fill_opacity=1,
                              className=f"geo-arrowhead geo-arrowhead-{row.id}")
        _bind(poly, "bindPopup", popup, {"maxWidth": 320})
        poly.add_to(group)
    group.add_to(m)
    return [s for s in STATUS_ORDER if s in statuses]


#: Symbol radius in pixels per kind, for the canvas of a large story.
_BULK_RADIUS = {"capital": 6, "city": 5, "town": 4.5, "village": 3.5, "crossing": 5,
                "airfield": 5, "base": 5, "camp": 5, "area": 4, "other": 4}

#: Draws a large story (``geo.layers.BULK``) from one data array: each group (places,
#: movements, uncertainty circles) is one layer that draws all its features on the map's
#: canvas in one pass and finds the feature under the pointer, so that popups and tooltips
#: (every story string escaped) are made only when asked for; and labels the places that
#: have room at the current view, the places most movements touch first.
_BULK_JS = """(function(){
var map=%(map)s,D=JSON.parse(document.getElementById("%(data)s").textContent),
  G={p:%(places)s,m:%(moves)s,u:%(unc)s},
  P=D.places,M=D.moves,K=D.kinds,S=D.statuses,R=D.sources,c=map.getContainer();
function esc(s){return String(s).replace(/[&<>"']/g,function(ch){
  return "&#"+ch.charCodeAt(0)+";";});}
function source(i){if(i<0)return "";var n=esc(R[i][0]);return "<div>Source: "+(R[i][1]?
  '<a href="'+esc(R[i][1])+'" target="_blank" rel="noopener noreferrer">'+n+"</a>":n)+"</div>";}
function placePopup(p){var o="<b>"+esc(p[6])+"</b>";
  if(p[7])o+='<div lang="ar" dir="rtl">'+esc(p[7])+"</div>";
  o+="<div>"+p[0].toFixed(4)+", "+p[1].toFixed(4)+" (\u00b1"+p[3]+" km)</div>"+
    "<div>Position: "+esc(p[8])+"</div>";
  if(p[9])o+="<div>"+esc(p[9])+"</div>";return o+source(p[5]);}
function movePopup(q){var o="<b>"+esc(P[q[0]][6])+" \u2192 "+esc(P[q[1]][6])+"</b>";
  [["Date",q[4]],["Who",q[6]],["Status",S[q[2]][0]],
   ["Distance",Math.round(q[8]).toLocaleString("en-US")+" km (straight line)"]].forEach(
    function(kv){if(kv[1])o+="<div>"+kv[0]+": "+esc(kv[1])+"</div>";});
  if(q[5])o+="<div>"+esc(q[5])+"</div>";o+=source(q[3]);
  if(q[7])o+="<blockquote>"+esc(q[7])+"</blockquote>";return o;}
function moveTip(q){return esc(q[5]||"")+(q[6]?"<br>"+esc(q[6]):"");}
var Group=L.Path.extend({
  initialize:function(lonlats,draw,hit){this._ll=lonlats;
    this._drawAll=draw;this._hitTest=hit;this.hit=-1;
    L.setOptions(this,{renderer:%(canvas)s,interactive:!!hit,weight:0});},
  _project:function(){var m=this._map,b=new L.Bounds();
    this._pts=this._ll.map(function(lls){return lls.map(function(ll){
      var p=m.latLngToLayerPoint(ll);b.extend(p);return p;});});
    this._pxBounds=b.isValid()?new L.Bounds(b.min.subtract([40,40]),b.max.add([40,40])):b;},
  _update:function(){},
  _updatePath:function(){var x=this._renderer._ctx;x.save();
    this._drawAll(x,this._pts,this._map);x.restore();},
  _containsPoint:function(p){this.hit=this._hitTest(this._pts,p);return this.hit>=0;}});
function near(pts,p,tol){var best=-1,d=tol*tol;for(var i=0;i<pts.length;i++){
  var q=pts[i][0],e=(q.x-p.x)*(q.x-p.x)+(q.y-p.y)*(q.y-p.y);if(e<=d){d=e;best=i;}}return best;}
function seg(p,a,b){var dx=b.x-a.x,dy=b.y-a.y,l=dx*dx+dy*dy,t=l?((p.x-a.x)*dx+(p.y-a.y)*dy)/l:0;
  t=Math.max(0,Math.min(1,t));var x=a.x+t*dx-p.x,y=a.y+t*dy-p.y;return x*x+y*y;}
/* Uncertainty circles: radius in metres at the place's latitude, dashed. */
var U=P.filter(function(p){return p[4];});
G.u.addLayer(new Group(U.map(function(p){return [[p[0],p[1]]];}),function(x,pts,m){
  var k=40075016.686/Math.pow(2,m.getZoom()+8);x.beginPath();
  pts.forEach(function(q,i){var r=U[i][3]*1000/(k*Math.cos(U[i][0]*Math.PI/180));
    x.moveTo(q[0].x+r,q[0].y);x.arc(q[0].x,q[0].y,r,0,2*Math.PI);});
  x.fillStyle="%(move)s";x.globalAlpha=D.uncertain[1];x.fill();x.globalAlpha=0.8;
  x.setLineDash(D.uncertain[0].split(" ").map(Number));
  x.lineWidth=1.2;x.strokeStyle="%(move)s";x.stroke();},null));
/* Movements: one stroke per status; arrowheads in screen space, their tips at the
   destination's symbol, 9 px long at every zoom. At a step of the timeline (cur), earlier
   steps are drawn faded, later ones not at all. */
var byStatus=S.map(function(){return [];});M.forEach(function(q,i){byStatus[q[2]].push(i);});
var cur=-1,ST=D.step||[];
function state(i){var t=ST[i];return cur<0||t<0?1:t<cur?0:t===cur?1:-1;}
var moveLayer=new Group(M.map(function(q){return [[P[q[0]][0],P[q[0]][1]]].concat(q[9]||[],
  [[P[q[1]][0],P[q[1]][1]]]);}),function(x,pts){
  function pass(list,color,dash){var heads=[];x.beginPath();
    list.forEach(function(i){var l=pts[i],n=l.length,e=l[n-1],a=l[n-2],
      dx=e.x-a.x,dy=e.y-a.y,d=Math.hypot(dx,dy)||1,ux=dx/d,uy=dy/d,
      tip=K[P[M[i][1]][2]]+1.5,len=Math.min(9,Math.max(d-tip,0)),bx=e.x-ux*(tip+len),
      by=e.y-uy*(tip+len);x.moveTo(l[0].x,l[0].y);
      for(var j=1;j<n-1;j++)x.lineTo(l[j].x,l[j].y);x.lineTo(bx+ux*len*0.3,by+uy*len*0.3);
      heads.push([e.x-ux*tip,e.y-uy*tip,bx-uy*3.5,by+ux*3.5,bx+uy*3.5,by-ux*3.5]);});
    x.setLineDash(dash?dash.split(" ").map(Number):[]);x.lineWidth=%(weight)s;x.globalAlpha=0.9;
    x.strokeStyle=color;x.stroke();x.beginPath();heads.forEach(function(h){x.moveTo(h[0],h[1]);
      x.lineTo(h[2],h[3]);x.lineTo(h[4],h[5]);x.closePath();});x.globalAlpha=1;
    x.fillStyle=color;x.fill();}
  function only(k,v){return byStatus[k].filter(function(i){return state(i)===v;});}
  if(cur>=0)S.forEach(function(s,k){pass(only(k,0),"%(past)s",s[2]);});
  S.forEach(function(s,k){pass(cur<0?byStatus[k]:only(k,1),s[1],s[2]);});},
  function(pts,p){var best=-1,d=36;pts.forEach(function(l,i){if(state(i)<0)return;
    for(var j=1;j<l.length;j++){var e=seg(p,l[j-1],l[j]);if(e<=d){d=e;best=i;}}});
    return best;});
G.m.addLayer(moveLayer);
window.geoBulkStep=function(v){cur=v;moveLayer.redraw();
  c.setAttribute("data-geo-step",String(v));};
/* Places: dark discs, white rims, their size by kind. */
var drawn=false;
G.p.addLayer(new Group(P.map(function(p){return [[p[0],p[1]]];}),function(x,pts){
  x.beginPath();pts.forEach(function(q,i){var r=K[P[i][2]];x.moveTo(q[0].x+r,q[0].y);
    x.arc(q[0].x,q[0].y,r,0,2*Math.PI);});x.lineWidth=2.4;x.strokeStyle="#fff";x.stroke();
  x.fillStyle="#1f1f1f";x.fill();  /* rims first: in a cluster no rim covers a disc */
  drawn=true;},
  function(pts,p){return near(pts,p,7);}));
/* A place's popup lists the movements that start or end there, as buttons that open theirs. */
var byPlace=P.map(function(){return [];});
M.forEach(function(q,k){byPlace[q[0]].push(k);if(q[1]!==q[0])byPlace[q[1]].push(k);});
function placeHtml(i){var ms=byPlace[i],o=placePopup(P[i]);if(!ms.length)return o;
  o+='<div class="geo-moves"><b>Movements: '+ms.length+"</b><ul>";
  ms.slice(0,12).forEach(function(k){var q=M[k];o+='<li><button type="button" data-geo-move="'+
    k+'">'+esc(P[q[0]][6])+" \u2192 "+esc(P[q[1]][6])+(q[4]?", "+esc(q[4]):"")+"</button></li>";});
  return o+(ms.length>12?"<li>and "+(ms.length-12)+" more</li>":"")+"</ul></div>";}
function popup(ll,html,focus){var p=L.popup({maxWidth:320}).setLatLng(ll).setContent(html)
  .openOn(map);if(!focus)return;
  var el=p.getElement().querySelector(".leaflet-popup-content");el.setAttribute("tabindex","-1");
  el.addEventListener("keydown",function(e){if(e.key==="Escape"){map.closePopup();find.focus();}});
  el.focus();}
c.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest("[data-geo-move]");
  if(!b)return;var q=M[+b.getAttribute("data-geo-move")],a=P[q[0]],z=P[q[1]],v=q[9]||[];
  popup(v.length?v[Math.floor(v.length/2)]:[(a[0]+z[0])/2,(a[1]+z[1])/2],movePopup(q),
    e.detail===0);},true);  /* detail 0: the keyboard pressed it */
/* One popup and one tooltip for all, made when asked for. */
var tip=L.tooltip({sticky:true});
[[G.m,function(i){return movePopup(M[i]);},function(i){return moveTip(M[i]);}],
 [G.p,placeHtml,function(i){return esc(P[i][6]);}]].forEach(function(g){
  var last=-1;
  g[0].on("click",function(e){popup(e.latlng,g[1](e.layer.hit),false);});
  g[0].on("mousemove mouseover",function(e){var h=e.layer.hit;if(h<0)return;
    if(h!==last){last=h;tip.setContent(g[2](h));}
    tip.setLatLng(e.latlng);if(!map.hasLayer(tip))map.openTooltip(tip);});
  g[0].on("mouseout",function(){last=-1;map.closeTooltip(tip);});});
/* The keyboard path to one place of thousands: find it by name (the busiest first), in a
   control above the scale. */
var find=document.getElementById("%(data)s_find"),list=document.getElementById("%(data)s_list"),
  hits=[],active=-1,finder=L.control({position:"bottomleft"});
finder.onAdd=function(){var el=find.closest(".geo-find");L.DomEvent.disableClickPropagation(el);
  L.DomEvent.disableScrollPropagation(el);return el;};
finder.addTo(map);
function show(){list.textContent="";list.hidden=!hits.length;
  find.setAttribute("aria-expanded",hits.length?"true":"false");
  hits.forEach(function(i,n){var li=L.DomUtil.create("li","",list);li.id=list.id+"_"+n;
    li.setAttribute("role","option");li.setAttribute("aria-selected",n===active?"true":"false");
    li.textContent=P[i][6]+(P[i][7]?" \u00b7 "+P[i][7]:"");
    li.addEventListener("mousedown",function(e){e.preventDefault();go(i);});});
  if(active>=0)find.setAttribute("aria-activedescendant",list.id+"_"+active);
  else find.removeAttribute("aria-activedescendant");}
function go(i){var p=P[i];hits=[];active=-1;show();find.value=p[6];
  map.setView([p[0],p[1]],Math.max(map.getZoom(),8),{animate:false});
  popup([p[0],p[1]],placeHtml(i),true);}
find.addEventListener("input",function(){var t=find.value.trim(),q=t.toLowerCase();
  hits=[];active=-1;
  for(var n=0;q&&n<D.order.length&&hits.length<8;n++){var i=D.order[n];
    if(P[i][6].toLowerCase().indexOf(q)>=0||(P[i][7]&&P[i][7].indexOf(t)>=0))hits.push(i);}
  show();});
find.addEventListener("keydown",function(e){
  if((e.key==="ArrowDown"||e.key==="ArrowUp")&&hits.length){e.preventDefault();
    active=e.key==="ArrowDown"?(active+1)%%hits.length:active>0?active-1:hits.length-1;show();}
  else if(e.key==="Enter"&&hits.length){e.preventDefault();go(hits[Math.max(active,0)]);}
  else if(e.key==="Escape"){hits=[];active=-1;show();}});
find.addEventListener("blur",function(){setTimeout(function(){hits=[];active=-1;show();},150);});
var pane=map.createPane("geoLabels"),ctx=document.createElement("canvas").getContext("2d");
pane.style.zIndex=640;pane.style.pointerEvents="none";pane.setAttribute("aria-hidden","true");
ctx.font="600 13px system-ui,sans-serif";
/* Labels at this view: a grid of 64 px cells keeps each test local. */
window.geoBulkLabels=function(f,taken){pane.textContent="";
  if(!map.hasLayer(G.p))return;
  var grid={},placed=0,size=map.getSize();
  function cells(b,add){var hit=false;for(var i=Math.floor(b.left/64);i<=Math.floor(b.right/64);i++)
    for(var j=Math.floor(b.top/64);j<=Math.floor(b.bottom/64);j++){var k=i+","+j,l=grid[k];
      if(add){(grid[k]=l||[]).push(b);}else if(l)for(var n=0;n<l.length;n++){var a=l[n];
        if(a.left<b.right&&b.left<a.right&&a.top<b.bottom&&b.top<a.bottom){hit=true;break;}}}
    return hit;}
  taken.forEach(function(b){cells({left:b.left-f.left,right:b.right-f.left,top:b.top-f.top,
    bottom:b.bottom-f.top},true);});
  /* Place symbols by the cell of their centre: no label covers one. */
  var pts=P.map(function(p){return map.latLngToContainerPoint([p[0],p[1]]);}),dots={};
  pts.forEach(function(q,i){if(q.x>-8&&q.y>-8&&q.x<size.x+8&&q.y<size.y+8){
    var k=Math.floor(q.x/64)+","+Math.floor(q.y/64);(dots[k]=dots[k]||[]).push(i);}});
  function clear(b){for(var i=Math.floor((b.left-8)/64);i<=Math.floor((b.right+8)/64);i++)
    for(var j=Math.floor((b.top-8)/64);j<=Math.floor((b.bottom+8)/64);j++){var l=dots[i+","+j];
      if(l)for(var n=0;n<l.length;n++){var q=pts[l[n]],r=K[P[l[n]][2]]+1;
        if(q.x+r>b.left&&q.x-r<b.right&&q.y+r>b.top&&q.y-r<b.bottom)return false;}}
    return true;}
  for(var n=0;n<D.order.length&&placed<%(max_labels)d;n++){var i=D.order[n],q=pts[i];
    if(q.x<0||q.y<0||q.x>size.x||q.y>size.y)continue;
    var w=ctx.measureText(P[i][6]).width+8,h=18,g=K[P[i][2]]+3,spots=[[g,-h/2],[-g-w,-h/2],
      [-w/2,-g-h],[-w/2,g]];
    for(var s=0;s<spots.length;s++){var x=q.x+spots[s][0],y=q.y+spots[s][1],
      b={left:x,right:x+w,top:y,bottom:y+h};
      if(x<0||y<0||x+w>size.x||y+h>size.y||cells(b,false)||!clear(b))continue;
      cells(b,true);placed++;var e=L.DomUtil.create("div","geo-label geo-bulk-label",pane);
      e.textContent=P[i][6];L.DomUtil.setPosition(e,map.containerPointToLayerPoint([x,y]));
      taken.push({left:f.left+x,right:f.left+x+w,top:f.top+y,bottom:f.top+y+h});break;}}
  if(drawn)c.setAttribute("data-geo-drawn","");};  /* canvas and labels: the map is whole */
})();"""


def _bulk(story: Story, m, timeline: list) -> tuple[list[str], bool]:
    """A large story's places, movements and uncertainty circles on one canvas, their data
    in one compact array (see ``_BULK_JS``), with each movement's step of ``timeline``;
    returns the statuses drawn and whether any position is approximate."""
    import folium
    import shapely

    groups = {key: folium.FeatureGroup(name=name) for key, name in
              (("u", "Uncertainty"), ("m", "Movements"), ("p", "Places"))}
    for group in groups.values():
        group.add_to(m)
    sources = {sid: i for i, sid in enumerate(story.sources)}
    kinds = list(_BULK_RADIUS)
    index = {pid: i for i, pid in enumerate(story.places["id"])}
    places = []
    for row in story.places.itertuples():
        kind = row.kind if row.kind in _BULK_RADIUS else "other"
        places.append([round(row.lat, 5), round(row.lon, 5), kinds.index(kind),
                       round(row.uncertainty_km, 3), int(bool(row.approximate)),
                       sources.get(row.source, -1) if present(row.source) else -1, row.name,
                       row.name_ar if present(row.name_ar) else "", row.geocoder,
                       row.note if present(row.note) else ""])
    paths = display_paths(story)
    moves, statuses = [], []
    rows = movements(story)
    for row in rows:
        if row.status not in statuses:
            statuses.append(row.status)
        # Vertices between the ends, where the drawn line is not straight to within ~100 m.
        line = shapely.simplify(shapely.LineString(paths[row.id]), 0.001)
        inner = [[round(v, 4) for v in _ll(x, y)] for x, y in list(line.coords)[1:-1]]
        moves.append([index[row.from_], index[row.to], STATUS_ORDER.index(row.status),
                      sources.get(row.source, -1) if present(row.source) else -1,
                      row.date if present(row.date) else "", movement_text(row),
                      row.actor if present(row.actor) else "",
                      row.quote if present(row.quote) else "", round(row.length_km),
                      *([inner] if inner else [])])
    degree, ids = touches(rows), list(story.places["id"])
    data = {
        "places": places, "moves": moves,
        "kinds": [_BULK_RADIUS[k] for k in kinds],
        "statuses": [[s, STATUS[s].color, _dash(STATUS[s].dash, _BULK_WEIGHT)]
                     for s in STATUS_ORDER],
        "uncertain": [_dash(UNCERTAIN.dash, 1.2), UNCERTAIN.fill_opacity],
        "sources": [[src["name"], _safe_url(src.get("url")) or ""]
                    for src in story.sources.values()],
        "order": sorted(range(len(places)), key=lambda i: (-degree.get(ids[i], 0), i)),
    }
    if len(timeline) > 1:  # each movement's step; -1: in none, always drawn
        step_of = {mid: k for k, s in enumerate(timeline) for mid in s.movements}
        data["step"] = [step_of.get(row.id, -1) for row in rows]
    css = ("<style>.geo-bulk-label{position:absolute;left:0;top:0;white-space:nowrap}"
           ".leaflet-control.geo-find{position:relative;display:flex;"
           "flex-direction:column-reverse}.leaflet-bottom.leaflet-left{z-index:1001}"
           ".geo-find input{width:14em;font:inherit}.geo-find ul{list-style:none;margin:0 0 4px;"
           "padding:0}.geo-find li{padding:2px 4px;cursor:pointer}"
           ".geo-find li[aria-selected=true],.geo-find li:hover{background:#1a5fb4;color:#fff}"
           ".geo-moves ul{list-style:none;margin:2px 0 0;padding:0}.geo-moves button{font:inherit;"
           "text-align:left;background:none;border:0;padding:1px 0;color:#0b5394;cursor:pointer}"
           ".geo-moves button:hover,.geo-moves button:focus{text-decoration:underline}</style>")
    # As JSON in a data block: parsed by JSON.parse, several times faster than a literal.
    key = f"{m.get_name()}_data"
    find = (f'<div class="geo-panel geo-find" role="search" aria-label="Find a place">'
            f'<label><span>Find a place </span><input id="{key}_find" type="text" '
            f'role="combobox" aria-autocomplete="list" aria-expanded="false" '
            f'aria-controls="{key}_list" autocomplete="off" spellcheck="false"></label>'
            f'<ul id="{key}_list" role="listbox" aria-label="Places found" hidden></ul></div>')
    m.add_child(_macro("Bulk", header=css, body=f'<script type="application/json" id="{key}">'
                       f'{_js_string(data)}</script>{find}', script=_BULK_JS % {
        "map": m.get_name(), "canvas": _canvas(m), "data": key,
        "places": groups["p"].get_name(),
        "moves": groups["m"].get_name(), "unc": groups["u"].get_name(), "move": MOVE,
        "past": PAST, "weight": _BULK_WEIGHT,
        "max_labels": 400}))
    return [s for s in STATUS_ORDER if s in statuses], any(p[4] for p in places)


def _label_html(name: str, name_ar) -> str:
    out = escape_html(name)
    if present(name_ar):
        out += f'<span class="ar" lang="ar" dir="rtl">{escape_html(name_ar)}</span>'
    return out


def _places(story: Story, m) -> list[tuple]:
    """Place markers (keyboard-reachable SVG icons) with labels and popups."""
    import folium

    group = folium.FeatureGroup(name="Places")
    items = []
    for row in story.places.itertuples():
        kind = row.kind if row.kind in _SHAPES else "other"
        icon = folium.DivIcon(html=_shape_svg(kind), icon_size=(_ICON_PX, _ICON_PX),
                              icon_anchor=(_ICON_PX // 2, _ICON_PX // 2),
                              class_name=f"geo-place geo-place-{row.id}")
        marker = folium.Marker(location=_ll(row.lon, row.lat), icon=icon, keyboard=True)
        _bind(marker, "bindTooltip", _label_html(row.name, row.name_ar),
              {"permanent": True, "direction": "right", "className": "geo-label",
               "offset": [_ICON_PX // 2 + 2, 0]})
        _bind(marker, "bindPopup", _place_popup(story, row), {"maxWidth": 320})
        marker.add_to(group)
        name = row.name + (f", {KIND_LABEL.get(row.kind, 'place').lower()}")
        items.append((marker, "place", name))
    group.add_to(m)
    return items


def _context(story: Story, m, bounds) -> list[tuple]:
    """Capitals and large cities around the story, quieter than it; labels drop out first."""
    import folium

    span = max(bounds[2] - bounds[0], bounds[3] - bounds[1], 0.5)
    box = (bounds[0] - span * 0.6, bounds[1] - span * 0.4, bounds[2] + span * 0.6,
           bounds[3] + span * 0.4)
    items = []
    group = folium.FeatureGroup(name="Cities", show=True)
    cities = Scene.of(story).context_cities(box)
    for row in cities.head(CONTEXT_CITIES.limit).itertuples():
        dot = folium.CircleMarker(location=_ll(row.lon, row.lat), radius=4 if row.capital else 3,
                                  color=CONTEXT, weight=1.5, fill=True, fill_color="#ffffff",
                                  fill_opacity=1, interactive=False,
                                  className=f"geo-context geo-context-{row.geonameid}")
        _bind(dot, "bindTooltip", _label_html(row.name, row.name_ar),
              {"permanent": True, "direction": "right", "className": "geo-context-label",
               "offset": [5, 0], "interactive": False})
        dot.add_to(group)
        items.append((dot, "context", row.name))
    if items:
        group.add_to(m)
    return items


def _panel(story: Story, kinds: list[str], statuses: list[str], approx: bool, *, context: bool):
    if is_bulk(story):  # the canvas draws every kind as a disc, its size by kind
        rows = [f'<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                f'r="{_BULK_RADIUS[k]}" fill="#1f1f1f" stroke="#fff" stroke-width="1.2"/></svg> '
                f'{escape_html(KIND_LABEL[k])}</li>' for k in kinds]
    else:
        rows = [f'<li>{_shape_svg(k, 14)} {escape_html(KIND_LABEL[k])}</li>' for k in kinds]
    for status in statuses:
        style = STATUS_STYLE[status]
        dash = _dash(STATUS[status].dash, 3)
        dash = f' stroke-dasharray="{dash}"' if dash else ""
        rows.append(f'<li><svg width="28" height="10" aria-hidden="true"><line x1="1" y1="5" '
                    f'x2="27" y2="5" stroke="{style["color"]}" stroke-width="3"{dash}/></svg> '
                    f'{escape_html(style["label"])}</li>')
    if approx:
        rows.append('<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                    f'r="6" fill="{UNCERTAIN.color}" fill-opacity="{UNCERTAIN.fill_opacity}" '
                    f'stroke="{UNCERTAIN.color}" stroke-dasharray="{_dash(UNCERTAIN.dash, 1)}"/>'
                    f'</svg> Approximate location</li>')
    for label in story.areas["label"] if len(story.areas) else ():
        rows.append(f'<li><svg width="28" height="14" aria-hidden="true"><rect x="4" y="1" '
                    f'width="20" height="12" fill="{AREA}" stroke="{AREA_EDGE}"/></svg> '
                    f'{escape_html(label)}</li>')
    if context:
        rows.append(f'<li><svg width="28" height="14" aria-hidden="true"><circle cx="14" cy="7" '
                    f'r="3.5" fill="#fff" stroke="{CONTEXT}" stroke-width="1.5"/></svg> '
                    'Capital or city of 100,000+</li>')
    subtitle = f'<p class="geo-subtitle">{escape_html(story.subtitle)}</p>' \
        if present(story.subtitle) else ""
    if is_bulk(story):  # a summary: one sentence per feature would be megabytes
        text = "".join(f"<li>{escape_html(t)}</li>" for t in summary_sentences(story))
        moves = ""
    else:
        text = "".join(f"<li>{escape_html(place_sentence(story, r))}</li>"
                       for r in story.places.itertuples())
        names = place_names(story)
        moves = "".join(f"<li>{escape_html(movement_sentence(story, mv, names))}</li>"
                        for mv in movements(story))
    # Landmarks: the title is the banner, the legend complementary, the source line the
    # content info, the map a named region and its text alternative the main content.
    body = (f'<header class="geo-panel geo-title"><h1>{escape_html(story.title)}</h1>{subtitle}'
            f'</header><aside class="geo-panel geo-legend" aria-label="Legend">'
            f'<details open><summary>Legend</summary><ul>{"".join(rows)}</ul></details></aside>'
            f'<footer class="geo-panel geo-credit">{escape_html(credit_line(story))}</footer>'
            f'<main class="geo-sr" aria-label="The map as text"><h2>The map as text</h2>'
            f'<h3>{"Summary" if is_bulk(story) else "Places"}</h3><ul>{text}</ul>'
            + (f'<h3>Movements</h3><ul>{moves}</ul>' if moves else "") + '</main>')
    css = """<style>
.folium-map{background:%s}
.geo-panel{position:absolute;z-index:1000;background:rgba(255,255,255,.94);padding:6px 10px;
font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:#1f1f1f;
border-radius:4px;box-shadow:0 1px 3px rgba(0,0,0,.3)}
.geo-title{top:10px;left:54px;max-width:min(60%%,520px)}
.geo-title h1{font-size:17px;margin:0}.geo-subtitle{margin:2px 0 0;color:#4a4a4a}
.geo-legend{bottom:34px;right:10px}.geo-legend summary{cursor:pointer;font-weight:600}.geo-legend ul{list-style:none;margin:0;padding:0}
.geo-legend li{display:flex;align-items:center;gap:6px;min-height:18px}
.geo-legend li svg{width:28px;flex:none}
.geo-credit{bottom:0;left:0;right:0;font-size:11px;color:#4a4a4a;border-radius:0;
padding:2px 6px;box-shadow:none;background:rgba(255,255,255,.85);z-index:999}
.geo-label,.geo-context-label{background:rgba(255,255,255,.88);border:0;box-shadow:none;
padding:1px 4px;font-size:13px;color:#1f1f1f;font-weight:600;line-height:1.25}
.geo-context-label{font-weight:400;color:#4a4a4a;font-size:12px;background:rgba(255,255,255,.8)}
.geo-label:before,.geo-context-label:before{display:none}
.geo-country-label{color:#5f5a50;font:600 13px/16px system-ui,sans-serif;letter-spacing:.12em;
text-align:center;white-space:nowrap;pointer-events:none}
.geo-label .ar,.geo-context-label .ar{display:block;font-weight:400}
.geo-short .ar{display:none}
.geo-place{background:none;border:0}.geo-place:focus{outline:3px solid #1a5fb4;border-radius:50%%}
.geo-sr{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
clip:rect(0,0,0,0);white-space:nowrap;border:0}
.leaflet-popup-content blockquote{margin:6px 0 0;padding-left:8px;border-left:3px solid #ccc}
.leaflet-container a{color:#0b5394}
@media (max-width:600px){.geo-title{left:48px;right:56px;max-width:none;padding:4px 8px}
.geo-title h1{font-size:15px}.geo-subtitle{display:none}.geo-legend{font-size:12px}
.geo-label{font-size:12px}.geo-credit{font-size:10px}}
</style>""" % SEA
    return _macro("Panel", header=css, body=body)


#: Runs in the page: names the map and its markers for assistive technology, and
#: places labels so they do not overlap at the current zoom (story labels first;
#: context labels are hidden when there is no room).
_BEHAVIOUR = """(function(){
var map=%(map)s,items=[%(items)s],names=%(names)s,bounds=%(bounds)s;
/* items: [layer, kind, gap]; kind 0 a story place (always labelled), 1 a context city
   (label hidden when there is no room), 2 a fixed label such as a country name. */
var c=map.getContainer(),legend=document.querySelector(".geo-legend"),
  details=legend.querySelector("details");
c.setAttribute("role","region");c.setAttribute("aria-label",%(label)s);
L.control.scale({position:"bottomleft"}).addTo(map);
function small(){return c.clientWidth<600;}
function name(){items.forEach(function(it,i){var el=it[1]===0&&it[0].getElement();
  if(el){el.setAttribute("aria-label",names[i]);el.setAttribute("title",names[i]);}});}
/* Candidate spots, nearest first: [direction, dx, dy] in units of the gap g and of the
   label's half height h (NE, SE, NW and SW sit beside the marker, not on it). */
var D=[["right",1,0,0],["left",-1,0,0],["right",0.2,-1,-1],["right",0.2,1,1],
  ["left",-0.2,-1,-1],["left",-0.2,1,1],["top",0,-1,0],["bottom",0,1,0]];
function hit(a,b){return a.left<b.right&&b.left<a.right&&a.top<b.bottom&&b.top<a.bottom;}
function rect(e){return e.getBoundingClientRect();}
function fits(r,f,taken){return r.left>=f.left&&r.right<=f.right&&r.top>=f.top&&
  r.bottom<=f.bottom&&!taken.some(function(b){return hit(r,b);});}
/* Where Leaflet puts a tooltip for a direction: the part of its box left of and above the
   anchor, and leaflet.css's 6 px margin on the side of its arrow. */
var MARGIN={right:[6,0],left:[-6,0],top:[0,-6],bottom:[0,6]};
function sub(d,w,h){return d==="right"?[0,h/2]:d==="left"?[w,h/2]:d==="top"?[w/2,h]:[w/2,0];}
/* Each spot's box is worked out from the label's box where it stands; the label moves
   (one layout) only to a spot that looks free, and is measured there to be sure. */
function spot(t,el,g,f,taken){var r=rect(el),w=r.width,h=r.height,hh=el.offsetHeight/2,
  d0=t.options.direction,o0=L.point(t.options.offset||[0,0]);
  for(var k=1;k<=4;k++){for(var i=0;i<D.length;i++){var d=D[i],o=[d[1]*g*k,d[2]*g*k+d[3]*hh],
    a=sub(d0,w,h),b=sub(d[0],w,h),ma=MARGIN[d0]||[0,0],mb=MARGIN[d[0]]||[0,0],
    dx=o[0]-o0.x+a[0]-b[0]+mb[0]-ma[0],dy=o[1]-o0.y+a[1]-b[1]+mb[1]-ma[1];
    if(!fits({left:r.left+dx,right:r.right+dx,top:r.top+dy,bottom:r.bottom+dy},f,taken))continue;
    t.options.direction=d[0];t.options.offset=o;t.update();r=rect(el);d0=d[0];o0=L.point(o);
    if(fits(r,f,taken)){taken.push(r);return true;}}}return false;}
function declutter(){var f=rect(c),taken=[];
  document.querySelectorAll(".geo-panel,.leaflet-control").forEach(function(e){
    taken.push(rect(e));});
  if(window.geoBulkLabels)window.geoBulkLabels(f,taken);  /* a large story's labels */
  items.forEach(function(it){var el=it[1]===0&&it[0].getElement();if(el)taken.push(rect(el));});
  items.forEach(function(it){
    if(it[1]===2){var e=it[0].getElement();if(!e)return;e.style.display="";
      if(fits(rect(e),f,taken))taken.push(rect(e));else e.style.display="none";return;}
    var t=it[0].getTooltip&&it[0].getTooltip(),el=t&&t.getElement();
    if(!el||!t.isOpen())return;el.style.display="";el.classList.remove("geo-short");
    if(spot(t,el,it[2],f,taken))return;
    if(it[1]===1){el.style.display="none";return;}
    el.classList.add("geo-short");  /* no room: the English name alone */
    if(spot(t,el,it[2],f,taken))return;
    t.options.direction="right";t.options.offset=[it[2],0];t.update();taken.push(rect(el));});
  c.setAttribute("data-geo-labelled","");}
function dock(){var h=document.querySelector(".geo-credit").offsetHeight,
  a=c.querySelector(".leaflet-bottom.leaflet-right");
  c.querySelectorAll(".leaflet-bottom").forEach(function(e){e.style.bottom=h+"px";});
  legend.style.bottom=(h+(a?a.offsetHeight:0)+6)+"px";
  var t=document.querySelector(".geo-timeline"),f=c.querySelector(".geo-find");if(!t)return;
  t.style.bottom=(h+8)+"px";  /* above the "Find a place" box where they would meet */
  if(f){var a=f.getBoundingClientRect(),b=t.getBoundingClientRect();if(a.right>b.left&&
    a.left<b.right)t.style.bottom=(c.getBoundingClientRect().bottom-a.top+6)+"px";}}
var due=0;  /* one run for events that come together */
function run(){if(!due)due=setTimeout(function(){due=0;dock();name();declutter();},0);}
map.whenReady(function(){setTimeout(function(){
  if(small()){details.removeAttribute("open");
    map.fitBounds(bounds,{paddingTopLeft:[14,64],paddingBottomRight:[14,40],animate:false});}
  run();},0);});
map.on("zoomend resize overlayadd",run);
details.addEventListener("toggle",run);
})();"""


def _behaviour(story: Story, m, items: list[tuple], bounds):
    codes = {"place": 0, "context": 1, "fixed": 2}
    gaps = {"place": _ICON_PX // 2 + 3, "context": 6, "fixed": 0}
    js = _BEHAVIOUR % {
        "map": m.get_name(),
        "items": ",".join(f"[{layer.get_name()},{codes[kind]},{gaps[kind]}]"
                          for layer, kind, _ in items),
        "names": _js_string([name for _, _, name in items]),
        "label": _js_string(f"Map: {story.title}"),
        "bounds": json.dumps([_ll(*bounds[:2]), _ll(*bounds[2:])]),
    }
    return _macro("Behaviour", script=js)


#: The timeline control: a slider and previous/next buttons over the story's steps, and
#: the step's caption in a live region; the last position shows the whole story.
_TIMELINE_JS = """(function(){
var steps=%(steps)s,panel=document.querySelector(".geo-timeline"),
  slider=panel.querySelector("input"),caption=panel.querySelector(".geo-step");
var stepOf={};steps.forEach(function(s,i){s.movements.forEach(function(id){stepOf[id]=i;});});
function show(v){
  v=Math.max(0,Math.min(steps.length,v));slider.value=v;
  var all=v===steps.length;
  if(window.geoBulkStep)window.geoBulkStep(all?-1:v);  /* a large story's canvas */
  Object.keys(stepOf).forEach(function(id){var i=stepOf[id],
    state=all?"":i<v?"geo-past":i===v?"geo-current":"geo-future";
    document.querySelectorAll(".geo-movement-"+id+",.geo-arrowhead-"+id).forEach(function(e){
      e.classList.remove("geo-past","geo-current","geo-future");if(state)e.classList.add(state);});});
  var label=all?"All steps":(v+1)+" of "+steps.length+": "+steps[v].label;
  slider.setAttribute("aria-valuetext",label);
  caption.querySelector("b").textContent=label;
  caption.querySelector("span").textContent=all?"":steps[v].caption;}
slider.addEventListener("input",function(){show(+slider.value);});
panel.querySelector(".geo-prev").addEventListener("click",function(){show(+slider.value-1);});
panel.querySelector(".geo-next").addEventListener("click",function(){show(+slider.value+1);});
show(steps.length);
})();"""


def _timeline(story: Story, timeline: list, *, bulk: bool = False):
    """The timeline control for the story's steps (two or more). In a large story the
    canvas draws the steps: each movement's step is in the page's data, not here."""
    data = [{"label": s.label, "caption": s.caption,
             "movements": [] if bulk else list(s.movements)} for s in timeline]
    body = (f'<div class="geo-panel geo-timeline" role="group" aria-label="Timeline">'
            f'<div class="geo-timeline-row"><button type="button" class="geo-prev" '
            f'aria-label="Previous step">&#8249;</button><input type="range" min="0" '
            f'max="{len(timeline)}" step="1" value="{len(timeline)}" '
            f'aria-label="Timeline step"><button type="button" class="geo-next" '
            f'aria-label="Next step">&#8250;</button></div><p class="geo-step" '
            f'aria-live="polite"><b></b> <span></span></p></div>')
    css = """<style>
.geo-timeline{left:50%%;transform:translateX(-50%%);bottom:40px;width:min(440px,calc(100%% - 20px))}
.geo-timeline-row{display:flex;align-items:center;gap:8px}.geo-timeline input{flex:1}
.geo-timeline button{font:18px/1 system-ui,sans-serif;width:32px;height:32px;border:1px solid #767676;
border-radius:4px;background:#fff;color:#1f1f1f;cursor:pointer}
.geo-step{margin:4px 0 0;font-size:12px}
path.geo-past{stroke:%(past)s;fill:%(past)s}path.geo-future{display:none}
path.geo-current{stroke-width:5}
</style>""" % {"past": PAST}
    return _macro("Timeline", header=css, body=body,
                  script=_TIMELINE_JS % {"steps": _js_string(data)})


def _source_html(story: Story, source_id) -> str:
    src = story.sources.get(source_id or "") if present(source_id) else None
    if not src:
        return ""
    name = escape_html(src["name"])
    url = _safe_url(src.get("url"))
    if url:
        name = (f'<a href="{escape_html(url)}" target="_blank" rel="noopener noreferrer">'
                f'{name}</a>')
    return f"<div>Source: {name}</div>"


def _movement_tooltip(row) -> str:
    parts = [escape_html(movement_text(row) or f"{row.from_} to {row.to}")]
    if present(row.actor):
        parts.append(escape_html(row.actor))
    return "<br>".join(parts)


def _movement_popup(story: Story, row, names: dict[str, str]) -> str:
    out = [f"<b>{escape_html(names[row.from_])} → {escape_html(names[row.to])}</b>"]
    for label, value in (("Date", row.date), ("Who", row.actor), ("Status", row.status),
                         ("Distance", f"{row.length_km:,.0f} km (straight line)")):
        if present(value):
            out.append(f"<div>{label}: {escape_html(value)}</div>")
    text = movement_text(row)
    if text:
        out.append(f"<div>{escape_html(text)}</div>")
    out.append(_source_html(story, row.source))
    if present(row.quote):
        out.append(f"<blockquote>{escape_html(row.quote)}</blockquote>")
    return "".join(out)


def _place_popup(story: Story, row) -> str:
    out = [f"<b>{escape_html(row.name)}</b>"]
    if present(row.name_ar):
        out.append(f'<div lang="ar" dir="rtl">{escape_html(row.name_ar)}</div>')
    out.append(f"<div>{row.lat:.4f}, {row.lon:.4f} (±{row.uncertainty_km:g} km)</div>")
    out.append(f"<div>Position: {escape_html(row.geocoder)}</div>")
    if present(row.note):
        out.append(f"<div>{escape_html(row.note)}</div>")
    out.append(_source_html(story, row.source))
    return "".join(out)


_RANDOM_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def render_html(story: Story, *, cdn: bool = False, tiles: str | None = None) -> str:
    """The story's Leaflet page, self-contained unless ``cdn``, identical across runs."""
    page = leaflet_map(story, cdn=cdn, tiles=tiles).get_root().render()
    ids: dict[str, str] = {}

    def number(match: re.Match) -> str:
        return ids.setdefault(match.group(0), f"{len(ids):04d}")

    page = _RANDOM_ID.sub(number, page)
    page = page.replace("<html>", '<html lang="en">', 1)
    # Let readers zoom the page (folium's viewport forbids it, which fails WCAG 1.4.4).
    page = re.sub(r'<meta name="viewport"[^>]*>',
                  '<meta name="viewport" content="width=device-width, initial-scale=1">', page,
                  count=1)
    return re.sub(r"[ \t]+\n", "\n", page)


def render_embed(story: Story, *, src: str) -> str:
    """A responsive iframe snippet for a CMS: the map at ``src`` in a 3:2 box with its
    title and, for screen readers, the map's alternative text."""
    key = re.sub(r"[^a-z0-9-]", "-", story.stem.lower())
    return (f'<figure class="geo-embed" style="margin:0;position:relative">\n'
            f'<div style="position:relative;width:100%;padding-top:66.67%;min-height:320px">\n'
            f'<iframe src="{escape_html(src)}" title="{escape_html("Map: " + story.title)}" '
            f'aria-describedby="geo-alt-{key}" loading="lazy" '
            f'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe>\n'
            f'</div>\n'
            f'<figcaption id="geo-alt-{key}" style="position:absolute;width:1px;height:1px;'
            f'overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap">'
            f'{escape_html(alt_text(story))}</figcaption>\n'
            f'</figure>\n')
