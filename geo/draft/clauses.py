"""What a motion clause says, read from spaCy's dependency parse: its motion word (a verb of
the lexicon, or a nominalisation: "the evacuation of"), who moves, and the places of its
source, goal and path, each a drafter mention (``grammar`` makes the movements)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .lexicon import (ARRIVE, FOR_GOAL, GOAL_OBJECT, GOAL_PREPS, HARMS, NOMINAL, PARTICLE,
                      PATH_OBJECT, PATH_PREPS, QUANTITY, REFUSALS, RETURNING, SOURCE_OBJECT,
                      SOURCE_PREPS, TRANSFER, motion_lemma)

if TYPE_CHECKING:
    from .mentions import Mention

__all__ = ["PRONOUNS", "Motion", "lemma", "nest", "read", "region", "role_of", "trigger"]

#: Dependencies that open a clause of its own: what is below them is not the verb's.
CLAUSES = {"relcl", "ccomp", "advcl", "parataxis", "csubj", "xcomp", "conj", "acl", "pcomp"}
PRONOUNS = {"PRP", "WP", "WDT", "DT"}


@dataclass
class Motion:
    """A motion word and what the parse says about it."""

    token: object
    lemma: str
    mover: object = None          # the token naming who moves
    subject: object = None        # the token the mover's phrase starts from ("Tens")
    src: Mention | None = None
    dst: list = field(default_factory=list)
    via: Mention | None = None
    at: Mention | None = None     # "at X": the goal when nothing else is, else the path
    region: list = field(default_factory=list)

    def ends(self) -> bool:
        return bool(self.src or self.dst or self.via or self.at)


def trigger(t) -> bool:
    """Whether token ``t`` is a motion verb or a nominalisation of one."""
    if t.tag_.startswith("VB") and t.dep_ not in ("amod", "compound"):
        lemma = motion_lemma(t.text)
        if lemma is None:
            return False
        if lemma in PARTICLE and lemma not in TRANSFER | RETURNING | {"set"}:
            return any(c.dep_ == "prt" and c.text.lower() in PARTICLE[lemma] for c in t.children)
        if lemma == "set":
            return any(c.dep_ == "prt" and c.text.lower() in PARTICLE["set"] for c in t.children)
        if lemma == "hand":
            return any(c.dep_ in ("prt", "advmod") and c.text.lower() == "over"
                       for c in t.children)
        return not any(c.dep_ == "neg" for c in t.children) and \
            t.head.text.lower() not in REFUSALS
    return t.tag_.startswith("NN") and t.text.lower() in NOMINAL


def region(t) -> list:
    """The tokens that belong to ``t``'s own clause: its subtree without the clauses below
    it (relative clauses, other verbs)."""
    out, stack = [], [t]
    while stack:
        tok = stack.pop()
        out.append(tok)
        for c in tok.children:
            clause = c.dep_ in CLAUSES and (c.pos_ in ("VERB", "AUX") or c.dep_ == "relcl")
            if not clause or c.dep_ == "pcomp" and \
                    c.head.text.lower() in SOURCE_PREPS | GOAL_PREPS:
                stack.append(c)
    return sorted(out, key=lambda x: x.i)


def lemma(t) -> str:
    return NOMINAL[t.text.lower()] if t.tag_.startswith("NN") else motion_lemma(t.text)


def read(t, places: dict) -> Motion | None:
    """The motion of trigger ``t``: its mover and its ends."""
    f = Motion(token=t, lemma=lemma(t))
    f.region = region(t)
    inside = {x.i for x in f.region}
    taken: set[int] = set()
    role_preps = [x for x in f.region if x.dep_ in ("prep", "dative", "agent", "advmod", "prt")
                  and role_of(x, f) is not None]
    for p in role_preps:
        role = role_of(p, f)
        objs = [c for c in p.children if c.dep_ in ("pobj", "pcomp", "prep")]
        m = _place_in(objs, places, taken, {x.i for x in role_preps} - {p.i}, inside)
        if m is None and role == "dst":
            m = _side(objs)
        if m is None:
            continue
        if role == "src":
            f.src = f.src or m
        elif role == "dst":
            f.dst.append(m)
            f.dst += _also(m, t.doc, places, taken)
        elif role == "via":
            f.via = f.via or m
        else:
            f.at = f.at or m
    _objects(t, f, places, taken, inside)
    _mover(t, f, places)
    return f


def role_of(p, f: Motion) -> str | None:
    """What a preposition in a motion's clause names: "src", "dst", "via", "at" or None."""
    w = p.text.lower()
    if w in ("of",) and p.head.text.lower() == "out" or w in SOURCE_PREPS:
        return "src"
    if w in GOAL_PREPS:
        return "dst"
    if w == "for" and f.lemma in FOR_GOAL:
        return "dst"
    if w in PATH_PREPS:
        return "via"
    if w in ("in", "at") and p.head.i == f.token.i and f.lemma in ARRIVE:
        return "dst"
    if w == "at" and (p.head.i == f.token.i or p.head.dep_ in ("pobj", "dobj")):
        return "at"
    return None


