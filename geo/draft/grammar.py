"""Movements by grammar: with spaCy's dependency parse (the nlp extra), each motion or
transfer verb ("fled", "were sent", "handed over") and each nominalisation ("the evacuation
of", "the flight of") is read for its mover (the subject, the passive subject, or the object
of a transfer verb), its source ("from", "out of", "left X"), its goal ("to", "into",
"toward", "reached X", "arrived in X") and its path ("via", "through", "across", "at X"),
with the count, date and status the rule path reads (``events``); the parse is read in
``clauses``. A verb nested in another ("families evacuated from Pokrovsk arrived in Dnipro")
lends it the ends it lacks. A proper name the parse puts in a source, goal or path position
that the geoparser left out ("fled Myawaddy") is resolved in the document's context and
flagged for review; a hamlet thousands of kilometres from a movement's other end is no end.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..geoparser.lexicon import KIND_AFTER
from .clauses import PRONOUNS, Motion, lemma, nest, read, region, role_of, trigger
from .events import Event, count_in, date_in
from .lexicon import (BORDER, CONDITION, DEMONYMS, GOAL_OBJECT, HOLD, MODALS, NOT_WHO,
                      NUMBER_WORDS, PATH_OBJECT, PATH_PREPS, PLANS, QUANTITY, REPORTEDLY,
                      REPORTING, RETURNING, SOURCE_OBJECT)

#: Kind words that end a place's name: "the Islam Qala crossing", "the Zamzam camp".
KIND_WORDS = {w for w in KIND_AFTER.pattern.replace("\\s", " ").split("|")
              if w.isalpha()} | {"crossing", "camp", "gap", "corridor"}

if TYPE_CHECKING:
    from .mentions import Mention

__all__ = ["movements"]


def movements(text: str, sentences, mentions: list[Mention],
              published) -> tuple[dict[int, list], list[str]] | None:
    """The movements the parse of ``text`` finds, by the drafter's sentence index, and what
    to review; None when the geoparser runs without spaCy (the rules then read every
    sentence)."""
    from ..geoparser.nlp import backend, parse

    if backend() != "spacy":
        return None
    doc = parse(text)  # the geoparser's, read once
    starts = [s for s, _ in sentences]
    review: list[str] = []
    mentions = _recover(doc, text, mentions, starts, review)
    places = {}
    for m in mentions:
        if m.as_government:
            continue
        for t in doc:
            if m.start <= t.idx < m.end:
                places[t.i] = m
    found = [read(t, places) for t in doc if trigger(t)]
    found = nest([f for f in found if f is not None])
    out: dict[int, list] = {}
    for f in found:
        si = max(0, bisect_right(starts, f.token.idx) - 1)
        s0, s1 = sentences[si] if sentences else (0, len(text))
        for ev in _events(f, si, " ".join(text[s0:s1].split()), published, review, places):
            out.setdefault(si, []).append(ev)
    return out, review


def _roles(doc) -> list:
    """The tokens a motion clause puts in a place's position: the objects of its source,
    goal and path prepositions and of "fled", "reached", "crossed"."""
    out = []
    for t in doc:
        if not trigger(t):
            continue
        f = Motion(token=t, lemma=lemma(t))
        for x in region(t):
            if x.dep_ in ("prep", "dative", "advmod", "prt") and role_of(x, f) is not None:
                out += [c for c in x.children if c.dep_ == "pobj"]
            elif x.dep_ == "dobj" and x.head.i == t.i and f.lemma in \
                    SOURCE_OBJECT | GOAL_OBJECT | PATH_OBJECT:
                out.append(x)
    return out


def _name_at(o) -> tuple[int, int] | None:
    """The proper name a role token ends ("Khan Younis", "the Islam Qala crossing"), as token
    indices, or None when it is no proper name."""
    kind = o.text.lower() in KIND_WORDS
    if o.tag_ not in ("NNP", "NNPS") and not kind:
        return None
    first = o.i
    for c in sorted((c for c in o.children if c.i < o.i), key=lambda c: -c.i):
        if c.right_edge.i != first - 1 or c.dep_ not in ("compound", "amod", "punct", "nmod",
                                                         "poss"):
            continue
        if all(x.text[:1].isupper() or x.tag_ in ("HYPH", "POS") for x in c.subtree):
            first = c.left_edge.i  # "Islam Qala crossing", "Cox's Bazar", "Lachin corridor"
    if kind and first == o.i:
        return None
    return first, o.i + 1


def _recover(doc, text: str, mentions: list, starts: list, review: list[str]) -> list:
    """The drafter's mentions, with the places the parse puts in a motion's source, goal or
    path that the geoparser left out ("fled Myawaddy", "to Pozzallo"), resolved in the
    document's context by the geoparser; each is a review entry."""
    from ..geoparser.nlp import Span
    from ..geoparser.resolve import resolve
    from .mentions import Mention

    new = []
    for o in _roles(doc):
        at = _name_at(o)
        if at is None:
            continue
        a, b = doc[at[0]].idx, doc[at[1] - 1].idx + len(doc[at[1] - 1])
        if any(m.start <= a and b <= m.end for m in mentions) or \
                any(s.start == a and s.end == b for s in new):
            continue
        new.append(Span(a, b, text[a:b], "literal", "parse"))
    if not new:
        return mentions
    inside = [m for m in mentions if not any(s.start <= m.start and m.end <= s.end for s in new)]
    spans = [Span(m.start, m.end, m.text, "literal", "drafter") for m in inside]
    kept = list(inside)
    for g in resolve(text, sorted(spans + new, key=lambda s: s.start)):
        if g.found_by != "parse" or g.place is None or g.confidence < 0.5:
            continue
        si = max(0, bisect_right(starts, g.start) - 1)
        kept.append(Mention(g.start, g.end, g.text, g.place, si))
        review.append(f"{g.text!r}: read as {g.place.name} ({g.place.country or 'no country'}) "
                      f"from its place in a movement; the geoparser had not kept it")
    return sorted(kept, key=lambda m: m.start)


