"""Name normalisation: one function to index and to look up, so both agree.

``normalize_name`` folds case, diacritics, punctuation, Arabic letter variants,
the Arabic article (Al-, Ar-, As-, El-... in transliteration, ال in Arabic
script) and a final ``-ah``/``-a``; ``skeleton`` reduces a normalised name to its
consonants, which matches transliteration variants (Husaybah, Husaiba; Abu
Kamal, Boukamal).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from functools import lru_cache

__all__ = ["DESCRIPTORS", "arabic_skeleton", "index_names", "normalize_name", "normalize_names", "skeleton", "skeletons", "split_descriptor",
           "typing_slip", "vowels_apart"]

# str.translate with a dict is slow on non-ASCII text: regexes find what to replace.
_APOSTROPHES = re.compile("['’‘`´ʼʻʿʾ′‛ꞌ]")
_ARABIC_FOLD = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ـ": "", "ک": "ك", "ی": "ي",
    # Latin letters that NFKD does not decompose.
    "ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "œ": "oe", "þ": "th",
    "ð": "d", "ħ": "h",
}
_FOLD_RE = re.compile("[" + "".join(_ARABIC_FOLD) + "]")
#: Combining marks: Latin diacritics after NFKD, Arabic harakat, and the rest.
_MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u1ab0-\u1aff"
                    r"\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ARTICLES = frozenset({"al", "el", "ar", "as", "ad", "ash", "at", "az", "an", "adh", "ath",
                       "ad", "ed", "es", "er", "et", "ul", "il"})
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")

#: Words that say what kind of place a name is, not which one.  Looked up without
#: them when the whole name is not found; the kind they imply ranks candidates.
DESCRIPTORS: dict[str, str] = {
    "border crossing": "crossing", "crossing point": "crossing", "crossing": "crossing",
    "border post": "crossing", "checkpoint": "crossing",
    "military airfield": "airfield", "airfield": "airfield", "airport": "airfield",
    "air base": "airfield", "airbase": "airfield", "airstrip": "airfield", "afb": "airfield",
    "military base": "base", "base": "base", "camp": "camp",
    "province": "area", "governorate": "area", "region": "area", "state": "area",
    "oblast": "area", "krai": "area", "prefecture": "area",
    "district": "area", "city": "city", "town": "town", "village": "village",
}
_DESCRIPTOR_RE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, DESCRIPTORS), key=len, reverse=True)) + r")(?=\s|$)"
)


#: A division's kind word before its name, in a normalised name: "County Cork" as Irish
#: and British usage writes it, "Province of Anbar", "Region of Murcia" (not "Co. Cork":
#: normalised, "co" is also the start of "Co-op").
_DESCRIPTOR_BEFORE = re.compile(r"^(?:county|(?:" + "|".join(
    sorted((w for w, kind in DESCRIPTORS.items() if kind == "area"), key=len, reverse=True))
    + r")\s+of)\s+(?=\S)")


#: A line to leave out of the index: a code such as 'BGW' (one to four ASCII
#: characters, none lower case, one upper case at least).
_UNFIT_LINE = re.compile(r"^(?=[\x00-\x09\x0b-\x60\x7b-\x7f]{1,4}$)[^A-Z\n]*[A-Z][^\n]*$", re.M)
#: A name fit for an Arabic label: Arabic letters only (no Persian, Kurdish or Urdu
#: letters, no other script mixed in).
_ARABIC_NAME_LINE = re.compile(r"^[\u0621-\u063a\u0641-\u0652\u0670 -]+$", re.M)


def index_names(groups: list[list[str]]) -> tuple[list[list[str]], dict[int, list[str]]]:
    """For each list of names, those fit to index; and those of them fit for an Arabic label.

    Fit to index: not empty and not a code such as 'BGW', in any script (Київ, ירושלים,
    Москва as much as Kyiv). Fit for a label: in Arabic letters only (القائم, not Kurdish
    mwsڵ or Persian رمادی). All lists are read in one pass, many times faster than a test
    per name.

    Returns
    -------
    (list of list of str, dict of int to list of str)
        The names fit to index, list by list in order; and, by list number, the
        Arabic names of the lists that have any.

    Examples
    --------
    >>> index_names([["Al Qa'im", "BGW", "القائم", "Кайм", ""], ["Rutba"]])
    ([["Al Qa'im", 'القائم', 'Кайм'], ['Rutba']], {0: ['القائم']})
    """
    flat = [n for names in groups for n in names]
    text = "\n".join(flat)
    if text.count("\n") != len(flat) - 1:  # a line break in a name is a space
        text = "\n".join(n.replace("\n", " ") for n in flat)
    text = _UNFIT_LINE.sub("", text)
    lines = text.split("\n")
    ends = list(itertools.accumulate(map(len, groups)))
    keep = [[*filter(None, lines[a:b])] for a, b in zip([0, *ends], ends)]
    arabic: dict[int, list[str]] = {}
    line, last = 0, 0
    for m in _ARABIC_NAME_LINE.finditer(text):
        line += text.count("\n", last, m.start())
        last = m.start()
        arabic.setdefault(bisect.bisect_right(ends, line), []).append(m.group())
    return keep, arabic


#: Arabic letters to Latin consonants, for comparing an Arabic name with a Latin one.
_ROMAN = str.maketrans({
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "gh",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "h", "و": "w",
    "ي": "y", "ى": "", "ا": "", "أ": "", "إ": "", "آ": "", "ء": "", "ع": "", "ئ": "", "ؤ": "",
    " ": "", "-": ""})


def arabic_skeleton(name: str) -> str:
    """Latin consonants of an Arabic name, comparable with ``skeleton`` of a Latin one.

    Examples
    --------
    >>> arabic_skeleton("القائم"), skeleton(normalize_name("Al Qa'im"))
    ('km', 'km')
    """
    text = name[2:] if name.startswith("ال") else name
    out = _DOUBLE.sub(r"\1", text.translate(_ROMAN).replace("w", "").replace("y", ""))
    return out[:-1] if out.endswith("h") and len(out) > 2 else out


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """Fold a place name to the key the gazetteer indexes.

    Parameters
    ----------
    name : str
        A place name in any script.

    Returns
    -------
    str
        Lower-case words separated by single spaces; empty if nothing is left.

    Examples
    --------
    >>> normalize_name("Al-Qa'im") == normalize_name("Al Qaim") == normalize_name("Qaim")
    True
    >>> normalize_name("Ar Rutbah") == normalize_name("al-Rutba")
    True
    >>> normalize_name("الرطبة") == normalize_name("رطبه")
    True
    """
    return normalize_names([name])[0]


_NON_WORD_LINE = re.compile(r"[^\w\n]+")
# The rules below act on lines of words joined by single spaces (``[^ \n]`` is a
# word character): an article before another word goes, then a leading ال off a
# word of four letters or more, then the h of a final -ah off one of four or more.
# The last two start with their letters and look behind afterwards: the regex
# engine then skips ahead to those letters, ten times faster over a million names.
_ARTICLE_WORD = re.compile(r"(?<![^ \n])(?:" + "|".join(sorted(_ARTICLES, key=len, reverse=True))
                           + r") (?=[^ \n])")
_ARABIC_ARTICLE = re.compile(r"ال(?=[^ \n]{2})(?<![^ \n]ال)")
_FINAL_AH = re.compile(r"ah(?![^ \n])(?<=[^ \n]{3}h)")


def normalize_names(names: list[str]) -> list[str]:
    """``normalize_name`` of many names at once.

    Each step acts on one character or one word at a time, so it runs once over the
    names joined by newlines: ``normalize_name`` is this function on one name, and the
    index and a lookup cannot disagree.

    Examples
    --------
    >>> normalize_names(["Al-Qa'im", "الرطبة"])
    ['qaim', 'رطبه']
    """
    text = "\n".join(names)
    if text.count("\n") != len(names) - 1:  # a newline inside a name is a word break
        text = "\n".join(n.replace("\n", " ") for n in names)
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()
        text = _FOLD_RE.sub(lambda m: _ARABIC_FOLD[m.group()], text)
    else:
        text = text.lower()
    # Runs of other characters became one space: at most one on either side of a line break.
    text = _NON_WORD_LINE.sub(" ", text.replace("_", " "))
    text = text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    text = _ARTICLE_WORD.sub("", text)
    text = _FINAL_AH.sub("a", _ARABIC_ARTICLE.sub("", text))
    return text.split("\n") if names else []


_VOWEL_BYTES = b"aeiouyw "
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def skeleton(key: str) -> str:
    """Consonant skeleton of a normalised name, for transliteration variants.

    Examples
    --------
    >>> skeleton(normalize_name("Husaybah")) == skeleton(normalize_name("Husaiba"))
    True
    >>> skeleton(normalize_name("Abu Kamal")) == skeleton(normalize_name("Boukamal"))
    True
    """
    if "\n" in key:
        return skeleton(key.replace("\n", " "))
    return skeletons([key])[0]


_AL_PREFIX = re.compile(r"al(?=[^\n]{4})(?<![^\n]al)")  # Albu Kamal, Alqaim
_FINAL_H = re.compile(r"h$(?<=[^\n]{3})", re.M)


def skeletons(keys: list[str]) -> list[str]:
    """``skeleton`` of many normalised names at once (see ``normalize_names``).

    Examples
    --------
    >>> skeletons(["husaybah", "husaiba", "الرطبه"])
    ['hsb', 'hsb', 'الرطبه']
    """
    text = "\n".join(keys)
    if text.count("\n") != len(keys) - 1:
        return [skeleton.__wrapped__(k) for k in keys]
    latin = _AL_PREFIX.sub("", text).replace("q", "k").replace("ph", "f")
    # Vowels and spaces out: ASCII bytes, never part of another character in UTF-8.
    latin = latin.encode("utf-8").translate(None, _VOWEL_BYTES).decode("utf-8")
    latin = _FINAL_H.sub("", _DOUBLE.sub(r"\1", latin))
    out = latin.split("\n") if keys else []
    for i, key in enumerate(keys):  # Arabic script: the key without its spaces
        if not key.isascii() and _ARABIC_SCRIPT.search(key):
            out[i] = key.replace(" ", "")
    return out


def split_descriptor(key: str) -> tuple[str, str | None]:
    """Remove kind words from a normalised name.

    Returns
    -------
    (str, str or None)
        The name without its descriptors, and the kind the first one implies.

    Examples
    --------
    >>> split_descriptor(normalize_name("Anbar province"))
    ('anbar', 'area')
    >>> split_descriptor(normalize_name("County Cork"))
    ('cork', 'area')
    """
    before = _DESCRIPTOR_BEFORE.match(key)
    if before:  # "County Cork", "Province of Anbar"
        return " ".join(key[before.end():].split()), "area"
    kinds = [DESCRIPTORS[m.group(1)] for m in _DESCRIPTOR_RE.finditer(key)]
    rest = " ".join(_DESCRIPTOR_RE.sub(" ", key).split())
    return rest, (kinds[0] if kinds else None)


def vowels_apart(a: str, b: str) -> bool:
    """Whether two normalised names differ, and only in their vowels, letter for letter: a
    transliteration ("jenin", "janin"), not another name ("rocky hill", "rock hill").

    Examples
    --------
    >>> vowels_apart("jenin", "janin"), vowels_apart("muscogee", "muskogee")
    (True, False)
    """
    return a != b and len(a) == len(b) and all(
        x == y or (x in "aeiouy" and y in "aeiouy") for x, y in zip(a, b))


def typing_slip(a: str, b: str, letters: int = 7) -> bool:
    """Whether two normalised names that are spelled alike read as one name mistyped, not
    as two names: each word that differs has ``letters`` letters or more and keeps its first
    letter ("baghdadd", "baghdad"); with a space more or less, the whole name has. A short
    word one letter off is another word ("sahel", "saheli"), and so is a new first letter
    ("east africa", "west africa").

    Examples
    --------
    >>> typing_slip("baghdadd", "baghdad"), typing_slip("east africa", "west africa")
    (True, False)
    """
    aw, bw = a.split(), b.split()
    if len(aw) != len(bw):
        return len(a.replace(" ", "")) >= letters
    return all(x == y or (len(x) >= letters and len(y) >= letters and x[0] == y[0])
               for x, y in zip(aw, bw))
