"""Labels placed greedily over measured boxes: places, movements, areas, countries and the
capitals and large cities around the story."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..style import AREA_TEXT, CONTEXT, CONTEXT_CITIES, COUNTRY_TEXT, TEXT
from ..text import date_text, far_text, label_text, movement_text, present
from .artists import Rect, annotate
from .symbols import context_handle, context_marker

if TYPE_CHECKING:
    from .mapview import MapView

__all__ = ["ALL_LABELS", "Labels"]

#: Up to this many places every place gets its label, overlapping if it must (for an
#: editor to move); above it a label with no free spot near its place is left out.
ALL_LABELS = 20

#: Place label positions in order of preference: (dx, dy) as multiples of the
#: offset distance, with the alignment that puts the label on that side.
_DIRECTIONS = [(1, 0.6, "left", "bottom"), (1, -0.6, "left", "top"), (-1, 0.6, "right", "bottom"),
               (-1, -0.6, "right", "top"), (1, 0, "left", "center"), (-1, 0, "right", "center"),
               (0, 1, "center", "bottom"), (0, -1, "center", "top")]


class Labels:
    """Greedy label placement over measured boxes.

    Every candidate position is scored by its rank and by how much story ink
    (movement lines, uncertainty circles) it covers; positions that leave the
    frame or overlap a symbol, an arrowhead, furniture or an earlier label are
    never used.  A label set away from its point gets a leader line.
    """

    def __init__(self, m: MapView):
        self.m, self.ax, self.r, self.pt = m, m.ax, m.renderer, m.pt
        self.taken = m.taken
        self.frame = m.ax.get_window_extent(self.r).padded(-3 * self.pt)
        self.fx0, self.fy0, self.fx1, self.fy1 = self.frame.extents

    def _measure(self, text: str, style: dict) -> tuple[float, float]:
        t = self.ax.text(0, 0, text, **style)
        box = t.get_window_extent(self.r)
        t.remove()
        return box.width, box.height

    def _box(self, px: float, py: float, w: float, h: float, ha: str, va: str) -> Rect:
        x0 = px - (0 if ha == "left" else w / 2 if ha == "center" else w)
        y0 = py - (0 if va == "bottom" else h / 2 if va == "center" else h)
        return Rect(x0, y0, x0 + w, y0 + h)

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
        ann = annotate(self.ax, text, halo=halo, xy=xy, xytext=(dx / self.pt, dy / self.pt),
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
        degree = self.m.scene.touches
        rows = sorted(enumerate(places.itertuples()),
                      key=lambda ir: (-degree.get(ir[1].id, 0), ir[0]))
        # Every place projected and put in display space at once (thousands in bulk).
        xys = np.column_stack(self.m.tr.transform(places["lon"].to_numpy(),
                                                  places["lat"].to_numpy()))
        disp = self.ax.transData.transform(xys) if len(xys) else xys
        self.thinned = 0
        for i, row in rows:
            if row.id in self.m.scene.far:  # labelled at its stub (``stubs``)
                continue
            text = label_text(row, self.m.story.languages)
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

    def stubs(self) -> None:
        """Each far place named where its line leaves the frame, with its distance ("from
        Vladivostok, 6,400 km"), inside the frame beside the line's end at the edge."""
        import numpy as np

        from ..geometry import haversine_km

        scene, done = self.m.scene, set()
        for pid, move, pts in self.m.stubs:
            if pid in done:
                continue
            done.add(pid)
            if move is not None:
                text = far_text(scene.names[pid], move.length_km, to=move.to == pid)
            else:
                lon, lat = scene.positions[pid]
                near = [xy for p, xy in scene.positions.items() if p not in scene.far]
                km = min(haversine_km(lon, lat, x, y) for x, y in near) if near else 0.0
                text = far_text(scene.names[pid], km, to=True)
            style = {"fontsize": 8.5, "color": TEXT, "style": "italic"}
            w, h = self._measure(text, style)
            # From the frame's edge inward along the line.
            run = pts[::-1] if move is None or move.to == pid else pts
            edge, best = run[0], None
            for k, (px, py) in enumerate(run):
                if np.hypot(px - edge[0], py - edge[1]) > 160 * self.pt or best:
                    break
                best = self._around(px, py, w, h, (6, 14), ink_weight=3) if k % 4 == 0 else None
                anchor = (px, py)
            if best is None:
                continue
            _, off, ha, va, _ = best
            xy = tuple(self.ax.transData.inverted().transform(anchor))
            self._put(text, xy, anchor, off, ha, va, style, f"stub-label-{pid}")

    def movements(self) -> None:
        import numpy as np

        for row in self.m.move_rows:
            if self.m.step and present(row.date) and date_text(row.date) == self.m.step:
                row = replace(row, date=None)  # the panel's title gives the date
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
                ann = annotate(self.ax, name, halo=2.0, xy=(x, y), ha="center", va="center",
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
        """Capitals and large cities in the frame (``Scene.context_cities``), for
        orientation: quieter than the story, and only where they have room."""
        tr = self.m.tr.transform
        drawn = 0
        for row in self.m.scene.context_cities(self.m.lonlat).itertuples():
            if drawn >= CONTEXT_CITIES.limit:
                break
            xy = tr(row.lon, row.lat)
            px, py = self.ax.transData.transform(xy)
            marker, size = context_marker(row.capital)
            sym = self._box(px, py, size * self.pt, size * self.pt, "center", "center")
            if not self._free(sym, pad=1) or self._ink(sym):
                continue
            style = {"fontsize": 8, "color": CONTEXT}
            text = label_text(row, self.m.story.languages)
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
            self.m.legend[key] = context_handle(key)
            drawn += 1
