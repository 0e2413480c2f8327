"""Baseline: the Leaflet map a user would write with folium alone (CDN links, OSM tiles).

Draws the example story's places as markers with popups and its movements as
lines, and saves the page. Usage: python folium_plain.py OUT.html
"""

import sys

import folium

PLACES = {"Al-Bukamal": (34.4536, 40.9269), "Al-Qa'im border crossing": (34.3975, 40.977),
          "Al-Qa'im": (34.3687, 41.0394), "Al-Rutba": (33.0381, 40.2844),
          "Al-Marsana airfield": (33.07, 39.60)}
MOVES = [("Al-Bukamal", "Al-Qa'im border crossing"), ("Al-Qa'im border crossing", "Al-Marsana airfield"),
         ("Al-Marsana airfield", "Al-Qa'im border crossing")]

m = folium.Map(location=(33.8, 40.4), zoom_start=8)
for name, latlon in PLACES.items():
    folium.Marker(latlon, tooltip=name, popup=name).add_to(m)
for a, b in MOVES:
    folium.PolyLine([PLACES[a], PLACES[b]], color="#b2182b", tooltip=f"{a} to {b}").add_to(m)
folium.Circle(PLACES["Al-Marsana airfield"], radius=15000).add_to(m)
m.save(sys.argv[1])
