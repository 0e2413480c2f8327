"""Resolution in context: each name's gazetteer candidates weighed against the document's
own geography (its countries, "X, Sudan" and "X in Sudan", nearness to its other places,
the most prominent reading for homonyms far apart), and the kind of mention told.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..gazetteer.within import inside
from ..geometry import haversine_km
from ..names import DESCRIPTORS, normalize_name, split_descriptor
from ..vocab import KIND_WORD_FITS
from .lexicon import DEMONYM_COUNTRY, DIVISION_OFFICE

if TYPE_CHECKING:
    from ..gazetteer import Place
    from .nlp import Span

__all__ = ["GeoMention", "demonym_country", "resolve"]

#: How much each piece of context weighs against the gazetteer's own order.
_IN_COUNTRY = 2.5       # the candidate is in a country the document names (more per mention)
_QUALIFIED = 8.0        # "X, Sudan", "X in Sudan", "X, Texas": in the named container
_NAMESAKE_CITY = 100_000  # a place known by another name this big vies with a famous one
_IN_AREA = 2.0          # in a division or county the document names elsewhere
_LOCAL_KM = 1000.0      # a small place this far from such a document's places is a stray
_FAR_KM = 1500.0        # nearness to the document's places counts up to this far
_NEAR = 3.0
_DISTINCT_KM = 50.0     # two readings further apart than this are different places
_SURE = 0.75            # a first-pass choice this sure is evidence for the second pass
_READINGS = 10          # a name's readings weighed, and counties of one name (Washington
_COUNTIES = 40          # County: 31; Clay County: 18, the one in W.Va. the 14th by people)
#: What lies between a name and the place that qualifies it: "X, Y", "X in Y", "X (Y)",
#: "X, north London", "X, south of Cairns", "X, just outside Y", "X in the suburbs of Y".
_QUALIFIER = re.compile(
    r"(?!\s*\Z)\s*(?:,|\(|\s+in|\s+near|\s+outside)?\s*(?:just\s+)?(?:(?:in|near|outside)\s+)?"
    r"(?:the\s+)?(?:(?:suburbs?|outskirts)\s+of\s+)?"
    r"(?:(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?(?:\s+of)?\s+)?", re.I)
#: What lies between a place and a part of it named after it: "the Cincinnati suburb of
#: West Chester", "the Damascus suburb of Douma", "Gaza City's neighbourhood of Shejaiya".
_PART_OF = re.compile(r"(?:'s|’s)?\s+(?:\w+\s+)?(?:suburbs?|neighbou?rhoods?|districts?|"
                      r"towns?|villages?|townships?|quarters?|boroughs?)\s+of\s+", re.I)
#: How sure each way of matching a name is, before the document's context is weighed.
_MATCH_SURE = {"exact": 1.0, "alternate": 0.9, "kind word": 0.8, "fuzzy": 0.4}
#: A government speaking through its capital or its country's name: "Moscow said".
_GOVERNMENT = re.compile(r"^\s*(?:'s\s+|’s\s+)?(?:government\s+|officials?\s+|authorities\s+)?"
                         r"(?:has\s+|had\s+|have\s+)?(?:said|says|say|announced|told|denied|"
                         r"accused|warned|insisted|stated|claimed|demanded|rejected|"
                         r"condemned|urged|threatened|agreed|refused|called)\b", re.I)


@dataclass(frozen=True)
class GeoMention:
    """A place named in a text.

    Attributes
    ----------
    start, end : int
        Character offsets of the name in the text (``text[start:end]``).
    text : str
        The name as written.
    place : Place or None
        The gazetteer entry it resolves to in context (None: recognised as a place name,
        but no entry of the gazetteer fits). ``place.match`` says how the name matched.
    kind : str
        "literal" (a place), "demonym" (an adjective or people: "Syrian", resolved to
        their country) or "metonymic" (a government speaking: "Moscow said").
    confidence : float
        0 to 1: how sure the resolution is (the lookup's own confidence, lowered when
        another reading far away scores nearly as well in this document).
    found_by : str
        What recognised it: "spacy GPE", "spacy LOC", "spacy FAC", "spacy NORP",
        "gazetteer" (its multi-word names) or "rules" (the rule-based finder).
    """

    start: int
    end: int
    text: str
    place: Place | None
    kind: str
    confidence: float
    found_by: str

    def to_dict(self) -> dict:
        """The mention as JSON-ready values (the place's position, source and match)."""
        p = self.place
        out = {"start": self.start, "end": self.end, "text": self.text, "kind": self.kind,
               "confidence": self.confidence, "found_by": self.found_by}
        if p is not None:
            out.update(name=p.name, lon=p.lon, lat=p.lat, place_kind=p.kind,
                       country=p.country, source=p.source, match=p.match,
                       uncertainty_km=p.uncertainty_km)
        return out


@lru_cache(maxsize=4096)
def _candidates(name: str) -> tuple:
    from ..errors import AmbiguousPlace, GeoError
    from ..gazetteer import candidates, geocode

    kind = split_descriptor(normalize_name(name))[1]
    # "Harbor City": no village; "Scott" in running text: no county, which text names with
    # its kind word ("Scott County"). The first readings, and every county of the name.
    found = tuple(p for i, p in enumerate(candidates(name, fuzzy=False, limit=_COUNTIES))
                  if (i < _READINGS or p.dataset == "us-census-county") and (
                      p.match != "kind word" or p.kind in KIND_WORD_FITS.get(kind, (kind,)))
                  and not (p.dataset == "us-census-county" and p.match != "exact"))
    if found or len(name) < 4:
        return found
    words = name.split()
    if len(words) > 1 and words[-1].islower():  # "Bekaa valley": the name without its kind
        return _candidates(" ".join(words[:-1]))
    try:  # a close spelling, only where the geocoder itself would answer with it
        return (geocode(name),)
    except AmbiguousPlace as err:
        return tuple(err.candidates)
    except GeoError:
        return ()


def _readings_in(name: str, box) -> tuple:
    """The readings of ``name`` inside the country or area ``box``, best first."""
    from ..gazetteer import candidates

    return tuple(p for p in candidates(name, country=box.country or None, fuzzy=False,
                                       limit=_COUNTIES)
                 if p != box and _within(p, box) and p.dataset != "us-census-county")


@lru_cache(maxsize=512)
def _country(code: str):
    from ..gazetteer import places

    rows = places(kind="country", country=code, limit=1)
    return rows[0] if rows else None


def demonym_country(word: str):
    """The country a demonym or adjective names: "Syrian" -> Syria, "Sudanese" -> Sudan."""
    key = " ".join(word.lower().split())
    if key in DEMONYM_COUNTRY:
        return _country(DEMONYM_COUNTRY[key]) if DEMONYM_COUNTRY[key] else None
    for suffix, ending in (("ians", "ia"), ("ian", "ia"), ("ian", ""), ("ian", "e"),
                           ("ans", "a"), ("an", "a"), ("an", ""), ("ese", ""), ("ese", "a"),
                           ("is", ""), ("i", ""), ("ish", ""), ("ish", "ey")):
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            for p in _candidates((key[:-len(suffix)] + ending).title()):
                if p.kind == "country" and p.match == "exact":
                    return p
    return None


def _unambiguous(cs: tuple) -> bool:
    """One reading: a country, or every candidate within a few km of the first."""
    return cs[0].kind == "country" or all(
        haversine_km(p.lon, p.lat, cs[0].lon, cs[0].lat) <= _DISTINCT_KM for p in cs[1:])


def _strong(p) -> bool:
    return p.kind in ("country", "area", "continent") or p.capital or \
        p.population >= 1_000_000 or p.dataset == "curated"


def _famous(p) -> bool:
    """A reading no division named elsewhere in the text outweighs: a country, a national
    capital, a city of a million, a first-level division."""
    return p.kind == "country" or p.capital or p.population >= 1_000_000 or \
        p.dataset == "natural-earth-admin1"


def _context(spans: list[Span], cands: list[tuple]) -> tuple[Counter, tuple | None, tuple]:
    """The document's countries (with how often each is named), an anchor point, the
    median of its prominent places, and the divisions and counties it names."""
    countries: Counter = Counter()
    strong, areas = [], []
    for span, cs in zip(spans, cands):
        if not cs:
            continue
        top = cs[0]
        if top.kind == "area" and top.country and span.kind != "demonym":
            areas.append(top)
        if top.kind == "country" or span.kind == "demonym":
            countries[top.country] += 1 if span.kind != "demonym" else 0.5
        elif len(cs) == 1 and top.kind == "area" or top.capital or top.population >= 1_000_000:
            countries[top.country] += 0.5  # "Kentucky", "London": their country too
        # The anchor is where the story happens: a country's point (a pole of inaccessibility
        # inside it: Canada's is by Hudson Bay) would pull it far from there.
        if span.kind != "demonym" and top.kind not in ("country", "continent") and \
                (_strong(top) or len(cs) == 1):
            strong.append(top)
    areas = tuple(dict.fromkeys(areas))
    if not strong:
        return countries, None, areas
    lons, lats = sorted(p.lon for p in strong), sorted(p.lat for p in strong)
    return countries, (lons[len(lons) // 2], lats[len(lats) // 2]), areas


def _container(text: str, spans: list[Span], i: int, chosen: list) -> tuple:
    """The place that qualifies span ``i`` and whether it must hold it: "X, Y" or "X in Y"
    with Y the next name (a country or a division must: a city may be the next of a list,
    "Paris, London"), or "the Y suburb of X" with Y the name before (it must)."""
    if i + 1 < len(spans) and chosen[i + 1] is not None and \
            _QUALIFIER.fullmatch(text[spans[i].end:spans[i + 1].start]):
        return chosen[i + 1], chosen[i + 1].kind in ("country", "area")
    if i and chosen[i - 1] is not None and \
            _PART_OF.fullmatch(text[spans[i - 1].end:spans[i].start]):
        return chosen[i - 1], True
    return None, False


def _within(p, box) -> bool:
    if box.kind == "country":
        return p.country == box.country
    if box.dataset == "natural-earth-admin1":  # its polygon: Cordova, Alabama is not in Tennessee
        return inside(p, box)
    if box.kind == "area":
        return p.country == box.country and \
            haversine_km(p.lon, p.lat, box.lon, box.lat) <= max(1.5 * box.uncertainty_km, 60.0)
    return haversine_km(p.lon, p.lat, box.lon, box.lat) <= 60.0


def _namesake(p, cs: tuple) -> int:
    """For a division, the population of the largest settlement among the candidates that
    lies inside it (its namesake: "Mosul" in Nineveh, "Kherson" in Kherson region), or of a
    capital or a city of half a million anywhere ("Washington" is the capital more often
    than the state); 0 for any other candidate."""
    if p.kind != "area":
        return 0
    reach = max(2 * p.uncertainty_km, 50.0)
    return max((c.population for c in cs if c.kind not in ("country", "area", "continent")
                and (haversine_km(p.lon, p.lat, c.lon, c.lat) <= reach or c.capital
                     or c.population >= 500_000)), default=0)


def _score(p, idx: int, countries: Counter, anchor, box, town: int) -> float:
    """How well reading ``p`` (the gazetteer's ``idx``-th) fits the document; ``town`` is
    the population of the largest settlement of a division's name."""
    s = -min(0.4 * idx, 2.0) + 2.0 * p.confidence
    if countries.get(p.country):
        s += _IN_COUNTRY + min(countries[p.country], 4) * 0.5
    if anchor is not None and p.kind != "country":
        d = haversine_km(anchor[0], anchor[1], p.lon, p.lat)
        s += _NEAR * max(0.0, 1.0 - d / _FAR_KM)
    if box is not None and box is not p:
        s += _QUALIFIED if _within(p, box) else -2.0
    s += math.log10(p.population + 1) * 0.15
    s += {"country": 10.0, "continent": 6.0, "crossing": 1.0}.get(p.kind, 0.0)
    s += 1.5 if p.capital else 0.0
    if p.kind == "area":  # "Oklahoma" is the state, not a village of 800; "Kherson" the city
        # ("Georgia" in an article about Atlanta: the state, in the article's country)
        # (by its own name: "Bantam" in Connecticut is no old name of Banten)
        s += (3.0 + (4.0 if countries.get(p.country) else 0.0)) if town < 20_000 and (
            p.match == "exact" or countries.get(p.country)) else 0.5
    return s


#: A country read where a kind word says a city or town ("the city of Turkey" is Turkey,
#: Texas): never the answer.
_COUNTRY_AS_TOWN = -13.0
#: A kind word before the name: "the city of Bam" (not the village Bām), "the western
#: province of Aydin" (the province, not the city).
_KIND_BEFORE = re.compile(r"\b(" + "|".join(sorted(
    (w for w in DESCRIPTORS if " " not in w and DESCRIPTORS[w] in ("area", "city", "town",
                                                                   "village")),
    key=len, reverse=True)) + r")\s+of\s+(?:the\s+)?$", re.I)


def _kind_word(text: str, span: Span, p) -> float:
    """What a kind word says of reading ``p``: the name's own ("Herat province" is the
    province, whatever else is called Herat) or one before it ("the city of Bam"). (A
    reading of another kind that the name's kind word cannot find, "Mexico City" as Mexico,
    is no candidate at all: ``_candidates``.)"""
    kind = split_descriptor(normalize_name(span.text))[1]
    if kind != "area":  # "Cambridge City", "Cross City": names, not kind words
        m = _KIND_BEFORE.search(text[max(0, span.start - 40):span.start])
        kind = DESCRIPTORS[m.group(1).lower()] if m else None
    if kind == "area":
        return 6.0 if p.kind == "area" else -6.0
    if kind in ("city", "town", "village"):  # (no country is a city: "the city of Turkey")
        return 3.0 if p.kind in KIND_WORD_FITS[kind] else _COUNTRY_AS_TOWN if p.kind == "country" \
            else -3.0
    return 0.0


def _offices(text: str, spans: list[Span], cands: list[tuple]) -> frozenset:
    """The names the text gives a division's office ("New York Gov. Andrew Cuomo", "the
    Quebec government"): each mention of such a name is the division (one sense a text)."""
    out = set()
    for span, cs in zip(spans, cands):
        if span.text.lower() in out or not any(p.kind == "area" and p.match == "exact"
                                               for p in cs):
            continue
        for at in re.finditer(re.escape(span.text), text):  # a mention or not ("Quebec
            m = DIVISION_OFFICE.match(text, at.end())      # government": an organisation)
            if m and (m.lastgroup == "office" or not any(p.capital for p in cs)):
                out.add(span.text.lower())
    return frozenset(out)


def _office(span: Span, p, offices: frozenset) -> float:
    """What a division's office after the name says of reading ``p``: "New York Gov." is
    the state, not the city (``offices``: the names the text gives one)."""
    if span.text.lower() not in offices:
        return 0.0
    return 6.0 if p.kind == "area" and p.match == "exact" else 0.0 if p.kind == "country" \
        else -6.0


def _choose(text, spans, cands, evidence, offices: frozenset) -> list[tuple]:
    """(place, confidence) for each span. Its context is the other names' ``evidence``
    (their candidates, or the last pass's choices): never its own, so that "Edmonton", a
    city of a million, does not vouch for its own Canada in an article about London;
    ``offices``: the names the text gives a division's office."""
    chosen = [e[0] if e else None for e in evidence]
    contexts: dict[str, tuple] = {}
    out = []
    for i, (span, cs) in enumerate(zip(spans, cands)):
        if not cs:
            out.append((None, 0.0))
            continue
        key = span.text.lower()
        if key not in contexts:
            others = [(s, e) for s, e in zip(spans, evidence) if s.text.lower() != key]
            contexts[key] = _context([s for s, _ in others], [e for _, e in others])
        countries, anchor, areas = contexts[key]
        box, holds = _container(text, spans, i, chosen)
        if span.kind == "demonym":
            out.append((cs[0], cs[0].confidence))
            continue
        if box is not None and box.kind == "country" and any(
                p.kind == "country" and p.country != box.country for p in cs):
            box = None  # a list ("Russia, U.S. officials"): no country is in another
        if box is not None and holds and not any(_within(p, box) for p in cs):
            # "Paris, Idaho": a namesake too small to be among the name's first readings
            held = _readings_in(span.text, box)
            if held:
                cs = held
            elif all(p.kind not in ("country", "area", "continent") for p in cs):
                out.append((None, 0.0))  # "Tawila in Sudan": no Tawila in Sudan is known
                continue
        # A division or county the text names elsewhere tells homonyms apart (Clay County,
        # W.Va., not Indiana's), but never against a famous reading (Toronto, Pittsburgh);
        # nor does nearness lend a small place that has the name only among its others
        # ("New York" is no village in Wisconsin that once had it).
        famous = any(_famous(p) for p in cs)
        if any(_famous(p) and (p.match == "exact" or p.kind != "area") for p in cs):
            cs = tuple(p for p in cs if p.match == "exact" or _strong(p)
                       or p.population >= _NAMESAKE_CITY)
        local = () if famous else areas
        scored = sorted(((_score(p, k, countries, anchor, box, _namesake(p, cs))
                          + _IN_AREA * (p.match == "exact" and any(
                              a != p and _within(p, a) for a in local))
                          + _kind_word(text, span, p)
                          + _office(span, p, offices)
                          - _IN_COUNTRY * _capitals_only(p, cs, countries, areas), k, p)
                         for k, p in enumerate(cs)), key=lambda t: (-t[0], t[1]))
        best = scored[0][2]
        if _stray(best, countries, anchor, () if box else areas) or \
                _homonym_division(best, cs, countries) or \
                _kind_word(text, span, best) == _COUNTRY_AS_TOWN:
            out.append((None, 0.0))  # a small namesake far from everything else named
            continue
        rival = next((s for s, _, p in scored[1:] if haversine_km(
            p.lon, p.lat, best.lon, best.lat) > _DISTINCT_KM), None)
        margin = scored[0][0] - rival if rival is not None else 4.0
        out.append((best, round(_MATCH_SURE.get(best.match, 0.5) * (0.6 + 0.1 * min(margin, 4.0)),
                                3)))
    return out


def _capitals_only(p, cs: tuple, countries: Counter, areas: tuple) -> bool:
    """Whether all that puts small reading ``p`` in the document's countries is a capital or
    a great city named elsewhere, against a famous reading of its name in another country:
    "officials in Washington said Moscow" is no village in the US (a division or county of
    its country named in the text, "Paris and Henry County", would be)."""
    return not _strong(p) and 0 < countries.get(p.country, 0) < 1 and \
        any(_famous(q) and q.country != p.country for q in cs) and \
        not any(a.country == p.country for a in areas)


def _stray(p, countries: Counter, anchor, areas: tuple = ()) -> bool:
    """A small place in none of the document's countries, far from its other places, or
    in a document about counties or divisions in none of them and far from its places ("the
    Elk River flooded" in West Virginia is no town in Minnesota): a homonym of some word more
    likely than the place meant (a refusal, not a guess)."""
    if anchor is None or not countries or _strong(p) or p.population >= 100_000:
        return False
    far = haversine_km(anchor[0], anchor[1], p.lon, p.lat)
    if p.country in countries:
        return bool(areas) and far > _LOCAL_KM and not any(_within(p, a) for a in areas)
    return far > 2000


def _homonym_division(p, cs: tuple, countries: Counter) -> bool:
    """A division in none of the document's countries whose name other countries' divisions
    share ("Eastern": Ghana's, Zambia's, Sierra Leone's): no reading to stand behind."""
    return p.kind == "area" and p.country not in countries and any(
        c.kind == "area" and c.country != p.country for c in cs)


def _lone_word(name: str) -> bool:
    """One word, no kind word, no Arabic: a name that spaCy alone vouches for."""
    return len(name.split()) == 1 and not re.search(r"[\u0600-\u06ff]", name)


def _mention_kind(text: str, span: Span, p) -> str:
    if span.kind == "demonym":
        return "demonym"
    if p is not None and (p.capital or p.kind == "country") and \
            _GOVERNMENT.match(text[span.end:span.end + 60]):
        return "metonymic"
    return "literal"


def resolve(text: str, spans: list[Span]) -> list[GeoMention]:
    """The mentions of ``spans``, each resolved in the document's context."""
    cands = []
    for span in spans:
        if span.kind == "demonym":
            c = demonym_country(span.text)
            cands.append((c,) if c is not None else ())
        else:
            cands.append(_candidates(span.text))
    # The first pass reads only names with one reading (countries, unique names); the
    # second also the first's sure choices ("X, Y" both ways, a city's namesakes).
    sure = [cs[:1] if cs and _unambiguous(cs) else () for cs in cands]
    offices = _offices(text, spans, cands)
    picks = _choose(text, spans, cands, sure, offices)
    evidence = [(p,) if p is not None and conf >= _SURE else s
                for (p, conf), s in zip(picks, sure)]
    picks = _choose(text, spans, cands, evidence, offices)
    out = []
    for i, (span, (p, conf)) in enumerate(zip(spans, picks)):
        if p is None and (span.kind == "demonym" or not cands[i] and _lone_word(span.text)):
            continue  # "Kurdish": no country; "Sasha" (GPE): one word the gazetteer lacks
        if p is not None:
            p = replace(p, confidence=conf)
        out.append(GeoMention(span.start, span.end, span.text, p, _mention_kind(text, span, p),
                              conf, span.found_by))
    return out
