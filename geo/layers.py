"""What both renderers draw, decided once: styles by status and kind, labels, credits."""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .story import Story

__all__ = ["ADMIN1", "AREA", "AREA_EDGE", "BORDER", "BULK", "CLAIMED", "CONTEXT", "FOCUS_LAND", "KIND_LABEL", "KIND_MARKER", "LAND", "MOVE", "PAST", "RIVER", "SEA", "STATUS_ORDER", "STATUS_STYLE", "Step", "UNCERTAIN_KM", "alt_text", "count_text", "credit_line", "date_text", "display_paths", "is_bulk", "movement_sentence", "movement_text", "movements", "place_names", "place_sentence", "present", "status_counts", "steps", "summary_sentences", "touches"]

#: Places whose uncertainty is at least this many km are drawn as a circle of that radius.
UNCERTAIN_KM = 3.0

MOVE = "#b2182b"
CLAIMED = "#6b6b6b"
#: Movements of earlier timeline steps: present, but quieter than the step's own.
PAST = "#d9a3aa"

#: The basemap's palette, shared by the static and the web map: quiet fills, so the
#: story's own features (dark symbols, red lines) stand out.
SEA = "#d6e4ee"
LAND = "#ecebe6"
FOCUS_LAND = "#fbfaf6"  # the countries the story's places are in
BORDER = "#8c8c8c"
ADMIN1 = "#cdc9bf"
RIVER = "#8db7d6"
AREA = "#f2e3bf"
AREA_EDGE = "#b08d4a"
CONTEXT = "#6e6e6e"

#: Line style per movement status: solid for reported/confirmed, dashed for planned,
#: dotted grey for claimed.
STATUS_STYLE = {
    "reported": {"linestyle": "-", "color": MOVE, "label": "Reported movement"},
    "confirmed": {"linestyle": "-", "color": MOVE, "label": "Confirmed movement"},
    "planned": {"linestyle": (0, (5, 3)), "color": MOVE, "label": "Planned movement"},
    "claimed": {"linestyle": (0, (1, 2)), "color": CLAIMED, "label": "Claimed, unverified"},
}
STATUS_ORDER = ("reported", "confirmed", "planned", "claimed")

#: matplotlib marker and size (points) per place kind.
KIND_MARKER = {
    "capital": ("*", 10), "city": ("o", 7), "town": ("o", 6), "village": ("o", 4.5), "crossing": ("D", 6.5),
    "airfield": ("^", 8), "base": ("s", 6.5), "camp": ("p", 7.5), "area": ("o", 4),
    "other": ("o", 5),
}


#: Legend wording per place kind.
KIND_LABEL = {
    "capital": "Capital", "city": "City", "town": "Town", "village": "Village",
    "crossing": "Border crossing", "airfield": "Airfield", "base": "Military base",
    "camp": "Camp", "area": "Area", "other": "Place",
}


def present(value) -> bool:
    """True for a non-blank string."""
    return isinstance(value, str) and bool(value.strip())


def movements(story: Story) -> list[SimpleNamespace]:
    """The story's movements as records with attribute access (``from_`` for ``from``)."""
    df = story.movements
    columns = list(df.columns)
    out = []
    # Column by column: to_dict("records") boxes each value, five times slower.
    for rec in (dict(zip(columns, row)) for row in zip(*(df[c].tolist() for c in columns))):
        rec["from_"] = rec.pop("from")
        for key in ("count_min", "count_max"):
            v = rec.get(key)
            rec[key] = None if v is None or (isinstance(v, float) and math.isnan(v)) or \
                str(v) == "<NA>" else int(v)
        out.append(SimpleNamespace(**rec))
    return out


def touches(moves) -> dict[str, int]:
    """Place id -> how many of ``moves`` (records from ``movements``) start, pass or end there."""
    out: dict[str, int] = {}
    for m in moves:
        for pid in {m.from_, m.to, *(v for v in (m.via or "").split(",") if v)}:
            out[pid] = out.get(pid, 0) + 1
    return out


def count_text(move) -> str | None:
    """'3,000' or '2,000–4,000' (a range stays a range), or None."""
    if move.count_min is None:
        return None
    if move.count_min == move.count_max:
        return f"{move.count_min:,}"
    return f"{move.count_min:,}–{move.count_max:,}"


