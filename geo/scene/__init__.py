"""What both renderers draw, worked out once per story: movement records, touches, the
lines as drawn, the timeline's steps.

``Scene.of(story)`` builds a story's scene the first time it is asked for and keeps it as
long as the story lives, so that every panel of small multiples, every frame of a GIF and
every part of a page share one: the steps of a timeline are made once, not once a panel.
It reads the story's records (``Story.records``), not its GeoDataFrames: the page's way
through the library imports no pandas. ``paths`` bends the lines that share a leg;
``context`` chooses the cities around the story.
"""

from __future__ import annotations

import math
import weakref
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ..style import FRAME_CIRCLE_KM
from ..text import date_text, movement_sentence, present
from ..vocab import STATUSES
from .context import city_picks
from .paths import bent_paths

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["BULK", "Movement", "Scene", "Step", "alt_text", "display_paths", "is_bulk",
           "movements", "status_counts", "steps", "summary_sentences", "touches"]

#: Above this many places or movements a map draws its layers in bulk (one collection
#: in a static map, one canvas in a Leaflet page) and its text alternative summarises
#: the story instead of listing every feature.
BULK = 300

#: A place or vertex this close to a pole (degrees of latitude) has no longitude of its own.
POLE_LAT = 89.999


@dataclass(frozen=True)
class Movement:
    """One movement of a story, typed: a row of ``Story.movements`` without its geometry.

    ``from_`` is the row's ``from``; ``via`` the places passed on the way, as a tuple (the
    frame keeps them comma-separated, as GIS formats want).
    """

    id: str
    from_: str
    to: str
    status: str
    length_km: float
    via: tuple[str, ...] = ()
    date: str | None = None
    start: str | None = None
    end: str | None = None
    actor: str | None = None
    count_min: int | None = None
    count_max: int | None = None
    label: str | None = None
    source: str | None = None
    quote: str | None = None

    @property
    def stops(self) -> tuple[str, ...]:
        """The place ids on the way: from, via..., to."""
        return (self.from_, *self.via, self.to)


def _int(value) -> int | None:
    absent = value is None or (isinstance(value, float) and math.isnan(value))
    return None if absent or str(value) == "<NA>" else int(value)


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


def movements(story: Story) -> list[Movement]:
    """The story's movements as records (``Scene.of(story).moves``, as a list)."""
    return list(Scene.of(story).moves)


def _moves(rows) -> tuple[Movement, ...]:
    """Movement records (``Story.records.movements``) typed."""
    out = []
    for row in rows:
        via = row.get("via")
        out.append(Movement(
            id=row["id"], from_=row["from"], to=row["to"], status=row["status"],
            length_km=row["length_km"],
            via=tuple(v for v in (via or "").split(",") if v) if isinstance(via, str) else (),
            **{k: _text(row[k]) for k in ("date", "start", "end", "actor", "label", "source",
                                          "quote") if k in row},
            **{k: _int(row[k]) for k in ("count_min", "count_max") if k in row}))
    return tuple(out)


def touches(moves) -> dict[str, int]:
    """Place id -> how many of ``moves`` start, pass or end there."""
    out: dict[str, int] = {}
    for m in moves:
        for pid in set(m.stops):
            out[pid] = out.get(pid, 0) + 1
    return out


def status_counts(moves) -> dict[str, int]:
    """Status -> how many of ``moves`` have it, in ``STATUSES`` order, those with none left out."""
    counts = {s: sum(m.status == s for m in moves) for s in STATUSES}
    return {s: n for s, n in counts.items() if n}


def is_bulk(story: Story) -> bool:
    """True for a story drawn in bulk (see ``BULK``)."""
    records = story.records
    return max(len(records.places), len(records.movements)) > BULK


@dataclass(frozen=True)
class Step:
    """One step of a story's timeline.

    Attributes
    ----------
    label : str
        Its name: the date as a reader writes it, "Date not reported", "Planned", or the
        story's own label.
    movements : tuple of str
        Ids of the movements that happen in this step; those of earlier steps have happened.
    caption : str
        What happens: date, what moved, how many, the source.
    """

    label: str
    movements: tuple[str, ...]
    caption: str


