"""A large story's data (``geo.scene.BULK``): every place and movement in compact arrays that
``assets/bulk.js`` draws on one canvas, popups made in the page only when asked for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..style import KINDS, MOVE, PAST, STATUS, UNCERTAIN
from ..text import movement_text, present, second_language, second_name
from ..vocab import RIGHT_TO_LEFT, STATUSES
from .escape import lat_lon, safe_url
from .features import dash

if TYPE_CHECKING:
    from ..scene import Scene

__all__ = ["MAX_LABELS", "WEIGHT", "bulk"]

#: Movement lines' width on a large story's canvas, px.
WEIGHT = 2.5
#: Place labels shown at most at one view.
MAX_LABELS = 400


def bulk(scene: Scene) -> dict:
    """The arrays: places [lat, lon, kind, km, approximate, source, name, second name (in
    ``lang``, right to left if ``rtl``: ``geo.text.second_name``), geocoder, note],
    movements [from, to, status, source, date, label, actor, quote, km, inner vertices],
    the kinds' disc radii, the statuses' colours and dashes, the sources, the
    places by how many movements touch them, and each movement's step of the timeline."""
    import shapely

    story = scene.story
    sources = {sid: i for i, sid in enumerate(story.sources)}
    kinds = list(KINDS)
    index = {p["id"]: i for i, p in enumerate(scene.places)}
    places = []
    for p in scene.places:
        kind = p["kind"] if p["kind"] in KINDS else "other"
        lon = scene.positions[p["id"]][0]  # the page's longitudes: continuous
        places.append([round(p["lat"], 5), round(lon, 5), kinds.index(kind),
                       round(p["uncertainty_km"], 3), int(bool(p["approximate"])),
                       sources.get(p["source"], -1) if present(p["source"]) else -1, p["name"],
                       second_name(p, story.languages) or "", p["geocoder"],
                       p["note"] if present(p["note"]) else ""])
    moves = []
    for row in scene.moves:
        # Vertices between the ends, where the drawn line is not straight to within ~100 m.
        line = shapely.simplify(shapely.LineString(scene.paths[row.id]), 0.001)
        inner = [[round(v, 4) for v in lat_lon(x, y)] for x, y in list(line.coords)[1:-1]]
        moves.append([index[row.from_], index[row.to], STATUSES.index(row.status),
                      sources.get(row.source, -1) if present(row.source) else -1,
                      row.date if present(row.date) else "", movement_text(row),
                      row.actor if present(row.actor) else "",
                      row.quote if present(row.quote) else "", round(row.length_km),
                      *([inner] if inner else [])])
    degree, ids = scene.touches, [p["id"] for p in scene.places]
    data = {
        "places": places, "moves": moves,
        "kinds": [KINDS[k].disc for k in kinds],
        "statuses": [[s, STATUS[s].color, dash(STATUS[s].dash, WEIGHT)] for s in STATUSES],
        "uncertain": [dash(UNCERTAIN.dash, 1.2), UNCERTAIN.fill_opacity],
        "sources": [[src["name"], safe_url(src.get("url")) or ""]
                    for src in story.sources.values()],
        "order": sorted(range(len(places)), key=lambda i: (-degree.get(ids[i], 0), i)),
        "move": MOVE, "past": PAST, "weight": WEIGHT, "maxLabels": MAX_LABELS,
        "lang": second_language(story.languages),
        "rtl": second_language(story.languages) in RIGHT_TO_LEFT,
    }
    if len(scene.steps) > 1:  # each movement's step; -1: in none, always drawn
        step_of = {mid: k for k, s in enumerate(scene.steps) for mid in s.movements}
        data["step"] = [step_of.get(row.id, -1) for row in scene.moves]
    return data
