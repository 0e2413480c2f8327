"""Draft a story file from a news article: places, movements, quotes and review flags.

Rule-based and offline: place names are found by looking every capitalised run
of words (and every run of Arabic script) up in the gazetteer, exactly, then
sifted (people, organisations, outlets and far-away homonyms are dropped) and
resolved against the article's own geography. Movements come from sentences
whose verbs move people ("crossed into", "were transferred to", "will be sent
back"); mentions of the same movement are merged; where an end is implicit the
draft says so in a note instead of inventing a place. Everything the drafter is
unsure of carries a ``review`` flag, and every place and movement keeps the
sentence it came from.

The result is a valid story: ``make-map`` renders it as it stands, and prints
its review flags as warnings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .names import normalize_name

if TYPE_CHECKING:
    from .gazetteer import Place
    from .story import Story

__all__ = ["Draft", "Mention", "draft", "draft_story"]

#: A word: letters (any script), with inner apostrophes and hyphens; or a number.
_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d,.]*\d|\d")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z\u0600-\u06ff])|\n+")

#: Lower-case words that may sit inside a place name ("Al-Qa'im border crossing").
_INNER = {"border", "crossing", "military", "air", "base", "airfield", "airport", "province",
          "governorate", "district", "camp", "city", "town", "village", "region", "point",
          "post", "checkpoint", "airbase", "al", "el", "ad", "as", "ar", "ash", "bin", "ibn"}
#: Capitalised words that name no place however the gazetteer reads them.
_NOT_PLACES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "god", "allah", "islam", "islamic", "muslim", "christian", "arab",
    "arabic", "english", "president", "minister", "ministry", "army", "government", "parliament",
    "committee", "council", "division", "brigade", "forces", "force", "party", "state", "news",
    "agency", "reuters", "associated", "press", "times", "post", "today", "tv", "media",
    "international", "national", "united", "nations", "red", "cross", "crescent", "general",
    "colonel", "major", "captain", "sheikh", "mr", "mrs", "ms", "dr",
    # Common words that open sentences and happen to be alternate names somewhere.
    "a", "an", "the", "in", "on", "at", "as", "by", "to", "of", "for", "with", "from", "we",
    "i", "it", "he", "she", "they", "them", "us", "our", "his", "her", "its", "their", "but",
    "and", "or", "if", "so", "no", "yes", "this", "that", "these", "those", "there", "here",
    "when", "while", "after", "before", "since", "despite", "meanwhile", "however", "also",
    "once", "according", "speaking", "estimates", "officials", "sources", "many", "some",
    "all", "both", "most", "other", "another", "what", "who", "where", "why", "how", "then",
    "now", "later", "earlier", "last", "next", "new", "more", "less", "nearly", "around",
}
#: Words after a name that make it an organisation, an outlet or a title, not a place.
_ORG_NEXT = {"committee", "council", "division", "brigade", "army", "forces", "ministry",
             "government", "party", "news", "agency", "today", "times", "post", "tv", "channel",
             "university", "company", "group", "front", "movement", "media", "network"}
#: Prepositions that put a small place in the sentence as a place.
_LOCATIVE = {"in", "at", "to", "from", "into", "near", "via", "through", "toward", "towards",
             "outside", "across", "of", "around", "between", "and", "reach", "reached",
             "entered", "leaving", "left", "crossed"}
_REPORTING = re.compile(r"^\s*(?:has\s+|had\s+)?(?:said|says|say|announced|told|denied|"
                        r"accused|warned|insisted|stated|claimed|demanded|rejected)\b", re.I)
#: Demonyms of the region's countries and of common others: actor -> origin country.
_DEMONYMS = {"syrian": "SY", "iraqi": "IQ", "jordanian": "JO", "lebanese": "LB", "turkish": "TR",
             "iranian": "IR", "saudi": "SA", "kuwaiti": "KW", "israeli": "IL",
             "palestinian": "PS", "egyptian": "EG", "yemeni": "YE", "afghan": "AF",
             "ukrainian": "UA", "russian": "RU", "sudanese": "SD", "libyan": "LY",
             "syrians": "SY", "iraqis": "IQ", "afghans": "AF", "jordanians": "JO"}
_ACTOR = re.compile(
    r"\b((?:(?:former|army|military|displaced|regime|government|opposition|"
    + "|".join(d.title() for d in _DEMONYMS) + r")\s+)*"
    r"(?:soldiers|troops|personnel|officers|combatants|fighters|refugees|families|civilians|"
    r"people|migrants|residents|detainees|prisoners|militants|children|pilgrims|arrivals|"
    r"Syrians|Iraqis|Afghans|Palestinians|Jordanians|Kurds|Yazidis))\b")

# Movement verbs: (pattern, status, kind). kind "enter" moves people into the country the
# article is about; "move" takes them to a named place; "return" sends them back home.
_MOVES = [
    (r"\b(?:entered|crossed\s+into|crossed\s+over\s+into|fled\s+(?:to|into|across)|"
     r"streamed\s+into|poured\s+into)\b", "reported", "enter"),
    (r"\b(?:received|took\s+in|admitted|let\s+in)\b[^.]*?\b(?:soldiers|troops|personnel|"
     r"combatants|fighters|refugees|families|people|migrants)\b", "reported", "enter"),
    (r"\b(?:facilitated|allowed|permitted)\b[^.]*?\bentry\b", "reported", "enter"),
    (r"\b(?:were|was|have|has|had|being)\s+(?:reportedly\s+|since\s+|then\s+)?(?:been\s+)?"
     r"(?:reportedly\s+)?(?:transferred|moved|taken|relocated|bused|bussed|flown|driven|"
     r"evacuated|transported|brought)\b", "reported", "move"),
    (r"\b(?:transferred|moved|relocated|evacuated|bused|bussed)\s+(?:them|the\s+\w+)\b",
     "reported", "move"),
    (r"\bworked\s+to\s+transfer\b", "reported", "move"),
    (r"\b(?:arrived\s+(?:in|at)|continued\s+(?:\w+\s+)?to|headed\s+(?:\w+\s+)?to|"
     r"went\s+on\s+to|returned\s+(?:home\s+)?to|reached)\b", "reported", "move"),
    (r"\b(?:will|would|to)\s+be\s+(?:sent|transferred|returned|repatriated|deported|flown|"
     r"handed)\s+(?:back|home|over)?", "planned", "return"),
    (r"\b(?:plans?|planned|planning|intends?|intended|expects?|expected|aims?|seeks?|"
     r"agreed)\s+to\s+(?:return|repatriate|send|deport|transfer|hand\s+over|fly)\b",
     "planned", "return"),
    (r"\b(?:will|would)\s+(?:return|go\s+back|be\s+repatriated)\b", "planned", "return"),
    (r"\b(?:are|is)\s+sent\s+back\b", "planned", "return"),
    (r"\b(?:hope[sd]?|hoping|able|allowed)\s+to\s+(?:return|go\s+back)\b", "planned", "return"),
]
_HOLD = re.compile(r"\b(?:on\s+hold|postponed|suspended|delayed|initially|shelved|cancell?ed)\b",
                   re.I)
_CONDITION = re.compile(r"\b(?:if|once|unless|until|when|depends?\s+on)\b", re.I)
_DENIED = re.compile(r"\b(?:baseless|unfounded|denied|false|rumou?rs?|unverified|no\s+evidence)\b",
                     re.I)
_REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|said\s+to\s+have|claims?)\b", re.I)
#: Leaving a place: "fled western Mosul", "left the al-Hol camp". The place after the verb
#: is where the people were; a movement in the same sentence starts there.
_LEAVE = re.compile(r"\b(?:fled|left|escaped|abandoned|fleeing)\s+(?!to\b|into\b|across\b)",
                    re.I)
_BORDER = re.compile(r"\b(?:at|across|through|via)\s+the\s+border\b", re.I)
_BACK = re.compile(r"\b(?:back|home|repatriat\w*|return\w*)\b", re.I)

_NUMBER_WORDS = {"hundreds": (200, 999), "thousands": (2000, 9999), "dozens": (24, 99),
                 "scores": (40, 99), "tens of thousands": (20000, 99999)}
_PEOPLE = (r"soldiers|troops|personnel|officers|combatants|fighters|refugees|families|civilians|"
           r"people|migrants|residents|detainees|prisoners|militants|children|pilgrims|arrivals|"
           r"syrians|iraqis|afghans|palestinians|jordanians|kurds|yazidis|lebanese")
_COUNT = re.compile(
    r"\b(?:(around|about|approximately|some|roughly|nearly|almost|more\s+than|over|at\s+least|"
    r"fewer\s+than|less\s+than|up\s+to|an\s+estimated|between)\s+)?(\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\s*(?:-|–|to|and)\s*(\d{1,3}(?:,\d{3})+|\d+))?(?=\s+(?:[A-Za-z]+\s+){0,3}"
    r"(?:" + _PEOPLE + r")\b)|"
    r"\b(hundreds|thousands|dozens|scores|tens of thousands)\s+(?:of|more)\b", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_DATE_DMY = re.compile(r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|"
                       r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
                       r"Sept|Oct|Nov|Dec)\.?(?:\s+(\d{4}))?\b")
_DATE_MDY = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                       r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
                       r"\s+(\d{1,2})(?:,?\s+(\d{4}))?\b")
_DATE_REL = re.compile(r"\b(?:(last|on|this\s+past|earlier\s+on)\s+(monday|tuesday|wednesday|"
                       r"thursday|friday|saturday|sunday)|(yesterday|today))\b", re.I)


@dataclass(frozen=True)
class Mention:
    """A place named in the text: where, as what, and what the drafter made of it."""

    start: int
    end: int
    text: str
    place: Place
    sentence: int
    as_government: bool = False  # "Damascus said": the capital stands for its government


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


# --------------------------------------------------------------------------- text

def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def _header(text: str) -> tuple[str, dict]:
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


# --------------------------------------------------------------------------- places

def _capitalised(word: str) -> bool:
    """Upper-case initial, Arabic script, or an Arabic article before one: al-Hol, el-Arish."""
    return word[:1].isupper() or bool(_ARABIC.match(word)) or \
        bool(re.match(r"(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z]", word))


def _candidate_runs(text: str, start: int, end: int):
    """Runs of words that could be a place name in text[start:end], as word lists."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, start, end)]
    for i, (s, e, w) in enumerate(words):
        # Trim possessives: "Iraq's" -> "Iraq".
        if w.endswith(("'s", "’s")):
            words[i] = (s, e - 2, w[:-2])
    i = 0
    while i < len(words):
        w = words[i][2]
        if not _capitalised(w) or w.lower() in _NOT_PLACES:
            i += 1
            continue
        j = i + 1
        while j < len(words) and j - i < 6:
            nxt = words[j][2]
            gap = text[words[j - 1][1]:words[j][0]]
            if gap.strip(" -") or "\n" in gap:
                break
            if not (_capitalised(nxt) or nxt.lower() in _INNER or nxt[0].isdigit()):
                break
            j += 1
        yield words, i, j
        i = j