def date_text(date: str | None) -> str | None:
    """An ISO date or range as a reader writes it: '7 Dec 2024', '10–14 Dec 2024'.

    Examples
    --------
    >>> date_text("2024-12-07"), date_text("2024-12-10/2024-12-14")
    ('7 Dec 2024', '10–14 Dec 2024')
    >>> date_text("2024-11-30/2024-12-02"), date_text("2024-12-30/2025-01-02")
    ('30 Nov–2 Dec 2024', '30 Dec 2024–2 Jan 2025')
    """
    import datetime as dt

    if not present(date):
        return None
    days = [dt.date.fromisoformat(p) for p in date.split("/")]
    first, last = days[0], days[-1]

    def day(d: dt.date, *, month: bool = True, year: bool = True) -> str:
        out = str(d.day)
        if month:
            out += " " + d.strftime("%b")
        return out + (f" {d.year}" if year else "")

    if first == last:
        return day(first)
    if first.year != last.year:
        return f"{day(first)}–{day(last)}"
    if first.month != last.month:
        return f"{day(first, year=False)}–{day(last)}"
    return f"{day(first, month=False, year=False)}–{day(last)}"


def movement_text(move) -> str:
    """The label drawn beside a movement: its label or count, and its date."""
    parts = []
    if present(move.label):
        parts.append(move.label)
    elif count_text(move):
        parts.append(count_text(move))
    if present(move.date):
        parts.append(date_text(move.date))
    return ", ".join(parts)


def credit_line(story: Story) -> str:
    """Sources, data attribution, the schematic-lines caveat and the story's credit."""
    parts = []
    names = [s["name"] for s in story.sources.values()]
    if names:
        parts.append("Sources: " + "; ".join(names))
    parts.append("Boundaries: Natural Earth. Places: GeoNames, OurAirports")
    if len(story.movements):
        parts.append("Movement lines are schematic, not routes")
    if present(story.credit):
        parts.append(story.credit)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def display_paths(story: Story, *, fraction: float = 0.07) -> dict[str, list[tuple[float, float]]]:
    """Each movement's line as drawn: legs that two movements share are bowed apart.

    The story's geometry stays the geodesic; only the drawing bends, to the left of
    the direction of travel, so a return along an entry's corridor stays visible.
    """
    from .geometry import bend, movement_lines

    legs: dict[frozenset, int] = {}
    moves = movements(story)
    positions = dict(zip(story.places["id"], zip(story.places["lon"], story.places["lat"])))
    for move in moves:
        stops = [move.from_, *[v for v in (move.via or "").split(",") if v], move.to]
        for a, b in zip(stops, stops[1:]):
            legs[frozenset((a, b))] = legs.get(frozenset((a, b)), 0) + 1
    out: dict[str, list] = {move.id: [] for move in moves}
    bent = []
    for move, line in zip(moves, story.movements.geometry):
        stops = [move.from_, *[v for v in (move.via or "").split(",") if v], move.to]
        if all(legs[frozenset((a, b))] == 1 for a, b in zip(stops, stops[1:])):
            out[move.id] = list(line.coords)  # the story's own geodesic: nothing to bend
        else:
            bent.append((move.id, list(zip(stops, stops[1:]))))
    # The legs of those that share a leg, each on its own, all at once.
    lines = iter(movement_lines([[positions[a], positions[b]] for _, pairs in bent
                                 for a, b in pairs])[0])
    for mid, pairs in bent:
        for a, b in pairs:
            seg = list(next(lines).coords)
            if legs[frozenset((a, b))] > 1:
                seg = bend(seg, fraction=fraction)
            out[mid].extend(seg if not out[mid] else seg[1:])
    return out


def place_sentence(story: Story, row) -> str:
    """One place as a sentence for the text alternative: kind, position, certainty, source."""
    kind = KIND_LABEL.get(row.kind, "Place").lower()
    text = f"{row.name}: {kind} at {abs(row.lat):.4f}° {'N' if row.lat >= 0 else 'S'}, " \
           f"{abs(row.lon):.4f}° {'E' if row.lon >= 0 else 'W'}"
    if row.approximate:
        text += f", approximate location (within {row.uncertainty_km:g} km)"
    src = story.sources.get(row.source or "") if present(row.source) else None
    return text + (f"; source: {src['name']}" if src else "") + "."


