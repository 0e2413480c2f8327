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

