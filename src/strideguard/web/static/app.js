// strideguard pages: draw Plotly charts from their JSON blocks, show upload progress, submit filters.
(function () {
  "use strict";

  function drawCharts(root) {
    if (!window.Plotly) { return; }
    root.querySelectorAll('script[type="application/json"][data-chart]').forEach(function (block) {
      var target = document.getElementById(block.dataset.chart);
      if (!target || target.dataset.drawn) { return; }
      var figure = JSON.parse(block.textContent);
      window.Plotly.newPlot(target, figure.data, figure.layout, { responsive: true, displayModeBar: false });
      target.dataset.drawn = "1";
    });
  }

  function autosubmit(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.requestSubmit(); });
    });
  }

  // The symptom form's questions are redrawn by the server when a deciding answer changes (htmx).
  // Anything typed while that request was under way is put back into the new questions.
  var QUESTIONS = "symptom-questions";
  var pending = null;
  var recheck = false;

  function snapshot(root, deciding) {
    var values = {};
    root.querySelectorAll(deciding ? "[data-refresh][name]" : "input[name], select[name], textarea[name]").forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { list.push(el.value); }
      } else {
        list.push(el.value);
      }
    });
    return values;
  }

  function restore(root, values) {
    root.querySelectorAll("input[name], select[name], textarea[name]").forEach(function (el) {
      if (!Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
      var list = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        var known = Array.prototype.some.call(el.options, function (o) { return o.value === list[0]; });
        if (known) { el.value = list[0]; }
      } else {
        el.value = list[0];
      }
    });
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && !target.isConnected) { event.detail.shouldSwap = false; return; }  // replaced meanwhile
    pending = target && target.id === QUESTIONS && event.detail.requestConfig.verb === "get" ? snapshot(target) : null;
  });
  document.addEventListener("htmx:afterSwap", function () {
    var fresh = document.getElementById(QUESTIONS);
    if (pending && fresh) {
      var drawn = JSON.stringify(snapshot(fresh, true));
      restore(fresh, pending);
      // a deciding answer changed while the request was under way: ask again for the questions it decides,
      // once htmx has bound the new questions (it does so when they settle, after this event)
      recheck = JSON.stringify(snapshot(fresh, true)) !== drawn;
    }
    pending = null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!recheck) { return; }
    recheck = false;
    var fresh = document.getElementById(QUESTIONS);
    var first = fresh && fresh.querySelector("[data-refresh]");
    if (first && window.htmx) { window.htmx.trigger(first, "change"); }
  });

  // a link to a folded part of a page (the plan's #day-DATE) opens it
  function openTarget() {
    if (!location.hash) { return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    autosubmit(document);
    openTarget();
  });
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable && event.detail.total > 0) {
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
})();