def _lookup(phrase: str):
    from .gazetteer import candidates

    return tuple(candidates(phrase, fuzzy=False, limit=8))


def _far(place, anchor, km: float) -> bool:
    from .geometry import haversine_km

    return anchor is not None and haversine_km(anchor[0], anchor[1], place.lon, place.lat) > km


def _significant(place) -> bool:
    return place.kind in ("country", "area") or place.population >= 500_000 or place.capital


def _find_mentions(text: str, sentences) -> list[tuple]:
    """(start, end, surface, candidates, sentence, before, after) for each name found."""
    found = []
    for si, (s0, s1) in enumerate(sentences):
        for words, i, j in _candidate_runs(text, s0, s1):
            k = j
            while k > i:
                start, end = words[i][0], words[k - 1][1]
                phrase = text[start:end]
                last = words[k - 1][2].lower()
                if last in _INNER - {"al", "el", "ad", "as", "ar", "ash"} and k - 1 == i:
                    k -= 1
                    continue
                cands = _lookup(phrase)
                if cands and k < j and words[k][2][0].isdigit():
                    break  # "Jeddah 5 camp" is a camp's name, not the city of Jeddah
                if cands:
                    before = words[i - 1][2] if i > 0 else ""
                    gap_before = text[words[i - 1][1]:start] if i > 0 else "\n"
                    after = words[k][2] if k < len(words) else ""
                    gap_after = text[end:words[k][0]] if k < len(words) else "\n"
                    found.append((start, end, phrase, cands, si,
                                  before if gap_before.strip(" ") in ("", "'s", "’s") else "",
                                  after if not gap_after.strip(" ") else ""))
                    break
                k -= 1
    return found


