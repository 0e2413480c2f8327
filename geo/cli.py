"""make-map: story file in, maps out.

    make-map [STORY] [-o OUTDIR] [-f FORMATS]

With no STORY, maps the bundled example story.  Exit status 0 on success, 2
with one line ``make-map: error: ...`` on stderr for bad input.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from pathlib import Path

from .errors import GeoError
from .outputs import FORMATS

__all__ = ["MAX_SHOWN", "main"]

#: make-map prints at most this many of a story's problems, and then how many more there are.
MAX_SHOWN = 20


class _Version(argparse.Action):
    """--version, with the version looked up only when asked (package metadata is slow
    to read, and every other run would pay for it)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from .resources import version

        print(f"{parser.prog} {version()}")
        parser.exit()


def printable(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), so that what a
    story or an article holds cannot set a terminal's title, clear it or forge its colours."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]",
                  lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class _Printable(logging.Formatter):
    """``make-map: warning: ...`` for a warning, ``make-map: ...`` for progress (``-v``)."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        if record.levelno >= logging.WARNING:
            text = f"{record.levelname.lower()}: {text}"
        return printable(f"make-map: {text}")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make-map", description="Make maps of a news story from a story file (YAML or JSON).")
    p.add_argument("story", nargs="?", type=Path,
                   help="story file; default: the bundled example story")
    p.add_argument("-o", "--outdir", type=Path, default=None,
                   help="output folder (default: ./maps); with --draft, the story file to write "
                        "(default: standard output)")
    p.add_argument("-f", "--formats", default="html,png",
                   help=f"comma-separated formats among {','.join(FORMATS)} (default: html,png)")
    p.add_argument("--size", default="web", choices=("web", "square", "print", "letter"),
                   help="static map size: web (1200x800 px at 2x), square (1080 px social "
                        "card), print (A4 at 300 dpi), letter (US letter at 300 dpi)")
    p.add_argument("--layout", default="map", choices=("map", "steps"),
                   help="png/svg/pdf: one map (default) or small multiples, one panel per step "
                        "of the story's timeline; -f gif animates the same steps")
    p.add_argument("--cdn", action="store_true",
                   help="link Leaflet from a CDN instead of inlining it (smaller page, needs "
                        "the network)")
    p.add_argument("--tiles", metavar="PROVIDER",
                   help="add a tile layer by xyzservices name, e.g. OpenStreetMap.Mapnik (off by "
                        "default: tiles need the network; OpenStreetMap refuses pages opened "
                        "from disk)")
    p.add_argument("--embed-src", metavar="URL",
                   help="the https URL the page will be published at, for the embed snippet "
                        "(default: the page's file name, relative to the page it is pasted into)")
    p.add_argument("--draft", type=Path, metavar="ARTICLE",
                   help="draft a story file from an article's text instead of making maps; "
                        "what to review goes to standard error")
    p.add_argument("--geoparse", type=Path, metavar="ARTICLE",
                   help="list the places an article names, resolved in context (--json: as "
                        "JSON; -o FILE.geojson: as a GeoJSON file)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="with --draft: the article's date, for 'last Saturday' and the like")
    p.add_argument("--lookup", metavar="NAME",
                   help="print the gazetteer's best matches for a place name and exit")
    p.add_argument("--country", metavar="CC", help="with --lookup: ISO alpha-2 country hint")
    p.add_argument("--json", action="store_true", help="with --lookup or --geoparse: print JSON")
    p.add_argument("--gazetteer", metavar="FILE",
                   help="a newsroom's own gazetteer (CSV, GeoJSON or YAML of verified places), "
                        "found before every other source, for --lookup and for stories that "
                        "name none (default: $GEO_GAZETTEER)")
    p.add_argument("--build-index", action="store_true",
                   help="build the offline gazetteer index if needed, print its path and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    p.add_argument("-v", "--verbose", action="store_true",
                   help="print progress: what is made, how long it took (on a terminal it is "
                        "printed anyway; -q silences it)")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run make-map; returns the exit status."""
    args = _parser().parse_args(argv)
    handler = logging.StreamHandler()
    handler.setFormatter(_Printable("%(message)s"))
    # -v is the library's own progress (what is made, how long it took), not the debug
    # output of the libraries it uses (matplotlib and PIL write hundreds of lines).
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING,
                        handlers=[handler])
    # On a terminal the progress shows without -v: a steps run or a GIF takes a while.
    progress = args.verbose or sys.stderr.isatty()
    logging.getLogger("geo").setLevel(
        logging.INFO if progress and not args.quiet else logging.NOTSET)
    if args.gazetteer:
        os.environ["GEO_GAZETTEER"] = args.gazetteer  # what geo.geocode reads by default
    try:
        if args.build_index:
            from .gazetteer import build_index

            print(build_index())
            return 0
        if args.draft is not None:
            return _draft(args)
        if args.geoparse is not None:
            return _geoparse(args)
        if args.lookup is not None:
            return _lookup(args)
        formats = [f.strip().lower() for f in args.formats.split(",") if f.strip()]
        bad = [f for f in formats if f not in FORMATS]
        if bad or not formats:
            raise GeoError(f"unknown format {', '.join(map(repr, bad)) or '(none)'} in -f; "
                           f"use a comma list of {','.join(FORMATS)}")
        import time

        from .examples import example_path
        from .outputs import save
        from .story import load_story

        began = time.perf_counter()
        story = load_story(args.story if args.story is not None else example_path())
        n, m = len(story.records.places), len(story.records.movements)
        logging.getLogger("geo.cli").info(
            "read %s: %d place%s, %d movement%s in %.2f s", story.path or "the example story",
            n, "" if n == 1 else "s", m, "" if m == 1 else "s", time.perf_counter() - began)
        for path in save(story, args.outdir or Path("maps"), formats=formats, size=args.size,
                         cdn=args.cdn, tiles=args.tiles, layout=args.layout,
                         embed_src=args.embed_src):
            if not args.quiet:
                print(path)
        return 0
    except GeoError as err:
        # One line per problem (the first MAX_SHOWN): a story file's problems, else the error.
        problems = getattr(err, "problems", None) or (err,)
        for problem in problems[:MAX_SHOWN]:
            print(f"make-map: error: {printable(' '.join(str(problem).split()))}",
                  file=sys.stderr)
        if len(problems) > MAX_SHOWN or not getattr(err, "complete", True):
            more = len(problems) - min(len(problems), MAX_SHOWN)
            print(f"make-map: error: and {'' if getattr(err, 'complete', True) else 'at least '}"
                  f"{more:,} more problems like these; fix these and run again", file=sys.stderr)
        return 2
    except BrokenPipeError:  # "make-map --lookup x | head": the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as err:
        print(f"make-map: error: {err.strerror or err}: {err.filename or ''}; check the path "
              f"and permissions", file=sys.stderr)
        return 2


