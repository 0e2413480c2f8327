"""The words of a story's model, each list written once: place kinds, statuses, thresholds.

Everything else refers to these: the story schema's enums are checked against them
(``tests/test_vocab.py``), the style table has an entry for each, the gazetteer's kinds
are the story's plus ``country``.
"""

from __future__ import annotations

__all__ = ["ARABIC_SPEAKING", "GAZETTEER_KINDS", "KIND_WORD_FITS", "LANGUAGES", "PLACE_KINDS",
           "SETTLEMENTS", "STATUSES", "UNCERTAIN_KM"]

#: Kinds of place a story may name, in legend order.
PLACE_KINDS = ("capital", "city", "town", "village", "crossing", "airfield", "base", "camp",
               "area", "other")

#: Kinds of gazetteer entry: the story's kinds but ``capital`` (a flag there), ``country``
#: and ``continent``.
GAZETTEER_KINDS = tuple(k for k in PLACE_KINDS if k != "capital") + ("country", "continent")

#: Kinds of populated place: a gazetteer's radius for one is its size, not doubt about where
#: it is.
SETTLEMENTS = ("city", "town", "village")

#: The kinds of gazetteer entry a kind word may find ("Nasib crossing" is no town called
#: Nasib, "Harbor City" no village called Harbor, "Mexico City" not Mexico), by the kind
#: the word implies (``geo.names.DESCRIPTORS``). A district or province the polygons lack is
#: its seat, the town it is named after ("Al-Rutba district").
KIND_WORD_FITS = {"crossing": ("crossing",), "airfield": ("airfield", "base"),
                  "base": ("base", "airfield"), "camp": ("camp",),
                  "area": ("area", "country", "city", "town"), "city": ("city", "town"),
                  "town": ("town", "city", "village", "area"), "village": ("village", "town")}

#: What a story says of a movement, in legend order: done (reported, confirmed), intended
#: (planned), asserted by one side only (claimed).
STATUSES = ("reported", "confirmed", "planned", "claimed")

#: A place whose position is uncertain by at least this many km is ``approximate``: drawn as a
#: circle of that radius.
UNCERTAIN_KM = 3.0

#: Languages a map's labels may be written in: English always, Arabic where the story says so
#: or all its places are in the Arab world.
LANGUAGES = ("en", "ar")

#: Countries whose official language is Arabic: the 22 members of the League of Arab States
#: (ISO alpha-2). A story whose every place is in one of them is labelled in Arabic too.
ARABIC_SPEAKING = frozenset({"DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR",
                             "MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"})
