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
function gap(a, b) {
  var dx = Math.max(a.left - b.right, b.left - a.right, 0), dy = Math.max(a.top - b.bottom, b.top - a.bottom, 0);
  return Math.sqrt(dx * dx + dy * dy);
}
/* A label names the place whose symbol is nearest it: box r is nearer its own symbol (mine)
   than any other of the map's (marks). */
function beside(r, mine, marks) {
  if (!mine) return true;
  var g = gap(r, mine);
  return marks.every(function (m) { return m === mine || gap(r, m) > g; });
}

function spot(t, el, g, f, taken, reach, mine, marks) {
  var r = rect(el), w = r.width, h = r.height, hh = el.offsetHeight / 2,
    d0 = t.options.direction, o0 = L.point(t.options.offset || [0, 0]);
  for (var k = 1; k <= reach; k++) {
    for (var i = 0; i < D.length; i++) {
      var d = D[i], o = [d[1] * g * k, d[2] * g * k + d[3] * hh], a = sub(d0, w, h), b = sub(d[0], w, h),
        ma = MARGIN[d0] || [0, 0], mb = MARGIN[d[0]] || [0, 0],
        dx = o[0] - o0.x + a[0] - b[0] + mb[0] - ma[0], dy = o[1] - o0.y + a[1] - b[1] + mb[1] - ma[1];
      var at = {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy};
      if (!fits(at, f, taken) || !beside(at, mine, marks)) continue;
      t.options.direction = d[0]; t.options.offset = o; t.update(); r = rect(el); d0 = d[0]; o0 = L.point(o);
      if (fits(r, f, taken) && beside(r, mine, marks)) { taken.push(r); return true; }
    }
  }
  return false;
}

/* The story's movement lines as screen segments [x0, y0, x1, y1] (all of them, whatever
   the timeline's step: a country's name stays put as the steps go). */
function screenLines(map, data, f) {
  var out = [];
  (data.movements || []).forEach(function (m) {
    var pts = m.path.map(function (p) { var q = map.latLngToContainerPoint(p); return [q.x + f.left, q.y + f.top]; });
    for (var i = 1; i < pts.length; i++) out.push([pts[i - 1][0], pts[i - 1][1], pts[i][0], pts[i][1]]);
  });
  return out;
}
/* The box of a label's text alone (a country name's marker is wider than its name). */
function inner(e) { var g = document.createRange(); g.selectNodeContents(e); return g.getBoundingClientRect(); }
/* Whether segment s meets box r (clipped, Liang-Barsky). */
function crosses(s, r) {
  var t0 = 0, t1 = 1, dx = s[2] - s[0], dy = s[3] - s[1],
    p = [-dx, dx, -dy, dy], q = [s[0] - r.left, r.right - s[0], s[1] - r.top, r.bottom - s[1]];
  for (var i = 0; i < 4; i++) {
    if (p[i] === 0) { if (q[i] < 0) return false; continue; }
    var t = q[i] / p[i];
    if (p[i] < 0) { if (t > t1) return false; if (t > t0) t0 = t; } else { if (t < t0) return false; if (t < t1) t1 = t; }
  }
  return true;
}

function divIcon(html, size, anchor, cls) {
  return L.divIcon({html: html, iconSize: size, iconAnchor: anchor, className: cls});
}

/* The basemap on one canvas: vector layers (coordinates [lon, lat] as GeoJSON) and the
   country names as fixed labels. */