class Scene:
    """A story's drawing, decided once: its movement records and what is derived from them.

    Attributes
    ----------
    story : Story
    records : geo.story.records.Records
        The story's records the scene was made from (``Story.records``).
    places : tuple of dict
        The places' records (``Story.records``): what the maps draw, read once.
    moves : tuple of Movement
    lines : numpy.ndarray
        The movements' geometries (shapely), as ``Story.movements`` has them.
    areas, shapes : tuple
        The areas' records and polygons.
    names : dict
        Place id -> name.
    bulk : bool
        The story is drawn in bulk (``is_bulk``).
    """

    _cache: dict[int, Scene] = {}

    def __init__(self, story: Story):
        import numpy as np

        records = story.records
        self.story, self.records, self.places = story, records, records.places
        self.moves = _moves(records.movements)
        self.lines = np.empty(len(records.lines), dtype=object)
        self.lines[:] = records.lines
        self.areas, self.shapes = records.areas, records.shapes
        self.names = {p["id"]: p["name"] for p in self.places}
        self.bulk = max(len(self.places), len(self.moves)) > BULK
        self._memo: dict = {}

    def memo(self, key, make):
        """``make()``, made once for this scene under ``key``: what a renderer derives from
        the story and draws again and again (a projection, a frame), in every panel of
        small multiples and every frame of an animation."""
        if key not in self._memo:
            self._memo[key] = make()
        return self._memo[key]

    @classmethod
    def of(cls, story: Story) -> Scene:
        """The scene of ``story``, made once for as long as the story lives."""
        scene = cls._cache.get(id(story))
        if scene is None or scene.story is not story:
            scene = cls._cache[id(story)] = cls(story)
            weakref.finalize(story, cls._cache.pop, id(story), None)
        return scene

    @cached_property
    def by_id(self) -> dict[str, Movement]:
        return {m.id: m for m in self.moves}

    @cached_property
    def touches(self) -> dict[str, int]:
        """Place id -> how many movements start, pass or end there."""
        return touches(self.moves)

    @cached_property
    def far(self) -> frozenset[str]:
        """Ids of the places the frame leaves out (stubs at its edge): those far from the
        story's focus (``geo.geometry.focus_mask``), or as the story's ``frame`` says."""
        import numpy as np

        from ..geometry import focus_mask, in_box

        frame = self.story.frame
        ids = [p["id"] for p in self.places]
        lons, lats = self._lonlat()
        if frame == "all":
            return frozenset()
        if frame == "focus":
            keep = focus_mask(lons, lats, [self.touches.get(i, 0) + 1 for i in ids])
        elif all(isinstance(v, str) for v in frame):
            keep = np.isin(ids, list(frame))
        else:
            keep = in_box(lons, lats, frame)
        return frozenset(i for i, k in zip(ids, keep) if not k)

    def framed(self, move: Movement) -> bool:
        return not self.far.intersection(move.stops)  # none of its stops is far

    @cached_property
    def lon0(self) -> float:
        """The longitude the maps centre on: the middle of the frame's (180 for Tonga)."""
        import numpy as np
        import shapely

        from ..geometry import central_lon

        if self.box is not None:
            return central_lon([self.box[0], self.box[2]])
        lons = [self._lonlat()[0][[p["id"] not in self.far for p in self.places]]]
        if len(self.moves):
            lons.append(shapely.get_coordinates(
                self.lines[[self.framed(m) for m in self.moves]])[:, 0])
        return central_lon(np.concatenate(lons))

    def _lonlat(self):
        """The places' longitudes and latitudes, as arrays."""
        import numpy as np

        return (np.array([p["lon"] for p in self.places], dtype=float),
                np.array([p["lat"] for p in self.places], dtype=float))

    @cached_property
    def box(self) -> tuple[float, float, float, float] | None:
        """The story's ``frame`` box (west, south, east, north), if it gives one."""
        f = self.story.frame
        return None if f in ("all", "focus") or isinstance(f[0], str) else f

    @cached_property
    def positions(self) -> dict[str, tuple[float, float]]:
        """Place id -> (lon, lat) as the maps draw it: the longitude within 180 degrees of
        ``lon0`` (185 for Nukuʻalofa's -175 on a map centred on 180)."""
        import numpy as np

        from ..geometry import wrap_near

        lons, lats = self._lonlat()
        lons = wrap_near(lons, self.lon0)
        lons[np.abs(lats) >= POLE_LAT] = self.lon0  # a pole's longitude is any: the centre's
        return dict(zip((p["id"] for p in self.places), zip(lons.tolist(), lats.tolist())))

    @cached_property
    def geodesics(self) -> dict:
        """Movement id -> its geodesic (the story's line, unbent) as an array of (lon, lat),
        in one piece and in the maps' longitudes (see ``positions``)."""
        import numpy as np
        import shapely

        if not self.moves:
            return {}
        # All lines at once (a story may have thousands): their vertices in one array.
        xy, of = shapely.get_coordinates(self.lines, return_index=True)
        xy = xy.copy()
        sizes = np.bincount(of, minlength=len(self.moves))
        first = np.cumsum(sizes) - sizes
        pole = np.abs(xy[:, 1]) >= POLE_LAT
        for i in sorted(set(of[pole].tolist())):
            # At a pole a line's longitude is any: that of its vertex before (or after), so
            # that it runs along its meridian to the pole and on from there.
            lo, n = first[i], sizes[i]
            keep = np.flatnonzero(~pole[lo:lo + n])
            if len(keep):
                near = keep[np.clip(np.searchsorted(keep, np.arange(n)) - 1, 0, None)]
                xy[lo:lo + n][pole[lo:lo + n], 0] = xy[lo + near[pole[lo:lo + n]], 0]
        # Continuous longitudes along each line (a step over 180 degrees is the antimeridian),
        # from its first place's longitude as the maps draw it.
        turns = np.concatenate([[0.0], -np.round(np.diff(xy[:, 0]) / 360.0)])
        turns[first[1:]] = 0.0
        turns = np.cumsum(turns)
        turns -= np.repeat(turns[first], sizes)
        starts = np.array([self.positions[m.from_][0] for m in self.moves])
        shift = np.where(np.abs(xy[first, 1]) < POLE_LAT, starts - xy[first, 0],
                         360.0 * np.round((starts - xy[first, 0]) / 360.0))
        xy[:, 0] += 360.0 * turns + np.repeat(shift, sizes)
        return dict(zip((m.id for m in self.moves), np.split(xy, first[1:])))

    def bounds(self, *, whole: bool = False) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) of the frame's places, lines as drawn and
        uncertainty circles (``whole``: all of them, far places too), in the maps' longitudes
        (see ``positions``): a story across the antimeridian gets bounds such as (174, -38,
        186, -20). A story's ``frame`` box is its own bounds."""
        import numpy as np

        from ..geometry import box_width, circle, continuous, wrap_near

        if self.box is not None and not whole:
            w, s, e, n = self.box
            return (wrap_near(w, self.lon0), s, wrap_near(w, self.lon0) + box_width(w, e), n)
        far = frozenset() if whole else self.far
        parts = [np.array([xy for pid, xy in self.positions.items() if pid not in far],
                          dtype=float).reshape(-1, 2)]
        parts += [np.asarray(self.paths[m.id], dtype=float).reshape(-1, 2) for m in self.moves
                  if whole or self.framed(m)]
        for p in self.places:
            if p["approximate"] and p["id"] not in far:
                ring = continuous(circle(p["lon"], p["lat"], min(
                    p["uncertainty_km"], FRAME_CIRCLE_KM)).exterior.coords)
                ring[:, 0] += self.positions[p["id"]][0] - p["lon"]
                parts.append(ring)
        xy = np.concatenate(parts)
        return (float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()),
                float(xy[:, 1].max()))

    @cached_property
    def paths(self) -> dict[str, list[tuple[float, float]]]:
        """Movement id -> its line as drawn (see ``display_paths``)."""
        return bent_paths(self, fraction=0.07)

    @cached_property
    def steps(self) -> tuple[Step, ...]:
        """The timeline (see ``steps``)."""
        return tuple(_steps(self))

    def context_cities(self, bounds: tuple[float, float, float, float]):
        """The capitals and large cities inside ``bounds`` that a map may show around the
        story, in the order to try them (capitals first, then by population): none that is
        one of the story's places or within ``CONTEXT_CITIES.min_km`` of one or of a city
        before it. A map shows at most ``CONTEXT_CITIES.limit`` of them.

        Returns
        -------
        pandas.DataFrame
            Rows of ``geo.boundaries.cities()``, named in the story's languages
            (``geo.gazetteer.languages.with_local_names``).
        """
        from ..boundaries import cities
        from ..gazetteer.languages import with_local_names

        picked = city_picks(self, bounds)
        df = cities().iloc[[i for i, _ in picked]].assign(lon=[lon for _, lon in picked])
        return with_local_names(df, self.story.languages)  # the story's languages, as places

    def shown(self, upto: int) -> dict[str, str]:
        """Movement id -> "past" or "current" at step ``upto`` of the timeline."""
        out = {}
        for i, step in enumerate(self.steps[:upto + 1]):
            for mid in step.movements:
                out[mid] = "current" if i == upto else "past"
        return out