def _planned(t) -> bool:
    """Whether the motion is a plan: "will be sent", "plans to return", "due to be moved",
    "the planned transfer"."""
    if t.tag_.startswith("NN"):
        return any(c.dep_ == "amod" and c.text.lower() in PLANS for c in t.children) or \
            t.head.text.lower() in PLANS
    tok = t
    for _ in range(4):
        kids = list(tok.children)
        if any(c.dep_ == "aux" and c.text.lower() in MODALS for c in kids):
            return True
        if any(c.dep_ == "aux" and c.text.lower() == "to" for c in kids) and (
                tok.head.text.lower() in PLANS | {"is", "are", "was", "were", "be"}):
            return True
        if tok.dep_ not in ("xcomp", "conj", "acomp", "ccomp") or tok.head.i == tok.i:
            break
        if tok.dep_ in ("xcomp", "acomp") and tok.head.text.lower() in PLANS:
            return True
        tok = tok.head
    return False


def _count(f: Motion):
    """The count of the mover's phrase: "A total of 1,905 Syrian soldiers", "Thousands"."""
    head = f.subject if f.subject is not None else f.mover
    if head is None:
        return None, None
    word = head.text.lower()
    if word in NUMBER_WORDS and not any(c.dep_ == "prep" for c in head.children):
        return NUMBER_WORDS[word], word
    mover = f.mover if f.mover is not None else head
    start = min(head.left_edge.i, mover.left_edge.i)
    doc = head.doc
    phrase = doc[start:mover.i].text if mover.i > start else ""
    if head.tag_ == "CD" or mover.tag_ == "CD":
        phrase = doc[start:mover.i + 1].text
    return count_in(phrase + " people")


