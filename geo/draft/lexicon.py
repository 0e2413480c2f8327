"""The drafter's words: what names a place, what moves people, counts, dates and hedges.

English news wording, as regular expressions and word sets; the other modules of the
drafter read them from here.
"""

from __future__ import annotations

import re

# The words that find and sift place names are the geoparser's; the drafter reads them too.
from ..geoparser.lexicon import (  # noqa: F401
    ARABIC, DEMONYM_COUNTRY, INNER, LOCATIVE, NOT_PLACES, ORG_NEXT, REPORTING)

#: Demonyms of the region's countries and of common others: actor -> origin country (the
#: countries from the geoparser's table).
DEMONYMS = {d: DEMONYM_COUNTRY[d] for d in (
    "syrian", "iraqi", "jordanian", "lebanese", "turkish", "iranian", "saudi", "kuwaiti",
    "israeli", "palestinian", "egyptian", "yemeni", "afghan", "ukrainian", "russian",
    "sudanese", "libyan", "syrians", "iraqis", "afghans", "jordanians")}
ACTOR = re.compile(
    r"\b((?:(?:former|army|military|displaced|regime|government|opposition|"
    + "|".join(d.title() for d in DEMONYMS) + r")\s+)*"
    r"(?:soldiers|troops|personnel|officers|combatants|fighters|refugees|families|civilians|"
    r"people|migrants|residents|detainees|prisoners|militants|children|pilgrims|arrivals|"
    r"Syrians|Iraqis|Afghans|Palestinians|Jordanians|Kurds|Yazidis))\b")

# Movement verbs: (pattern, status, kind). kind "enter" moves people into the country the
# article is about; "move" takes them to a named place; "return" sends them back home.
MOVES = [
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
HOLD = re.compile(r"\b(?:on\s+hold|postponed|suspended|delayed|initially|shelved|cancell?ed)\b",
                   re.I)
CONDITION = re.compile(r"\b(?:if|once|unless|until|when|depends?\s+on)\b", re.I)
DENIED = re.compile(r"\b(?:baseless|unfounded|denied|false|rumou?rs?|unverified|no\s+evidence)\b",
                     re.I)
REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|said\s+to\s+have|claims?)\b", re.I)
#: Leaving a place: "fled western Mosul", "left the al-Hol camp". The place after the verb
#: is where the people were; a movement in the same sentence starts there.
LEAVE = re.compile(r"\b(?:fled|left|escaped|abandoned|fleeing)\s+(?!to\b|into\b|across\b)",
                    re.I)
BORDER = re.compile(r"\b(?:at|across|through|via)\s+the\s+border\b", re.I)
BACK = re.compile(r"\b(?:back|home|repatriat\w*|return\w*)\b", re.I)

NUMBER_WORDS = {"hundreds": (200, 999), "thousands": (2000, 9999), "dozens": (24, 99),
                 "scores": (40, 99), "tens of thousands": (20000, 99999)}
PEOPLE = (r"soldiers|troops|personnel|officers|combatants|fighters|refugees|families|civilians|"
           r"people|migrants|residents|detainees|prisoners|militants|children|pilgrims|arrivals|"
           r"syrians|iraqis|afghans|palestinians|jordanians|kurds|yazidis|lebanese")
COUNT = re.compile(
    r"\b(?:(around|about|approximately|some|roughly|nearly|almost|more\s+than|over|at\s+least|"
    r"fewer\s+than|less\s+than|up\s+to|an\s+estimated|between)\s+)?(\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\s*(?:-|–|to|and)\s*(\d{1,3}(?:,\d{3})+|\d+))?(?=\s+(?:[A-Za-z]+\s+){0,3}"
    r"(?:" + PEOPLE + r")\b)|"
    r"\b(hundreds|thousands|dozens|scores|tens of thousands)\s+(?:of|more)\b", re.I)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
DATE_DMY = re.compile(r"\b(\d{1,2})\s+(January|February|March|April|May|June|July|August|"
                       r"September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
                       r"Sept|Oct|Nov|Dec)\.?(?:\s+(\d{4}))?\b")
DATE_MDY = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                       r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
                       r"\s+(\d{1,2})(?:,?\s+(\d{4}))?\b")
DATE_REL = re.compile(r"\b(?:(last|on|this\s+past|earlier\s+on)\s+(monday|tuesday|wednesday|"
                       r"thursday|friday|saturday|sunday)|(yesterday|today))\b", re.I)


#: "..., the UN said on Wednesday": the date of the report, not of what it reports.
REPORT_DATE = re.compile(r"\b(?:said|told\s+\w+(?:\s+\w+)?|reported|added|confirmed)\s*$", re.I)

GROUPS = {"troops": "soldiers", "personnel": "soldiers", "officers": "soldiers",
           "combatants": "soldiers", "fighters": "soldiers", "syrians": "refugees",
           "iraqis": "refugees", "afghans": "refugees", "palestinians": "refugees",
           "jordanians": "refugees", "migrants": "refugees"}


# The grammar path's words (``grammar``, with spaCy's parse): motion and transfer verbs by
# lemma, with how each reads its direct object and its prepositions.
#: Verbs whose direct object is where the movers were: "fled El Fasher", "left Zuwara".
SOURCE_OBJECT = {"flee", "escape", "leave", "abandon", "evacuate", "quit", "depart", "desert"}
#: Verbs whose direct object is where they went: "reached Lampedusa", "entered Chad".
GOAL_OBJECT = {"reach", "enter"}
#: Verbs whose direct object is the way they took: "crossed the Darién Gap".
PATH_OBJECT = {"cross", "traverse"}
#: Verbs whose direct object is the movers: "sent 1,500 conscripts", "returned them".
TRANSFER = {"send", "transfer", "deport", "evacuate", "deploy", "move", "airlift", "fly", "bus",
            "take", "bring", "transport", "relocate", "return", "hand", "expel", "repatriate",
            "drive", "ship", "redeploy", "resettle", "withdraw", "push", "displace", "carry"}
