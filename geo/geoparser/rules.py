"""The rule-based mention finder: every capitalised run of words (and every run of Arabic
script) looked up in the gazetteer by its exact names, longest first. The geoparser's
recognition when the nlp extra (spaCy) is not installed, and the drafter's.
"""

from __future__ import annotations

import re

from .lexicon import ARABIC, INNER, NAME_OPENERS, NOT_PLACES, SENTENCE_END, WORD

__all__ = ["capitalised", "find_mentions", "lookup", "opens_name", "sentences"]


def sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans



def capitalised(word: str) -> bool:
    """Upper-case initial, Arabic script, or an Arabic article before one: al-Hol, el-Arish."""
    return word[:1].isupper() or bool(ARABIC.match(word)) or \
        bool(re.match(r"(?:al|el|ad|ar|as|ash|at|az|an)-[A-Z]", word))


def _candidate_runs(text: str, start: int, end: int):
    """Runs of words that could be a place name in text[start:end], as word lists."""
    words = [(m.start(), m.end(), m.group()) for m in WORD.finditer(text, start, end)]
    for i, (s, e, w) in enumerate(words):
        # Trim possessives: "Iraq's" -> "Iraq".
        if w.endswith(("'s", "’s")):
            words[i] = (s, e - 2, w[:-2])
        # And a lower-case compound's end: "Calgary-based" -> "Calgary".
        head, _, tail = words[i][2].rpartition("-")
        if head and tail.islower() and head[:1].isupper() and tail not in ("al", "el"):
            words[i] = (s, s + len(head), head)
    i = 0
    while i < len(words):
        w = words[i][2]
        if not capitalised(w) or w.lower() in NOT_PLACES and not opens_name(w):
            i += 1
            continue
        j = i + 1
        while j < len(words) and j - i < 6:
            nxt = words[j][2]
            gap = text[words[j - 1][1]:words[j][0]]
            if gap.strip(" -") or "\n" in gap:
                break
            if not (capitalised(nxt) or nxt.lower() in INNER or nxt[0].isdigit()):
                break
            j += 1
        yield words, i, j
        i = j


def opens_name(word: str) -> bool:
    """A word the finder otherwise skips that may open a longer name: "New York", "United
    States", "US" (not the pronoun)."""
    return word in NAME_OPENERS


def lookup(phrase: str):
    from ..gazetteer import candidates

    return tuple(candidates(phrase, fuzzy=False, limit=8))


def find_mentions(text: str, sentences) -> list[tuple]:
    """(start, end, surface, candidates, sentence, before, after) for each name found."""
    found: list[tuple] = []
    for si, (s0, s1) in enumerate(sentences):
        for words, i, j in _candidate_runs(text, s0, s1):
            while i < j and words[i][2].lower() in NOT_PLACES:  # "New York", else "York"
                if opens_name(words[i][2]) and _longest(
                        text, words, i, j, si, found, 1 if words[i][2].isupper() else 2):
                    break
                i += 1
            else:  # "Former New York Gov.": the name after a capitalised word that is none
                while i < j and not _longest(text, words, i, j, si, found):
                    i += 1
    return found


def _longest(text: str, words: list, i: int, j: int, si: int, found: list,
             least: int = 1) -> bool:
    """Append the longest name of at least ``least`` words that words[i:j] starts with;
    whether there was one."""
    k = j
    while k - i >= least:
        start, end = words[i][0], words[k - 1][1]
        phrase = text[start:end]
        last = words[k - 1][2].lower()
        if last in INNER - {"al", "el", "ad", "as", "ar", "ash"} and k - 1 == i:
            k -= 1
            continue
        cands = lookup(phrase)
        if cands and k < j and words[k][2][0].isdigit():
            return False  # "Jeddah 5 camp" is a camp's name, not the city of Jeddah
        if cands:
            before = words[i - 1][2] if i > 0 else ""
            gap_before = text[words[i - 1][1]:start] if i > 0 else "\n"
            after = words[k][2] if k < len(words) else ""
            gap_after = text[end:words[k][0]] if k < len(words) else "\n"
            found.append((start, end, phrase, cands, si,
                          before if gap_before.strip(" ") in ("", "'s", "’s") else "",
                          after if not gap_after.strip(" ") else ""))
            return True
        k -= 1
    return False