def _actor(f: Motion, places: dict) -> str | None:
    """The mover as the story names it: "Syrian soldiers", "families"; None for a pronoun,
    a bare number or a place ("Ukraine withdrew")."""
    m = f.mover
    if m is None or m.tag_ in PRONOUNS or m.tag_ == "CD" or m.i in places:
        return None
    if m.text.lower() in QUANTITY and m.text.lower() in NUMBER_WORDS:
        return None
    words = [c for c in m.children if c.dep_ in ("amod", "compound", "nmod") and c.i < m.i
             and c.tag_ != "CD" and c.i not in places and c.text.lower() not in NOT_WHO]
    return " ".join(w.text for w in words + [m])


def _events(f: Motion, si: int, quote: str, published, review: list[str],
            places: dict) -> list[Event]:
    """The drafter's events for a motion: one per goal it names."""
    t = f.token
    text = " ".join(x.text for x in f.region)
    if t.tag_.startswith("NN") and t.dep_ in ("nsubj", "nsubjpass", "dobj") and \
            not REPORTING.match(t.head.text):
        # "The evacuation ... continued on 12 May": the date is its verb's.
        text += " " + " ".join(x.text for c in t.head.children if c.dep_ in ("prep", "npadvmod")
                               and c.i != t.i for x in c.subtree)
    sentence = t.sent.text
    status = "planned" if _planned(t) else "reported"
    goal = f.dst[0] if f.dst else f.at
    via = f.via if f.via is not None else f.at if f.dst else None
    goal, src = _plausible(goal, f.src, review)
    back = any(c.text.lower() in ("back", "home") for c in t.children)
    if f.lemma in RETURNING or back:  # a return that happened, to a place named, is a move
        kind = "return" if status == "planned" or goal is None else "move"
    elif goal is None and src is not None and via is None:
        kind = "leave"
    elif goal is None or goal.place.kind == "country":
        kind = "enter"
    else:
        kind = "move"
    ev = Event(kind=kind, status=status, sentence=si, quote=quote,
               to=goal.place if goal else None, frm=src.place if src else None,
               via=via.place if via else None)
    ev.via_border = bool(BORDER.search(text)) or any(
        x.text.lower() == "border" and x.head.text.lower() in PATH_PREPS | {"at"}
        for x in f.region)
    ev.count, ev.count_label = _count(f) if f.mover is None or f.mover.i not in places \
        else (None, None)
    if ev.count is None:
        ev.count, ev.count_label = count_in(text)
    ev.date, ev.date_note = date_in(text, published)
    ev.actor = _actor(f, places)
    for word in (ev.actor or "").lower().split():
        if word in DEMONYMS:
            ev.origin = DEMONYMS[word]
    ev.on_hold = status == "planned" and bool(HOLD.search(sentence))
    ev.conditional = status == "planned" and bool(CONDITION.search(sentence))
    ev.reportedly = bool(REPORTEDLY.search(sentence))
    out = [ev]
    for other in f.dst[1:]:
        if other.place.kind not in ("country", "area") and other.place is not ev.to:
            out.append(Event(**{**ev.__dict__, "to": other.place, "quotes": []}))
    return out


def _plausible(goal, src, review: list[str]):
    """The ends of a movement, without a hamlet thousands of kilometres from the other end
    (Tawila in North Darfur is not in the gazetteer; a village in Yemen is)."""
    from ..geometry import haversine_km

    if goal is None or src is None:
        return goal, src
    km = haversine_km(goal.place.lon, goal.place.lat, src.place.lon, src.place.lat)
    if km < 1500:
        return goal, src
    ends = [goal, src]
    for n, m in enumerate(ends):
        p = m.place
        if p.kind in ("village", "town", "other") and p.population < 20_000 and \
                p.dataset != "curated":
            review.append(f"{m.text!r}: left out as a movement's end: the gazetteer's "
                          f"{p.name} ({p.country}) is {km:,.0f} km from the other end")
            ends[n] = None
    return ends[0], ends[1]
