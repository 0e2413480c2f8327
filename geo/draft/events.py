"""Movements in an article: the sentences whose verbs move people, their ends, counts,
dates and status; mentions of one movement merged."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import (ACTOR, BACK, BORDER, CONDITION, COUNT, DATE_DMY, DATE_MDY, DATE_REL,
                      DEMONYMS, DENIED, HOLD, LEAVE, MONTHS, MOVES, NUMBER_WORDS, REPORT_DATE,
                      REPORTEDLY, WEEKDAYS)
from .mentions import Mention

if TYPE_CHECKING:
    from ..gazetteer import Place

__all__ = ["Event", "count_in", "date_in", "events", "merge"]


@dataclass
class Event:
    kind: str
    status: str
    sentence: int
    quote: str
    to: Place | None = None
    origin: str | None = None     # ISO code of the actor's country
    frm: Place | None = None
    via: Place | None = None      # a place on the way: "through the Rafah crossing"
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


def _max_count() -> int:
    """The largest count a story may have (the schema's)."""
    from ..story import schema

    return schema()["properties"]["movements"]["items"]["properties"]["count"]["oneOf"][0][
        "maximum"]


def count_in(sentence: str) -> tuple[tuple[int, int] | None, str | None]:
    m = COUNT.search(sentence)
    if not m:
        return None, None
    if m.group(4):
        word = m.group(4).lower()
        return NUMBER_WORDS[word], word
    qual = (m.group(1) or "").lower()
    digits = [g.replace(",", "") for g in m.group(2, 3) if g]
    if any(len(d) > len(str(_max_count())) for d in digits) or \
            any(int(d) > _max_count() for d in digits):
        return None, None  # no count of people: a story's counts stop at ten billion
    lo = int(digits[0])
    hi = int(digits[1]) if m.group(3) else lo
    label = " ".join(m.group(0).split())
    if m.group(3):
        return (lo, hi), label
    if qual in ("nearly", "almost"):
        return (int(lo * 0.9), lo), label
    if qual in ("fewer than", "less than", "up to"):
        return (0, lo), label
    return (lo, lo), label



def _event_date(sentence: str, rx: re.Pattern):
    """The first match of ``rx`` that is not a reporting date ('announced on X that' is kept)."""
    for m in rx.finditer(sentence):
        if REPORT_DATE.search(sentence[max(0, m.start() - 30):m.start()]) and \
                not re.match(r"\s+that\b", sentence[m.end():]):
            continue
        return m
    return None


def date_in(sentence: str, published: dt.date | None) -> tuple[str | None, str | None]:
    """(ISO date, review note) from the sentence's date words, against ``published``."""
    for rx, order in ((DATE_DMY, "dmy"), (DATE_MDY, "mdy")):
        m = _event_date(sentence, rx)
        if m:
            day, month, year = (m.group(1), m.group(2), m.group(3)) if order == "dmy" else \
                (m.group(2), m.group(1), m.group(3))
            month_n = MONTHS[month.lower().rstrip(".")[:3] if len(month) > 4 else month.lower()]
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
    m = _event_date(sentence, DATE_REL)
    if m:
        if published is None:
            return None, f"{m.group(0)!r} needs the article's publication date (--published)"
        if m.group(3):
            delta = 1 if m.group(3).lower() == "yesterday" else 0
            return (published - dt.timedelta(days=delta)).isoformat(), None
        target = WEEKDAYS.index(m.group(2).lower())
        back = (published.weekday() - target) % 7
        if m.group(1).lower() != "on" and back == 0:
            back = 7  # "last Saturday" said on a Saturday is a week ago
        return (published - dt.timedelta(days=back)).isoformat(), \
            f"{m.group(0)!r} read as {(published - dt.timedelta(days=back)).isoformat()} " \
            f"from the publication date"
    return None, None


def events(text: str, sentences, mentions: list[Mention], published,
           grammar: dict[int, list[Event]] | None = None) -> tuple[list[Event], list[str]]:
    """Every movement and departure the article's sentences tell of, in their order; and
    what to review (denied movements skipped, dates that could not be read). ``grammar``:
    the movements the dependency parse found, by sentence (``grammar.movements``); the
    rules here add what it did not find ("received hundreds of troops", "facilitated their
    entry")."""
    review: list[str] = []
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    found: list[Event] = []
    last_actor = None
    for si, (s0, s1) in enumerate(sentences):
        sentence = text[s0:s1]
        actor_m = ACTOR.search(sentence)
        actor = actor_m.group(1) if actor_m else None
        if actor:
            last_actor = actor
        verbs = sorted(((v, status, kind) for pattern, status, kind in MOVES
                        for v in [re.search(pattern, sentence, re.I)] if v),
                       key=lambda t: t[0].start())
        parsed = (grammar or {}).get(si, [])
        if (verbs or parsed) and DENIED.search(sentence):
            review.append(f"skipped a movement the article reports as rumour or denies: "
                          f"{' '.join(sentence.split())[:160]!r}")
            continue
        for ev in parsed:  # "they were transferred": the group the article speaks of
            if ev.actor is None:
                ev.actor = actor or last_actor
                ev.origin = next((DEMONYMS[w] for w in (ev.actor or "").lower().split()
                                  if w in DEMONYMS), None)
            review += [ev.date_note] if ev.date_note and ev.date is None else []
        ruled = _rule_events(text, si, s0, sentence, by_sentence.get(si, []), verbs, actor_m,
                             last_actor, published, review)
        found += parsed + [r for r in ruled if not any(_same_end(r, p) for p in parsed)]
        last_actor = next((e.actor for e in reversed(parsed) if e.actor), last_actor)
    return found, list(dict.fromkeys(review))


def _same_end(ruled: Event, parsed: Event) -> bool:
    """Whether the rules' event is one the parse found in its sentence: of the same kind,
    to the same place, or leaving the same place."""
    if parsed.kind == ruled.kind or ruled.kind == "leave" and parsed.frm is not None and \
            ruled.frm is not None and parsed.frm.source == ruled.frm.source:
        return True
    return ruled.to is not None and parsed.to is not None and \
        parsed.to.source == ruled.to.source


def _rule_events(text: str, si: int, s0: int, sentence: str, mentions: list[Mention], verbs,
                 actor_m, last_actor, published, review: list[str]) -> list[Event]:
    """The movements the rules read in one sentence."""
    actor = actor_m.group(1) if actor_m else None
    leave = LEAVE.search(sentence)
    left = None
    if leave:
        after_leave = [m for m in mentions
                       if s0 + leave.end() <= m.start <= s0 + leave.end() + 30]
        left = after_leave[0].place if after_leave else None
    if left is not None and not verbs:
        # "More than 4,000 families have fled western Mosul": where they were.
        ev = Event(kind="leave", status="reported", sentence=si,
                   quote=" ".join(sentence.split()), frm=left, actor=actor or last_actor)
        ev.count, ev.count_label = count_in(sentence)
        return [ev]
    ctx = _Sentence(text, si, s0, sentence, mentions, actor_m, last_actor, left, published)
    return _verb_events(ctx, verbs, review)


@dataclass
class _Sentence:
    """A sentence being read for movements: where it is, the places and people it names."""

    text: str
    index: int
    start: int          # its offset in the text
    sentence: str
    mentions: list[Mention]
    actor_m: re.Match | None  # the first group of people it names
    last_actor: str | None    # the group the article spoke of last
    left: Place | None        # the place it says people left
    published: dt.date | None


def _verb_events(ctx: _Sentence, verbs: list, review: list[str]) -> list[Event]:
    """An event for the first movement verb of each kind in the sentence (one verb inside
    another is dropped: "would be returned" is not also "returned to")."""
    verbs = [v for v in verbs if not any(o[0].start() <= v[0].start() < o[0].end()
                                         and o is not v and o[0].start() < v[0].start()
                                         or o[0].start() == v[0].start() and
                                         o[0].end() > v[0].end() for o in verbs)]
    out: list[Event] = []
    seen_kinds = set()
    clause_start = 0
    sentence = ctx.sentence
    for n, (verb, status, kind) in enumerate(verbs):
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        # The verb's clause: up to the next movement verb in the sentence.
        stop = verbs[n + 1][0].start() if n + 1 < len(verbs) else len(sentence)
        ev = Event(kind=kind, status=status, sentence=ctx.index,
                   quote=" ".join(sentence.split()))
        tail = sentence[verb.start():stop]
        dest = _ends(ctx, ev, verb, tail)
        ev.via_border = bool(BORDER.search(tail))
        # The subject: the group named last before the verb, else the sentence's, else
        # the one the article spoke of last ("they were moved").
        actor = ctx.actor_m.group(1) if ctx.actor_m else None
        before = [a.group(1) for a in ACTOR.finditer(sentence[:verb.start()])]
        who = before[-1] if before else actor if ctx.actor_m and \
            ctx.actor_m.start() > verb.start() and kind == "enter" else ctx.last_actor \
            if not before and ctx.last_actor else actor
        ev.actor = who
        if who:
            for word in who.lower().split():
                if word in DEMONYMS:
                    ev.origin = DEMONYMS[word]
        # Counts and dates belong to the clause they are in: "announced last Saturday
        # that it had received hundreds ..., initially planning to return them".
        clause = sentence[clause_start:stop]
        clause_start = stop
        ev.count, ev.count_label = count_in(clause)
        ev.date, ev.date_note = date_in(clause, ctx.published)
        if ev.date_note and ev.date is None:
            review.append(ev.date_note)
        ev.on_hold = status == "planned" and bool(HOLD.search(sentence))
        ev.conditional = status == "planned" and bool(CONDITION.search(sentence))
        ev.reportedly = bool(REPORTEDLY.search(sentence))
        if kind == "return" and ev.to is None and not BACK.search(tail):
            continue
        out.append(ev)
        # "return to Qamishli and Ras al-Ain": one movement to each.
        for a, b in zip(dest, dest[1:]):
            if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", ctx.text[a.end:b.start]) and \
                    b.place.kind not in ("country", "area") and b.place is not ev.to:
                out.append(Event(**{**ev.__dict__, "to": b.place, "quotes": []}))
    return out


def _ends(ctx: _Sentence, ev: Event, verb: re.Match, tail: str) -> list[Mention]:
    """Set the event's destination and origin from the names around its verb; returns the
    mentions named as its destination."""
    here = [m for m in ctx.mentions if not m.as_government]
    s0 = ctx.start
    direct = re.match(r"(?:reached|entered|crossed)\b", verb.group(0), re.I)
    to_m = re.match(r".*?\b(?:reached|entered|crossed)\s+(?:the\s+|a\s+)?", tail,
                    re.I) if direct else \
        re.search(r"\b(?:to|into|in|at|towards?)\s+(?:the\s+|a\s+)?", tail)
    # The destination is named before the clause turns: "crossed into Lebanon,
    # fleeing fighting near Homs" goes to Lebanon.
    turn = re.search(r",|\b(?:where|which|who|fleeing|after|before|while)\b",
                     tail[to_m.end():]) if to_m else None
    dest_end = s0 + verb.start() + (to_m.end() + turn.start() if turn else len(tail))
    dest = [m for m in here if to_m and s0 + verb.start() + to_m.start() <= m.start < dest_end]
    src = [m for m in here if re.search(r"\bfrom\s+(?:the\s+)?$",
                                        ctx.text[max(s0, m.start - 12):m.start])]
    if dest:
        ev.to = dest[0].place
        # "a military base in Al-Rutba district" and "the airfield in Area 70 of
        # Rutba": the most specific of the names after the verb.
        specific = [m.place for m in dest if m.place.kind not in ("country", "area")]
        if specific:
            ev.to = specific[0]
    if src and src[0].place is not ev.to:
        ev.frm = src[0].place
    elif ctx.left is not None and ctx.left is not ev.to:
        ev.frm = ctx.left
    return dest


def merge(events: list[Event], mentions: list[Mention]) -> list[Event]:
    """One event per movement the article describes, however many times it does."""
    from ..geometry import haversine_km

    def contains(a, b) -> bool:  # a (a country or province) holds b
        if a is None or b is None:
            return a is b
        if a.kind == "country":
            return b.country == a.country
        if a.kind == "area":
            return b.country == a.country and haversine_km(a.lon, a.lat, b.lon, b.lat) \
                <= a.uncertainty_km * 1.2
        return a.source == b.source

    merged: list[Event] = []
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
        for attr in ("frm", "via", "origin", "date", "date_note", "actor"):
            if getattr(same, attr) is None:
                setattr(same, attr, getattr(ev, attr))
        if same.count is None or (same.count_label in NUMBER_WORDS and ev.count is not None
                                  and ev.count_label not in NUMBER_WORDS):
            if ev.count is not None:
                same.count, same.count_label = ev.count, ev.count_label
        same.via_border |= ev.via_border
        same.conditional |= ev.conditional
        same.reportedly &= ev.reportedly
    return merged