def _lookup(args) -> int:
    from .errors import PlaceNotFound
    from .gazetteer import candidates, suggestions

    hits = candidates(args.lookup, country=args.country, limit=5)
    if not hits:
        raise PlaceNotFound(args.lookup, country=args.country,
                            suggest=lambda: suggestions(args.lookup, country=args.country))
    rows = [{"name": p.name, "name_ar": p.name_ar, "lon": p.lon, "lat": p.lat, "kind": p.kind,
             "country": p.country, "uncertainty_km": p.uncertainty_km, "source": p.source,
             "population": p.population or None, "note": p.note or None, "match": p.match,
             "confidence": p.confidence} for p in hits]
    if args.json:
        import json

        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for i, r in enumerate(rows, 1):
        arabic = f" ({r['name_ar']})" if r["name_ar"] else ""
        guess = "  FUZZY (a close spelling, not a match)" if r["match"] == "fuzzy" else ""
        print(f"{i}. {r['name']}{arabic}  lon {r['lon']:.5f}  lat {r['lat']:.5f}  {r['kind']}, "
              f"{r['country'] or '-'}, within {r['uncertainty_km']:g} km  [{r['source']}]  "
              f"{r['match']}, confidence {r['confidence']:.2f}{guess}")
    return 0


def _article(path: Path) -> str:
    """An article's text for --draft and --geoparse, read within the drafter's limit."""
    from .draft import MAX_BYTES
    from .files import TooLarge, read_limited

    try:
        # Line ends as read_text reads them (universal newlines).
        return read_limited(path, MAX_BYTES).decode("utf-8").replace(
            "\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as err:
        raise GeoError(f"{path}: not UTF-8 text (byte {err.start}); save the article as "
                       f"UTF-8") from None
    except TooLarge as err:
        raise GeoError(f"{path}: the article {err} for one article; draft it in parts") \
            from None
    except ValueError as err:  # a folder, a FIFO, a device
        raise GeoError(f"{path}: {err}, not an article; give the path of a text file") \
            from None


def _geoparse(args) -> int:
    import json

    from .geoparser import geoparse

    mentions = geoparse(_article(args.geoparse))
    if args.outdir is not None:
        features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            round(m.place.lon, 6), round(m.place.lat, 6)]}, "properties": m.to_dict()}
            for m in mentions if m.place is not None]
        data = json.dumps({"type": "FeatureCollection", "features": features},
                          ensure_ascii=False, indent=1) + "\n"
        from .files import write_files

        write_files({args.outdir: data.encode("utf-8")})
        if not args.quiet:
            print(args.outdir)
    elif args.json:
        print(json.dumps([m.to_dict() for m in mentions], ensure_ascii=False, indent=1))
    else:
        for m in mentions:
            p = m.place
            where = f"{p.name} ({p.country or '-'}, {p.kind}) lon {p.lon:.5f} lat {p.lat:.5f} " \
                    f"[{p.source}] {p.match}" if p else "not in the gazetteer"
            print(printable(f"{m.start}-{m.end} {m.text!r} {m.kind}: {where}, confidence "
                            f"{m.confidence:.2f}"))
    return 0


def _draft(args) -> int:
    from .draft import draft

    text = _article(args.draft)
    if args.published:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.published)
        except ValueError:
            raise GeoError(f"--published {args.published!r} is not a date; write YYYY-MM-DD") \
                from None
    result = draft(text, published=args.published)
    for line in result.review:
        print(f"make-map: review: {printable(line)}", file=sys.stderr)
    if args.outdir is None:
        sys.stdout.write(result.yaml)
    else:
        from .files import write_files

        write_files({args.outdir: result.yaml.encode("utf-8")})
        if not args.quiet:
            print(args.outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
