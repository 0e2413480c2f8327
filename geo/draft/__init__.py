"""Draft a story file from a news article: places, movements, quotes and review flags.

Rule-based and offline: place names are found by looking every capitalised run
of words (and every run of Arabic script) up in the gazetteer, exactly, then
sifted (people, organisations, outlets and far-away homonyms are dropped) and
resolved against the article's own geography (``mentions``). Movements come from
spaCy's dependency parse when the nlp extra is installed (``grammar``, reading each motion
clause's mover, source, goal and path in ``clauses``), and from sentences whose verbs move
people ("crossed into", "were transferred to", "will be sent back") by rule, for what the
parse does not read or without the extra; mentions of the same movement are merged
(``events``); where an end is
implicit the draft says so in a note instead of inventing a place. Everything the
drafter is unsure of carries a ``review`` flag, and every place and movement keeps
the sentence it came from (``assemble``). The words it reads are in ``lexicon``.

The result is a valid story: ``make-map`` renders it as it stands, and prints
its review flags as warnings.
"""

from __future__ import annotations

from .assemble import Draft, draft, draft_story
from .mentions import Mention

__all__ = ["MAX_BYTES", "Draft", "Mention", "draft", "draft_story"]

#: Articles larger than this are refused by ``make-map --draft`` before they are read: a
#: news article is some ten kB of text.
MAX_BYTES = 1_000_000
