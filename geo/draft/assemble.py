"""The draft itself: the article's places, areas and movements as a story document."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..vocab import ARABIC_SPEAKING, PLACE_KINDS
from .events import events, merge
from .grammar import movements
from .lexicon import ARABIC, GROUPS
from .mentions import Mention, header, resolve, sentences

if TYPE_CHECKING:
    from ..story import Story

__all__ = ["Draft", "draft", "draft_story"]


@dataclass
class Draft:
    """A drafted story: the document, the YAML text and what a person must review."""

    document: dict
    mentions: list[Mention]
    review: list[str] = field(default_factory=list)
    #: Place id in the document -> the gazetteer entry it stands for.
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def yaml(self) -> str:
        import yaml

        head = ("# Draft story made by make-map --draft. Check every `review:` entry against\n"
                "# the article before publishing; positions come from the offline gazetteer.\n")
        return head + yaml.safe_dump(self.document, sort_keys=False, allow_unicode=True,
                                     width=100, default_flow_style=False)



def _slug(name: str, taken: set[str]) -> str:
    import unicodedata

    base = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    base = re.sub(r"['’]", "", base.lower())
    base = re.sub(r"[^a-z0-9]+", "-", base).strip("-")[:40].strip("-") or "place"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def draft(text: str, *, published: str | None = None, source: str | None = None,
          title: str | None = None) -> Draft:
    """Draft a story from an article's text.

    Parameters
    ----------
    text : str
        The article. Lines starting with ``#`` are not read as text; a
        ``# Source: NAME`` line names the source.
    published : str, optional
        The publication date, ISO 8601: relative dates ("last Saturday", "on
        Tuesday") are resolved against it.
    source : str, optional
        The source's name; default: the ``# Source:`` line, else "the article".
    title : str, optional
        The story's title; default: the article's first sentence, shortened.

    Returns
    -------
    Draft
        ``document`` (the story as a dict), ``yaml`` (its text), ``mentions``
        (every place name found, with offsets) and ``review`` (what a person
        must check).
    """
    body, meta = header(text)
    pub = dt.date.fromisoformat(published) if published else None
    spans = sentences(body)
    mentions, review = resolve(body, spans)
    parsed = movements(body, spans, mentions, pub)
    found, more = events(body, spans, mentions, pub, parsed[0] if parsed else None)
    review += (parsed[1] if parsed else []) + more
    doc: dict = {"title": title or _title(body, spans)}
    if pub:
        doc["date"] = pub.isoformat()
    doc["sources"] = [{"id": "article", "name": source or meta.get("source") or "the article"}]
    if pub:
        doc["sources"][0]["published"] = pub.isoformat()
    story = _Assembly(body, spans, mentions, review)
    areas = story.add_mentions()
    moves = story.add_movements(merge(found, mentions))
    if not story.order:
        story.add_regions()
    doc["places"] = [story.places[s] for s in story.order]
    if not any(p.country in ARABIC_SPEAKING for p in story.chosen.values()) and \
            not any(ARABIC.search(m.text) for m in mentions):
        for entry in doc["places"]:  # Arabic labels for the Arab world: not in West Virginia
            entry.pop("name_ar", None)
    if moves:
        doc["movements"] = moves
    if areas:
        doc["areas"] = areas
    if not doc["places"]:
        from ..errors import GeoError

        raise GeoError("no place in the gazetteer is named in the article; write the story "
                       "file by hand, or check the text is the article")
    _pin(doc, {story.places[s]["id"]: story.chosen[s] for s in story.order}, review)
    for section in ("places", "movements", "areas"):
        for item in doc.get(section, []):
            if item.get("review"):
                review.append(f"{section[:-1]} {item.get('id') or item.get('label')}: "
                              f"{item['review']}")
    return Draft(document=doc, mentions=mentions, review=review,
                 sources={story.places[s]["id"]: s for s in story.order})


#: Gazetteer kinds a drafted place keeps (the story's symbols); the others (countries,
#: divisions, continents) are drawn as areas.
_PLACE_KINDS = tuple(k for k in PLACE_KINDS if k not in ("capital", "area", "other"))


class _Assembly:
    """The story's places (one entry per gazetteer entry, in the order the article names
    them) and movements, as they are drafted."""

    def __init__(self, body: str, spans, mentions: list[Mention], review: list[str]):
        self.body, self.spans, self.mentions, self.review = body, spans, mentions, review
        self.ids: set[str] = set()
        self.places: dict[str, dict] = {}   # gazetteer source -> place entry
        self.chosen: dict[str, object] = {}  # gazetteer source -> Place
        self.order: list[str] = []

    def sentence(self, si: int) -> str:
        return " ".join(self.body[self.spans[si][0]:self.spans[si][1]].split())

    def place(self, p, *, quote: str | None, surface: str | None = None) -> str:
        """The id of the entry for gazetteer place ``p``, made on first use."""
        if p.source in self.places:
            return self.places[p.source]["id"]
        arabic = bool(surface and ARABIC.search(surface))
        name = p.name if arabic or not surface else surface
        entry = {"id": _slug(name, self.ids), "name": name}
        if arabic or p.name_ar:
            entry["name_ar"] = surface if arabic else p.name_ar
        entry["kind"] = "capital" if p.capital else p.kind if p.kind in _PLACE_KINDS else "area"
        entry["lookup"] = p.name
        if p.country:  # the Darién Gap, a sea: no one country
            entry["country"] = p.country
        entry["note"] = f"gazetteer: {p.source} ({p.name}). {p.note}".strip()
        entry["source"] = "article"
        if quote:
            entry["quote"] = _cut(quote)
        flags = []
        if p.kind in ("country", "area") or p.uncertainty_km >= 10 and p.dataset != "geonames":
            flags.append(f"position known only to about {p.uncertainty_km:g} km")
        if p.dataset == "curated" and p.uncertainty_km >= 3:
            flags.append("an estimated site: check the note's competing reports")
        if flags:
            entry["review"] = "; ".join(flags)
        self.places[p.source] = entry
        self.chosen[p.source] = p
        self.order.append(p.source)
        return entry["id"]

    def add_mentions(self) -> list[dict]:
        """The places the article names, in its order; returns the areas: countries and
        provinces become areas unless a movement needs them as an end."""
        first: dict[str, Mention] = {}
        for m in self.mentions:
            first.setdefault(m.place.source, m)
        areas = []
        for m in first.values():
            if m.place.kind == "area" and m.place.dataset == "natural-earth-admin1":
                areas.append({"lookup": m.place.name, "label": m.text,
                              "country": m.place.country})
            elif m.place.kind != "country" and not _dateline(self.body, m):
                self.place(m.place, quote=self.sentence(m.sentence), surface=_label(m))
        return areas

    def add_regions(self) -> None:
        """The countries and provinces named, as places: for an article that names nothing
        smaller, whose map needs at least one place (each drawn as its centre and size)."""
        for m in self.mentions:  # in the article's order, each place once (``place``)
            if m.place.kind in ("country", "area") and not _dateline(self.body, m):
                self.place(m.place, quote=self.sentence(m.sentence), surface=_label(m))
        self.review.append("the article names only countries or provinces: each is drawn as "
                           "its centre and size; check that a map of them says what it means")

    def add_movements(self, found: list) -> list[dict]:
        """A movement entry for each event whose ends can be placed, following each group
        of people ("families", "soldiers") from place to place."""
        moves: list[dict] = []
        where: dict[str, object] = {}  # where each group is as the story goes on
        self.entered = self.last = None  # where the last entry took anyone; the last end
        self.country = _main_country(self.mentions)
        for ev in sorted(found, key=lambda e: ({"enter": 0, "leave": 0, "move": 1,
                                                "return": 2}[e.kind], e.status == "planned",
                                               e.sentence)):
            group = _group(ev.actor)
            if ev.kind == "leave":
                where[group] = ev.frm
                continue
            notes, flags = [], []
            frm, to, via = self._ends(ev, where.get(group), notes, flags)
            if frm is None or to is None or frm.source == to.source:
                self.review.append(f"could not place both ends of a movement: "
                                   f"{ev.quote[:160]!r}")
                continue
            moves.append(self._movement(ev, len(moves) + 1, frm, to, via, notes, flags))
            if ev.status != "planned":
                where[group] = self.last = to
                if ev.kind == "enter":
                    self.entered = to
        return moves

    def _ends(self, ev, here, notes: list[str], flags: list[str]) -> tuple:
        """(from, to, via) of an event, with what was inferred said in ``notes`` and
        ``flags``; ``here`` is where the event's group was last."""
        frm, to, via = ev.frm, ev.to, ev.via
        if ev.kind == "enter":
            if frm is None and ev.origin:
                frm = _country(ev.origin)
                notes.append(f"origin implicit: the article calls them {ev.actor}; "
                             f"shown as their country")
            if to is None or to.kind == "country":
                crossing = _crossing_near(self.mentions, self.country) if ev.via_border else None
                if crossing is not None:
                    to = crossing
                    flags.append(f"entry point inferred: the article says 'at the border' and "
                                 f"names {_near_name(self.mentions, crossing)}")
                elif to is None and self.country:
                    to = _country(self.country)
                    notes.append("destination implicit: the country the article is about")
            return frm, to, via
        if frm is None:
            frm = here or self.entered or self.last
            if frm is not None:
                notes.append("origin taken from the previous movement in the article")
            elif via is not None:  # "handed over to the Syrian side at the Al-Qaim crossing"
                frm, via = via, None
                notes.append("origin taken as the place on the way the article names")
        if to is None and ev.kind == "return" and ev.origin:
            to = _country(ev.origin)
            notes.append(f"destination given as a return home ({to.name if to else ''})")
        if ev.kind == "return" and ev.via_border and via is None:
            via = _crossing_near(self.mentions, self.country)
        return frm, to, via

    def _movement(self, ev, n: int, frm, to, via, notes: list[str], flags: list[str]) -> dict:
        if ev.on_hold:
            flags.append("on hold: the article says this plan was suspended or superseded")
        elif ev.conditional:
            flags.append("conditional: the article makes it depend on events")
        if ev.reportedly and ev.status == "reported":
            flags.append("the article says 'reportedly'")
        if ev.date and ev.date_note:
            flags.append(ev.date_note)
        if len(ev.quotes) > 1:
            flags.append(f"merged from {len(ev.quotes)} sentences")
        move = {"id": f"{ev.kind}-{n}", "from": self.place(frm, quote=None),
                "to": self.place(to, quote=None)}
        if via is not None and via.source not in (frm.source, to.source):
            move["via"] = [self.place(via, quote=None)]
        if ev.date:
            move["date"] = ev.date
        if ev.actor:
            move["actor"] = ev.actor
        if ev.count:
            move["count"] = ev.count[0] if ev.count[0] == ev.count[1] else list(ev.count)
            if not ev.count_label.isdigit():
                move["label"] = ev.count_label
        move["status"] = ev.status
        move["source"] = "article"
        move["quote"] = _cut(ev.quote)
        if notes:
            move["note"] = "; ".join(notes)
        if flags:
            move["review"] = "; ".join(flags)
        return move


