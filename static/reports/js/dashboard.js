/* Dashboard charts (/reports/): drawn with the vendored Chart.js from the numbers the page passes with
   json_script (#dashboard-charts). The same numbers are in the tables next to each chart. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var palette = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#0dcaf0", "#6c757d", "#d63384", "#ffc107"];
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function base(extra) {
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
    };
    return Object.assign(options, extra || {});
  }

  function stacked(block) {
    return {
      type: "bar",
      data: {
        labels: block.labels,
        datasets: block.series.map(function (series, index) {
          return { label: series.label, data: series.data, backgroundColor: palette[index % palette.length] };
        })
      },
      options: base({ scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } })
    };
  }

  var builders = {
    funnel: function (block) {
      return {
        type: "bar",
        data: { labels: block.labels, datasets: [{ label: "", data: block.data, backgroundColor: palette[0] }] },
        options: base({ indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    },
    breaches: function (block) {
      return {
        type: "bar",
        data: { labels: block.labels, datasets: [{ label: "", data: block.data, backgroundColor: palette[4] }] },
        options: base({ plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      };
    },
    inquiries: stacked,
    leads: stacked,
    registrations: function (block) {
      var config = stacked(block);
      config.type = "line";
      config.data.datasets.forEach(function (dataset) {
        dataset.borderColor = dataset.backgroundColor;
        dataset.tension = 0;
      });
      config.options.plugins.legend.display = false;
      return config;
    }
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.getAttribute("data-chart");
    if (builders[name] && data[name]) {
      canvas.chart = new window.Chart(canvas, builders[name](data[name]));
      canvas.setAttribute("data-rendered", "true");
    }
  });
})();
