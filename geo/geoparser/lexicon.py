"""The geoparser's words: what may be part of a place name, what is no place, what says
"this name is an organisation" or "a government speaking", and the kind words that extend
a name ("Al-Qa'im border crossing", "Kursk region").

English news wording, as regular expressions and word sets. The drafter reads the same
words from here (``geo.draft.lexicon`` re-exports them).
"""

from __future__ import annotations

import re

#: A word: letters (any script), with inner apostrophes and hyphens; or a number.
WORD = re.compile(r"[^\W\d_](?:[\w'’-]*[^\W_])?|\d[\d,.]*\d|\d")
ARABIC = re.compile(r"[\u0600-\u06ff]")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z\u0600-\u06ff])|\n+")

#: Lower-case words that may sit inside a place name ("Al-Qa'im border crossing").
INNER = {"border", "crossing", "military", "air", "base", "airfield", "airport", "province",
          "governorate", "district", "camp", "city", "town", "village", "region", "point",
          "post", "checkpoint", "airbase", "al", "el", "ad", "as", "ar", "ash", "bin", "ibn"}
#: Capitalised words that name no place however the gazetteer reads them.
NOT_PLACES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "god", "allah", "islam", "islamic", "muslim", "christian", "arab",
    "arabic", "english", "president", "minister", "ministry", "army", "government", "parliament",
    "committee", "council", "division", "brigade", "forces", "force", "party", "state", "news",
    "agency", "reuters", "associated", "press", "times", "post", "today", "tv", "media",
    "international", "national", "united", "nations", "red", "cross", "crescent", "general",
    "colonel", "major", "captain", "sheikh", "mr", "mrs", "ms", "dr", "gov", "governor",
    "premier", "mayor", "former", "late",
    # Common words that open sentences and happen to be alternate names somewhere.
    "a", "an", "the", "in", "on", "at", "as", "by", "to", "of", "for", "with", "from", "we",
    "i", "it", "he", "she", "they", "them", "us", "our", "his", "her", "its", "their", "but",
    "and", "or", "if", "so", "no", "yes", "this", "that", "these", "those", "there", "here",
    "when", "while", "after", "before", "since", "despite", "meanwhile", "however", "also",
    "once", "according", "speaking", "estimates", "officials", "sources", "many", "some",
    "all", "both", "most", "other", "another", "what", "who", "where", "why", "how", "then",
    "now", "later", "earlier", "last", "next", "new", "more", "less", "nearly", "around",
}
#: Words the finder skips that may open a longer name, as written: "New York", "United
#: States"; "US" and "UK" in capitals are the countries, not the pronoun.
NAME_OPENERS = {"New", "United", "US", "UK"}
#: Words after a name that make it an organisation, an outlet or a title, not a place.
ORG_NEXT = {"committee", "council", "division", "brigade", "army", "forces", "ministry",
             "government", "party", "news", "agency", "today", "times", "post", "tv", "channel",
             "university", "company", "group", "front", "movement", "media", "network"}
#: Prepositions that put a small place in the sentence as a place.
LOCATIVE = {"in", "at", "to", "from", "into", "near", "via", "through", "toward", "towards",
             "outside", "across", "of", "around", "between", "and", "reach", "reached",
             "entered", "leaving", "left", "crossed"}
REPORTING = re.compile(r"^\s*(?:has\s+|had\s+)?(?:said|says|say|announced|told|denied|"
                        r"accused|warned|insisted|stated|claimed|demanded|rejected)\b", re.I)

#: Kind words after a name that belong to it when the gazetteer knows the whole ("Zaatari
#: camp", "Rafah crossing", "Anbar province"), longest first.
KIND_AFTER = re.compile(
    r"\s+(border\s+crossing|crossing\s+point|crossing|refugee\s+camp|camp|province|"
    r"governorate|oblast|region|district|county|state|airport|air\s*base|airbase|airfield|"
    r"base|city|valley|strip|desert|river|mountains?)\b", re.I)