def _cut(quote: str) -> str:
    """A quote cut to the length a story's quotes may have (a sentence of an article with no
    full stops can run on for pages)."""
    from ..story import schema

    most = schema()["$defs"]["quote"]["maxLength"]
    return quote if len(quote) <= most else quote[:most - 1] + "…"


def _pin(doc: dict, chosen: dict, review: list[str]) -> None:
    """Make each place's lookup find the entry the drafter chose, or pin its position."""
    from ..errors import GeoError
    from ..gazetteer import geocode

    lons = [p.lon for p in chosen.values()]
    lats = [p.lat for p in chosen.values()]
    near = (sum(lons) / len(lons), sum(lats) / len(lats))
    for entry in doc["places"]:
        want = chosen[entry["id"]]
        try:
            same = geocode(entry["lookup"], country=entry.get("country"), near=near).source \
                == want.source
        except GeoError:
            same = False
        if same:
            continue
        entry["lonlat"] = [round(want.lon, 5), round(want.lat, 5)]
        entry["uncertainty_km"] = float(want.uncertainty_km)
        del entry["lookup"]
        review.append(f"place {entry['id']}: its name alone finds another place; position "
                      f"pinned to {want.source}")


def _group(actor: str | None) -> str:
    """The group an actor belongs to, for following it from place to place."""
    if not actor:
        return ""
    head = actor.split()[-1].lower()
    return GROUPS.get(head, head)


