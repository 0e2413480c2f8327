"""Geoparsing: find the places an article names and resolve them in its context.

``geoparse(text)`` returns the mentions: where each name is (character offsets), what it
resolves to (a gazetteer ``Place``, with how it matched and a confidence) and what kind of
mention it is (a place, a demonym, a government speaking). Recognition is spaCy's small
English pipeline when the ``nlp`` extra is installed (``pip install geo-storymaps[nlp]``),
merged with the gazetteer's multi-word names and kind words (``nlp``); without it, or with
``GEO_GEOPARSE=rules`` in the environment, the rule-based finder (``rules``). Resolution
weighs each name's candidates against the document's other places (``resolve``); the words
it reads are in ``lexicon``.
"""

from __future__ import annotations

from typing import Iterable

from .nlp import backend
from .resolve import GeoMention

__all__ = ["GeoMention", "backend", "geoparse", "geoparse_many"]


def _spans(text: str, doc=None) -> list:
    from .nlp import rule_spans, spacy_spans

    if doc is None:
        return rule_spans(text)
    return spacy_spans(text, doc)


def geoparse(text: str, *, published: str | None = None) -> list[GeoMention]:
    """The places a text names, resolved in its context.

    Parameters
    ----------
    text : str
        An article, or any English text.
    published : str, optional
        The publication date, ISO 8601 (kept for the drafter's dates; the places do not
        depend on it).

    Returns
    -------
    list of GeoMention
        In the order of the text: ``start``, ``end``, ``text``, ``place`` (a ``Place`` or
        None), ``kind`` ("literal", "demonym" or "metonymic"), ``confidence`` and
        ``found_by``.

    Examples
    --------
    >>> [(m.text, m.place.country) for m in geoparse("Thousands crossed from Syria into Turkey.")]
    [('Syria', 'SY'), ('Turkey', 'TR')]
    """
    return geoparse_many([text])[0]


def geoparse_many(texts: Iterable[str], *, batch_size: int = 16) -> list[list[GeoMention]]:
    """``geoparse`` for many texts at once (spaCy's ``nlp.pipe`` when it is used).

    Parameters
    ----------
    texts : iterable of str
    batch_size : int
        Texts given to spaCy at a time.

    Returns
    -------
    list of list of GeoMention
        One list per text, in order.
    """
    from .resolve import resolve

    texts = [t if isinstance(t, str) else str(t) for t in texts]
    if backend() == "rules":
        return [resolve(t, _spans(t)) for t in texts]
    from .nlp import parse, pipeline

    docs = [parse(texts[0])] if len(texts) == 1 else pipeline().pipe(texts, batch_size=batch_size)
    return [resolve(t, _spans(t, doc)) for t, doc in zip(texts, docs)]
