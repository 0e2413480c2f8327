/* The timeline: a slider and previous and next buttons over the story's steps, each step's
   caption in a live region. Each step shows its movements, earlier ones faded, later ones
   not yet; the last position shows the whole story. A large story's canvas is stepped
   through hooks.step. */
GeoStory.timeline = function (map, steps, hooks) {
  "use strict";
  var panel = document.querySelector(".geo-timeline"), slider = panel.querySelector("input"),
    caption = panel.querySelector(".geo-step"), stepOf = {};
  steps.forEach(function (s, i) { s.movements.forEach(function (id) { stepOf[id] = i; }); });
  function show(v) {
    v = Math.max(0, Math.min(steps.length, v)); slider.value = v;
    var all = v === steps.length;
    if (hooks.step) hooks.step(all ? -1 : v);
    Object.keys(stepOf).forEach(function (id) {
      var i = stepOf[id], state = all ? "" : i < v ? "geo-past" : i === v ? "geo-current" : "geo-future";
      document.querySelectorAll(".geo-movement-" + id + ",.geo-arrowhead-" + id + ",.geo-stubmove-" + id).forEach(function (e) {
        e.classList.remove("geo-past", "geo-current", "geo-future"); if (state) e.classList.add(state);
      });
    });
    var label = all ? "All steps" : (v + 1) + " of " + steps.length + ": " + steps[v].label;
    slider.setAttribute("aria-valuetext", label);
    caption.querySelector("b").textContent = label;
    caption.querySelector("span").textContent = all ? "" : steps[v].caption;
  }
  slider.addEventListener("input", function () { show(+slider.value); });
  panel.querySelector(".geo-prev").addEventListener("click", function () { show(+slider.value - 1); });
  panel.querySelector(".geo-next").addEventListener("click", function () { show(+slider.value + 1); });
  show(steps.length);
};