def _is_name_part(word: str) -> bool:
    return bool(word) and _capitalised(word) and word.lower() not in _NOT_PLACES - {"red"}


def _resolve(text: str, sentences) -> tuple[list[Mention], list[str]]:
    """The place mentions worth keeping, each resolved to one gazetteer entry."""
    from .geometry import haversine_km

    review: list[str] = []
    raw = _find_mentions(text, sentences)
    kept = []
    for start, end, phrase, cands, si, before, after in raw:
        words = phrase.split()
        acronym = len(phrase) <= 4 and phrase.isupper()
        person = _is_name_part(before) or (_is_name_part(after) and after.lower() not in _INNER)
        org = after.lower() in _ORG_NEXT
        if acronym or person or org:
            continue
        kept.append((start, end, phrase, cands, si, before, len(words)))
    # The article's geography: countries, provinces, big cities and curated sites it names.
    strong = [k[3][0] for k in kept if _significant(k[3][0]) or k[3][0].dataset == "curated"]
    anchor = None
    if strong:  # the median: one stray homonym does not move it
        lons, lats = sorted(p.lon for p in strong), sorted(p.lat for p in strong)
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
        owner = [c.country for c in _lookup(before) if c.kind == "country"] if before else []
        if owner:
            cands = tuple(p for p in cands if p.country == owner[0])
        if not cands:
            continue
        best = max(cands, key=lambda p: (score(p), -cands.index(p)))
        small = best.kind in ("village", "town", "airfield", "other") and best.population < 50_000
        if _far(best, anchor, 1500) and not _significant(best) or \
                best.kind == "area" and _far(best, anchor, 2500):
            continue  # a far-away homonym of some word: Turki (Russia), Red Cross (US)
        if small and best.dataset != "curated" and before.lower() not in _LOCATIVE \
                and nwords == 1:
            continue  # a small place needs a locative cue: "in Sinjar", not "Sinjar said"
        rivals = [p for p in cands if p is not best and haversine_km(p.lon, p.lat, best.lon,
                                                                     best.lat) > 50
                  and abs(score(p) - score(best)) < 2]
        if rivals:
            review.append(f"{phrase!r}: chose {best.name} ({best.country}) over "
                          + ", ".join(f"{p.name} ({p.country})" for p in rivals[:3]))
        government = best.capital and bool(_REPORTING.match(text[end:end + 40]))
        mentions.append(Mention(start, end, phrase, best, si, government))
    return mentions, review