def fresh_scene(story: Story) -> Scene:
    """``Scene.of(story)`` for a new map: made anew if the story's features are no longer
    those it was made from (a notebook user edited a frame since the last map). Each map
    starts here, and its parts then share the scene through ``Scene.of``."""
    scene = Scene._cache.get(id(story))
    try:
        same = scene is None or scene.story is not story or scene.records == story.records
    except (TypeError, ValueError):  # a value of an edited frame that will not compare
        same = False
    if not same:
        del Scene._cache[id(story)]
    return Scene.of(story)


def display_paths(story: Story, *, fraction: float = 0.07) -> dict[str, list[tuple[float, float]]]:
    """Each movement's line as drawn: legs that two movements share are bowed apart.

    The story's geometry stays the geodesic; only the drawing bends, to the left of
    the direction of travel, so a return along an entry's corridor stays visible. Each
    path is in one piece, its longitudes continuous from its first place's as the maps
    draw it (``Scene.positions``), a line across the antimeridian too.
    """
    scene = Scene.of(story)
    return dict(scene.paths) if fraction == 0.07 else bent_paths(scene, fraction=fraction)


def steps(story: Story) -> list[Step]:
    """The story's movements as a sequence of steps, for the timeline and small multiples.

    With ``steps:`` in the story file, those, in their order. Otherwise one step per
    start date, in date order (a range ``2024-12-10/2024-12-14`` sorts by its start and
    is labelled with the whole range; movements sharing a start date share a step);
    then the undated movements that happened ("Date not reported"); then the undated
    planned ones ("Planned"). A step's caption is the story's, else its movements'
    sentences, or in a large story (``is_bulk``) a count of them by status.

    Examples
    --------
    >>> import geo
    >>> [s.label for s in steps(geo.load_story(geo.example_path()))]
    ['7 Dec 2024', '10–14 Dec 2024', 'Planned']
    """
    return list(Scene.of(story).steps)


