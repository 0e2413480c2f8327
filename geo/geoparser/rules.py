"""The rule-based mention finder: every capitalised run of words (and every run of Arabic
script) looked up in the gazetteer by its exact names, longest first. The geoparser's
recognition when the nlp extra (spaCy) is not installed, and the drafter's.
"""

from __future__ import annotations

import re

from .lexicon import ARABIC, INNER, NOT_PLACES, SENTENCE_END, WORD

__all__ = ["capitalised", "find_mentions", "lookup", "sentences"]


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
    i = 0
    while i < len(words):
        w = words[i][2]
        if not capitalised(w) or w.lower() in NOT_PLACES:
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


def lookup(phrase: str):
    from ..gazetteer import candidates

    return tuple(candidates(phrase, fuzzy=False, limit=8))


def find_mentions(text: str, sentences) -> list[tuple]:
    """(start, end, surface, candidates, sentence, before, after) for each name found."""
    found = []
    for si, (s0, s1) in enumerate(sentences):
        for words, i, j in _candidate_runs(text, s0, s1):
            k = j
            while k > i:
                start, end = words[i][0], words[k - 1][1]
                phrase = text[start:end]
                last = words[k - 1][2].lower()
                if last in INNER - {"al", "el", "ad", "as", "ar", "ash"} and k - 1 == i:
                    k -= 1
                    continue
                cands = lookup(phrase)
                if cands and k < j and words[k][2][0].isdigit():
                    break  # "Jeddah 5 camp" is a camp's name, not the city of Jeddah
                if cands:
                    before = words[i - 1][2] if i > 0 else ""
                    gap_before = text[words[i - 1][1]:start] if i > 0 else "\n"
                    after = words[k][2] if k < len(words) else ""
                    gap_after = text[end:words[k][0]] if k < len(words) else "\n"
                    found.append((start, end, phrase, cands, si,
                                  before if gap_before.strip(" ") in ("", "'s", "’s") else "",
                                  after if not gap_after.strip(" ") else ""))
                    break
                k -= 1
    return found
