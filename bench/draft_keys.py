"""Score the drafter against the answer keys in tests/data/articles/keys.yaml.

Used by bench/run.py (which prints the table) and by tests/test_draft.py (which holds the
scores to their floors).
"""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
ARTICLES = REPO / "tests" / "data" / "articles"


def keys() -> dict[str, dict]:
    """Answer keys by text name, each with ``path`` (which may not exist: ../shared)."""
    out = yaml.safe_load((ARTICLES / "keys.yaml").read_text(encoding="utf-8"))
    for name, key in out.items():
        rel = key.get("file")
        key["path"] = (REPO / rel).resolve() if rel else ARTICLES / f"{name}.txt"
    return out


def _count(value):
    if value is None:
        return None
    return tuple(value) if isinstance(value, list) else (value, value)


def score(key: dict) -> dict:
    """Place and movement precision and recall of the draft of ``key``'s text."""
    from geo.draft import draft

    result = draft(key["path"].read_text(encoding="utf-8"), published=str(key["published"]))
    found = {m.place.source for m in result.mentions} | set(result.sources.values())
    expected = set(key["places"])
    hit_places = found & expected
    drafted = []
    for mv in result.document.get("movements", []):
        drafted.append({"from": result.sources[mv["from"]], "to": result.sources[mv["to"]],
                        "status": mv["status"], "date": mv.get("date"),
                        "count": _count(mv.get("count"))})
    matched, free = 0, list(drafted)
    for want in key["movements"]:
        for got in free:
            if got["to"] == want["to"] and got["status"] == want["status"] and all(
                    want.get(k) is None or (str(want[k]) if k == "date" else
                                            _count(want[k]) if k == "count" else want[k])
                    == got[k] for k in ("from", "date", "count")):
                free.remove(got)
                matched += 1
                break
    return {
        "place_precision": len(hit_places) / len(found) if found else 0.0,
        "place_recall": len(hit_places) / len(expected),
        "move_precision": matched / len(drafted) if drafted else 0.0,
        "move_recall": matched / len(key["movements"]),
        "extra_places": sorted(found - expected), "missed_places": sorted(expected - found),
        "unmatched_moves": free, "draft": result,
    }