def _steps(scene: Scene) -> list[Step]:
    story, moves = scene.story, scene.by_id

    def caption(group: list, label: str | None = None) -> str:
        if not scene.bulk:
            # The step's label is its date: its sentences do not say it again.
            return " ".join(_undated(movement_sentence(story, m, scene.names), m, label)
                            for m in group)
        return f"{len(group):,} movement{'' if len(group) == 1 else 's'}: " + ", ".join(
            f"{n:,} {s}" for s, n in status_counts(group).items()) + "."

    if story.steps:
        out = []
        for spec in story.steps:
            ids = tuple(spec["movements"])
            label = spec.get("label") or date_text(spec.get("date")) or \
                date_text(moves[ids[0]].date) or "Step"
            out.append(Step(label, ids, spec.get("caption") or caption([moves[i] for i in ids],
                                                                        label)))
        return out
    groups: dict[tuple, list] = {}
    for m in scene.moves:
        if present(m.start):
            key = (0, m.start, "")
        elif m.status == "planned":
            key = (2, "", "Planned")
        else:
            key = (1, "", "Date not reported")
        groups.setdefault(key, []).append(m)
    out = []
    for key in sorted(groups):
        group = groups[key]
        if key[0] == 0:
            ends = sorted({m.end for m in group})
            label = date_text(key[1] if ends == [key[1]] else f"{key[1]}/{ends[-1]}")
        else:
            label = key[2]
        out.append(Step(label, tuple(m.id for m in group), caption(group, label)))
    return out


def _undated(sentence: str, move: Movement, label: str | None) -> str:
    """``sentence`` without the date it starts with when that date is ``label``'s."""
    when = date_text(move.date)
    if when and when == label and sentence.startswith(f"{when}: "):
        rest = sentence[len(when) + 2:]
        return rest[:1].upper() + rest[1:]
    return sentence


def summary_sentences(story: Story, *, top: int = 10) -> list[str]:
    """A large story in a few sentences: counts, dates, statuses and the busiest places."""
    scene = Scene.of(story)
    moves = scene.moves
    out = [f"{len(scene.places):,} places and {len(moves):,} movements."]
    dates = sorted(d for m in moves if present(m.date) for d in m.date.split("/"))
    if dates:
        out.append(f"Dated movements run from {date_text(dates[0])} to {date_text(dates[-1])}.")
    parts = [f"{s} {n:,}" for s, n in status_counts(moves).items()]
    if parts:
        out.append("Movements by status: " + ", ".join(parts) + ".")
    busiest = sorted(scene.touches.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    if busiest:
        out.append("The places most movements touch: " + ", ".join(
            f"{scene.names[pid]} ({n:,})" for pid, n in busiest) + ".")
    out.append("Every place and movement, with its source, is in the story's GeoJSON and "
               "CSV exports.")
    return out


def alt_text(story: Story) -> str:
    """A short description of the map for an image's or an iframe's alternative text."""
    out = [f"Map: {story.title}."]
    scene = Scene.of(story)
    if scene.bulk:
        return " ".join(out + summary_sentences(story))
    names = [p["name"] for p in scene.places]
    out.append(f"{len(names)} place{'s' if len(names) != 1 else ''}: {', '.join(names)}.")
    out += [movement_sentence(story, m, scene.names) for m in scene.moves]
    return " ".join(out)