def _side(objs: list):
    """The country of "to a protection force on the Syrian side": a demonym's side."""
    from ..geoparser.resolve import demonym_country
    from .mentions import Mention

    for o in objs:
        for tok in o.subtree:
            if tok.text.lower() != "side":
                continue
            for c in tok.children:
                country = demonym_country(c.text) if c.dep_ == "amod" else None
                if country is not None:
                    return Mention(c.idx, tok.idx + len(tok), f"{c.text} side", country, 0)
    return None


def _place_in(objs: list, places: dict, taken: set, others: set, inside: set):
    """The first place named under ``objs`` that no other role preposition owns."""
    for o in objs:
        for tok in o.subtree:
            if tok.i not in places or tok.i in taken or tok.i not in inside:
                continue
            up, owned = tok, False
            while up.i != o.i and up.head.i != up.i:
                if up.i in others:
                    owned = True
                    break
                up = up.head
            if owned:
                continue
            m = places[tok.i]
            taken.update(i for i, mm in places.items() if mm is m)
            return m
    return None


def _also(m, doc, places: dict, taken: set) -> list:
    """The places coordinated with ``m``: "to Qamishli and Ras al-Ain"."""
    out = []
    for i, mm in list(places.items()):
        if mm is not m:
            continue
        for c in doc[i].children:
            if c.dep_ == "conj" and c.i in places and c.i not in taken:
                other = places[c.i]
                taken.update(j for j, x in places.items() if x is other)
                out.append(other)
    return out


def _objects(t, f: Motion, places: dict, taken: set, inside: set) -> None:
    """The ends a verb's direct object names: "fled El Fasher", "reached Aceh", "crossed the
    Darién Gap", and "fleeing fighting in Khartoum"."""
    for c in t.children:
        if c.dep_ != "dobj":
            continue
        m = _place_in([c], places, taken, set(), inside) if c.i in places or any(
            x.i in places for x in c.subtree if x.dep_ in ("compound", "pobj") or x.i == c.i) \
            else None
        if m is not None and places.get(c.i) is m or m is not None and c.text.lower() in (
                "camp", "city", "town", "crossing", "province", "region", "state", "village"):
            if f.lemma in SOURCE_OBJECT:
                f.src = f.src or m
            elif f.lemma in GOAL_OBJECT:
                f.dst.append(m)
            elif f.lemma in PATH_OBJECT:
                f.via = f.via or m
        elif m is not None and c.text.lower() in HARMS and f.lemma in SOURCE_OBJECT:
            f.src = f.src or m