#: Verbs after which "in" and "at" name the goal: "arrived in Dnipro", "landed at Pozzallo".
ARRIVE = {"arrive", "land", "settle", "gather", "disembark", "reach", "end", "shelter"}
#: Verbs after which "for" names the goal: "fled Rafah for Khan Younis".
FOR_GOAL = {"flee", "leave", "head", "depart", "set", "escape"}
#: Verbs that take people back: a movement of kind "return".
RETURNING = {"return", "repatriate", "deport", "expel", "hand"}
MOTION = SOURCE_OBJECT | GOAL_OBJECT | PATH_OBJECT | TRANSFER | ARRIVE | RETURNING | {
    "travel", "head", "walk", "sail", "go", "come", "retreat", "trek", "migrate", "stream",
    "pour", "march", "set", "relocate"}
#: Verbs that move nobody without their particle: "set off", "handed over", "end up".
PARTICLE = {"set": {"off", "out"}, "hand": {"over"}, "end": {"up"},
            "come": {"back"}}
#: Nominalisations: noun -> the verb it names ("the flight of", "the transfer of").
NOMINAL = {"flight": "flee", "exodus": "flee", "evacuation": "evacuate", "transfer": "transfer",
           "deportation": "deport", "return": "return", "withdrawal": "withdraw",
           "arrival": "arrive", "departure": "depart", "relocation": "relocate",
           "repatriation": "repatriate", "displacement": "displace", "handover": "hand",
           "airlift": "airlift", "expulsion": "expel", "redeployment": "deploy",
           "deployment": "deploy", "journey": "travel", "travel": "travel",
           "evacuations": "evacuate",
           "transfers": "transfer", "returns": "return", "deportations": "deport"}
_IRREGULAR = {"fled": "flee", "flees": "flee", "fleeing": "flee", "sent": "send", "took": "take",
              "taken": "take", "brought": "bring", "flew": "fly", "flown": "fly", "flies": "fly",
              "went": "go", "gone": "go", "goes": "go", "came": "come", "left": "leave",
              "drove": "drive", "driven": "drive", "withdrew": "withdraw", "withdrawn": "withdraw",
              "bused": "bus", "bussed": "bus", "busing": "bus",
              "bussing": "bus", "buses": "bus", "set": "set", "setting": "set",
              "travelled": "travel", "travelling": "travel", "expelled": "expel",
              "expelling": "expel", "trekked": "trek", "trekking": "trek", "shipped": "ship",
              "shipping": "ship", "carried": "carry", "carries": "carry", "ended": "end"}


def motion_lemma(word: str) -> str | None:
    """The motion verb a word is a form of ("fled" -> "flee"), or None."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    for suffix, repl in (("", ""), ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("d", ""),
                         ("ing", ""), ("ing", "e")):
        if suffix and not w.endswith(suffix):
            continue
        stem = w[:len(w) - len(suffix)] + repl if suffix else w
        if stem in MOTION:
            return stem
        if suffix in ("ed", "ing") and not repl and len(stem) > 3 and stem[-1] == stem[-2] \
                and stem[:-1] in MOTION:
            return stem[:-1]  # "transferred", "shipping"
    return None


#: Prepositions of a motion's source, goal and path: "from X", "into X", "through X".
SOURCE_PREPS = {"from"}
GOAL_PREPS = {"to", "into", "toward", "towards", "onto"}
PATH_PREPS = {"via", "through", "across", "over", "past", "along"}
#: Auxiliaries that make a motion a plan or a possibility: "will be sent", "could return".
MODALS = {"will", "would", "shall", "'ll", "wo", "could", "may", "might", "should"}
#: Words before a mover that say how many, not who: "more families", "the first 28,000 people".
NOT_WHO = {"more", "other", "many", "some", "most", "several", "few", "further", "another",
           "first", "last", "remaining", "additional", "new", "latest", "least"}
#: Subjects that count people rather than name them: "A total of 1,905 soldiers".
QUANTITY = {"total", "group", "number", "caravan", "convoy", "column", "wave", "busload",
            "boatload", "thousands", "hundreds", "dozens", "tens", "scores", "batch", "influx",
            "handful", "majority", "most", "many", "some", "all", "rest", "flood", "stream"}
#: Verbs and adjectives that make what follows them a plan: "plans to send", "due to return".
PLANS = {"plan", "plans", "planned", "planning", "intend", "intends", "intended", "expect",
         "expects", "expected", "aim", "aims", "seek", "seeks", "agree", "agreed", "agrees",
         "prepare", "prepares", "preparing", "decide", "decided", "want", "wants", "hope",
         "hopes", "hoped", "hoping", "propose", "proposed", "scheduled", "set", "due", "able",
         "ready", "likely", "allowed", "promised", "promise", "vowed", "offered", "asked"}
#: Heads that deny the movement below them: "refused to return", "unable to leave".
REFUSALS = {"refuse", "refused", "refuses", "fail", "failed", "unable", "prevented",
            "barred", "stopped", "blocked", "denied"}
#: What people flee that is not a place, whose place is the source: "fleeing fighting in X".
HARMS = {"fighting", "violence", "clashes", "attacks", "attack", "war", "bombardment",
         "offensive", "siege", "shelling", "airstrikes", "strikes", "advance", "assault",
         "conflict", "unrest", "floods", "famine", "drought", "persecution", "crackdown"}