# --------------------------------------------------------------------------- movements

@dataclass
class _Event:
    kind: str
    status: str
    sentence: int
    quote: str
    to: Place | None = None
    origin: str | None = None     # ISO code of the actor's country
    frm: Place | None = None
    via_border: bool = False
    count: tuple[int, int] | None = None
    count_label: str | None = None
    date: str | None = None
    date_note: str | None = None
    actor: str | None = None
    on_hold: bool = False
    conditional: bool = False
    reportedly: bool = False
    quotes: list[str] = field(default_factory=list)


def _count(sentence: str) -> tuple[tuple[int, int] | None, str | None]:
    m = _COUNT.search(sentence)
    if not m:
        return None, None
    if m.group(4):
        word = m.group(4).lower()
        return _NUMBER_WORDS[word], word
    qual = (m.group(1) or "").lower()
    lo = int(m.group(2).replace(",", ""))
    hi = int(m.group(3).replace(",", "")) if m.group(3) else lo
    label = " ".join(m.group(0).split())
    if m.group(3):
        return (lo, hi), label
    if qual in ("nearly", "almost"):
        return (int(lo * 0.9), lo), label
    if qual in ("fewer than", "less than", "up to"):
        return (0, lo), label
    return (lo, lo), label


#: "..., the UN said on Wednesday": the date of the report, not of what it reports.
_REPORT_DATE = re.compile(r"\b(?:said|told\s+\w+(?:\s+\w+)?|reported|added|confirmed)\s*$", re.I)


def _event_date(sentence: str, rx: re.Pattern):
    """The first match of ``rx`` that is not a reporting date ('announced on X that' is kept)."""
    for m in rx.finditer(sentence):
        if _REPORT_DATE.search(sentence[max(0, m.start() - 30):m.start()]) and \
                not re.match(r"\s+that\b", sentence[m.end():]):
            continue
        return m
    return None


