"""Baseline: the static map a user would write with geopandas and matplotlib alone.

Draws the same boundaries (countries, first-level divisions, rivers) and the
example story's places and straight movement lines, and saves PNG, SVG and PDF.
Usage: python static_plain.py OUTDIR
"""

import sys
from importlib import resources
from pathlib import Path

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PLACES = {"Al-Bukamal": (40.9269, 34.4536), "Al-Qa'im border crossing": (40.977, 34.3975),
          "Al-Qa'im": (41.0394, 34.3687), "Al-Rutba": (40.2844, 33.0381),
          "Al-Marsana airfield": (39.60, 33.07)}
MOVES = [("Al-Bukamal", "Al-Qa'im border crossing"), ("Al-Qa'im border crossing", "Al-Marsana airfield"),
         ("Al-Marsana airfield", "Al-Qa'im border crossing")]

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
data = resources.files("geo._boundaries")
bbox = (37.5, 31.5, 43.0, 35.5)
fig, ax = plt.subplots(figsize=(12, 8))
ax.set_facecolor("#d6e4ee")
for name, style in (("countries.fgb", {"color": "#ecebe6", "edgecolor": "#8c8c8c"}),
                    ("admin1.fgb", {"facecolor": "none", "edgecolor": "#cdc9bf"}),
                    ("rivers.fgb", {"color": "#8db7d6"})):
    gpd.read_file(str(data.joinpath(name)), bbox=bbox).plot(ax=ax, **style)
for a, b in MOVES:
    (x0, y0), (x1, y1) = PLACES[a], PLACES[b]
    ax.annotate("", xy=(x1, y1), xytext=(x0, y0), arrowprops={"arrowstyle": "-|>", "color": "#b2182b"})
for name, (x, y) in PLACES.items():
    ax.plot(x, y, "ko")
    ax.annotate(name, (x, y), xytext=(5, 5), textcoords="offset points")
ax.set_xlim(bbox[0], bbox[2])
ax.set_ylim(bbox[1], bbox[3])
ax.set_title("Syrian soldiers who fled to Iraq")
for fmt in ("png", "svg", "pdf"):
    fig.savefig(out / f"map.{fmt}", dpi=200)
