"""Place names in an article: found by the gazetteer's exact names, sifted, resolved."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..geoparser.rules import capitalised, find_mentions, lookup, sentences
from ..names import normalize_name
from .lexicon import INNER, LOCATIVE, NOT_PLACES, ORG_NEXT, REPORTING

if TYPE_CHECKING:
    from ..gazetteer import Place

__all__ = ["Mention", "header", "resolve", "sentences", "significant"]


@dataclass(frozen=True)
class Mention:
    """A place named in the text: where, as what, and what the drafter made of it."""

    start: int
    end: int
    text: str
    place: Place
    sentence: int
    as_government: bool = False  # "Damascus said": the capital stands for its government



def header(text: str) -> tuple[str, dict]:
    """The article without ``#`` comment lines, and what they say (``Source:``)."""
    meta, body = {}, []
    for line in text.splitlines(keepends=True):
        if line.startswith("#"):
            m = re.match(r"#\s*Source:\s*([^,(\n]+)", line)
            if m:
                meta["source"] = m.group(1).strip().rstrip(".")
            body.append("\n" if line.endswith("\n") else "")
        else:
            body.append(line)
    return "".join(body), meta



def _far(place, anchor, km: float) -> bool:
    from ..geometry import haversine_km

    return anchor is not None and haversine_km(anchor[0], anchor[1], place.lon, place.lat) > km


def significant(place) -> bool:
    return place.kind in ("country", "area") or place.population >= 500_000 or place.capital


def _found(text: str, sentences) -> tuple[list[tuple], list[str]]:
    """(start, end, surface, candidates, sentence, before, after) for each name found, and
    what to review: the geoparser's mentions, each with the one place it resolved to in
    context (unsure resolutions are review entries); the rule-based finder's, with all
    their candidates, when the geoparser runs without spaCy."""
    from bisect import bisect_right

    from ..geoparser import backend, geoparse

    if backend() == "rules":
        return find_mentions(text, sentences), []
    starts = [s for s, _ in sentences]
    found, review = [], []
    for m in geoparse(text):
        if m.place is None or m.kind == "demonym":
            continue
        before = re.search(r"([^\W\d_][\w'’-]*)(?:'s|’s)? *$",
                           text[max(0, m.start - 40):m.start])
        after = re.match(r" *([^\W\d_][\w'’-]*)", text[m.end:m.end + 40])
        found.append((m.start, m.end, m.text, (m.place,), max(0, bisect_right(starts, m.start) - 1),
                      before.group(1) if before else "", after.group(1) if after else ""))
        if m.confidence < 0.6:
            review.append(f"{m.text!r}: resolved to {m.place.name} ({m.place.country}) with "
                          f"confidence {m.confidence:.2f} in this article")
    return found, review


def _is_name_part(word: str) -> bool:
    return bool(word) and capitalised(word) and word.lower() not in NOT_PLACES - {"red"}


def resolve(text: str, sentences) -> tuple[list[Mention], list[str]]:
    """The place mentions worth keeping, each resolved to one gazetteer entry."""
    from ..geometry import haversine_km

    raw, review = _found(text, sentences)
    kept = []
    for start, end, phrase, cands, si, before, after in raw:
        words = phrase.split()
        acronym = len(phrase) <= 4 and phrase.isupper()
        person = _is_name_part(before) or (_is_name_part(after) and after.lower() not in INNER)
        org = after.lower() in ORG_NEXT
        if acronym or person or org:
            continue
        kept.append((start, end, phrase, cands, si, before, len(words)))
    # The article's geography: countries, provinces, big cities and curated sites it names.
    strong = [k[3][0] for k in kept if significant(k[3][0]) or k[3][0].dataset == "curated"]
    anchor = None
    # A country's point says little of where its story is (Russia's is in Siberia, 2,000 km
    # from Kursk): the anchor is the median of the article's other strong places.
    points = [p for p in strong if p.kind not in ("country", "continent")]
    if points:  # the median: one stray homonym does not move it
        lons, lats = sorted(p.lon for p in points), sorted(p.lat for p in points)
        anchor = (lons[len(lons) // 2], lats[len(lats) // 2])
    countries = {p.country for p in strong}
    mentions = []
    for start, end, phrase, cands, si, before, nwords in kept:
        area_word = bool(re.search(r"\b(?:province|governorate|region|state)\b", phrase, re.I))

        def score(p):
            s = 0.0
            if p.country in countries:
                s += 6
            if anchor is not None:
                s -= min(haversine_km(anchor[0], anchor[1], p.lon, p.lat), 3000) / 300
            s += {"country": 3, "crossing": 3, "airfield": 2}.get(p.kind, 0)
            if p.kind == "area":  # "Daraa" is the town, "Daraa province" the province
                s += 2 if area_word else -1
            return s + min(p.population, 10_000_000) ** 0.25 / 10 + (5 if p.dataset == "curated"
                                                                      else 0)

        # An airport's keywords ("Kurdistan") name a region, not the airport: an airfield
        # needs an airfield word, unless the text gives its own name.
        airfield_word = re.search(r"\b(?:airport|airfield|air\s*base|airbase|base|airstrip)\b",
                                  phrase, re.I)
        cands = tuple(p for p in cands if p.kind != "airfield" or airfield_word
                      or p.dataset == "curated" or normalize_name(p.name) == normalize_name(phrase))
        # "Iraq's Kurdistan region" is in Iraq, whatever else is called Kurdistan.
        owner = [c.country for c in lookup(before) if c.kind == "country"] if before else []
        if owner:
            cands = tuple(p for p in cands if p.country == owner[0])
        if not cands:
            continue
        best = max(cands, key=lambda p: (score(p), -cands.index(p)))
        small = best.kind in ("village", "town", "airfield", "other") and best.population < 50_000
        if _far(best, anchor, 1500) and not significant(best) or \
                best.kind == "area" and _far(best, anchor, 2500):
            continue  # a far-away homonym of some word: Turki (Russia), Red Cross (US)
        if small and best.dataset != "curated" and before.lower() not in LOCATIVE \
                and nwords == 1:
            continue  # a small place needs a locative cue: "in Sinjar", not "Sinjar said"
        rivals = [p for p in cands if p is not best and haversine_km(p.lon, p.lat, best.lon,
                                                                     best.lat) > 50
                  and abs(score(p) - score(best)) < 2]
        if rivals:
            review.append(f"{phrase!r}: chose {best.name} ({best.country}) over "
                          + ", ".join(f"{p.name} ({p.country})" for p in rivals[:3]))
        government = best.capital and bool(REPORTING.match(text[end:end + 40]))
        mentions.append(Mention(start, end, phrase, best, si, government))
    return mentions, review

