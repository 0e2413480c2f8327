"""Name normalisation: one function to index and to look up, so both agree.

``normalize_name`` folds case, diacritics, punctuation, Arabic letter variants,
the Arabic article (Al-, Ar-, As-, El-... in transliteration, ال in Arabic
script) and a final ``-ah``/``-a``; ``skeleton`` reduces a normalised name to its
consonants, which matches transliteration variants (Husaybah, Husaiba; Abu
Kamal, Boukamal).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
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
    "district": "town", "city": "city", "town": "town", "village": "village",
}
_DESCRIPTOR_RE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(map(re.escape, DESCRIPTORS), key=len, reverse=True)) + r")(?=\s|$)"
)


_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f"
                           r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def is_latin_or_arabic(text: str) -> bool:
    """True if ``text`` is written in Latin or Arabic script only."""
    return not _OTHER_SCRIPT.search(text)


#: Arabic letters only: no Persian, Kurdish or Urdu letters, no other script mixed in.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u0652\u0670 -]+$")


def is_arabic_name(text: str) -> bool:
    """True if ``text`` is a name in Arabic letters only, fit for an Arabic label.

    Examples
    --------
    >>> is_arabic_name("القائم"), is_arabic_name("mwsڵ"), is_arabic_name("رمادی")
    (True, False, False)
    """
    return bool(_ARABIC_NAME.match(text))


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


def is_arabic(text: str) -> bool:
    """True if ``text`` contains Arabic script."""
    return bool(_ARABIC_SCRIPT.search(text))


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
    text = _APOSTROPHES.sub("", name)
    if not text.isascii():
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()
        text = _FOLD_RE.sub(lambda m: _ARABIC_FOLD[m.group()], text)
    else:
        text = text.lower()
    words = _NON_WORD.sub(" ", text).split()
    out = []
    for i, word in enumerate(words):
        if word in _ARTICLES and i + 1 < len(words):
            continue
        if len(word) > 3 and word.startswith("ال"):
            word = word[2:]
        if len(word) > 3 and word.endswith("ah"):
            word = word[:-1]
        out.append(word)
    return " ".join(out)


_VOWELS = re.compile("[aeiouyw ]+")
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
    if is_arabic(key):
        return key.replace(" ", "")
    s = key[2:] if key.startswith("al") and len(key) > 5 else key  # Albu Kamal, Alqaim
    s = _VOWELS.sub("", s.replace("q", "k").replace("ph", "f"))
    s = _DOUBLE.sub(r"\1", s)
    if s.endswith("h") and len(s) > 2:
        s = s[:-1]
    return s


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
    """
    kinds = [DESCRIPTORS[m.group(1)] for m in _DESCRIPTOR_RE.finditer(key)]
    rest = " ".join(_DESCRIPTOR_RE.sub(" ", key).split())
    return rest, (kinds[0] if kinds else None)