#: A division's offices after its name, which make the name the division, not its city:
#: "New York Gov. Andrew Cuomo", "Quebec's premier", "the Punjab chief minister" (group
#: ``office``); and words that do so only where no reading is a national capital ("the
#: Quebec government", but "the Washington government" is the country's: ``government``).
DIVISION_OFFICE = re.compile(
    r"(?:'s|’s)?\s+(?:(?P<office>Gov\.|Governor|Lt\.\s*Gov\.|Lieutenant\s+Governor|governor|"
    r"[Pp]remier|[Cc]hief\s+[Mm]inister|[Ll]egislature|[Ss]tate\s+(?:[Ss]enate|[Aa]ssembly|"
    r"[Ll]egislature|[Gg]overnment|lawmakers|legislators))|(?P<government>government|"
    r"provincial|lawmakers|legislators))(?!\w)")

#: Demonyms and adjectives whose country the suffix rules of ``demonym_names`` miss.
DEMONYM_COUNTRY = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "britons": "GB",
    "english": "GB", "scottish": "GB", "welsh": "GB", "french": "FR", "dutch": "NL",
    "swiss": "CH", "saudi": "SA", "saudis": "SA", "afghan": "AF", "afghans": "AF",
    "turkish": "TR", "turk": "TR", "turks": "TR", "lebanese": "LB", "mexican": "MX",
    "mexicans": "MX", "chinese": "CN", "japanese": "JP", "filipino": "PH", "filipinos": "PH",
    "philippine": "PH", "greek": "GR", "greeks": "GR", "irish": "IE", "danish": "DK",
    "swedish": "SE", "finnish": "FI", "polish": "PL", "spanish": "ES", "portuguese": "PT",
    "german": "DE", "germans": "DE", "israeli": "IL", "israelis": "IL", "palestinian": "PS",
    "palestinians": "PS", "emirati": "AE", "qatari": "QA", "kuwaiti": "KW", "omani": "OM",
    "yemeni": "YE", "yemenis": "YE", "iraqi": "IQ", "iraqis": "IQ", "pakistani": "PK",
    "pakistanis": "PK", "bangladeshi": "BD", "thai": "TH", "vietnamese": "VN",
    "congolese": "CD", "sudanese": "SD", "somali": "SO", "somalis": "SO", "nepali": "NP",
    "nepalese": "NP", "burmese": "MM", "kenyan": "KE", "ugandan": "UG", "nigerian": "NG",
    "nigerians": "NG", "norwegian": "NO", "peruvian": "PE", "venezuelan": "VE",
    "venezuelans": "VE", "colombian": "CO", "brazilian": "BR", "argentine": "AR",
    "argentinian": "AR", "chilean": "CL", "cuban": "CU", "cubans": "CU", "haitian": "HT",
    "haitians": "HT", "panamanian": "PA", "ecuadorian": "EC", "korean": "KR",
    "north korean": "KP", "south korean": "KR", "syrian": "SY", "syrians": "SY",
    "russian": "RU", "russians": "RU", "ukrainian": "UA", "ukrainians": "UA", "iranian": "IR",
    "iranians": "IR", "egyptian": "EG", "egyptians": "EG", "jordanian": "JO", "jordanians": "JO",
    "libyan": "LY",
    "indian": "IN", "indians": "IN", "canadian": "CA", "canadians": "CA", "australian": "AU",
    "italian": "IT", "italians": "IT", "belgian": "BE", "austrian": "AT", "hungarian": "HU",
    "czech": "CZ", "romanian": "RO", "bulgarian": "BG", "serbian": "RS", "serb": "RS",
    "serbs": "RS", "croatian": "HR", "bosnian": "BA", "albanian": "AL", "georgian": "GE",
    "armenian": "AM", "azerbaijani": "AZ", "kazakh": "KZ", "uzbek": "UZ", "ethiopian": "ET",
    "eritrean": "ER", "eritreans": "ER", "rwandan": "RW", "malian": "ML", "chadian": "TD",
    "tunisian": "TN", "algerian": "DZ", "moroccan": "MA", "south african": "ZA",
    "zimbabwean": "ZW", "new zealander": "NZ", "belarusian": "BY", "moldovan": "MD",
    "taiwanese": "TW", "indonesian": "ID", "malaysian": "MY", "sri lankan": "LK",
    "european": "", "africans": "", "african": "", "asian": "", "arab": "", "arabs": "",
    "kurdish": "", "kurds": "", "western": "", "muslim": "", "muslims": "", "christian": "",
    "christians": "", "jewish": "", "sunni": "", "shia": "", "shiite": "", "democrat": "",
    "democrats": "", "republican": "", "republicans": "",
}
