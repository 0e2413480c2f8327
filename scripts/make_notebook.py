"""Write examples/syria-iraq-soldiers.ipynb (cells only, no outputs): the example story end to end.

    .venv/bin/python scripts/make_notebook.py

The suite executes the notebook (tests/test_notebook.py); edit the cells here, not in Jupyter,
so the file in git stays free of outputs and deterministic.
"""

from pathlib import Path

import nbformat

CELLS = [
    ("markdown", """# Syrian soldiers who fled to Iraq, December 2024

The example story, end to end: look the places up in the offline gazetteer, load the story
file, look at its GeoDataFrames, measure distances, draw the Leaflet and the static maps, and
export the features for GIS tools. Nothing here uses the network."""),
    ("code", """import geo

geo.geocode("Al Qaim")"""),
    ("markdown", """Every place carries its provenance (`source`) and how far off it may be
(`uncertainty_km`). Arabic script works too, and homonyms are listed, best first:"""),
    ("code", """print(geo.geocode("الرطبة"))
[(p.name, p.country) for p in geo.candidates("Springfield")[:3]]"""),
    ("code", """story = geo.load_story(geo.example_path())
story.places[["id", "name", "kind", "lon", "lat", "uncertainty_km", "approximate", "geocoder"]]"""),
    ("code", """story.movements[["id", "from", "to", "date", "count_min", "count_max", "status",
                 "length_km"]]"""),
    ("markdown", """Distances along the geodesic (WGS84), in km: the crossing to Al-Rutba and to
the airfield whose position is only known to about 15 km."""),
    ("code", """from pyproj import Geod

geod = Geod(ellps="WGS84")
at = story.places.set_index("id")
for a, b in [("qaim-crossing", "rutba"), ("qaim-crossing", "marsana"), ("rutba", "marsana")]:
    km = geod.inv(at.lon[a], at.lat[a], at.lon[b], at.lat[b])[2] / 1000
    print(f"{a} to {b}: {km:,.0f} km")"""),
    ("markdown", "The Leaflet map, inline (`geo.leaflet_map` returns a `folium.Map` to customise):"),
    ("code", """m = geo.leaflet_map(story)
m"""),
    ("markdown", "The static map (a matplotlib Figure; its axes carries the projection as `crs`):"),
    ("code", """%matplotlib inline
fig = geo.static_map(story, preset="square")
fig"""),
    ("markdown", "Export for QGIS, Google Earth and spreadsheets:"),
    ("code", """import tempfile
from pathlib import Path

out = Path(tempfile.mkdtemp())
for name in ("story.geojson", "story.gpkg", "story.kml", "story.csv"):
    print(geo.export(story, out / name), (out / name).stat().st_size, "bytes")"""),
]


def main() -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"},
                   "language_info": {"name": "python"}}
    for i, (kind, source) in enumerate(CELLS):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        cell = make(source)
        cell["id"] = f"cell-{i:02d}"
        nb.cells.append(cell)
    path = Path(__file__).resolve().parent.parent / "examples" / "syria-iraq-soldiers.ipynb"
    nbformat.write(nb, str(path))
    print(path)


if __name__ == "__main__":
    main()