def _title(body: str, sentences) -> str:
    first = " ".join(body[sentences[0][0]:sentences[0][1]].split()) if sentences else "Draft"
    return first if len(first) <= 90 else first[:87].rsplit(" ", 1)[0] + "..."


def _dateline(body: str, m: Mention) -> bool:
    """True for the dateline's place ("MOSUL, Iraq —"): where the reporter files from."""
    line_start = body.rfind("\n", 0, m.start) + 1
    return not body[line_start:m.start].strip() and m.text.isupper() and \
        bool(re.match(r"\s*(?:,|—|–|-|\()", body[m.end:m.end + 3]))


def _label(m: Mention) -> str:
    """The name as the article writes it, without kind words that describe it."""
    words = m.text.split()
    while len(words) > 1 and words[-1].lower() in {"province", "governorate", "district",
                                                   "region"}:
        words.pop()
    return " ".join(words)


def _main_country(mentions: list[Mention]) -> str | None:
    counts: dict[str, int] = {}
    for m in mentions:
        if m.place.country:
            counts[m.place.country] = counts.get(m.place.country, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else None


def _country(code: str):
    """The gazetteer's entry for the country with ISO code ``code``."""
    from ..gazetteer import places

    rows = places(kind="country", country=code, limit=1)
    return rows[0] if rows else None


def _crossing_near(mentions: list[Mention], country: str | None):
    """The curated border crossing within 15 km of a place the article names, if any."""
    from ..geometry import haversine_km

    if country is None:
        return None
    from ..gazetteer import places

    crossings = places(kind="crossing", country=country, datasets=("curated",))
    for m in mentions:
        for p in crossings:
            if haversine_km(m.place.lon, m.place.lat, p.lon, p.lat) <= 15:
                return p
    return None


def _near_name(mentions: list[Mention], crossing) -> str:
    from ..geometry import haversine_km

    for m in mentions:
        if haversine_km(m.place.lon, m.place.lat, crossing.lon, crossing.lat) <= 15:
            return m.text
    return crossing.name


def draft_story(text: str, *, published: str | None = None) -> Story:
    """Draft a story from an article and load it (see ``draft``).

    Returns
    -------
    Story
        The draft, as ``make-map`` would render it; its ``warnings`` list the
        review flags.
    """
    from ..story import parse_story

    return parse_story(draft(text, published=published).yaml, filename="draft")

