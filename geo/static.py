"""Static maps with matplotlib: a Figure a user can keep editing, or PNG/SVG/PDF bytes.

The map is drawn in an azimuthal equidistant projection centred on the story,
so distances from the centre are true and nothing is stretched as in plate
carrée.  Everything on the map is placed from measured extents: labels never
overlap each other, a place symbol or an arrowhead; the legend, inset and scale
bar go to the corners the story leaves empty.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from .geometry import circle, haversine_km
from .layers import (ADMIN1, AREA, AREA_EDGE, BORDER, CONTEXT, FOCUS_LAND, KIND_LABEL,
                     KIND_MARKER, LAND, MOVE, PAST, RIVER, SEA, STATUS_ORDER, STATUS_STYLE,
                     credit_line, display_paths, is_bulk, movement_text, movements, present,
                     touches)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .story import Story

__all__ = ["PRESETS", "Preset", "render_gif", "render_static", "static_map", "static_steps"]

AREA_TEXT = "#7a5c1e"
TEXT = "#1f1f1f"
MUTED = "#5c5c5c"
COUNTRY_TEXT = "#8a857a"
#: Up to this many places every place gets its label, overlapping if it must (for an
#: editor to move); above it a label with no free spot near its place is left out.
ALL_LABELS = 20


class _Rect(NamedTuple):
    """A display box: lighter than a matplotlib ``Bbox``, for the many candidate positions
    of labels."""

    x0: float
    y0: float
    x1: float
    y1: float

    def padded(self, p: float) -> _Rect:
        return _Rect(self.x0 - p, self.y0 - p, self.x1 + p, self.y1 + p)

    def overlaps(self, other) -> bool:
        return self.x0 <= other[2] and other[0] <= self.x1 and self.y0 <= other[3] and \
            other[1] <= self.y1


class _Boxes:
    """Display boxes no label may cover, filed in a grid so that a test for overlap
    looks only at the boxes near it: placing n labels stays about linear in n."""

    CELL = 64.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, x0: float, y0: float, x1: float, y1: float):
        c = self.CELL
        return ((i, j) for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1)
                for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1))

    def append(self, box) -> None:
        """File a matplotlib ``Bbox`` (or an (x0, y0, x1, y1) tuple)."""
        ext = tuple(box.extents) if hasattr(box, "extents") else tuple(box)
        for key in self._keys(*ext):
            self.cells.setdefault(key, []).append(ext)

    def overlaps(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """True if the box meets a filed one (touching counts, as in ``Bbox.overlaps``)."""
        c, get = self.CELL, self.cells.get
        j0, j1 = math.floor(y0 / c), math.floor(y1 / c) + 1
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(j0, j1):
                for a0, b0, a1, b1 in get((i, j), ()):
                    if a0 <= x1 and x0 <= a1 and b0 <= y1 and y0 <= b1:
                        return True
        return False


class _Ink:
    """Display points of the story's lines and circles, counted in any box in constant
    time from a summed-area table of 2-pixel cells (built when first counted)."""

    CELL = 2.0

    def __init__(self):
        self.parts: list = []
        self._table = None

    def add(self, pts) -> None:
        self.parts.append(pts)
        self._table = None

    @property
    def points(self):
        import numpy as np

        return np.concatenate(self.parts) if self.parts else np.empty((0, 2))

    def count(self, x0: float, y0: float, x1: float, y1: float) -> int:
        import numpy as np

        if self._table is None:
            pts = self.points
            if not len(pts):
                return 0
            ij = np.floor(pts / self.CELL).astype(np.int64)
            self._origin = ij.min(axis=0)
            ij -= self._origin
            shape = ij.max(axis=0) + 2
            grid = np.zeros((shape[0], shape[1]), dtype=np.int64)
            np.add.at(grid, (ij[:, 0], ij[:, 1]), 1)
            self._table = np.zeros((shape[0] + 1, shape[1] + 1), dtype=np.int64)
            self._table[1:, 1:] = grid.cumsum(0).cumsum(1)
        t, (ox, oy) = self._table, self._origin
        i0 = min(max(math.floor(x0 / self.CELL) - ox, 0), t.shape[0] - 1)
        i1 = min(max(math.floor(x1 / self.CELL) - ox + 1, 0), t.shape[0] - 1)
        j0 = min(max(math.floor(y0 / self.CELL) - oy, 0), t.shape[1] - 1)
        j1 = min(max(math.floor(y1 / self.CELL) - oy + 1, 0), t.shape[1] - 1)
        return int(t[i1, j1] - t[i0, j1] - t[i1, j0] + t[i0, j0])


@dataclass(frozen=True)
class Preset:
    """A figure size for one use.

    Attributes
    ----------
    size_in : (float, float)
        Width and height in inches; text sizes are in points, so they read the
        same at every preset.
    dpi : int
        Pixels per inch of the PNG.
    """

    size_in: tuple[float, float]
    dpi: int


#: Sizes by use: ``web`` is 1200 x 800 CSS pixels at 2x for retina screens,
#: ``square`` a 1080 x 1080 social card, ``print`` A4 landscape at 300 dpi,
#: ``letter`` US letter landscape at 300 dpi.
PRESETS = {
    "web": Preset((12.0, 8.0), 200),
    "square": Preset((7.2, 7.2), 150),
    "print": Preset((11.69, 8.27), 300),
    "letter": Preset((11.0, 8.5), 300),
}

#: A north arrow is drawn when true north turns by more than this (degrees) across the frame.
NORTH_TOLERANCE_DEG = 0.5
#: No inset locator when the map itself spans more than this many km.
INSET_MAX_SPAN_KM = 2500.0
#: Context cities drawn at most.
MAX_CONTEXT = 12


def _preset(name: str) -> Preset:
    from .errors import GeoError

    try:
        return PRESETS[name]
    except KeyError:
        raise GeoError(f"unknown size preset {name!r}; use one of: {', '.join(PRESETS)}") \
            from None


# --------------------------------------------------------------------------- projection

def _projection(story: Story):
    import pyproj
    import shapely

    import numpy as np

    features = shapely.GeometryCollection(
        list(story.places.geometry) + list(story.movements.geometry))
    x0, y0, x1, y1 = features.bounds
    lon0, lat0 = (x0 + x1) / 2, (y0 + y1) / 2
    crs = pyproj.CRS.from_proj4(
        f"+proj=aeqd +lat_0={lat0:.4f} +lon_0={lon0:.4f} +datum=WGS84 +units=m +no_defs")
    tr = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    xy = shapely.get_coordinates(shapely.transform(features, tr.transform, interleaved=False))
    # A story spanning a hemisphere or more: an azimuthal map would tear near the centre's
    # antipode; an equal-area world projection (Equal Earth) holds it all.
    if not np.isfinite(xy).all() or np.abs(xy).max() > 9_000_000:
        crs = pyproj.CRS.from_proj4(f"+proj=eqearth +lon_0={lon0:.4f} +datum=WGS84 +units=m "
                                    f"+no_defs")
        tr = pyproj.Transformer.from_crs(4326, crs, always_xy=True)
    return crs, tr


def _extent(story: Story, to_xy, aspect: float) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) in projected metres: the story's features with margins, at ``aspect``."""
    import shapely

    geoms = list(story.places.geometry) + list(story.movements.geometry)
    for row in story.places.itertuples():
        if row.approximate:
            geoms.append(circle(row.lon, row.lat, row.uncertainty_km))
    xy = shapely.transform(shapely.GeometryCollection(geoms), to_xy, interleaved=False)
    x0, y0, x1, y1 = xy.bounds
    w, h = max(x1 - x0, 60_000.0), max(y1 - y0, 60_000.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    w, h = w * 1.45, h * 1.45
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _lonlat_bounds(extent, from_xy, pad: float = 1.0) -> tuple[float, float, float, float]:
    import numpy as np

    x0, x1, y0, y1 = extent
    t = np.linspace(0, 1, 25)
    xs = np.concatenate([x0 + (x1 - x0) * t, np.full(25, x1), x1 - (x1 - x0) * t, np.full(25, x0)])
    ys = np.concatenate([np.full(25, y0), y0 + (y1 - y0) * t, np.full(25, y1), y1 - (y1 - y0) * t])
    lons, lats = from_xy(xs, ys)
    return (max(-180.0, float(lons.min()) - pad), max(-90.0, float(lats.min()) - pad),
            min(180.0, float(lons.max()) + pad), min(90.0, float(lats.max()) + pad))


def _polygons(ax, geoms, *, gid: str | None = None, **style) -> None:
    """(Multi)polygons as one collection of paths, holes kept.

    What ``GeoSeries.plot`` draws, without what it does besides: import pyplot and
    redraw the whole figure after each layer, which was most of a static map's time.
    """
    import numpy as np
    import shapely
    from matplotlib.collections import PathCollection
    from matplotlib.path import Path

    # Normalised: holes wind against their shell, so that they are filled as holes.
    paths = [Path.make_compound_path(*(
        Path(np.asarray(ring.coords)[:, :2], closed=True)
        for part in shapely.get_parts(geom) for ring in (part.exterior, *part.interiors)))
        for geom in shapely.normalize(np.asarray(geoms, dtype=object))]
    ax.add_collection(PathCollection(paths, gid=gid, **style), autolim=False)


def _lines(ax, geoms, *, gid: str | None = None, **style) -> None:
    """(Multi)lines as one line collection (see ``_polygons``)."""
    import numpy as np
    import shapely
    from matplotlib.collections import LineCollection

    parts = shapely.get_parts(shapely.normalize(np.asarray(geoms, dtype=object)))
    ax.add_collection(LineCollection([shapely.get_coordinates(p) for p in parts], gid=gid,
                                     **style), autolim=False)


def _project(gdf, crs):
    """``gdf`` in the map's projection, polygons made valid again: far from the centre
    of an azimuthal projection a ring can fold onto itself."""
    import shapely

    if not len(gdf):
        return gdf
    out = gdf.to_crs(crs)
    polygonal = out.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()
    if polygonal.any():
        geoms = out.geometry.to_numpy().copy()
        geoms[polygonal] = shapely.make_valid(geoms[polygonal])
        out = out.set_geometry(geoms, crs=out.crs)
    return out


def _north_angle(tr, x: float, y: float) -> float:
    """Degrees clockwise from the map's up direction to true north at (x, y)."""
    lon, lat = tr.transform(x, y, direction="INVERSE")
    x2, y2 = tr.transform(lon, min(lat + 0.05, 89.99))
    return math.degrees(math.atan2(x2 - x, y2 - y))


# --------------------------------------------------------------------------- figure

def static_map(story: Story, *, preset: str = "web", ax: Axes | None = None,
               step: int | None = None) -> Figure:
    """Draw ``story`` as a static map.

    Parameters
    ----------
    story : Story
        A loaded story.
    preset : {"web", "square", "print", "letter"}
        The figure size when ``ax`` is not given (see ``PRESETS``).
    ax : matplotlib.axes.Axes, optional
        Draw the map into this axes; the title goes to the axes title and the
        source line under the axes. Default: a new Figure with title, subtitle
        and source line.
    step : int, optional
        Draw the story as it stands at this step of its timeline (0-based, see
        ``geo.layers.steps``): that step's movements in full, earlier ones faded,
        later ones not yet; the subtitle becomes the step's caption.

    Returns
    -------
    matplotlib.figure.Figure
        The figure holding the map (``ax.figure`` when ``ax`` is given). The map
        axes carries the projection as ``crs`` (a ``pyproj.CRS``, metres), so more
        data can be drawn on it: ``gdf.to_crs(ax.crs).plot(ax=ax)``.

    Raises
    ------
    GeoError
        An unknown ``preset``.

    Examples
    --------
    >>> import geo
    >>> fig = geo.static_map(geo.load_story(geo.example_path()), preset="square")
    >>> [float(v) for v in fig.get_size_inches()]
    [7.2, 7.2]
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    spec = _preset(preset)
    shown = None
    if step is not None:
        from dataclasses import replace

        from .layers import steps

        timeline = steps(story)
        shown = _shown(story, step)
        story = replace(story, title=f"{story.title}: {timeline[step].label}",
                        subtitle=timeline[step].caption)
    if ax is None:
        fig = Figure(figsize=spec.size_in, dpi=spec.dpi)
        FigureCanvasAgg(fig)
        ax = _frame(fig, story)
    else:
        fig = ax.figure
        ax.set_title(story.title, loc="left", fontsize=13, fontweight="bold", color=TEXT)
        ax.annotate(credit_line(story), xy=(0, 0), xycoords="axes fraction", xytext=(0, -4),
                    textcoords="offset points", va="top", fontsize=7, color=MUTED,
                    wrap=True, gid="credit")
    _Map(story, ax, shown=shown).draw()
    return fig


def _shown(story: Story, upto: int) -> dict[str, str]:
    """Movement id -> "past" or "current" at step ``upto`` of the story's timeline."""
    from .layers import steps

    out = {}
    for i, step in enumerate(steps(story)[:upto + 1]):
        for mid in step.movements:
            out[mid] = "current" if i == upto else "past"
    return out


def static_steps(story: Story, *, preset: str = "web") -> Figure:
    """The story's timeline as small multiples: one panel per step, one extent, one legend.

    Each panel shows the movements of its step in full colour and those of earlier steps
    faded; later ones are not drawn yet. See ``geo.layers.steps`` for how steps are made.

    Returns
    -------
    matplotlib.figure.Figure
        Panels carry the gid ``step-N`` and a title with the step's label.
    """
    import math as _math

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .layers import steps

    timeline = steps(story)
    spec = _preset(preset)
    cols = min(len(timeline), 2 if len(timeline) == 4 else 3)
    rows = _math.ceil(len(timeline) / cols)
    width = spec.size_in[0]
    panel_h = (width - 0.6) / cols * 0.7
    fig = Figure(figsize=(width, 1.9 + rows * (panel_h + 0.35)), dpi=spec.dpi)
    FigureCanvasAgg(fig)
    grid = _frame(fig, story)
    box = grid.get_position()
    fig.delaxes(grid)
    legend_h = 0.5 / fig.get_size_inches()[1]
    cell_w, cell_h = box.width / cols, (box.height - legend_h) / rows
    handles: dict[str, object] = {}
    for i, step in enumerate(timeline):
        r, c = divmod(i, cols)
        ax = fig.add_axes((box.x0 + c * cell_w + 0.004, box.y0 + legend_h + (rows - 1 - r) * cell_h
                           + 0.004, cell_w - 0.008, cell_h - 0.035))
        ax.set_gid(f"step-{i + 1}")
        m = _Map(story, ax, shown=_shown(story, i), panel=True)
        m.draw()
        handles.update(m.legend)
        ax.set_title(f"{i + 1}. {step.label}", loc="left", fontsize=10, fontweight="bold",
                     color=TEXT, pad=3)
    fig.legend(handles=_legend_handles(handles), loc="lower center",
               bbox_to_anchor=(0.5, box.y0 - 0.005), ncols=min(6, len(handles)), fontsize=8,
               frameon=False)
    return fig


def _legend_handles(entries: dict) -> list:
    """Legend entries in reading order: place kinds, statuses, earlier steps, approximate
    locations, areas, then the context cities."""
    order = ([f"kind:{k}" for k in KIND_MARKER] + list(STATUS_ORDER) + ["past", "approx"]
             + sorted(k for k in entries if k.startswith("area:")) + ["capital", "city"])
    return [entries[k] for k in order if k in entries]


def _wrap(text: str, fontsize: float, width_in: float) -> str:
    # Average glyph width of DejaVu Sans is about 0.55 em.
    chars = max(20, int(width_in * 72 / (fontsize * 0.55)))
    return textwrap.fill(" ".join(text.split()), chars)


def _frame(fig, story: Story):
    """Title, subtitle and source line placed from their measured heights; returns the map axes."""
    renderer = fig.canvas.get_renderer()
    fw, fh = fig.get_size_inches()
    margin = 0.28
    width = fw - 2 * margin
    top = fh - margin
    title = fig.text(margin / fw, top / fh, _wrap(story.title, 16, width), fontsize=16,
                     fontweight="bold", color=TEXT, va="top", gid="title")
    top -= title.get_window_extent(renderer).height / fig.dpi + 0.08
    if present(story.subtitle):
        sub = fig.text(margin / fw, top / fh, _wrap(story.subtitle, 10.5, width),
                       fontsize=10.5, color=MUTED, va="top", linespacing=1.35, gid="subtitle")
        top -= sub.get_window_extent(renderer).height / fig.dpi + 0.05
    credit = fig.text(margin / fw, margin * 0.8 / fh, _wrap(credit_line(story), 7.5, width),
                      fontsize=7.5, color=MUTED, va="bottom", linespacing=1.3, gid="credit")
    bottom = margin * 0.8 + credit.get_window_extent(renderer).height / fig.dpi + 0.12
    top -= 0.12
    return fig.add_axes((margin / fw, bottom / fh, width / fw, (top - bottom) / fh))


class _Map:
    """One map drawn into one axes: basemap, story layers, furniture, labels."""

    def __init__(self, story: Story, ax, *, shown: dict[str, str] | None = None,
                 panel: bool = False):
        # shown: movement id -> "past" or "current" (a timeline step); None shows them all.
        # panel: one of several small multiples: no legend, inset or context cities.
        self.shown, self.panel = shown, panel
        self.story, self.ax, self.fig = story, ax, ax.figure
        canvas = self.fig.canvas
        self.renderer = canvas.get_renderer() if hasattr(canvas, "get_renderer") \
            else self.fig._get_renderer()
        self.pt = self.fig.dpi / 72.0
        box = ax.get_window_extent(self.renderer)
        self.crs, self.tr = _projection(story)
        ax.crs = self.crs
        self.extent = _extent(story, self.tr.transform, box.width / box.height)
        self.lonlat = _lonlat_bounds(self.extent, self._from_xy)
        self.legend: dict[str, object] = {}
        self.taken = _Boxes()            # display boxes no label may cover
        self.ink = _Ink()                # display points of story lines and circles
        self.symbols: list = []          # display boxes of place symbols
        # Many features: each layer one collection, not an artist (and an SVG id) per
        # feature; thousands of artists take seconds to draw.
        self.bulk = is_bulk(story)
        # Thousands of features: symbols, lines and arrowheads at half size, or they cover
        # the map.
        self.scale = 0.5 if self.bulk else 1.0
        self.crowded = len(story.places) > ALL_LABELS
        self.move_rows = movements(story)

    def marker(self, kind: str) -> tuple[str, float]:
        """The matplotlib marker and its size in points for a place of ``kind``."""
        marker, size = KIND_MARKER.get(kind, KIND_MARKER["other"])
        return marker, size * self.scale

    def _from_xy(self, x, y):
        return self.tr.transform(x, y, direction="INVERSE")

    def draw(self) -> None:
        ax = self.ax
        x0, x1, y0, y1 = self.extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        ax.apply_aspect()
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(SEA)
        for spine in ax.spines.values():
            spine.set_edgecolor("#9a9a9a")
            spine.set_linewidth(0.6)
        self.basemap()
        self.uncertainty()
        self.moves()
        self.places()
        if self.panel:
            self._scale_and_north(["lower left", "lower right"])
        else:
            self.furniture()
        labels = _Labels(self)
        labels.places()
        labels.movements()
        labels.areas()
        labels.countries()
        if not self.panel:
            labels.context()
            self.finish_legend()
        ax.set_xlabel("")  # geopandas labels projected axes; a map has no axis labels
        ax.set_ylabel("")

    # ----------------------------------------------------------------- layers

    def basemap(self) -> None:
        from . import boundaries

        ax, crs, bounds = self.ax, self.crs, self.lonlat
        countries = _project(boundaries.clip(boundaries.countries(), bounds), self.crs)
        self.countries = countries
        focus = set(self.story.places["country"].dropna())
        if len(countries):
            colors = [FOCUS_LAND if c in focus else LAND for c in countries["iso_a2"]]
            _polygons(ax, countries.geometry, facecolors=colors, edgecolors="none", zorder=1,
                      gid="land")
        admin1 = _project(boundaries.clip(boundaries.admin1(), bounds), crs)
        if len(admin1):
            _lines(ax, admin1.boundary, colors=ADMIN1, linewidths=0.5, zorder=2, gid="admin1")
        self.areas = _project(self.story.areas, crs)
        if len(self.areas):
            _polygons(ax, self.areas.geometry, facecolors=AREA, edgecolors=AREA_EDGE,
                      linewidths=0.9, alpha=0.85, zorder=2.5, gid="areas")
            from matplotlib.patches import Patch

            for label in self.areas["label"]:
                self.legend[f"area:{label}"] = Patch(facecolor=AREA, edgecolor=AREA_EDGE,
                                                     label=label)
        rivers = _project(boundaries.clip(boundaries.rivers(), bounds), crs)
        if len(rivers):
            _lines(ax, rivers.geometry, colors=RIVER, linewidths=1.1, zorder=3, gid="rivers")
        if len(countries):
            _lines(ax, countries.boundary, colors=BORDER, linewidths=1.0, zorder=3.5,
                   gid="borders")

    def _add_ink(self, *lines) -> None:
        """Add lines, each given by its display points, to the ink (all at once)."""
        import numpy as np

        lines = [p for p in lines if len(p)]
        if not lines:
            return
        pts = np.concatenate(lines)
        # Segments within a line, not from one line's end to the next one's start.
        inner = np.ones(len(pts) - 1, dtype=bool)
        inner[np.cumsum([len(p) for p in lines])[:-1] - 1] = False
        a, d = pts[:-1][inner], np.diff(pts, axis=0)[inner]
        # Densify to about one point per 3 px so a label box cannot slip between samples.
        n = np.maximum(1, (np.hypot(*d.T) / 3).astype(int))
        seg = np.repeat(np.arange(len(d)), n)
        t = (np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n) + 1) / np.repeat(n, n)
        self.ink.add(np.vstack([np.array([p[0] for p in lines]), a[seg] + d[seg] * t[:, None]]))

    def uncertainty(self) -> None:
        import numpy as np
        import shapely
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Patch, Polygon

        places = self.story.places
        rows = list(places[places["approximate"].astype(bool)].itertuples())
        if not rows:
            return
        rings = _project(_gdf([circle(r.lon, r.lat, r.uncertainty_km) for r in rows]), self.crs)
        fill = {"facecolor": MOVE, "alpha": 0.13, "edgecolor": "none", "zorder": 4}
        edge = {"color": MOVE, "linewidth": 0.9, "linestyle": (0, (2, 2)), "alpha": 0.8,
                "zorder": 4.1}
        outlines = [shapely.get_coordinates(ring.exterior) for ring in rings.geometry]
        self._add_ink(*np.split(self.ax.transData.transform(np.concatenate(outlines)),
                                np.cumsum([len(xy) for xy in outlines])[:-1]))
        if self.bulk:
            self.ax.add_collection(PolyCollection(outlines, gid="uncertainty", **fill))
            self.ax.add_collection(LineCollection(outlines, gid="uncertainty-edges",
                                                  **{("colors" if k == "color" else k): v
                                                     for k, v in edge.items()}))
        else:
            for row, xy in zip(rows, outlines):
                self.ax.add_patch(Polygon(xy, gid=f"uncertainty-{row.id}", **fill))
                self.ax.plot(xy[:, 0], xy[:, 1], gid=f"uncertainty-edge-{row.id}", **edge)
        self.legend["approx"] = Patch(facecolor=MOVE, alpha=0.25, edgecolor=MOVE,
                                      linestyle=(0, (2, 2)), label="Approximate location")

    def moves(self) -> None:
        import numpy as np
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.lines import Line2D
        from matplotlib.patches import Polygon

        tr = self.tr.transform
        self.paths = {}
        radius = {pid: self.marker(kind)[1] / 2
                  for pid, kind in zip(self.story.places["id"], self.story.places["kind"])}
        lw = 2.3 * self.scale
        paths = display_paths(self.story)
        inv = self.ax.transData.inverted()
        lines: dict[tuple, list] = {}   # bulk: one collection per colour and line style
        heads: dict[str, list] = {}
        rows = [r for r in self.move_rows if self.shown is None or r.id in self.shown]
        ink: list = []
        # All lines projected in one call each: per line, the calls cost more than the math.
        lonlat = [np.asarray(paths[r.id], dtype=float).reshape(-1, 2) for r in rows]
        cuts = np.cumsum([len(c) for c in lonlat])[:-1]
        flat = np.concatenate(lonlat) if lonlat else np.empty((0, 2))
        proj = np.column_stack(tr(flat[:, 0], flat[:, 1]))
        disp = self.ax.transData.transform(proj)
        for row, xy, dxy in zip(rows, np.split(proj, cuts), np.split(disp, cuts)):
            when = "current" if self.shown is None else self.shown[row.id]
            style = dict(STATUS_STYLE[row.status])
            if when == "past":
                style["color"] = PAST
            finite = np.isfinite(xy).all(axis=1)  # an antipodal bend has no direction
            if finite.sum() < 2:
                continue
            xs, ys = xy[finite, 0], xy[finite, 1]
            # The arrowhead is drawn in display space: its tip stops at the destination's
            # symbol and its size is in points at every scale; the line ends under it.
            pts = dxy[finite]
            self.paths[row.id] = (xs, ys, style, pts)
            ex, ey = pts[-1]
            shrink = (radius[row.to] + 1.5) * self.pt
            length, width = 10 * self.scale * self.pt, 7 * self.scale * self.pt
            dist = np.hypot(pts[:, 0] - ex, pts[:, 1] - ey)
            back = np.flatnonzero(dist >= shrink + length)
            rx, ry = pts[back[-1]] if len(back) else pts[0]
            # Plain floats from here: numpy's per-call cost is most of the time on a 2-vector.
            d = math.hypot(ex - rx, ey - ry) or 1.0
            ux, uy = (ex - rx) / d, (ey - ry) / d
            tx, ty = ex - ux * shrink, ey - uy * shrink
            bx, by = tx - ux * length, ty - uy * length
            nx, ny = -uy * width / 2, ux * width / 2
            triangle = np.array([(tx, ty), (bx + nx, by + ny), (bx - nx, by - ny)])
            keep = pts[dist > shrink + length * 0.7]
            stop = (bx + ux * length * 0.3, by + uy * length * 0.3)
            line = np.vstack([keep, stop]) if len(keep) else np.array([pts[0], (bx, by)])
            if self.bulk:  # in display space until all are converted at once, below
                heads.setdefault(style["color"], []).append(triangle)
                lines.setdefault((style["color"], style["linestyle"]), []).append(line)
            else:
                line = inv.transform(line)
                self.ax.add_patch(Polygon(inv.transform(triangle), closed=True,
                                          facecolor=style["color"], edgecolor="none",
                                          zorder=5.5, gid=f"arrowhead-{row.id}"))
                self.ax.plot(line[:, 0], line[:, 1], color=style["color"],
                             linestyle=style["linestyle"], linewidth=lw,
                             solid_capstyle="butt", zorder=5, gid=f"movement-{row.id}")
            ink.append(pts)
            self.taken.append((min(tx, bx + nx, bx - nx), min(ty, by + ny, by - ny),
                               max(tx, bx + nx, bx - nx), max(ty, by + ny, by - ny)))
            if when == "past":
                self.legend["past"] = Line2D([], [], color=PAST, linewidth=lw,
                                             label="Earlier movement")
                continue
            if row.status not in self.legend:
                self.legend[row.status] = Line2D([], [], color=style["color"],
                                                 linestyle=style["linestyle"], linewidth=lw,
                                                 label=style["label"])

        self._add_ink(*ink)

        def to_data(group: list) -> list:
            return np.split(inv.transform(np.concatenate(group)),
                            np.cumsum([len(g) for g in group])[:-1])

        for (color, linestyle), group in sorted(lines.items(), key=lambda kv: str(kv[0])):
            self.ax.add_collection(LineCollection(
                to_data(group), colors=color, linestyles=linestyle, linewidths=lw,
                capstyle="butt", zorder=5, gid=f"movements-{len(self.ax.collections)}"))
        for color, group in sorted(heads.items()):
            self.ax.add_collection(PolyCollection(to_data(group), facecolors=color,
                                                  edgecolors="none", zorder=5.5,
                                                  gid=f"arrowheads-{color}"))

    def places(self) -> None:
        import numpy as np
        from matplotlib.lines import Line2D

        places = self.story.places
        xs, ys = self.tr.transform(places["lon"].to_numpy(), places["lat"].to_numpy())
        disp = self.ax.transData.transform(np.column_stack([xs, ys]))
        groups: dict[tuple, list[int]] = {}
        for i, row in enumerate(places.itertuples()):
            marker, size = self.marker(row.kind)
            groups.setdefault((marker, size), []).append(i)
            (px, py), half = disp[i], size / 2 * self.pt
            self.symbols.append((px - half, py - half, px + half, py + half))
            half *= 1.25  # a label keeps clear of the symbol by a quarter of its size
            self.taken.append((px - half, py - half, px + half, py + half))
            if not self.bulk:
                self.ax.plot([xs[i]], [ys[i]], marker=marker, markersize=size, color=TEXT,
                             markeredgecolor="white", markeredgewidth=1.1, linestyle="none",
                             zorder=7, gid=f"place-{row.id}")
            kind = row.kind if row.kind in KIND_MARKER else "other"
            if f"kind:{kind}" not in self.legend:
                self.legend[f"kind:{kind}"] = Line2D([], [], marker=marker, markersize=size,
                                                     color=TEXT, markeredgecolor="white",
                                                     linestyle="none", label=KIND_LABEL[kind])
        if self.bulk:
            for (marker, size), idx in sorted(groups.items()):
                self.ax.plot(xs[idx], ys[idx], marker=marker, markersize=size, color=TEXT,
                             markeredgecolor="white", markeredgewidth=0.6, linestyle="none",
                             zorder=7, gid=f"places-{marker}")

    # ----------------------------------------------------------------- furniture

    def _corner_cost(self, box) -> int:
        hits = sum(box.x0 <= x1 and x0 <= box.x1 and box.y0 <= y1 and y0 <= box.y1
                   for x0, y0, x1, y1 in self.symbols) * 50
        return hits + self.ink.count(box.x0, box.y0, box.x1, box.y1)

    def furniture(self) -> None:
        """Legend, inset and scale bar, each in the free corner the story's features leave emptiest."""
        free = ["lower right", "lower left", "upper right", "upper left"]
        # Measured with the context cities' entries, which labelling may add later.
        legend_handles = _legend_handles(dict(self.legend, capital=_context_handle("capital"),
                                              city=_context_handle("city")))
        best = None
        for i, corner in enumerate(free):
            leg = self.ax.legend(handles=legend_handles, loc=corner, fontsize=8, frameon=True,
                                 framealpha=0.92, edgecolor="#cccccc", borderpad=0.6)
            box = leg.get_window_extent(self.renderer)
            cost = self._corner_cost(box) * 10 + i
            if best is None or cost < best[0]:
                best = (cost, corner, box)
        self.legend_corner = best[1]
        self.taken.append(best[2])
        free.remove(best[1])
        span_km = (self.extent[1] - self.extent[0]) / 1000
        if span_km <= INSET_MAX_SPAN_KM:
            free.remove(self._inset([c for c in ("upper left", "upper right", "lower left",
                                                 "lower right") if c in free]))
        self._scale_and_north([c for c in ("lower left", "lower right", "upper left",
                                           "upper right") if c in free])

    def _legend_handles(self) -> list:
        return _legend_handles(self.legend)

    def finish_legend(self) -> None:
        leg = self.ax.legend(handles=self._legend_handles(), loc=self.legend_corner, fontsize=8,
                             frameon=True, framealpha=0.92, edgecolor="#cccccc", borderpad=0.6)
        leg.set_gid("legend")
        leg.set_zorder(20)

    def _corner_box(self, corner: str, w: float, h: float, pad: float = 8.0):
        """Display box of size w x h px tucked into ``corner`` of the axes."""
        from matplotlib.transforms import Bbox

        frame = self.ax.get_window_extent(self.renderer)
        p = pad * self.pt
        x0 = frame.x0 + p if "left" in corner else frame.x1 - p - w
        y0 = frame.y0 + p if "lower" in corner else frame.y1 - p - h
        return Bbox.from_bounds(x0, y0, w, h)

    def _inset(self, corners: list[str]) -> str:
        from . import boundaries

        frame = self.ax.get_window_extent(self.renderer)
        side = min(frame.width, frame.height) * 0.3
        box, corner = min(((self._corner_box(c, side, side), c) for c in corners),
                          key=lambda bc: (self._corner_cost(bc[0]) * 10 + corners.index(bc[1])))
        x0, x1, y0, y1 = self.extent
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        half = max(x1 - x0, y1 - y0, 200_000.0) * 2.5
        ext = (cx - half, cx + half, cy - half, cy + half)
        ia = self.ax.inset_axes(self.ax.transAxes.inverted().transform(
            [[box.x0, box.y0], [box.x1, box.y1]]).flatten().tolist()[:2] + [
            box.width / frame.width, box.height / frame.height])
        ia.set_gid("inset")
        ia.set_facecolor(SEA)
        bounds = _lonlat_bounds(ext, self._from_xy, pad=2.0)
        countries = _project(boundaries.clip(boundaries.countries(), bounds), self.crs)
        focus = set(self.story.places["country"].dropna())
        if len(countries):
            _polygons(ia, countries.geometry, edgecolors=BORDER, linewidths=0.4, gid="inset-land",
                      facecolors=[FOCUS_LAND if c in focus else LAND
                                  for c in countries["iso_a2"]])
        ia.add_patch(_rect(self.extent, edgecolor=MOVE, linewidth=1.4, gid="inset-extent"))
        ia.set_xlabel("")
        ia.set_ylabel("")
        ia.set_xlim(ext[0], ext[1])
        ia.set_ylim(ext[2], ext[3])
        ia.set_aspect("equal", adjustable="box")
        ia.set_xticks([])
        ia.set_yticks([])
        for spine in ia.spines.values():
            spine.set_edgecolor("#777777")
            spine.set_linewidth(0.8)
        ia.set_zorder(15)
        self.taken.append(box.expanded(1.05, 1.05))
        return corner

    def _scale_and_north(self, corners: list[str]) -> None:
        x0, x1, y0, y1 = self.extent
        span_km = (x1 - x0) / 1000.0
        target = span_km / 5
        step = 10 ** math.floor(math.log10(target))
        length_km = max(s * step for s in (1, 2, 5) if s * step <= target)
        frame = self.ax.get_window_extent(self.renderer)
        bar_px = length_km * 1000 * frame.width / (x1 - x0)
        north = self._needs_north()
        w = bar_px + (34 if north else 0) * self.pt
        h = 40 * self.pt
        box, corner = min(((self._corner_box(c, w, h), c) for c in corners),
                          key=lambda bc: (self._corner_cost(bc[0]) * 10 + corners.index(bc[1])))
        inv = self.ax.transData.inverted()
        bx, by = inv.transform((box.x0 + (34 * self.pt if north and "right" in corner else 0),
                                box.y0 + 8 * self.pt))
        self.ax.plot([bx, bx + length_km * 1000], [by, by], color=TEXT, linewidth=3,
                     solid_capstyle="butt", zorder=9, gid="scale-bar")
        tick = 4 * (y1 - y0) / frame.height * self.pt
        for x in (bx, bx + length_km * 500, bx + length_km * 1000):
            self.ax.plot([x, x], [by, by + tick], color=TEXT, linewidth=1, zorder=9)
        _annotate(self.ax, f"{length_km:g} km", halo=2.5, xy=(bx + length_km * 500, by),
                  xytext=(0, 6), textcoords="offset points", ha="center", va="bottom",
                  fontsize=8, color=TEXT, zorder=9, gid="scale-label")
        if north:
            nx = box.x1 - 14 * self.pt if "right" not in corner else box.x0 + 14 * self.pt
            self._north_arrow(*inv.transform((nx, box.y0 + 12 * self.pt)))
        self.taken.append(box)

    def _needs_north(self) -> bool:
        x0, x1, y0, y1 = self.extent
        return max(abs(_north_angle(self.tr, x, y)) for x in (x0, x1) for y in (y0, y1)) \
            > NORTH_TOLERANCE_DEG

    def _north_arrow(self, x: float, y: float) -> None:
        angle = math.radians(_north_angle(self.tr, x, y))
        frame = self.ax.get_window_extent(self.renderer)
        length = 22 * self.pt * (self.extent[1] - self.extent[0]) / frame.width
        tx, ty = x + length * math.sin(angle), y + length * math.cos(angle)
        self.ax.annotate("", xy=(tx, ty), xytext=(x, y), zorder=9, gid="north-arrow",
                         arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.3",
                                     "color": TEXT, "linewidth": 1.2})
        self.ax.annotate("N", xy=(tx, ty), xytext=(0, 2), textcoords="offset points",
                         ha="center", va="bottom", fontsize=8, fontweight="bold", color=TEXT,
                         zorder=9, gid="north-label")