function basemap(map, data, canvas, items) {
  var group = L.featureGroup(), world = data.basemap.world;
  /* A story with a far place: the world's land beneath, for a reader zoomed out to it. */
  if (world) L.geoJSON(world.data, {interactive: false, renderer: canvas, style: function (f) {
    return L.extend({fillColor: f.properties.fill}, world.style); }}).addTo(group);
  data.basemap.layers.forEach(function (layer) {
    L.geoJSON(layer.data, {style: layer.style, interactive: false, renderer: canvas}).addTo(group);
  });
  data.basemap.countries.forEach(function (c) {
    var label = L.marker([c[1], c[2]], {interactive: false, keyboard: false,
      icon: divIcon(c[3], [160, 16], [80, 8], "geo-country-label")}).addTo(group);
    label.spots = [[c[1], c[2]]].concat(c[4] || []);  /* where it may go, best first */
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

/* Arrowheads sized in pixels at every zoom: LENGTH px long, WIDTH px wide, the tip SHRINK px
   short of the line's end (at the edge of its place's symbol), turning with the line. */
var HEAD = {length: 14, width: 11, shrink: 8};
function aim(map, heads) {
  heads.forEach(function (h) {
    var pts = h[1].map(function (ll) { return map.latLngToLayerPoint(ll); }), end = pts[pts.length - 1],
      back = pts[0], i, total = 0;
    for (i = 1; i < pts.length; i++) total += pts[i].distanceTo(pts[i - 1]);
    /* a line shorter than its head on screen gets a smaller head, never one past its start */
    var k = Math.min(1, total * 0.45 / HEAD.length), len = HEAD.length * k, shrink = HEAD.shrink * Math.min(1, k * 1.5);
    for (i = pts.length - 2; i >= 0; i--) { back = pts[i]; if (end.distanceTo(back) >= len + shrink) break; }
    var d = end.distanceTo(back) || 1, ux = (end.x - back.x) / d, uy = (end.y - back.y) / d,
      tip = L.point(end.x - ux * shrink, end.y - uy * shrink),
      base = L.point(tip.x - ux * len, tip.y - uy * len), nx = -uy * HEAD.width * k / 2, ny = ux * HEAD.width * k / 2;
    h[0].setLatLngs([tip, L.point(base.x + nx, base.y + ny), L.point(base.x - nx, base.y - ny)].map(function (p) {
      return map.layerPointToLatLng(p); }));
  });
}

function movements(map, data) {
  var group = L.featureGroup(), s = data.style.movement, heads = [];
  data.movements.forEach(function (m) {
    var st = data.style.statuses[m.status];
    L.polyline(m.path, {color: st.color, weight: s.weight, opacity: s.opacity, dashArray: st.dash || null,
      lineCap: st.dash ? "butt" : "round", className: "geo-movement geo-movement-" + m.id})
      .bindTooltip(m.tooltip, {sticky: true}).bindPopup(m.popup, {maxWidth: 320}).addTo(group);
    if (!m.head.length) return;  /* none at a pole */
    heads.push([L.polygon(m.head, {color: st.color, weight: 1, fill: true, fillColor: st.color, fillOpacity: 1,
      className: "geo-arrowhead geo-arrowhead-" + m.id}).bindPopup(m.popup, {maxWidth: 320}).addTo(group),
      m.path.map(function (p) { return L.latLng(p[0], p[1]); })]);
  });
  map.on("zoomend viewreset", function () { aim(map, heads); });
  group.aim = function () { aim(map, heads); };
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

/* Far places (left out of the opening frame): their name and distance where their line
   leaves it, as a label the declutter places like a story place's. */
function stubs(data, items) {
  var group = L.featureGroup();
  (data.stubs || []).forEach(function (s) {
    var step = s[3] ? " geo-stubmove-" + s[3] : "";  /* shown with its movement's step */
    var dot = L.circleMarker(s[0][0], {radius: 2, weight: 0, fill: true, fillColor: "#555",
      fillOpacity: 0.8, interactive: false, className: "geo-stub geo-stub-" + s[2] + step})
      .bindTooltip(s[1], {permanent: true, direction: "right",
        className: "geo-label geo-stub-label" + step, offset: [4, 0], interactive: false})
      .addTo(group);
    dot.path = s[0];
    items.push([dot, PLACE, 5, s[1]]);
  });
  return group;
}

/* Each far place's label moves to where its line leaves the view, 30 px inside it; with
   the line's own end out of view too (zoomed in elsewhere) it has no place to be: hidden. */
function edge(map, items) {
  var view = map.getPixelBounds().pad(0), inner = L.bounds(view.min.add([30, 30]), view.max.subtract([30, 30]));
  items.forEach(function (it) {
    var path = it[0].path;
    if (!path) return;
    var at = path[0];
    it[0].away = !view.contains(map.project(at).round());
    for (var i = 0; i < path.length; i++) {
      if (!inner.contains(map.project(path[i]).round())) break;
      at = path[i];
    }
    it[0].setLatLng(at);
  });
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
    var f = rect(c), taken = [], lines = screenLines(map, data, f),
      /* zoomed out past the opening view, a label goes right beside its place or not at all:
         set further off among crowded places, it would name the wrong one */
      reach = opening !== null && map.getZoom() < opening ? 1 : 4;
    document.querySelectorAll(".geo-panel,.leaflet-control").forEach(function (e) { taken.push(rect(e)); });
    if (hooks.labels) hooks.labels(f, taken);  /* a large story's labels */
    var marks = [];  /* every symbol a label might be read as naming */
    items.forEach(function (it) {
      var el = it[1] !== FIXED && it[0].getElement();
      it.mark = el && !it[0].path ? rect(el) : null;  /* a stub's dot is no place of its own */
      if (it.mark) marks.push(it.mark);
      if (el && it[1] === PLACE) taken.push(it.mark || rect(el));
    });
    items.forEach(function (it) {
      if (it[1] === FIXED) {
        var e = it[0].getElement(); if (!e) return; e.style.display = "";
        /* the first of its spots clear of the labels, the panels and the movement lines */
        var ok = (it[0].spots || [it[0].getLatLng()]).some(function (ll) {
          it[0].setLatLng(ll);
          var r = inner(e), g = 8;  /* set apart from the labels, not run on from one */
          return fits({left: r.left - g, right: r.right + g, top: r.top - g, bottom: r.bottom + g}, f, taken) && !lines.some(function (seg) { return crosses(seg, r); });
        });
        if (ok) taken.push(inner(e)); else e.style.display = "none";
        return;
      }
      var t = it[0].getTooltip && it[0].getTooltip(), el = t && t.getElement();
      if (!el || !t.isOpen()) return;
      el.style.display = it[0].away ? "none" : ""; el.classList.remove("geo-short");
      if (it[0].away) return;
      t.update();  /* placed while hidden, it was placed as if it had no size */
      if (spot(t, el, it[2], f, taken, reach, it.mark, marks)) return;
      if (it[1] === CONTEXT) { el.style.display = "none"; return; }
      el.classList.add("geo-short");  /* no room: the English name alone */
      if (spot(t, el, it[2], f, taken, reach, it.mark, marks)) return;
      /* At the opening view every story place is named, beside another symbol if it must
         be (two crossings 3 km apart); zoomed out, with no room, it is not named at all
         rather than over another label: its marker's title keeps its name. */
      if (reach > 1 && spot(t, el, it[2], f, taken, reach, null, marks)) return;
      el.style.display = "none";
    });
    c.setAttribute("data-geo-labelled", "");
    if (!hooks.labels) c.setAttribute("data-geo-drawn", "");  /* a large story's canvas says so itself */
  }
  function across(a, b) { return a.width && b.width && a.right > b.left && a.left < b.right; }
  function dock() {
    var h = document.querySelector(".geo-credit").offsetHeight, a = c.querySelector(".leaflet-bottom.leaflet-right"),
      bottoms = c.querySelectorAll(".leaflet-bottom"), lb = h + (a ? a.offsetHeight : 0) + 6;
    bottoms.forEach(function (e) { e.style.bottom = h + "px"; });
    var t = document.querySelector(".geo-timeline"), f = c.querySelector(".geo-find");
    if (t) {
      t.style.bottom = (h + 8) + "px";  /* above the "Find a place" box where they would meet */
      if (f) {
        var fa = f.getBoundingClientRect(), fb = t.getBoundingClientRect();
        if (fa.right > fb.left && fa.left < fb.right) t.style.bottom = (rect(c).bottom - fa.top + 6) + "px";
      }
      /* Where the timeline meets the scale, the attribution or the legend (a phone), they
         go above it: none covers another. */
      var tb = rect(t), above = rect(c).bottom - tb.top + 4;
      bottoms.forEach(function (e) {
        var r = e.getBoundingClientRect();
        if (across(r, tb)) e.style.bottom = above + "px";
      });
      if (across(rect(legend), tb)) lb = Math.max(lb, above + 2);
    }
    if (a && a.offsetHeight) lb = Math.max(lb, rect(c).bottom - rect(a).top + 6);
    legend.style.bottom = lb + "px";
  }
  /* The frame fitted inside the panels: a story place under the title, the legend, the
     timeline or a control makes room on that side, and the map is fitted again. */
  function fit() {
    var m = small() ? 24 : 40, pad = {t: m, b: m, l: m, r: m}, f = rect(c),
      panels = document.querySelectorAll(".geo-panel,.leaflet-control");
    for (var k = 0; k < 4; k++) {
      map.fitBounds(data.bounds, {paddingTopLeft: [pad.l, pad.t], paddingBottomRight: [pad.r, pad.b], animate: false});
      var marks = Array.prototype.map.call(c.querySelectorAll(".geo-place"), rect), moved = false;
      /* a place within m px of a panel is under it: its label needs the room */
      marks = marks.map(function (r) { return {left: r.left - m / 2, right: r.right + m / 2, top: r.top - m / 2, bottom: r.bottom + m / 2}; });
      panels.forEach(function (e) {
        var r = rect(e);
        if (!r.width || !marks.some(function (m) { return hit(m, r); })) return;
        var room = {t: r.bottom - f.top, b: f.bottom - r.top, l: r.right - f.left, r: f.right - r.left},
          side = Object.keys(room).reduce(function (x, y) { return room[y] < room[x] ? y : x; });
        if (room[side] + m > pad[side]) { pad[side] = room[side] + m; moved = true; }
      });
      if (!moved) break;
    }
  }
  var due = 0, opening = null;  /* one run for events that come together; the fitted zoom */
  function run() { if (!due) due = setTimeout(function () { due = 0; dock(); edge(map, items); name(); declutter(); }, 0); }
  map.whenReady(function () {
    setTimeout(function () {
      if (small()) details.removeAttribute("open");
      dock(); fit(); opening = map.getZoom();
      /* The basemap reaches one zoom level out from the opening view; further out a map
         with no tiles and no world beneath would be an island in a blank sea. */
      if (!data.tiles && !data.basemap.world) map.setMinZoom(Math.max(0, opening - 1));
      run();
    }, 0);
  });
  map.on("zoomend moveend resize overlayadd", run);
  details.addEventListener("toggle", run);
}

/* Draw the story of ``data`` on ``target``: a Leaflet map, the name of a global one (a
   folium map's), or the id of an element to make one in. */
function mount(target, data) {
  var named = typeof target === "string" ? window[target] : target,
    map = named instanceof L.Map ? named : L.map(target, {zoomControl: true, zoomSnap: 0.25}),
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
    overlays.Movements = movements(map, data).addTo(map);
    /* Label priority: the story's places, then context cities, then country names. */
    var fixed = items.splice(0, items.length);
    overlays.Places = places(data, items).addTo(map);
    if (data.stubs) overlays["Far places"] = stubs(data, items).addTo(map);
    if (data.context.length) overlays.Cities = context(data, items).addTo(map);
    items.push.apply(items, fixed);
  }
  L.control.layers(bases, overlays, {collapsed: true}).addTo(map);
  behaviour(map, data, items, hooks);
  if (data.steps) GeoStory.timeline(map, data.steps, hooks);
  /* Room for the title panel above and the legend and source line below. Not animated: a
     zoom animation on load only delays the map and draws it twice. */
  map.fitBounds(data.bounds, {paddingTopLeft: [30, 110], paddingBottomRight: [30, 60], animate: false});
  if (overlays.Movements.aim) overlays.Movements.aim();
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