def _date(sentence: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """(ISO date, review note) from the sentence's date words, against ``published``."""
    for rx, order in ((_DATE_DMY, "dmy"), (_DATE_MDY, "mdy")):
        m = _event_date(sentence, rx)
        if m:
            day, month, year = (m.group(1), m.group(2), m.group(3)) if order == "dmy" else \
                (m.group(2), m.group(1), m.group(3))
            month_n = _MONTHS[month.lower().rstrip(".")[:3] if len(month) > 4 else month.lower()]
            if year is None and published is None:
                return None, f"date {m.group(0)!r} has no year and the article has no date"
            y = int(year) if year else published.year
            try:
                d = dt.date(y, month_n, int(day))
            except ValueError:
                return None, f"date {m.group(0)!r} is not a date"
            if not year and published and d > published:
                d = d.replace(year=y - 1)
            return d.isoformat(), None
    m = _event_date(sentence, _DATE_REL)
    if m:
        if published is None:
            return None, f"{m.group(0)!r} needs the article's publication date (--published)"
        if m.group(3):
            delta = 1 if m.group(3).lower() == "yesterday" else 0
            return (published - dt.timedelta(days=delta)).isoformat(), None
        target = _WEEKDAYS.index(m.group(2).lower())
        back = (published.weekday() - target) % 7
        if m.group(1).lower() != "on" and back == 0:
            back = 7  # "last Saturday" said on a Saturday is a week ago
        return (published - dt.timedelta(days=back)).isoformat(), \
            f"{m.group(0)!r} read as {(published - dt.timedelta(days=back)).isoformat()} " \
            f"from the publication date"
    return None, None


def _events(text: str, sentences, mentions: list[Mention], published) -> tuple[list[_Event],
                                                                                list[str]]:
    review = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    events = []
    last_actor = None
    for si, (s0, s1) in enumerate(sentences):
        sentence = text[s0:s1]
        actor_m = _ACTOR.search(sentence)
        actor = actor_m.group(1) if actor_m else None
        if actor:
            last_actor = actor
        leave = _LEAVE.search(sentence)
        left = None
        if leave:
            after_leave = [m for m in by_sentence.get(si, [])
                           if s0 + leave.end() <= m.start <= s0 + leave.end() + 30]
            left = after_leave[0].place if after_leave else None
        verbs = sorted(((v, status, kind) for pattern, status, kind in _MOVES
                        for v in [re.search(pattern, sentence, re.I)] if v),
                       key=lambda t: t[0].start())
        if verbs and _DENIED.search(sentence):
            review.append(f"skipped a movement the article reports as rumour or denies: "
                          f"{' '.join(sentence.split())[:160]!r}")
            continue
        if left is not None and not verbs:
            # "More than 4,000 families have fled western Mosul": where they were.
            ev = _Event(kind="leave", status="reported", sentence=si,
                        quote=" ".join(sentence.split()), frm=left, actor=actor or last_actor)
            ev.count, ev.count_label = _count(sentence)
            events.append(ev)
            continue
        # Drop a verb inside another: "would be returned" is not also "returned to".
        verbs = [v for v in verbs if not any(o[0].start() <= v[0].start() < o[0].end()
                                             and o is not v and o[0].start() < v[0].start()
                                             or o[0].start() == v[0].start() and
                                             o[0].end() > v[0].end() for o in verbs)]
        seen_kinds = set()
        clause_start = 0
        for n, (verb, status, kind) in enumerate(verbs):
            if kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            # The verb's clause: up to the next movement verb in the sentence.
            stop = verbs[n + 1][0].start() if n + 1 < len(verbs) else len(sentence)
            here = [m for m in by_sentence.get(si, []) if not m.as_government]
            ev = _Event(kind=kind, status=status, sentence=si, quote=" ".join(sentence.split()))
            tail = sentence[verb.start():stop]
            direct = re.match(r"(?:reached|entered|crossed)\b", verb.group(0), re.I)
            to_m = re.match(r".*?\b(?:reached|entered|crossed)\s+(?:the\s+|a\s+)?", tail,
                            re.I) if direct else \
                re.search(r"\b(?:to|into|in|at|towards?)\s+(?:the\s+|a\s+)?", tail)
            # The destination is named before the clause turns: "crossed into Lebanon,
            # fleeing fighting near Homs" goes to Lebanon.
            turn = re.search(r",|\b(?:where|which|who|fleeing|after|before|while)\b",
                             tail[to_m.end():]) if to_m else None
            dest_end = s0 + verb.start() + (to_m.end() + turn.start() if turn else len(tail))
            dest = [m for m in here if to_m and s0 + verb.start() + to_m.start() <= m.start
                    < dest_end]
            src = [m for m in here if re.search(r"\bfrom\s+(?:the\s+)?$",
                                                text[max(s0, m.start - 12):m.start])]
            if dest:
                ev.to = dest[0].place
                # "a military base in Al-Rutba district" and "the airfield in Area 70 of
                # Rutba": the most specific of the names after the verb.
                specific = [m.place for m in dest if m.place.kind not in ("country", "area")]
                if specific:
                    ev.to = specific[0]
            if src and src[0].place is not ev.to:
                ev.frm = src[0].place
            elif left is not None and left is not ev.to:
                ev.frm = left
            ev.via_border = bool(_BORDER.search(tail))
            # The subject: the group named last before the verb, else the sentence's, else
            # the one the article spoke of last ("they were moved").
            before = [a.group(1) for a in _ACTOR.finditer(sentence[:verb.start()])]
            who = before[-1] if before else actor if actor_m and actor_m.start() > verb.start() \
                and kind == "enter" else last_actor if not before and last_actor else actor
            ev.actor = who
            if who:
                for word in who.lower().split():
                    if word in _DEMONYMS:
                        ev.origin = _DEMONYMS[word]
            # Counts and dates belong to the clause they are in: "announced last Saturday
            # that it had received hundreds ..., initially planning to return them".
            clause = sentence[clause_start:stop]
            clause_start = stop
            ev.count, ev.count_label = _count(clause)
            ev.date, ev.date_note = _date(clause, published)
            if ev.date_note and ev.date is None:
                review.append(ev.date_note)
            ev.on_hold = status == "planned" and bool(_HOLD.search(sentence))
            ev.conditional = status == "planned" and bool(_CONDITION.search(sentence))
            ev.reportedly = bool(_REPORTEDLY.search(sentence))
            if kind == "return" and ev.to is None and not _BACK.search(tail):
                continue
            events.append(ev)
            # "return to Qamishli and Ras al-Ain": one movement to each.
            for a, b in zip(dest, dest[1:]):
                if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[a.end:b.start]) and \
                        b.place.kind not in ("country", "area") and b.place is not ev.to:
                    extra = _Event(**{**ev.__dict__, "to": b.place, "quotes": []})
                    events.append(extra)
    return events, review


