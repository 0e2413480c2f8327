import doctest
import importlib
import subprocess
import sys
import zipfile

import pytest

from conftest import REPO


@pytest.mark.parametrize("module", ["geo.names", "geo.geometry", "geo.gazetteer", "geo.examples",
                                    "geo.story", "geo.layers", "geo.web", "geo.static",
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
                   "geo/_boundaries/cities.csv",
                   "geo/_examples/syria-iraq-soldiers.yaml", "geo/data/curated.yaml",
                   "geo/story.schema.json", "geo/py.typed"):
        assert needed in names


def test_boundaries_stay_small():
    size = sum(p.stat().st_size for p in (REPO / "data" / "boundaries").iterdir() if p.is_file())
    assert size < 10_000_000
