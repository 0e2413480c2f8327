"""The names table of the gazetteer index: each place's names as lookup keys."""

from __future__ import annotations

import itertools

from ..names import normalize_names, skeletons

__all__ = ["name_rows"]


def name_rows(places: list[tuple[int, list[str], int]]) -> list[tuple[str, str, int, int]]:
    """(key, skeleton, place id, kind of name) for ``places``, each a place id, its names
    (its own first) and how many of the next ones are short forms of it: each key once a
    place, in the order of the places and their names. The kind of name is 0 for the
    place's own, 2 for a short form of it ("Heathrow" for London Heathrow Airport), else 1."""
    import numpy as np
    import pandas as pd

    # Many entries share names: each distinct string is normalised once, all in one go,
    # and the (place, key) pairs are told apart with arrays, not a dict per place.
    counts = np.fromiter((len(names) for _, names, _ in places), dtype=np.int64,
                         count=len(places))
    pids = np.repeat(np.fromiter((pid for pid, _, _ in places), dtype=np.int64,
                                 count=len(places)), counts)
    starts = np.cumsum(counts) - counts
    place_of_name = np.repeat(np.arange(len(places)), counts)
    position = np.arange(int(counts.sum())) - starts[place_of_name]  # 0: the own name
    shorts = np.fromiter((n for _, _, n in places), dtype=np.int64, count=len(places))
    short = (position >= 1) & (position <= shorts[place_of_name])
    codes, distinct = pd.factorize(_objects(itertools.chain.from_iterable(
        names for _, names, _ in places), int(counts.sum())))
    key_codes, keys = pd.factorize(_objects(normalize_names(distinct.tolist()), len(distinct)))
    key = key_codes[codes]
    own = np.repeat(key[starts], counts)  # each place's first name
    keys = np.asarray(keys, dtype=object)
    keep = ~pd.Index(pids * len(keys) + key).duplicated() & (keys[key] != "")
    skels = np.empty(len(keys), dtype=object)
    named = keys != ""
    skels[named] = skeletons(keys[named].tolist())
    key, pids, own, short = key[keep], pids[keep], own[keep], short[keep]
    kinds = np.where(key == own, 0, np.where(short, 2, 1))
    return list(zip(keys[key].tolist(), skels[key].tolist(), pids.tolist(), kinds.tolist()))


def _objects(items, n: int):
    """A numpy array of the ``n`` Python objects (strings) ``items``, which pandas hashes in C."""
    import numpy as np

    out = np.empty(n, dtype=object)
    out[:] = list(items)
    return out