def _merge(events: list[_Event], mentions: list[Mention]) -> list[_Event]:
    """One event per movement the article describes, however many times it does."""
    from .geometry import haversine_km

    def contains(a, b) -> bool:  # a (a country or province) holds b
        if a is None or b is None:
            return a is b
        if a.kind == "country":
            return b.country == a.country
        if a.kind == "area":
            return b.country == a.country and haversine_km(a.lon, a.lat, b.lon, b.lat) \
                <= a.uncertainty_km * 1.2
        return a.source == b.source

    merged: list[_Event] = []
    for ev in events:
        if ev.kind == "leave":
            merged.append(ev)
            continue
        if ev.kind == "move" and ev.to is None:
            continue  # "were moved" with nowhere named: nothing to draw
        same = None
        for m in merged:
            if m.kind != ev.kind or m.status != ev.status or m.on_hold != ev.on_hold:
                continue
            if ev.kind == "enter" or contains(m.to, ev.to) or contains(ev.to, m.to) or \
                    ev.kind == "return" and (m.to is None or ev.to is None):
                same = m
                break
        if same is None:
            ev.quotes = [ev.quote]
            merged.append(ev)
            continue
        same.quotes.append(ev.quote)
        # Keep the most specific destination, the first firm count and date.
        if same.to is None or (same.to.kind in ("country", "area")
                               and ev.to is not None and ev.to.kind not in ("country", "area")):
            if ev.to is not None:
                same.to, same.quote = ev.to, ev.quote
        for attr in ("frm", "origin", "date", "date_note", "actor"):
            if getattr(same, attr) is None:
                setattr(same, attr, getattr(ev, attr))
        if same.count is None or (same.count_label in _NUMBER_WORDS and ev.count is not None
                                  and ev.count_label not in _NUMBER_WORDS):
            if ev.count is not None:
                same.count, same.count_label = ev.count, ev.count_label
        same.via_border |= ev.via_border
        same.conditional |= ev.conditional
        same.reportedly &= ev.reportedly
    return merged


