"""One map drawn into one axes: the basemap, the story's layers, then furniture and labels."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..geometry import circle
from ..style import (ADMIN1, AREA, AREA_EDGE, BORDER, FOCUS_LAND, KINDS, LAND, PAST, RIVER, SEA,
                     TEXT, UNCERTAIN)
from .artists import Boxes, Ink, geoframe, lines, polygon_parts, polygons
from .labels import ALL_LABELS, Labels
from .projection import frame_extent, lonlat_bounds, project, projection
from .symbols import (LINES, approx_handle, area_handle, kind_handle, marker, past_handle,
                      status_handle)

if TYPE_CHECKING:
    from ..scene import Scene

__all__ = ["MapView"]


class MapView:
    """One map of a scene in one axes.

    ``shown`` maps movement ids to "past" or "current" (a step of the timeline); None shows
    them all. ``panel``: one of several small multiples, with no legend, inset or context
    cities; ``step``: its title, the step's label (a movement's label there does not repeat
    the date it gives). The attributes hold what the layers leave for the labels and the
    furniture: display boxes no label may cover (``taken``), the story's ink, the symbols'
    boxes and the legend's entries.
    """

    def __init__(self, scene: Scene, ax, *, shown: dict[str, str] | None = None,
                 panel: bool = False, step: str | None = None):
        story = scene.story
        self.shown, self.panel, self.step = shown, panel, step
        self.scene, self.story, self.ax, self.fig = scene, story, ax, ax.figure
        canvas = self.fig.canvas
        self.renderer = canvas.get_renderer() if hasattr(canvas, "get_renderer") \
            else self.fig._get_renderer()
        self.pt = self.fig.dpi / 72.0
        box = ax.get_window_extent(self.renderer)
        # The same for every panel and frame of a scene: worked out once.
        self.crs, self.tr = scene.memo("static.projection", lambda: projection(story))
        ax.crs = self.crs
        aspect = box.width / box.height
        self.extent = scene.memo(("static.extent", aspect), lambda: frame_extent(
            story, self.tr.transform, aspect))
        self.lonlat = scene.memo(("static.lonlat", aspect), lambda: lonlat_bounds(
            self.extent, self.from_xy))
        self.legend: dict[str, object] = {}
        self.taken = Boxes()            # display boxes no label may cover
        self.ink = Ink()                # display points of story lines and circles
        self.symbols: list = []         # display boxes of place symbols
        # Many features: each layer one collection, not an artist (and an SVG id) per
        # feature; thousands of artists take seconds to draw.
        self.bulk = scene.bulk
        # Thousands of features: symbols, lines and arrowheads at half size, or they cover
        # the map.
        self.scale = 0.5 if self.bulk else 1.0
        self.crowded = len(story.places) > ALL_LABELS
        self.move_rows = scene.moves

    def marker(self, kind: str) -> tuple[str, float]:
        """The matplotlib marker and its size in points for a place of ``kind``."""
        return marker(kind, self.scale)

    def from_xy(self, x, y):
        return self.tr.transform(x, y, direction="INVERSE")

    def draw(self) -> None:
        from . import furniture

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
            furniture.scale_and_north(self, ["lower left", "lower right"])
        else:
            furniture.place(self)
        labels = Labels(self)
        labels.places()
        labels.stubs()
        labels.movements()
        labels.areas()
        labels.countries()
        if not self.panel:
            labels.context()
            furniture.finish_legend(self)
        ax.set_xlabel("")  # geopandas labels projected axes; a map has no axis labels
        ax.set_ylabel("")

    # ----------------------------------------------------------------- layers

    def basemap(self) -> None:
        from .. import boundaries

        ax, crs, bounds = self.ax, self.crs, self.lonlat

        def clipped(name: str, layer):
            return self.scene.memo(("static.clipped", name, bounds), lambda: boundaries.clip(
                layer(), bounds) if name != "areas" else layer())

        def projected(name: str, layer):
            return self.scene.memo(("static.basemap", name, bounds), lambda: project(
                clipped(name, layer), crs))

        def outline(name: str, layer):
            """Borders without the edges cutting made (see ``boundaries.outline``)."""
            return self.scene.memo(("static.outline", name, bounds), lambda: project(
                geoframe(boundaries.outline(clipped(name, layer).geometry, bounds)), crs))

        countries = projected("countries", boundaries.countries)
        self.countries = countries
        focus = set(self.story.places["country"].dropna())
        if len(countries):
            colors = [FOCUS_LAND if c in focus else LAND for c in countries["iso_a2"]]
            polygons(ax, countries.geometry, facecolors=colors, edgecolors="none", zorder=1,
                     gid="land")
        admin1 = projected("admin1", boundaries.admin1_lines)
        if len(admin1):
            lines(ax, admin1.geometry, colors=ADMIN1, linewidths=0.5, zorder=2, gid="admin1")
        self.areas = projected("areas", lambda: self.story.areas)
        if len(self.areas):
            # An area the data cuts at the antimeridian (Fiji, Chukotka) is outlined without
            # the cut, which would be an edge down the middle of it.
            cut = len(self.story.areas) and (self.story.areas.total_bounds[0] <= -180.0
                                             or self.story.areas.total_bounds[2] >= 180.0)
            polygons(ax, self.areas.geometry, facecolors=AREA,
                     edgecolors="none" if cut else AREA_EDGE, linewidths=0.9, alpha=0.85,
                     zorder=2.5, gid="areas")
            if cut:
                lines(ax, outline("areas", lambda: self.story.areas).geometry,
                      colors=AREA_EDGE, linewidths=0.9, alpha=0.85, zorder=2.5,
                      gid="area-edges")
            for label in self.areas["label"]:
                self.legend[f"area:{label}"] = area_handle(label)
        rivers = projected("rivers", boundaries.rivers)
        if len(rivers):
            lines(ax, rivers.geometry, colors=RIVER, linewidths=1.1, zorder=3, gid="rivers")
        borders = outline("countries", boundaries.countries)
        if len(borders):
            lines(ax, borders.geometry, colors=BORDER, linewidths=1.0, zorder=3.5,
                  gid="borders")

    def _add_ink(self, *paths) -> None:
        """Add lines, each given by its display points, to the ink (all at once)."""
        import numpy as np

        paths = [p for p in paths if len(p)]
        if not paths:
            return
        pts = np.concatenate(paths)
        # Segments within a line, not from one line's end to the next one's start.
        inner = np.ones(len(pts) - 1, dtype=bool)
        inner[np.cumsum([len(p) for p in paths])[:-1] - 1] = False
        a, d = pts[:-1][inner], np.diff(pts, axis=0)[inner]
        # Densify to about one point per 3 px so a label box cannot slip between samples.
        n = np.maximum(1, (np.hypot(*d.T) / 3).astype(int))
        seg = np.repeat(np.arange(len(d)), n)
        t = (np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n) + 1) / np.repeat(n, n)
        self.ink.add(np.vstack([np.array([p[0] for p in paths]), a[seg] + d[seg] * t[:, None]]))

    def uncertainty(self) -> None:
        import numpy as np
        import shapely
        from matplotlib.collections import LineCollection, PolyCollection
        from matplotlib.patches import Polygon

        places = self.story.places
        rows = list(places[places["approximate"].astype(bool)].itertuples())
        if not rows:
            return
        rings = project(geoframe([circle(r.lon, r.lat, r.uncertainty_km) for r in rows]),
                        self.crs)
        fill = {"facecolor": UNCERTAIN.color, "alpha": UNCERTAIN.fill_opacity,
                "edgecolor": "none", "zorder": 4}
        edge = {"color": UNCERTAIN.color, "linewidth": 0.9, "linestyle": (0, UNCERTAIN.dash),
                "alpha": 0.8, "zorder": 4.1}
        # A circle made valid after projection can come in parts: its outline is the largest
        # part's. One that holds the whole frame (thousands of km) is the frame itself: in
        # the map's projection its outline is no circle at all.
        x0, x1 = self.ax.get_xlim()
        y0, y1 = self.ax.get_ylim()
        frame = shapely.box(x0, y0, x1, y1)
        parts = [frame if ring.contains(frame) or _holds_frame(row, self.lonlat) else
                 max(polygon_parts(ring), key=lambda p: p.area, default=None)
                 for row, ring in zip(rows, rings.geometry)]
        rows = [row for row, part in zip(rows, parts) if part is not None]
        outlines = [shapely.get_coordinates(part.exterior) for part in parts if part is not None]
        if not outlines:
            return
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
        self.legend["approx"] = approx_handle()

    def moves(self) -> None:
        """Movement lines with arrowheads drawn in display space: each tip stops at its
        destination's symbol and is sized in points at every scale; the line ends under it."""
        import numpy as np
        from matplotlib.patches import Polygon

        tr = self.tr.transform
        self.paths, self.stubs = {}, []
        radius = {pid: self.marker(kind)[1] / 2
                  for pid, kind in zip(self.story.places["id"], self.story.places["kind"])}
        lw = 2.3 * self.scale
        paths = self.scene.paths
        inv = self.ax.transData.inverted()
        bulk_lines: dict[tuple, list] = {}   # bulk: one collection per colour and line style
        bulk_heads: dict[str, list] = {}
        # A step of a timeline keeps room for the movements still to come, as ink and
        # arrowheads labels keep clear of: each place's label then sits on the same side
        # in every panel and every frame, not jumping when a line arrives beside it.
        rows = self.move_rows
        ink: list = []
        # All lines projected in one call each: per line, the calls cost more than the math.
        lonlat = [np.asarray(paths[r.id], dtype=float).reshape(-1, 2) for r in rows]
        cuts = np.cumsum([len(c) for c in lonlat])[:-1]
        flat = np.concatenate(lonlat) if lonlat else np.empty((0, 2))
        proj = np.column_stack(tr(flat[:, 0], flat[:, 1]))
        disp = self.ax.transData.transform(proj)
        for row, xy, dxy in zip(rows, np.split(proj, cuts), np.split(disp, cuts)):
            when = "current" if self.shown is None else self.shown.get(row.id, "later")
            style = dict(LINES[row.status])
            if when == "past":
                style["color"] = PAST
            finite = np.isfinite(xy).all(axis=1)  # an antipodal bend has no direction
            if finite.sum() < 2:
                continue
            pts, xy = dxy[finite], xy[finite]
            if not self.scene.framed(row):  # to or from a far place: a stub from the edge
                pts = self._in_frame(pts, row.to in self.scene.far)
                if pts is None:
                    continue
                xy = inv.transform(pts)
                far = [s for s in (row.to, row.from_, *row.via) if s in self.scene.far]
                if when != "later":
                    self.stubs.append((far[0], row, pts))
            shrink = 0.0 if row.to in self.scene.far else (radius[row.to] + 1.5) * self.pt
            triangle, line = self._arrow(pts, shrink)
            ink.append(pts)
            xs, ys = triangle[:, 0], triangle[:, 1]
            self.taken.append((min(xs), min(ys), max(xs), max(ys)))
            if when == "later":
                continue
            self.paths[row.id] = (xy[:, 0], xy[:, 1], style, pts)
            if self.bulk:  # in display space until all are converted at once, below
                bulk_heads.setdefault(style["color"], []).append(triangle)
                bulk_lines.setdefault((style["color"], style["linestyle"]), []).append(line)
            else:
                line = inv.transform(line)
                self.ax.add_patch(Polygon(inv.transform(triangle), closed=True,
                                          facecolor=style["color"], edgecolor="none",
                                          zorder=5.5, gid=f"arrowhead-{row.id}"))
                self.ax.plot(line[:, 0], line[:, 1], color=style["color"],
                             linestyle=style["linestyle"], linewidth=lw,
                             solid_capstyle="butt", zorder=5, gid=f"movement-{row.id}")
            if when == "past":
                self.legend["past"] = past_handle(lw)
            elif row.status not in self.legend:
                self.legend[row.status] = status_handle(row.status, lw)
        self._add_ink(*ink)
        self._bulk_moves(bulk_lines, bulk_heads, lw)
        self._lone_stubs(lw)

    def _lone_stubs(self, lw: float) -> None:
        """A far place no movement leads to: a short grey arrow at the frame's edge,
        pointing to it from the frame's middle."""
        import numpy as np
        from matplotlib.patches import Polygon

        # A far place a movement leads to is named on that line, when it is shown.
        led = {pid for m in self.move_rows for pid in m.stops}
        box = self.ax.get_window_extent(self.renderer)
        centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
        for pid, (lon, lat) in self.scene.positions.items():
            if pid not in self.scene.far or pid in led:
                continue
            far = self.ax.transData.transform(self.tr.transform(lon, lat))
            if not np.isfinite(far).all():
                continue
            pts = self._in_frame(np.linspace(centre, far, 200), True)
            if pts is None:
                continue
            pts = pts[np.hypot(*(pts - pts[-1]).T) <= 36 * self.pt]
            triangle, line = self._arrow(pts, 0.0)
            inv = self.ax.transData.inverted()
            line = inv.transform(line)
            self.ax.plot(line[:, 0], line[:, 1], color=PAST, linewidth=lw, zorder=5,
                         solid_capstyle="butt", gid=f"stub-{pid}")
            self.ax.add_patch(Polygon(inv.transform(triangle), closed=True, facecolor=PAST,
                                      edgecolor="none", zorder=5.5, gid=f"stub-head-{pid}"))
            xs, ys = triangle[:, 0], triangle[:, 1]
            self.taken.append((min(xs), min(ys), max(xs), max(ys)))
            self.stubs.append((pid, None, pts))

    def _in_frame(self, pts, outward: bool):
        """The part of a line (display points) inside the frame, from its end in the frame
        to where it leaves (``outward``: the line runs from the frame out), or None."""
        import numpy as np
        import shapely

        x0, y0, x1, y1 = self.ax.get_window_extent(self.renderer).padded(-2 * self.pt).extents
        line = shapely.LineString(pts if outward else pts[::-1])
        inside = shapely.get_parts(line.intersection(shapely.box(x0, y0, x1, y1)))
        inside = [p for p in inside if p.geom_type == "LineString" and p.length > 0]
        if not inside:
            return None
        part = min(inside, key=lambda p: p.distance(shapely.Point(line.coords[0])))
        xy = np.asarray(part.coords)
        return xy if outward else xy[::-1]

    def _arrow(self, pts, shrink: float):
        """(arrowhead triangle, line under it) in display space for a line through ``pts``
        ending ``shrink`` px short of its last point."""
        import numpy as np

        length, width = 10 * self.scale * self.pt, 7 * self.scale * self.pt
        ex, ey = pts[-1]
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
        return triangle, line

    def _bulk_moves(self, bulk_lines: dict, bulk_heads: dict, lw: float) -> None:
        """A bulk map's lines and arrowheads, one collection per colour (and line style)."""
        import numpy as np
        from matplotlib.collections import LineCollection, PolyCollection

        inv = self.ax.transData.inverted()

        def to_data(group: list) -> list:
            return np.split(inv.transform(np.concatenate(group)),
                            np.cumsum([len(g) for g in group])[:-1])

        for (color, linestyle), group in sorted(bulk_lines.items(), key=lambda kv: str(kv[0])):
            self.ax.add_collection(LineCollection(
                to_data(group), colors=color, linestyles=linestyle, linewidths=lw,
                capstyle="butt", zorder=5, gid=f"movements-{len(self.ax.collections)}"))
        for color, group in sorted(bulk_heads.items()):
            self.ax.add_collection(PolyCollection(to_data(group), facecolors=color,
                                                  edgecolors="none", zorder=5.5,
                                                  gid=f"arrowheads-{color}"))

    def places(self) -> None:
        import numpy as np

        places = self.story.places
        xs, ys = self.tr.transform(places["lon"].to_numpy(), places["lat"].to_numpy())
        disp = self.ax.transData.transform(np.column_stack([xs, ys]))
        groups: dict[tuple, list[int]] = {}
        for i, row in enumerate(places.itertuples()):
            symbol, size = self.marker(row.kind)
            groups.setdefault((symbol, size), []).append(i)
            (px, py), half = disp[i], size / 2 * self.pt
            self.symbols.append((px - half, py - half, px + half, py + half))
            half *= 1.25  # a label keeps clear of the symbol by a quarter of its size
            self.taken.append((px - half, py - half, px + half, py + half))
            if not self.bulk:
                self.ax.plot([xs[i]], [ys[i]], marker=symbol, markersize=size, color=TEXT,
                             markeredgecolor="white", markeredgewidth=1.1, linestyle="none",
                             zorder=7, gid=f"place-{row.id}")
            kind = row.kind if row.kind in KINDS else "other"
            if f"kind:{kind}" not in self.legend and row.id not in self.scene.far:
                self.legend[f"kind:{kind}"] = kind_handle(kind, self.scale)
        if self.bulk:
            for (symbol, size), idx in sorted(groups.items()):
                self.ax.plot(xs[idx], ys[idx], marker=symbol, markersize=size, color=TEXT,
                             markeredgecolor="white", markeredgewidth=0.6, linestyle="none",
                             zorder=7, gid=f"places-{symbol}")


def _holds_frame(row, bounds: tuple[float, float, float, float]) -> bool:
    """Whether a place's circle of uncertainty reaches past every corner of the frame."""
    from ..geometry import haversine_km

    x0, y0, x1, y1 = bounds
    return all(haversine_km(row.lon, row.lat, x, y) < row.uncertainty_km
               for x in (x0, (x0 + x1) / 2, x1) for y in (y0, (y0 + y1) / 2, y1))
