"""Score the drafter's movements against tests/data/movements.yaml, on both paths.

    .venv/bin/python bench/movements.py            # both paths, per field
    .venv/bin/python bench/movements.py -v         # and every miss

Each sentence is drafted as an article of its own (places resolved, movements read and
merged, as ``geo.draft`` does); each expected movement is *found* when a drafted movement
has its destination (or, when it names none, its origin) and *right* when every field is
as expected: mover (the head noun, within the drafted actor), from, to, via, count, date
and status. Used by bench/run.py (which prints the figures) and tests/test_movements.py
(which holds the spaCy path to its target).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SET = REPO / "tests" / "data" / "movements.yaml"
FIELDS = ("mover", "from", "to", "via", "count", "date", "status")


def load() -> tuple[dict, list[dict]]:
    data = yaml.safe_load(SET.read_text(encoding="utf-8"))
    return data["places"], data["sentences"]


@contextmanager
def path(name: str):
    """The geoparser's path for the block: "spacy" or "rules" (GEO_GEOPARSE)."""
    old = os.environ.get("GEO_GEOPARSE")
    if name == "rules":
        os.environ["GEO_GEOPARSE"] = "rules"
    else:
        os.environ.pop("GEO_GEOPARSE", None)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("GEO_GEOPARSE", None)
        else:
            os.environ["GEO_GEOPARSE"] = old


def drafted(text: str, published) -> list[dict]:
    """The movements the drafter reads in ``text``, as the set's fields (places as sources)."""
    from geo.draft.events import events, merge
    from geo.draft.grammar import movements
    from geo.draft.mentions import resolve, sentences

    pub = dt.date.fromisoformat(str(published)) if published else None
    spans = sentences(text)
    mentions, _ = resolve(text, spans)
    parsed = movements(text, spans, mentions, pub)
    found, _ = events(text, spans, mentions, pub, parsed[0] if parsed else None)
    out = []
    for ev in merge(found, mentions):
        out.append({"mover": ev.actor, "from": ev.frm.source if ev.frm else None,
                    "to": ev.to.source if ev.to else None,
                    "via": ev.via.source if ev.via else None,
                    "count": tuple(ev.count) if ev.count else None, "date": ev.date,
                    "status": ev.status})
    return out


def expected(move: dict, places: dict) -> dict:
    count = move.get("count")
    return {"mover": move.get("mover"), "from": places.get(move.get("from")),
            "to": places.get(move.get("to")), "via": places.get(move.get("via")),
            "count": None if count is None else tuple(count) if isinstance(count, list)
            else (count, count),
            "date": str(move["date"]) if move.get("date") else None,
            "status": move.get("status", "reported")}


def same(name: str, want, got) -> bool:
    if isinstance(want, list):  # one place the gazetteer holds twice
        return got in want
    if name == "mover":
        if want is None or got is None:
            return want is got
        return want.lower() in got.lower().split()
    return want == got


def score(backend: str, verbose: bool = False) -> dict:
    """Found, right and per-field right shares of the set's movements on ``backend``."""
    places, items = load()
    total = found = right = drafted_n = 0
    fields = dict.fromkeys(FIELDS, 0)
    misses = []
    with path(backend):
        for item in items:
            got = drafted(item["text"], item.get("published"))
            drafted_n += len(got)
            for move in item["movements"]:
                want = expected(move, places)
                total += 1
                end = "to" if want["to"] else "from"
                match = next((g for g in got if same(end, want[end], g[end])), None)
                if match is None:
                    misses.append((item["text"], want, got))
                    continue
                got.remove(match)
                found += 1
                ok = [k for k in FIELDS if same(k, want[k], match[k])]
                for k in ok:
                    fields[k] += 1
                if len(ok) == len(FIELDS):
                    right += 1
                else:
                    misses.append((item["text"], want, match))
    if verbose:
        for text, want, got in misses:
            print(f"- {text}\n    want {want}\n    got  {got}")
    return {"movements": total, "found": found / total, "right": right / total,
            "fields": {k: v / total for k, v in fields.items()}, "drafted": drafted_n,
            "sentences": len(items)}


def table(results: dict[str, dict]) -> str:
    """The scores of each path as a markdown table."""
    head = "| path | found | right | " + " | ".join(FIELDS) + " | drafted |"
    lines = [head, "|" + "---|" * (len(FIELDS) + 4)]
    for name, r in results.items():
        lines.append(f"| {name} | {r['found']:.0%} | {r['right']:.0%} | "
                     + " | ".join(f"{r['fields'][k]:.0%}" for k in FIELDS)
                     + f" | {r['drafted']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    p.add_argument("--path", choices=("spacy", "rules"), help="one path only")
    args = p.parse_args(argv)
    from geo.geoparser.nlp import installed

    names = [args.path] if args.path else (["spacy", "rules"] if installed() else ["rules"])
    results = {n: score(n, args.verbose) for n in names}
    _, items = load()
    print(f"{len(items)} sentences, {results[names[0]]['movements']} movements")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