# --------------------------------------------------------------------------- assembly

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
    body, meta = _header(text)
    pub = dt.date.fromisoformat(published) if published else None
    sentences = _sentences(body)
    mentions, review = _resolve(body, sentences)
    events, more = _events(body, sentences, mentions, pub)
    review += more
    events = _merge(events, mentions)

    src_name = source or meta.get("source") or "the article"
    doc: dict = {"title": title or _title(body, sentences)}
    if pub:
        doc["date"] = pub.isoformat()
    doc["sources"] = [{"id": "article", "name": src_name}]
    if pub:
        doc["sources"][0]["published"] = pub.isoformat()

    ids: set[str] = set()
    places: dict[str, dict] = {}   # gazetteer source -> place entry
    chosen: dict[str, object] = {}  # gazetteer source -> Place
    order: list[str] = []

    def sentence_of(si: int) -> str:
        return " ".join(body[sentences[si][0]:sentences[si][1]].split())

    def place_entry(p, *, quote: str | None, surface: str | None = None) -> str:
        if p.source in places:
            return places[p.source]["id"]
        arabic = bool(surface and _ARABIC.search(surface))
        name = p.name if arabic or not surface else surface
        entry = {"id": _slug(name, ids), "name": name}
        if arabic or p.name_ar:
            entry["name_ar"] = surface if arabic else p.name_ar
        entry["kind"] = "capital" if p.capital else p.kind if p.kind in (
            "city", "town", "village", "crossing", "airfield", "base", "camp") else "area"
        entry["lookup"] = p.name
        entry["country"] = p.country
        entry["note"] = f"gazetteer: {p.source} ({p.name}). {p.note}".strip()
        entry["source"] = "article"
        if quote:
            entry["quote"] = quote
        flags = []
        if p.kind in ("country", "area") or p.uncertainty_km >= 10 and p.dataset != "geonames":
            flags.append(f"position known only to about {p.uncertainty_km:g} km")
        if p.dataset == "curated" and p.uncertainty_km >= 3:
            flags.append("an estimated site: check the note's competing reports")
        if flags:
            entry["review"] = "; ".join(flags)
        places[p.source] = entry
        chosen[p.source] = p
        order.append(p.source)
        return entry["id"]

    # Places in the order the article names them; countries and provinces become areas
    # unless a movement needs them as an end.
    first: dict[str, Mention] = {}
    for m in mentions:
        first.setdefault(m.place.source, m)
    areas = []
    for src, m in first.items():
        if m.place.kind == "area":
            areas.append({"lookup": m.place.name, "label": m.text, "country": m.place.country})
        elif m.place.kind != "country" and not _dateline(body, m):
            place_entry(m.place, quote=sentence_of(m.sentence), surface=_label(m))

    moves = []
    # Where each group of people is as the story goes on ("families", "soldiers"), where
    # the last entry took anyone, and where the last movement of anyone ended.
    where: dict[str, object] = {}
    entered = last = None
    country_of_story = _main_country(mentions)
    for ev in sorted(events, key=lambda e: ({"enter": 0, "leave": 0, "move": 1, "return": 2}[
            e.kind], e.status == "planned", e.sentence)):
        group = _group(ev.actor)
        if ev.kind == "leave":
            where[group] = ev.frm
            continue
        notes, flags = [], []
        frm, to, via = ev.frm, ev.to, None
        if ev.kind == "enter":
            if frm is None and ev.origin:
                frm = _country(ev.origin)
                notes.append(f"origin implicit: the article calls them {ev.actor}; "
                             f"shown as their country")
            if to is None or to.kind == "country":
                crossing = _crossing_near(mentions, country_of_story) if ev.via_border else None
                if crossing is not None:
                    to = crossing
                    flags.append(f"entry point inferred: the article says 'at the border' and "
                                 f"names {_near_name(mentions, crossing)}")
                elif to is None and country_of_story:
                    to = _country(country_of_story)
                    notes.append("destination implicit: the country the article is about")
        else:
            if frm is None:
                frm = where.get(group) or entered or last
                if frm is not None:
                    notes.append("origin taken from the previous movement in the article")
            if to is None and ev.kind == "return" and ev.origin:
                to = _country(ev.origin)
                notes.append(f"destination given as a return home ({to.name if to else ''})")
            if ev.kind == "return" and ev.via_border:
                via = _crossing_near(mentions, country_of_story)
        if frm is None or to is None or frm.source == to.source:
            review.append(f"could not place both ends of a movement: {ev.quote[:160]!r}")
            continue
        status = ev.status
        if ev.on_hold:
            flags.append("on hold: the article says this plan was suspended or superseded")
        elif ev.conditional:
            flags.append("conditional: the article makes it depend on events")
        if ev.reportedly and status == "reported":
            flags.append("the article says 'reportedly'")
        if ev.date and ev.date_note:
            flags.append(ev.date_note)
        if len(ev.quotes) > 1:
            flags.append(f"merged from {len(ev.quotes)} sentences")
        move = {"id": f"{ev.kind}-{len(moves) + 1}",
                "from": place_entry(frm, quote=None), "to": place_entry(to, quote=None)}
        if via is not None and via.source not in (frm.source, to.source):
            move["via"] = [place_entry(via, quote=None)]
        if ev.date:
            move["date"] = ev.date
        if ev.actor:
            move["actor"] = ev.actor
        if ev.count:
            move["count"] = ev.count[0] if ev.count[0] == ev.count[1] else list(ev.count)
            move["label"] = ev.count_label if not ev.count_label.isdigit() else None
            if move["label"] is None:
                del move["label"]
        move["status"] = status
        move["source"] = "article"
        move["quote"] = ev.quote
        if notes:
            move["note"] = "; ".join(notes)
        if flags:
            move["review"] = "; ".join(flags)
        moves.append(move)
        if status != "planned":
            where[group] = last = to
            if ev.kind == "enter":
                entered = to
    doc["places"] = [places[s] for s in order]
    if moves:
        doc["movements"] = moves
    if areas:
        doc["areas"] = areas
    if not doc["places"]:
        from .errors import GeoError

        raise GeoError("no place in the gazetteer is named in the article; write the story "
                       "file by hand, or check the text is the article")
    _pin(doc, {places[s]["id"]: chosen[s] for s in order}, review)
    for section in ("places", "movements", "areas"):
        for item in doc.get(section, []):
            if item.get("review"):
                review.append(f"{section[:-1]} {item.get('id') or item.get('label')}: "
                              f"{item['review']}")
    return Draft(document=doc, mentions=mentions, review=review,
                 sources={places[s]["id"]: s for s in order})