def _mover(t, f: Motion, places: dict) -> None:
    """Who moves: the object of a transfer verb, the passive subject, the subject, the noun a
    participle or relative clause describes, the person of a nominalisation."""
    kids = {c.dep_: c for c in t.children}
    if t.tag_.startswith("NN"):
        of = [c for c in t.children if c.dep_ == "prep" and c.text.lower() == "of"]
        cand = next((c for p in of for c in p.children if c.dep_ == "pobj"), None)
        cand = cand if cand is not None else kids.get("poss", kids.get("nsubj"))
    elif "nsubjpass" in kids:
        cand = kids["nsubjpass"]
    elif "dobj" in kids and f.lemma in TRANSFER and kids["dobj"].i not in places:
        cand = kids["dobj"]
    elif "nsubj" in kids:
        cand = kids["nsubj"]
    elif t.dep_ in ("acl", "relcl"):
        cand = t.head
    elif t.dep_ in ("conj", "xcomp", "advcl") and t.head.pos_ in ("VERB", "AUX"):
        h = {c.dep_: c for c in t.head.children}
        cand = h.get("dobj") if t.dep_ == "xcomp" and "dobj" in h else \
            h.get("nsubjpass") or h.get("nsubj") or h.get("dobj")
    else:
        cand = None
    if cand is not None and cand.tag_ in PRONOUNS and cand.dep_ in ("nsubj", "nsubjpass") \
            and t.dep_ == "relcl":
        cand = t.head
    f.subject = cand
    while cand is not None and cand.text.lower() in QUANTITY:
        of = [c for p in cand.children if p.dep_ == "prep" and p.text.lower() == "of"
              for c in p.children if c.dep_ == "pobj"]
        if not of:
            break
        cand = of[0]
    if cand is not None and cand.tag_ in PRONOUNS and t.dep_ == "conj":
        h = {c.dep_: c for c in t.head.children}
        cand = f.subject = h.get("dobj") or h.get("nsubjpass") or h.get("nsubj") or cand
    f.mover = cand


def nest(found: list[Motion]) -> list[Motion]:
    """A motion nested in another lends it the ends it lacks ("families evacuated from
    Pokrovsk arrived in Dnipro"; "fled Zamzam, most of them heading to Tawila")."""
    by_token = {f.token.i: f for f in found}
    dropped: set[int] = set()

    def depth(f):
        n, t = 0, f.token
        while t.head.i != t.i:
            t, n = t.head, n + 1
        return n

    for f in sorted(found, key=depth, reverse=True):
        outer, t = None, f.token
        while t.head.i != t.i and outer is None:
            t = t.head
            outer = by_token.get(t.i) if t.i not in dropped else None
        if outer is None:
            continue
        if not f.ends():
            dropped.add(f.token.i)
        elif not f.dst and not f.at or not outer.dst and not outer.at and f.src is None:
            outer.src = outer.src or f.src
            outer.via = outer.via or f.via
            if not outer.dst and not outer.at:
                outer.dst, outer.at = f.dst, f.at
            outer.region = sorted(outer.region + f.region, key=lambda x: x.i)
            if outer.mover is None or outer.mover.tag_ in PRONOUNS:
                outer.mover, outer.subject = f.mover, f.subject
            dropped.add(f.token.i)
        elif f.mover is None or f.mover.tag_ in PRONOUNS and f.mover.dep_ != "dobj":
            f.mover, f.subject = outer.mover, outer.subject
    kept = [f for f in found if f.token.i not in dropped and f.ends()]
    return _siblings(kept)


def _siblings(found: list[Motion]) -> list[Motion]:
    """Two motions of one mover, the first with only a source and the next with only a
    goal, are one: "a caravan of 3,000 migrants left Tapachula, heading toward Mexico City"."""
    out: list[Motion] = []
    for f in found:
        prev = out[-1] if out else None
        if prev is not None and prev.mover is not None and f.mover is not None and \
                prev.mover.i == f.mover.i and prev.src and not prev.dst and not prev.at \
                and (f.dst or f.at) and f.src is None:
            prev.dst, prev.at, prev.via = f.dst, f.at, prev.via or f.via
            prev.region = sorted(prev.region + f.region, key=lambda x: x.i)
            continue
        out.append(f)
    return out
