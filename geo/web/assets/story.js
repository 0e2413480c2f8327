/* geo-storymaps: draws a story on a Leaflet map from the data the page carries.
   GeoStory.mount(map or element id, data) makes the layers, the layer control, the scale,
   the labels (placed so that none overlaps another at the current zoom), and the timeline
   and the canvas of a large story when the page has them (GeoStory.timeline and
   GeoStory.bulk, from timeline.js and bulk.js). Every story string in the data was escaped
   for HTML by the page's maker; this script adds no story text as markup of its own. */
var GeoStory = (function () {
"use strict";

/* Label candidates, nearest first: [direction, dx, dy, dh] in units of the gap g and of the
   label's half height h (NE, SE, NW and SW sit beside the marker, not on it). */
var D = [["right", 1, 0, 0], ["left", -1, 0, 0], ["right", 0.2, -1, -1], ["right", 0.2, 1, 1],
  ["left", -0.2, -1, -1], ["left", -0.2, 1, 1], ["top", 0, -1, 0], ["bottom", 0, 1, 0]];
/* Where Leaflet puts a tooltip for a direction: the part of its box left of and above the
   anchor, and leaflet.css's 6 px margin on the side of its arrow. */
var MARGIN = {right: [6, 0], left: [-6, 0], top: [0, -6], bottom: [0, 6]};
/* Label kinds: a story place (always labelled), a context city (hidden when there is no
   room), a fixed label such as a country name. */
var PLACE = 0, CONTEXT = 1, FIXED = 2;

function hit(a, b) { return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom; }
function rect(e) { return e.getBoundingClientRect(); }
function fits(r, f, taken) {
  return r.left >= f.left && r.right <= f.right && r.top >= f.top && r.bottom <= f.bottom &&
    !taken.some(function (b) { return hit(r, b); });
}
function sub(d, w, h) { return d === "right" ? [0, h / 2] : d === "left" ? [w, h / 2] : d === "top" ? [w / 2, h] : [w / 2, 0]; }

/* Each spot's box is worked out from the label's box where it stands; the label moves (one
   layout) only to a spot that looks free, and is measured there to be sure. */
function spot(t, el, g, f, taken) {
  var r = rect(el), w = r.width, h = r.height, hh = el.offsetHeight / 2,
    d0 = t.options.direction, o0 = L.point(t.options.offset || [0, 0]);
  for (var k = 1; k <= 4; k++) {
    for (var i = 0; i < D.length; i++) {
      var d = D[i], o = [d[1] * g * k, d[2] * g * k + d[3] * hh], a = sub(d0, w, h), b = sub(d[0], w, h),
        ma = MARGIN[d0] || [0, 0], mb = MARGIN[d[0]] || [0, 0],
        dx = o[0] - o0.x + a[0] - b[0] + mb[0] - ma[0], dy = o[1] - o0.y + a[1] - b[1] + mb[1] - ma[1];
      if (!fits({left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy}, f, taken)) continue;
      t.options.direction = d[0]; t.options.offset = o; t.update(); r = rect(el); d0 = d[0]; o0 = L.point(o);
      if (fits(r, f, taken)) { taken.push(r); return true; }
    }
  }
  return false;
}

function divIcon(html, size, anchor, cls) {
  return L.divIcon({html: html, iconSize: size, iconAnchor: anchor, className: cls});
}

/* The basemap on one canvas: vector layers (coordinates [lon, lat] as GeoJSON) and the
   country names as fixed labels. */
function basemap(map, data, canvas, items) {
  var group = L.featureGroup();
  data.basemap.layers.forEach(function (layer) {
    L.geoJSON(layer.data, {style: layer.style, interactive: false, renderer: canvas}).addTo(group);
  });
  data.basemap.countries.forEach(function (c) {
    var label = L.marker([c[1], c[2]], {interactive: false, keyboard: false,
      icon: divIcon(c[3], [160, 16], [80, 8], "geo-country-label")}).addTo(group);
    items.push([label, FIXED, 0, c[0]]);
  });
  return group;
}

function uncertainty(data) {
  var group = L.featureGroup(), s = data.style.uncertain;
  data.uncertainty.forEach(function (u) {
    L.circle([u[0], u[1]], {radius: u[2], color: s.color, weight: s.weight, dashArray: s.dash,
      fill: true, fillColor: s.color, fillOpacity: s.fill, className: "geo-uncertainty geo-uncertainty-" + u[3]})
      .bindTooltip(u[4], {sticky: true}).addTo(group);
  });
  return group;
}

function movements(data) {
  var group = L.featureGroup(), s = data.style.movement;
  data.movements.forEach(function (m) {
    var st = data.style.statuses[m.status];
    L.polyline(m.path, {color: st.color, weight: s.weight, opacity: s.opacity, dashArray: st.dash || null,
      lineCap: st.dash ? "butt" : "round", className: "geo-movement geo-movement-" + m.id})
      .bindTooltip(m.tooltip, {sticky: true}).bindPopup(m.popup, {maxWidth: 320}).addTo(group);
    L.polygon(m.head, {color: st.color, weight: 1, fill: true, fillColor: st.color, fillOpacity: 1,
      className: "geo-arrowhead geo-arrowhead-" + m.id}).bindPopup(m.popup, {maxWidth: 320}).addTo(group);
  });
  return group;
}

function places(data, items) {
  var group = L.featureGroup(), px = data.style.icon, half = px / 2;
  data.places.forEach(function (p) {
    var marker = L.marker([p.lat, p.lon], {keyboard: true,
      icon: divIcon(data.style.shapes[p.kind], [px, px], [half, half], "geo-place geo-place-" + p.id)})
      .bindTooltip(p.label, {permanent: true, direction: "right", className: "geo-label", offset: [half + 2, 0]})
      .bindPopup(p.popup, {maxWidth: 320}).addTo(group);
    items.push([marker, PLACE, half + 3, p.name]);
  });
  return group;
}

function context(data, items) {
  var group = L.featureGroup(), s = data.style.context;
  data.context.forEach(function (c) {
    var dot = L.circleMarker([c[0], c[1]], {radius: c[2] ? s.capital : s.city, color: s.color,
      weight: 1.5, fill: true, fillColor: "#fff", fillOpacity: 1, interactive: false,
      className: "geo-context geo-context-" + c[3]})
      .bindTooltip(c[4], {permanent: true, direction: "right", className: "geo-context-label",
        offset: [5, 0], interactive: false}).addTo(group);
    items.push([dot, CONTEXT, 6, c[5]]);
  });
  return group;
}

/* The page's furniture and labels, placed again after every zoom and resize: the panels
   docked above the source line, each label at a free spot or (a context city's) hidden. */
function behaviour(map, data, items, hooks) {
  var c = map.getContainer(), legend = document.querySelector(".geo-legend"),
    details = legend.querySelector("details");
  c.classList.add("geo-map");
  c.setAttribute("role", "region"); c.setAttribute("aria-label", data.label);
  L.control.scale({position: "bottomleft"}).addTo(map);
  function small() { return c.clientWidth < 600; }
  function name() {
    items.forEach(function (it) {
      var el = it[1] === PLACE && it[0].getElement();
      if (el) { el.setAttribute("aria-label", it[3]); el.setAttribute("title", it[3]); }
    });
  }
  function declutter() {
    var f = rect(c), taken = [];
    document.querySelectorAll(".geo-panel,.leaflet-control").forEach(function (e) { taken.push(rect(e)); });
    if (hooks.labels) hooks.labels(f, taken);  /* a large story's labels */
    items.forEach(function (it) { var el = it[1] === PLACE && it[0].getElement(); if (el) taken.push(rect(el)); });
    items.forEach(function (it) {
      if (it[1] === FIXED) {
        var e = it[0].getElement(); if (!e) return; e.style.display = "";
        if (fits(rect(e), f, taken)) taken.push(rect(e)); else e.style.display = "none";
        return;
      }
      var t = it[0].getTooltip && it[0].getTooltip(), el = t && t.getElement();
      if (!el || !t.isOpen()) return;
      el.style.display = ""; el.classList.remove("geo-short");
      if (spot(t, el, it[2], f, taken)) return;
      if (it[1] === CONTEXT) { el.style.display = "none"; return; }
      el.classList.add("geo-short");  /* no room: the English name alone */
      if (spot(t, el, it[2], f, taken)) return;
      t.options.direction = "right"; t.options.offset = [it[2], 0]; t.update(); taken.push(rect(el));
    });
    c.setAttribute("data-geo-labelled", "");
    if (!hooks.labels) c.setAttribute("data-geo-drawn", "");  /* a large story's canvas says so itself */
  }
  function dock() {
    var h = document.querySelector(".geo-credit").offsetHeight, a = c.querySelector(".leaflet-bottom.leaflet-right");
    c.querySelectorAll(".leaflet-bottom").forEach(function (e) { e.style.bottom = h + "px"; });
    legend.style.bottom = (h + (a ? a.offsetHeight : 0) + 6) + "px";
    var t = document.querySelector(".geo-timeline"), f = c.querySelector(".geo-find");
    if (!t) return;
    t.style.bottom = (h + 8) + "px";  /* above the "Find a place" box where they would meet */
    if (f) {
      var fa = f.getBoundingClientRect(), tb = t.getBoundingClientRect();
      if (fa.right > tb.left && fa.left < tb.right) t.style.bottom = (c.getBoundingClientRect().bottom - fa.top + 6) + "px";
    }
  }
  var due = 0;  /* one run for events that come together */
  function run() { if (!due) due = setTimeout(function () { due = 0; dock(); name(); declutter(); }, 0); }
  map.whenReady(function () {
    setTimeout(function () {
      if (small()) {
        details.removeAttribute("open");
        map.fitBounds(data.bounds, {paddingTopLeft: [14, 64], paddingBottomRight: [14, 40], animate: false});
      }
      run();
    }, 0);
  });
  map.on("zoomend resize overlayadd", run);
  details.addEventListener("toggle", run);
}

/* Draw the story of ``data`` on ``target``: a Leaflet map, the name of a global one (a
   folium map's), or the id of an element to make one in. */
function mount(target, data) {
  var named = typeof target === "string" ? window[target] : target,
    map = named instanceof L.Map ? named : L.map(target, {zoomControl: true}),
    canvas = L.canvas({padding: 0.1}), items = [], overlays = {}, bases = {}, hooks = {},
    palette = data.style.palette;
  Object.keys(palette).forEach(function (k) { document.documentElement.style.setProperty(k, palette[k]); });
  map.attributionControl.setPrefix(data.prefix);
  if (data.tiles) {
    bases[data.tiles.name] = L.tileLayer(data.tiles.url, {attribution: data.tiles.attribution,
      maxZoom: data.tiles.maxZoom}).addTo(map);
  }
  overlays.Boundaries = basemap(map, data, canvas, items).addTo(map);
  if (data.bulk) {
    var groups = {u: L.featureGroup().addTo(map), m: L.featureGroup().addTo(map), p: L.featureGroup().addTo(map)};
    overlays.Uncertainty = groups.u; overlays.Movements = groups.m; overlays.Places = groups.p;
    hooks = GeoStory.bulk(map, data, groups, canvas);
  } else {
    overlays.Uncertainty = uncertainty(data).addTo(map);
    overlays.Movements = movements(data).addTo(map);
    /* Label priority: the story's places, then context cities, then country names. */
    var fixed = items.splice(0, items.length);
    overlays.Places = places(data, items).addTo(map);
    if (data.context.length) overlays.Cities = context(data, items).addTo(map);
    items.push.apply(items, fixed);
  }
  L.control.layers(bases, overlays, {collapsed: true}).addTo(map);
  behaviour(map, data, items, hooks);
  if (data.steps) GeoStory.timeline(map, data.steps, hooks);
  /* Room for the title panel above and the legend and source line below. Not animated: a
     zoom animation on load only delays the map and draws it twice. */
  map.fitBounds(data.bounds, {paddingTopLeft: [30, 110], paddingBottomRight: [30, 60], animate: false});
  GeoStory.map = map;
  return map;
}

/* Each data block of the page mounts itself, once, on the map its data-geo-map names. */
function mountAll() {
  document.querySelectorAll("script.geo-data[data-geo-map]").forEach(function (el) {
    if (el.hasAttribute("data-geo-mounted")) return;
    el.setAttribute("data-geo-mounted", "");
    mount(el.getAttribute("data-geo-map"), JSON.parse(el.textContent));
  });
}

return {mount: mount, mountAll: mountAll};
})();