def _pin(doc: dict, chosen: dict, review: list[str]) -> None:
    """Make each place's lookup find the entry the drafter chose, or pin its position."""
    from .errors import GeoError
    from .gazetteer import geocode

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


_GROUPS = {"troops": "soldiers", "personnel": "soldiers", "officers": "soldiers",
           "combatants": "soldiers", "fighters": "soldiers", "syrians": "refugees",
           "iraqis": "refugees", "afghans": "refugees", "palestinians": "refugees",
           "jordanians": "refugees", "migrants": "refugees"}


def _group(actor: str | None) -> str:
    """The group an actor belongs to, for following it from place to place."""
    if not actor:
        return ""
    head = actor.split()[-1].lower()
    return _GROUPS.get(head, head)


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
    from .gazetteer import places

    rows = places(kind="country", country=code, limit=1)
    return rows[0] if rows else None


def _crossing_near(mentions: list[Mention], country: str | None):
    """The curated border crossing within 15 km of a place the article names, if any."""
    from .geometry import haversine_km

    if country is None:
        return None
    from .gazetteer import places

    crossings = places(kind="crossing", country=country, datasets=("curated",))
    for m in mentions:
        for p in crossings:
            if haversine_km(m.place.lon, m.place.lat, p.lon, p.lat) <= 15:
                return p
    return None


def _near_name(mentions: list[Mention], crossing) -> str:
    from .geometry import haversine_km

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
    from .story import parse_story

    return parse_story(draft(text, published=published).yaml, filename="draft")
