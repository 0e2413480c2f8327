"""The map's visual vocabulary, one table for every renderer: colours, symbols, dashes, words.

Each renderer has one adapter that turns these values into its own terms (matplotlib
line styles and markers, Leaflet options and CSS, KML styles); none defines a colour,
a dash or a legend label of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocab import PLACE_KINDS, STATUSES

__all__ = ["ADMIN1", "AREA", "AREA_EDGE", "AREA_TEXT", "BORDER", "CLAIMED", "CONTEXT",
           "CONTEXT_CITIES", "CONTEXT_LABELS", "COUNTRY_TEXT", "ContextCities", "FOCUS_LAND",
           "FRAME_CIRCLE_KM", "KINDS", "KindStyle",
           "LAND", "MOVE", "MUTED", "PAST", "RIVER", "SEA", "STATUS", "StatusStyle", "TEXT",
           "UNCERTAIN", "UncertainStyle", "dash_at", "status_legend"]

#: Movement lines and approximate-position circles.
MOVE = "#b2182b"
#: Claimed movements: one side's word, quieter than the reported ones.
CLAIMED = "#6b6b6b"
#: Movements of earlier timeline steps: present, but quieter than the step's own.
PAST = "#d9a3aa"

#: The basemap's palette: quiet fills, so the story's own features (dark symbols, red lines)
#: stand out.
SEA = "#d6e4ee"
LAND = "#ecebe6"
FOCUS_LAND = "#fbfaf6"  # the countries the story's places are in
BORDER = "#8c8c8c"
ADMIN1 = "#cdc9bf"
RIVER = "#8db7d6"
AREA = "#f2e3bf"
AREA_EDGE = "#b08d4a"
#: Context cities (capitals and large cities around the story).
CONTEXT = "#6e6e6e"

#: Text: labels and titles, secondary text, area and country names.
TEXT = "#1f1f1f"
MUTED = "#5c5c5c"
AREA_TEXT = "#7a5c1e"
COUNTRY_TEXT = "#8a857a"


@dataclass(frozen=True)
class KindStyle:
    """How a place of one kind is drawn.

    Attributes
    ----------
    label : str
        The legend's words.
    marker : str
        matplotlib marker.
    size : float
        Symbol size in points on a static map.
    shape : str
        The symbol as SVG in a 16 x 16 box (Leaflet markers and legends).
    disc : float
        Radius in pixels of the disc that stands for the place on a large story's canvas.
    kml_icon : str
        Google Earth's icon name (``http://maps.google.com/mapfiles/kml/shapes/<name>.png``).
    """

    label: str
    marker: str
    size: float
    shape: str
    disc: float
    kml_icon: str = "placemark_circle"


KINDS: dict[str, KindStyle] = {
    "capital": KindStyle("Capital", "*", 10, '<path d="M8 .8l2.1 4.6 5 .5-3.8 3.4 1.1 4.9L8 '
                         '11.7l-4.4 2.5 1.1-4.9L.9 5.9l5-.5z"/>', 6, "star"),
    "city": KindStyle("City", "o", 7, '<circle cx="8" cy="8" r="6"/>', 5),
    "town": KindStyle("Town", "o", 6, '<circle cx="8" cy="8" r="5"/>', 4.5),
    "village": KindStyle("Village", "o", 4.5, '<circle cx="8" cy="8" r="3.8"/>', 3.5),
    "crossing": KindStyle("Border crossing", "D", 6.5, '<path d="M8 1.5 14.5 8 8 14.5 1.5 8z"/>',
                          5, "square"),
    "airfield": KindStyle("Airfield", "^", 8, '<path d="M8 1.5 15 14.2H1z"/>', 5, "airports"),
    "base": KindStyle("Military base", "s", 6.5,
                      '<rect x="2.5" y="2.5" width="11" height="11"/>', 5, "square"),
    "camp": KindStyle("Camp", "p", 7.5, '<path d="M8 1.3 14.7 6.2 12.1 14.2H3.9L1.3 6.2z"/>', 5,
                      "campground"),
    "area": KindStyle("Area", "o", 4, '<circle cx="8" cy="8" r="4"/>', 4),
    "other": KindStyle("Place", "o", 5, '<circle cx="8" cy="8" r="4.5"/>', 4),
}
assert tuple(KINDS) == PLACE_KINDS


@dataclass(frozen=True)
class StatusStyle:
    """How a movement of one status is drawn.

    Attributes
    ----------
    label : str
        The legend's words.
    color : str
        Its line's colour.
    dash : tuple of float
        The line's on-off pattern in points at a line width of 1 point (matplotlib's
        convention: the pattern grows with the line); empty for a solid line.
    """

    label: str
    color: str
    dash: tuple[float, ...] = ()


STATUS: dict[str, StatusStyle] = {
    "reported": StatusStyle("Reported movement", MOVE),
    "confirmed": StatusStyle("Confirmed movement", MOVE),
    "planned": StatusStyle("Planned movement", MOVE, (5, 3)),
    "claimed": StatusStyle("Claimed, unverified", CLAIMED, (1, 2)),
}
assert tuple(STATUS) == STATUSES


def status_legend(statuses) -> list[tuple[str, str]]:
    """The legend's movement rows for the ``statuses`` a map draws, in the table's order:
    (the status whose line the row shows, its words). Statuses drawn alike share a row
    ("Reported or confirmed movement"): two rows of one line would tell a reader nothing."""
    drawn = set(statuses)
    rows: dict[tuple, list[str]] = {}
    for status in (s for s in STATUSES if s in drawn):
        rows.setdefault((STATUS[status].color, STATUS[status].dash), []).append(status)
    out = []
    for same in rows.values():
        labels = [STATUS[s].label for s in same]
        tail = labels[0].rsplit(" ", 1)[-1]
        if len(labels) > 1 and all(label.endswith(" " + tail) for label in labels):
            heads = [label[:-len(tail) - 1] for label in labels]
            labels = [heads[0] + "".join(", " + h.lower() for h in heads[1:-1])
                      + " or " + heads[-1].lower() + " " + tail]
        out.append((same[0], " or ".join(labels)))
    return out



def dash_at(dash: tuple[float, ...], width: float) -> tuple[float, ...]:
    """A dash pattern of the table for a line ``width`` wide, in the line's own unit."""
    return tuple(round(v * width, 3) for v in dash)


@dataclass(frozen=True)
class UncertainStyle:
    """How an approximate position's circle is drawn: its colour, the opacity of its fill,
    and its outline's dash pattern at a line width of 1 (see ``StatusStyle``)."""

    color: str
    fill_opacity: float
    dash: tuple[float, ...]


UNCERTAIN = UncertainStyle(MOVE, 0.13, (2, 2))


@dataclass(frozen=True)
class ContextCities:
    """Which capitals and large cities a map shows around the story, for orientation.

    Attributes
    ----------
    limit : int
        At most this many.
    min_km : float
        None closer than this to a place of the story (it would read as one of them).
    """

    limit: int
    min_km: float


#: A circle of uncertainty wider than this (km) frames the map only to this radius: one of
#: thousands of km holds the whole frame, and is drawn as the whole frame.
FRAME_CIRCLE_KM = 3000.0
CONTEXT_CITIES = ContextCities(limit=12, min_km=15.0)

#: The static legend's words for the context cities: a capital, a capital in a legend that
#: also has the story's own capitals, and a large city.
CONTEXT_LABELS = {"capital": "Capital", "other capital": "Other capital",
                  "city": "Other city, 100,000+"}
