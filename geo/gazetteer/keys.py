"""The names table of the gazetteer index: each place's names as lookup keys."""

from __future__ import annotations

import itertools

from ..names import normalize_names, skeletons

__all__ = ["name_rows"]


def name_rows(places: list[tuple[int, list[str]]]) -> list[tuple[str, str, int, int]]:
    """(key, skeleton, place id, 0 for the place's own name else 1) for ``places``, each a
    place id and its names, its own first: each key once a place, in the order of the
    places and their names."""
    import numpy as np
    import pandas as pd

    # Many entries share names: each distinct string is normalised once, all in one go,
    # and the (place, key) pairs are told apart with arrays, not a dict per place.
    counts = np.fromiter((len(names) for _, names in places), dtype=np.int64, count=len(places))
    pids = np.repeat(np.fromiter((pid for pid, _ in places), dtype=np.int64, count=len(places)),
                     counts)
    codes, distinct = pd.factorize(_objects(itertools.chain.from_iterable(
        names for _, names in places), int(counts.sum())))
    key_codes, keys = pd.factorize(_objects(normalize_names(distinct.tolist()), len(distinct)))
    key = key_codes[codes]
    own = np.repeat(key[np.cumsum(counts) - counts], counts)  # each place's first name
    keys = np.asarray(keys, dtype=object)
    keep = ~pd.Index(pids * len(keys) + key).duplicated() & (keys[key] != "")
    skels = np.empty(len(keys), dtype=object)
    named = keys != ""
    skels[named] = skeletons(keys[named].tolist())
    key, pids, own = key[keep], pids[keep], own[keep]
    return list(zip(keys[key].tolist(), skels[key].tolist(), pids.tolist(),
                    (key != own).astype(int).tolist()))


def _objects(items, n: int):
    """A numpy array of the ``n`` Python objects (strings) ``items``, which pandas hashes in C."""
    import numpy as np

    out = np.empty(n, dtype=object)
    out[:] = list(items)
    return out