def place_names(story: Story) -> dict[str, str]:
    """Place id -> name."""
    return dict(zip(story.places["id"], story.places["name"]))


def movement_sentence(story: Story, move, names: dict[str, str] | None = None) -> str:
    """One movement as a sentence: when, how many, who, from, via, to, status, source.

    ``names`` is ``place_names(story)``, made once by a caller that writes many sentences
    (made here for each one, ten thousand sentences took minutes).
    """
    names = place_names(story) if names is None else names
    parts = []
    if present(move.date):
        parts.append(f"{date_text(move.date)}:")
    what = move.label if present(move.label) else count_text(move)
    if what:
        parts.append(what)
    if present(move.actor):
        parts.append(f"({move.actor})")
    parts.append(f"from {names[move.from_]}")
    via = [names[v] for v in (move.via or "").split(",") if v]
    if via:
        parts.append("via " + ", ".join(via))
    parts.append(f"to {names[move.to]}, {move.status}")
    src = story.sources.get(move.source or "") if present(move.source) else None
    return " ".join(parts) + (f"; source: {src['name']}" if src else "") + "."


#: Above this many places or movements a map draws its layers in bulk (one collection
#: in a static map, one canvas in a Leaflet page) and its text alternative summarises
#: the story instead of listing every feature.
BULK = 300


def is_bulk(story: Story) -> bool:
    """True for a story drawn in bulk (see ``BULK``)."""
    return max(len(story.places), len(story.movements)) > BULK


def status_counts(moves) -> dict[str, int]:
    """Status -> how many of ``moves`` have it, in ``STATUS_ORDER``, those with none left out."""
    counts = {s: sum(m.status == s for m in moves) for s in STATUS_ORDER}
    return {s: n for s, n in counts.items() if n}


def summary_sentences(story: Story, *, top: int = 10) -> list[str]:
    """A large story in a few sentences: counts, dates, statuses and the busiest places."""
    moves = movements(story)
    out = [f"{len(story.places):,} places and {len(moves):,} movements."]
    dates = sorted(d for m in moves if present(m.date) for d in m.date.split("/"))
    if dates:
        out.append(f"Dated movements run from {date_text(dates[0])} to {date_text(dates[-1])}.")
    parts = [f"{s} {n:,}" for s, n in status_counts(moves).items()]
    if parts:
        out.append("Movements by status: " + ", ".join(parts) + ".")
    names = place_names(story)
    busiest = sorted(touches(moves).items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    if busiest:
        out.append("The places most movements touch: " + ", ".join(
            f"{names[pid]} ({n:,})" for pid, n in busiest) + ".")
    out.append("Every place and movement, with its source, is in the story's GeoJSON and "
               "CSV exports.")
    return out


def alt_text(story: Story) -> str:
    """A short description of the map for an image's or an iframe's alternative text."""
    out = [f"Map: {story.title}."]
    if is_bulk(story):
        return " ".join(out + summary_sentences(story))
    names = list(story.places["name"])
    out.append(f"{len(names)} place{'s' if len(names) != 1 else ''}: {', '.join(names)}.")
    names = place_names(story)
    out += [movement_sentence(story, m, names) for m in movements(story)]
    return " ".join(out)


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
    moves = {m.id: m for m in movements(story)}
    names = place_names(story)
    bulk = is_bulk(story)

    def caption(group: list) -> str:
        if not bulk:
            return " ".join(movement_sentence(story, m, names) for m in group)
        return f"{len(group):,} movement{'' if len(group) == 1 else 's'}: " + ", ".join(
            f"{n:,} {s}" for s, n in status_counts(group).items()) + "."

    if story.steps:
        out = []
        for spec in story.steps:
            ids = tuple(spec["movements"])
            label = spec.get("label") or date_text(spec.get("date")) or \
                date_text(moves[ids[0]].date) or "Step"
            out.append(Step(label, ids, spec.get("caption") or caption([moves[i] for i in ids])))
        return out
    groups: dict[tuple, list] = {}
    for m in moves.values():
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
        out.append(Step(label, tuple(m.id for m in group), caption(group)))
    return out
