"""What the maps say in words: dates, counts, labels, sentences and the credit line.

The same words everywhere: a movement's label on a static map, its tooltip on the page,
its sentence in the text alternative, its KML description.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .style import KINDS

if TYPE_CHECKING:
    from .story import Story

__all__ = ["count_text", "credit_line", "date_text", "far_text", "label_text", "movement_sentence",
           "movement_text", "place_names", "place_sentence", "present", "second_language",
           "second_name"]


def far_text(name: str, km: float, *, to: bool = False) -> str:
    """The label of a stub at the frame's edge toward a far place: "from Vladivostok,
    6,400 km" (``to``: "to ..."), the distance to 100 km past 1,000 km, else to 10 km.

    Examples
    --------
    >>> far_text("Vladivostok", 6398.2)
    'from Vladivostok, 6,400 km'
    """
    step = 100 if km >= 1000 else 10
    return f"{'to' if to else 'from'} {name}, {round(km / step) * step:,} km"


def present(value) -> bool:
    """True for a non-blank string."""
    return isinstance(value, str) and bool(value.strip())


def _row(row):
    """A frame's row as it is, a record (a dict of its columns) as one: ``row.name``."""
    if not isinstance(row, dict):
        return row
    from types import SimpleNamespace

    return SimpleNamespace(**row)


def second_language(languages) -> str:
    """The language of a label's second line: the story's language other than English; with
    English only, Arabic, whose column then holds the story's own Arabic names alone (drawn
    as they always were).

    Examples
    --------
    >>> second_language(("en", "uk")), second_language(("en",))
    ('uk', 'ar')
    """
    return next((lang for lang in languages if lang != "en"), "ar")


def _folded(name: str) -> str:
    """A name without case, accents or punctuation: "Medellín" and "medellin" are one."""
    import re
    import unicodedata

    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name)
                    if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def second_name(row, languages) -> str | None:
    """A label's second line: the name in ``second_language(languages)`` of a place or a
    context city (its ``name_<lang>`` column; ``name_ar`` for Arabic), or None where it has
    none or it is the first line again but for case and accents (Medellín, "Medellin").
    ``row`` is a frame's row or a record (a dict keyed by the columns).

    Examples
    --------
    >>> from types import SimpleNamespace as Row
    >>> second_name(Row(name="Kyiv", name_uk="Київ"), ("en", "uk"))
    'Київ'
    >>> second_name(Row(name="Medellin", name_es="Medellín"), ("en", "es")) is None
    True
    """
    row = _row(row)
    value = getattr(row, f"name_{second_language(languages)}", None)
    if not present(value) or _folded(value) == _folded(str(row.name)):
        return None
    return value


def label_text(row, languages) -> str:
    """A place's or context city's label on a static map: its name, and on a second line
    ``second_name``."""
    second = second_name(row, languages)
    return row.name if second is None else f"{row.name}\n{second}"


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


def _people(move) -> str:
    """The count in words: '29 people', '1 person', '2,000–4,000 people'."""
    return f"{count_text(move)} {'person' if move.count_max == 1 else 'people'}"


def movement_text(move) -> str:
    """The label drawn beside a movement: its label or count, and its date.

    A count is of people (the story format's word): "29 people, 20 Jan 2022", as a bare
    "29, 20 Jan 2022" reads as two dates.
    """
    parts = []
    if present(move.label):
        parts.append(move.label)
    elif count_text(move):
        parts.append(_people(move))
    if present(move.date):
        parts.append(date_text(move.date))
    return ", ".join(parts)


#: The gazetteer's datasets as a credit line names them, by their ``source`` prefix.
_PLACE_DATASETS = {"geonames": "GeoNames", "ourairports": "OurAirports",
                   "curated": "sourced rows curated for geo-storymaps",
                   "user": "the newsroom's own gazetteer"}


def credit_line(story: Story) -> str:
    """Sources, data attribution, the schematic-lines caveat and the story's credit."""
    parts, records = [], story.records
    names = [s["name"] for s in story.sources.values()]
    if names:
        parts.append("Sources: " + "; ".join(names))
    # GeoNames always: the context cities are its places too.
    used = [name for key, name in _PLACE_DATASETS.items() if key == "geonames" or any(
        str(p["geocoder"]).startswith(key + ":") for p in records.places)]
    parts.append("Boundaries: Natural Earth. Places: " + ", ".join(used))
    if len(records.movements):
        parts.append("Movement lines are schematic, not routes")
    if present(story.credit):
        parts.append(story.credit)
    return ". ".join(p.rstrip(".") for p in parts) + "."


def place_sentence(story: Story, row) -> str:
    """One place as a sentence for the text alternative: kind, position, certainty, source.

    ``row`` is a row of ``story.places`` (from ``itertuples``) or its record (a dict,
    ``Story.records``).
    """
    row = _row(row)
    kind = (KINDS[row.kind].label if row.kind in KINDS else "Place").lower()
    text = f"{row.name}: {kind} at {abs(row.lat):.4f}° {'N' if row.lat >= 0 else 'S'}, " \
           f"{abs(row.lon):.4f}° {'E' if row.lon >= 0 else 'W'}"
    if row.approximate:
        text += f", approximate location (within {row.uncertainty_km:g} km)"
    src = story.sources.get(row.source or "") if present(row.source) else None
    return text + (f"; source: {src['name']}" if src else "") + "."


def place_names(story: Story) -> dict[str, str]:
    """Place id -> name."""
    return {p["id"]: p["name"] for p in story.records.places}


def movement_sentence(story: Story, move, names: dict[str, str] | None = None) -> str:
    """One movement as a sentence: when, how many, who, from, via, to, status, source.

    ``names`` is ``place_names(story)``, made once by a caller that writes many sentences
    (made here for each one, ten thousand sentences took minutes).
    """
    names = place_names(story) if names is None else names
    parts = []
    if present(move.date):
        parts.append(f"{date_text(move.date)}:")
    what = move.label if present(move.label) else _people(move) if count_text(move) else None
    if what:
        parts.append(what)
    if present(move.actor):
        parts.append(f"({move.actor})")
    parts.append(f"from {names[move.from_]}")
    via = [names[v] for v in move.via]
    if via:
        parts.append("via " + ", ".join(via))
    parts.append(f"to {names[move.to]}, {move.status}")
    src = story.sources.get(move.source or "") if present(move.source) else None
    return " ".join(parts) + (f"; source: {src['name']}" if src else "") + "."