def _rect(extent, **kw):
    from matplotlib.patches import Rectangle

    x0, x1, y0, y1 = extent
    return Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False, zorder=5, **kw)


def _annotate(ax, text: str, *, halo: float, **kw):
    """Text with a white halo. The halo is a separate artist (drawn as outlines),
    so the text itself stays text in SVG and PDF: editable and extractable."""
    import matplotlib.patheffects as pe

    under = dict(kw, color="white", gid=None, zorder=kw.get("zorder", 8) - 0.01)
    ax.annotate(text, path_effects=[pe.withStroke(linewidth=halo, foreground="white")], **under)
    return ax.annotate(text, **kw)


def _gdf(geoms):
    import geopandas as gpd

    return gpd.GeoDataFrame(geometry=geoms, crs=4326)


# --------------------------------------------------------------------------- labels

#: Place label positions in order of preference: (dx, dy) as multiples of the
#: offset distance, with the alignment that puts the label on that side.
_DIRECTIONS = [(1, 0.6, "left", "bottom"), (1, -0.6, "left", "top"), (-1, 0.6, "right", "bottom"),
               (-1, -0.6, "right", "top"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
               (0, 1, "center", "bottom"), (0, -1, "center", "top")]


class _Labels:
    """Greedy label placement over measured boxes.

    Every candidate position is scored by its rank and by how much story ink
    (movement lines, uncertainty circles) it covers; positions that leave the
    frame or overlap a symbol, an arrowhead, furniture or an earlier label are
    never used.  A label set away from its point gets a leader line.
    """

    def __init__(self, m: _Map):
        self.m, self.ax, self.r, self.pt = m, m.ax, m.renderer, m.pt
        self.taken = m.taken
        self.frame = m.ax.get_window_extent(self.r).padded(-3 * self.pt)
        self.fx0, self.fy0, self.fx1, self.fy1 = self.frame.extents

    def _measure(self, text: str, style: dict) -> tuple[float, float]:
        t = self.ax.text(0, 0, text, **style)
        box = t.get_window_extent(self.r)
        t.remove()
        return box.width, box.height

    def _box(self, px: float, py: float, w: float, h: float, ha: str, va: str) -> _Rect:
        x0 = px - (0 if ha == "left" else w / 2 if ha == "center" else w)
        y0 = py - (0 if va == "bottom" else h / 2 if va == "center" else h)
        return _Rect(x0, y0, x0 + w, y0 + h)

    def _free(self, box, pad: float = 1.5) -> bool:
        x0, y0, x1, y1 = box
        if x0 < self.fx0 or x1 > self.fx1 or y0 < self.fy0 or y1 > self.fy1:
            return False
        p = pad * self.pt
        return not self.taken.overlaps(x0 - p, y0 - p, x1 + p, y1 + p)

    def _ink(self, box) -> int:
        return self.m.ink.count(box.x0, box.y0, box.x1, box.y1)

    def _no_room(self, px: float, py: float, text: str, style: dict, rings) -> bool:
        """True if not even a box smaller than ``text`` fits anywhere around (px, py): in a
        crowded map most labels are thinned out this way, before the cost of measuring."""
        size = style["fontsize"] * self.pt
        lines = text.split("\n")
        w, h = 0.4 * size * max(map(len, lines)), 0.9 * size * len(lines)
        return self._around(px, py, w, h, rings, ink_weight=0) is None

    def _around(self, px: float, py: float, w: float, h: float, rings, *, ink_weight: float):
        """The best free spot for a w x h label around (px, py): rings of distances in
        points, tried nearest first; (cost, offset px, ha, va, ring index) or None."""
        best = None
        for ring, dist in enumerate(rings):
            for i, (ux, uy, ha, va) in enumerate(_DIRECTIONS):
                off = (ux * dist * self.pt, uy * dist * self.pt)
                box = self._box(px + off[0], py + off[1], w, h, ha, va)
                if not self._free(box):
                    continue
                cost = ring * 40 + i + self._ink(box) * ink_weight
                if best is None or cost < best[0]:
                    best = (cost, off, ha, va, ring)
            if best is not None and best[0] < (ring + 1) * 40:
                break
        return best

    def _put(self, text, xy, anchor_px, offset_px, ha, va, style, gid, *, leader=False):
        dx, dy = offset_px
        halo = style.pop("halo", 3.0)
        ann = _annotate(self.ax, text, halo=halo, xy=xy, xytext=(dx / self.pt, dy / self.pt),
                        textcoords="offset points", ha=ha, va=va, multialignment=ha, zorder=8,
                        gid=gid, **style)
        box = ann.get_window_extent(self.r)
        self.taken.append(box)
        if leader:
            # From the point to the nearest side of the label box.
            tx = min(max(anchor_px[0], box.x0), box.x1)
            ty = min(max(anchor_px[1], box.y0), box.y1)
            inv = self.ax.transData.inverted()
            self.ax.annotate("", xy=xy, xytext=inv.transform((tx, ty)), zorder=7.5,
                             gid=f"leader-{gid}",
                             arrowprops={"arrowstyle": "-", "color": "#6f6f6f",
                                         "linewidth": 0.7, "shrinkA": 1, "shrinkB": 4})
        return ann

    def places(self) -> None:
        """Place labels, the places most movements touch first. In a story of more than
        ``ALL_LABELS`` places a label with no free spot close to its place is left out
        (thinned); in a smaller one it is set at the nearest spot even if it overlaps, for
        an editor to see and move."""
        import numpy as np

        places = self.m.story.places
        degree = touches(self.m.move_rows)
        rows = sorted(enumerate(places.itertuples()),
                      key=lambda ir: (-degree.get(ir[1].id, 0), ir[0]))
        # Every place projected and put in display space at once (thousands in bulk).
        xys = np.column_stack(self.m.tr.transform(places["lon"].to_numpy(),
                                                  places["lat"].to_numpy()))
        disp = self.ax.transData.transform(xys) if len(xys) else xys
        self.thinned = 0
        for i, row in rows:
            text = row.name if not present(row.name_ar) else f"{row.name}\n{row.name_ar}"
            style = {"fontsize": 9.5, "color": TEXT, "linespacing": 1.25}
            xy = tuple(xys[i])
            px, py = disp[i]
            size = self.m.marker(row.kind)[1]
            # Crowded: near the place only; in bulk, beside it only (thousands of places).
            rings = (size / 2 + 3,) if self.m.bulk else (size / 2 + 3, 22) if self.m.crowded \
                else (size / 2 + 3, 22, 38, 60, 90)
            if self.m.crowded and self._no_room(px, py, text, style, rings):
                self.thinned += 1
                continue
            w, h = self._measure(text, style)
            best = self._around(px, py, w, h, rings, ink_weight=4)
            if best is None and self.m.crowded:
                self.thinned += 1
                continue
            if best is None:  # nowhere free: the nearest position, overlapping
                best = (0, ((size / 2 + 3) * self.pt, 0.0), "left", "center", 0)
            _, off, ha, va, ring = best
            self._put(text, xy, (px, py), off, ha, va, style, f"label-{row.id}", leader=ring > 0)

    def movements(self) -> None:
        import numpy as np

        for row in self.m.move_rows:
            text = movement_text(row)
            if not text or row.id not in self.m.paths or \
                    self.m.shown is not None and self.m.shown.get(row.id) != "current":
                continue
            xs, ys, style, pts = self.m.paths[row.id]
            seg = np.hypot(*np.diff(pts, axis=0).T)
            along = np.concatenate([[0], np.cumsum(seg)])
            tstyle = {"fontsize": 8, "color": style["color"], "style": "italic"}
            mid = pts[int(np.searchsorted(along, along[-1] * 0.5).clip(1, len(pts) - 1))]
            if self.m.crowded and self._no_room(*mid, text, tstyle,
                                                (5,) if self.m.bulk else (5, 18)):
                continue
            w, h = self._measure(text, tstyle)
            best = None
            for i, frac in enumerate((0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)):
                k = int(np.searchsorted(along, along[-1] * frac).clip(1, len(pts) - 1))
                d = pts[k] - pts[k - 1]
                d = d / (np.hypot(*d) or 1)
                for j, n in enumerate((np.array([-d[1], d[0]]), np.array([d[1], -d[0]]))):
                    ha = "left" if n[0] > 0.3 else "right" if n[0] < -0.3 else "center"
                    va = "bottom" if n[1] > 0.3 else "top" if n[1] < -0.3 else "center"
                    off = n * 5 * self.pt
                    box = self._box(pts[k][0] + off[0], pts[k][1] + off[1], w, h, ha, va)
                    if not self._free(box):
                        continue
                    cost = i * 2 + j + self._ink(box) * 6
                    if best is None or cost < best[0]:
                        best = (cost, k, off, ha, va)
            leader = False
            if best is None and not self.m.crowded:  # away from the middle, with a leader
                k = int(np.searchsorted(along, along[-1] * 0.5).clip(1, len(pts) - 1))
                around = self._around(*pts[k], w, h, (18, 32, 50, 75), ink_weight=6)
                best = around and (around[0], k, around[1], around[2], around[3])
                leader = True
            if best is None:
                continue
            _, k, off, ha, va = best
            self._put(text, (xs[k], ys[k]), pts[k], tuple(off), ha, va, tstyle,
                      f"movement-label-{row.id}", leader=leader)

    def _in_polygon(self, polys, gid_prefix: str, names: list[str], style: dict,
                    *, min_share: float = 0.0) -> None:
        """Label each polygon inside itself, clear of the story's ink and labels."""
        import numpy as np
        import shapely
        from shapely.ops import polylabel

        inv = self.ax.transData.inverted()
        x0, x1, y0, y1 = self.m.extent
        frame = shapely.box(x0, y0, x1, y1)
        for name, geom, gid in zip(names, polys, [f"{gid_prefix}-{i}" for i in range(len(names))]):
            geom = shapely.intersection(geom, frame)
            if geom.is_empty or geom.area < frame.area * min_share:
                continue
            w, h = self._measure(name, style)
            core = shapely.get_parts(geom)
            core = max(core, key=lambda g: g.area)
            start = polylabel(core, tolerance=max(x1 - x0, y1 - y0) / 500) \
                if core.geom_type == "Polygon" else core.representative_point()
            gx0, gy0, gx1, gy1 = core.bounds
            n = 14
            grid = [(start.x, start.y)] + [
                (gx0 + (gx1 - gx0) * (i + 0.5) / n, gy0 + (gy1 - gy0) * (j + 0.5) / n)
                for i in range(n) for j in range(n)]
            grid.sort(key=lambda p: (p[0] - start.x) ** 2 + (p[1] - start.y) ** 2)
            shapely.prepare(core)
            for x, y in grid:
                px, py = self.ax.transData.transform((x, y))
                box = self._box(px, py, w, h, "center", "center")
                if not self._free(box, pad=4) or self._ink(box.padded(4 * self.pt)):
                    continue
                corners = inv.transform(np.array([[box.x0, box.y0], [box.x1, box.y1]]))
                if not core.contains(shapely.box(*corners[0], *corners[1])):
                    continue
                ann = _annotate(self.ax, name, halo=2.0, xy=(x, y), ha="center", va="center",
                                zorder=6, gid=gid, **style)
                self.taken.append(ann.get_window_extent(self.r))
                break

    def areas(self) -> None:
        areas = self.m.areas
        if len(areas):
            self._in_polygon(list(areas.geometry), "area-label", list(areas["label"]),
                             {"fontsize": 9, "style": "italic", "color": AREA_TEXT})

    def countries(self) -> None:
        c = self.m.countries
        if len(c):
            self._in_polygon(list(c.geometry), "country-label", [n.upper() for n in c["name"]],
                             {"fontsize": 11, "fontweight": "bold", "color": COUNTRY_TEXT},
                             min_share=0.02)

    def context(self) -> None:
        """Capitals and large cities in the frame, for orientation: quieter than the story."""
        from . import boundaries
        from .names import normalize_name

        story = self.m.story.places
        names = {normalize_name(n) for n in list(story["name"]) + list(story["gazetteer_name"])
                 if present(n)}
        df = boundaries.in_bounds(boundaries.cities(), self.m.lonlat)
        df = df.sort_values(["capital", "population", "geonameid"], ascending=[False, False, True])
        tr = self.m.tr.transform
        lons, lats = story["lon"].to_numpy(), story["lat"].to_numpy()

        def near_story(lon: float, lat: float) -> bool:  # within 15 km of a story place
            return bool(len(lons)) and float(haversine_km(lons, lats, lon, lat).min()) < 15

        drawn = 0
        for row in df.itertuples():
            if drawn >= MAX_CONTEXT:
                break
            if normalize_name(row.name) in names or near_story(row.lon, row.lat):
                continue
            xy = tr(row.lon, row.lat)
            px, py = self.ax.transData.transform(xy)
            marker, size = ("s", 5.5) if row.capital else ("o", 4.5)
            sym = self._box(px, py, size * self.pt, size * self.pt, "center", "center")
            if not self._free(sym, pad=1) or self._ink(sym):
                continue
            style = {"fontsize": 8, "color": CONTEXT}
            text = row.name if not present(row.name_ar) else f"{row.name}\n{row.name_ar}"
            w, h = self._measure(text, style)
            for ux, uy, ha, va in _DIRECTIONS:
                off = (ux * (size / 2 + 2.5) * self.pt, uy * (size / 2 + 2.5) * self.pt)
                box = self._box(px + off[0], py + off[1], w, h, ha, va)
                if self._free(box) and not box.overlaps(sym) and not self._ink(box):
                    break
            else:
                continue
            self.ax.plot([xy[0]], [xy[1]], marker=marker, markersize=size, color="white",
                         markeredgecolor=CONTEXT, markeredgewidth=1.2, linestyle="none",
                         zorder=6.5, gid=f"context-{row.geonameid}")
            self.taken.append(sym)
            self._put(text, xy, (px, py), off, ha, va, dict(style, halo=2.5),
                      f"context-label-{row.geonameid}")
            key = "capital" if row.capital else "city"
            self.m.legend[key] = _context_handle(key)
            drawn += 1


def _context_handle(key: str):
    """The legend entry of context capitals (``key`` "capital") or other cities."""
    from matplotlib.lines import Line2D

    marker, size = ("s", 5.5) if key == "capital" else ("o", 4.5)
    return Line2D([], [], marker=marker, markersize=size, color="white", markeredgecolor=CONTEXT,
                  markeredgewidth=1.2, linestyle="none",
                  label="Capital" if key == "capital" else "Other city, 100,000+")


# --------------------------------------------------------------------------- output

#: savefig options that make output byte-identical across runs.
_DETERMINISTIC = {
    "png": {"metadata": {"Software": None}},
    "svg": {"metadata": {"Date": None, "Creator": None}},
    "pdf": {"metadata": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None}},
}


