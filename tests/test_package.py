import doctest
import importlib
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.mark.parametrize("module", ["geo.names", "geo.geometry", "geo.gazetteer.lookup",
                                    "geo.gazetteer.context", "geo.examples",
                                    "geo.story", "geo.scene", "geo.text", "geo.web.escape", "geo.static.figure",
                                    "geo.outputs"])
def test_doctests(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_import_is_light():
    code = ("import sys, geo; heavy = {'matplotlib', 'folium', 'geopandas', 'pandas'} & "
            "set(sys.modules); print(sorted(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_wheel_carries_the_package_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("geo/_boundaries/countries.fgb", "geo/_boundaries/admin1.fgb",
                   "geo/_boundaries/admin1-lines.fgb",
                   "geo/_boundaries/admin1-points.csv", "geo/_boundaries/rivers.fgb",
                   "geo/_boundaries/cities.csv", "geo/_boundaries/local-names.tsv.gz",
                   "geo/_boundaries/world-land.json",
                   "geo/_examples/syria-iraq-soldiers.yaml", "geo/data/curated.yaml",
                   "geo/story.schema.json", "geo/py.typed"):
        assert needed in names


def test_boundaries_stay_small():
    # Countries (5.3 MB) and first-level divisions worldwide (7.9 MB, simplified to about
    # 2 km outside the Middle East) are most of it: about 6 MB compressed in the wheel.
    size = sum(p.stat().st_size for p in (REPO / "data" / "boundaries").iterdir() if p.is_file())
    assert size < 17_000_000


def _readme_python() -> str:
    import re

    text = (REPO / "README.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^## Python\n.*?```python\n(.*?)```", text, re.S | re.M)
    return block


def test_readme_python_runs_from_the_repository_root():
    # Started there, Python imports the source tree's geo/, not the installed package: its
    # data must be found all the same, and nothing may warn.
    # The section writes maps/story.kml where it runs: left in the checkout, not after.
    written = [REPO / "maps" / "story.kml", REPO / "maps"]
    before = [p.exists() for p in written]
    try:
        out = subprocess.run([sys.executable, "-c", _readme_python() + "\nprint(geo.__file__)"],
                             cwd=REPO, capture_output=True, text=True, timeout=300)
    finally:
        for path, existed in zip(written, before):
            if not existed and path.is_file():
                path.unlink()
            elif not existed and path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == str(REPO / "geo" / "__init__.py")
    assert "warning" not in out.stderr.lower(), out.stderr


@pytest.mark.skipif(len(__import__("os").sched_getaffinity(0)) < 2,
                    reason="one core: no second process")
def test_index_helper_imports_the_same_geo_from_the_repository_root(tmp_path):
    code = (f"import geo.gazetteer as g; g.build_index({str(tmp_path / 'index.sqlite')!r}, "
            f"processes=2); print(g.__file__)")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "second process failed" not in out.stderr, out.stderr
    assert out.stdout.strip().startswith(str(REPO / "geo") + "/")


@pytest.mark.parametrize("path", sorted(
    p.relative_to(REPO).as_posix() for folder in ("scripts", "bench") for p in
    (REPO / folder).glob("*.py")))
def test_every_script_imports_and_uses_only_the_public_api(path):
    # bench/baselines/ are excluded: plain scripts a user would write, run as they are.
    import ast

    from conftest import load_script

    load_script(REPO / path)
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    private = [f"line {n.lineno}: {n.module}.{a.name}" for n in ast.walk(tree)
               if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("geo")
               for a in n.names if a.name.startswith("_")]
    private += [f"line {n.lineno}: .{n.attr}" for n in ast.walk(tree)
                if isinstance(n, ast.Attribute) and n.attr.startswith("_")
                and not n.attr.startswith("__")]
    assert private == []
    assert "sys.path" not in (REPO / path).read_text(encoding="utf-8")
