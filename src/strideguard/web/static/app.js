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

  function regionFilter(root) {
    var form = root.querySelector ? root.querySelector("#symptom-form") : null;
    if (!form) { return; }
    var region = form.querySelector('select[name="region"]');
    var location = form.querySelector('select[name="location"]');
    function apply() {
      location.querySelectorAll("optgroup").forEach(function (group) {
        var shown = group.dataset.region === region.value;
        group.hidden = !shown;
        group.disabled = !shown;
      });
      var chosen = location.selectedOptions[0];
      if (chosen && chosen.parentElement.tagName === "OPTGROUP" && chosen.parentElement.disabled) { location.value = ""; }
    }
    region.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(document);
    autosubmit(document);
    regionFilter(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) { drawCharts(event.target); });

  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (bar && event.detail.lengthComputable && event.detail.total > 0) {
      bar.hidden = false;
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });
})();