def render_gif(story: Story, *, preset: str = "web", seconds: float = 2.0) -> bytes:
    """The story's timeline as an animated GIF: one frame per step, each a whole map
    titled with the step's label, at half the preset's resolution (identical across runs)."""
    from PIL import Image

    from .layers import steps

    frames = []
    for i, step in enumerate(steps(story)):
        fig = static_map(story, preset=preset, step=i)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=fig.dpi / 2, **_DETERMINISTIC["png"])
        frames.append(Image.open(io.BytesIO(buf.getvalue())).convert("RGB").quantize(
            colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:],
                   duration=int(seconds * 1000), loop=0, optimize=False)
    return out.getvalue()


def render_static(story: Story, formats, *, preset: str = "web",
                  layout: str = "map") -> dict[str, bytes]:
    """The story's static map in each of ``formats`` (png, svg, pdf), identical across runs.

    The figure is drawn once and saved in every format; ``layout="steps"`` draws the
    timeline as small multiples instead of one map.
    """
    import matplotlib

    formats = [formats] if isinstance(formats, str) else list(formats)
    fig = static_steps(story, preset=preset) if layout == "steps" else \
        static_map(story, preset=preset)
    from . import fork

    def save(fmt: str) -> bytes:
        buf = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": "geo-storymaps", "svg.fonttype": "none",
                                    "pdf.fonttype": 42}):
            fig.savefig(buf, format=fmt, dpi=fig.dpi, **_DETERMINISTIC[fmt])
        return buf.getvalue()

    # The PDF takes longest (its fonts are subset): with a second core, a copy of this
    # process writes it while this one writes the others.
    pdf = fork.forked(lambda: save("pdf")) if "pdf" in formats and len(formats) > 1 else None
    try:
        out = {fmt: save(fmt) for fmt in formats if not (pdf and fmt == "pdf")}
        if pdf:
            out["pdf"], pdf = pdf(), None
    finally:
        if pdf:
            pdf(cancel=True)
    return {fmt: out[fmt] for fmt in formats}
