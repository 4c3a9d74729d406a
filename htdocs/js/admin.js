// admin.js: live numbers on the admin pages. Every element with data-k
// inside a [data-api] box is refreshed from that JSON every 5 s; the
// overview also draws uploads and views per day with Chart.js.
(function () {
  "use strict";
  var box = document.querySelector("[data-api]");
  if (!box) return;
  var charts = {};

  function human(n) {
    n = Number(n);
    if (!isFinite(n)) return "";
    var u = ["B", "KB", "MB", "GB", "TB"], i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + " " + u[i];
  }
  function pick(o, path) {
    return path.split(".").reduce(function (v, k) {
      return v == null ? undefined : v[k];
    }, o);
  }
  function fill(data) {
    document.querySelectorAll("[data-k]").forEach(function (e) {
      var v = pick(data, e.getAttribute("data-k"));
      if (v === undefined || v === null) v = e.classList.contains("n") ? 0 : "";
      if (typeof v === "number" && !Number.isInteger(v)) v = v.toFixed(1);
      e.textContent = e.classList.contains("bytes") ? human(v) : String(v);
    });
  }
  function chart(id, label, days, key) {
    var el = document.getElementById(id);
    if (!el || !window.Chart) return;
    var labels = days.map(function (d) { return d.day.slice(5); });
    var values = days.map(function (d) { return d[key]; });
    if (charts[id]) {
      charts[id].data.labels = labels;
      charts[id].data.datasets[0].data = values;
      charts[id].update("none");
      return;
    }
    charts[id] = new Chart(el, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: "#2f6fde" }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: true } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  function refresh() {
    var x = new XMLHttpRequest();
    x.open("GET", box.getAttribute("data-api"));
    x.onload = function () {
      if (x.status !== 200) return;
      var data = JSON.parse(x.responseText);
      fill(data);
      if (data.per_day) {
        chart("chart-uploads", "Uploads per day", data.per_day, "uploads");
        chart("chart-views", "Views per day", data.per_day, "views");
      }
    };
    x.send();
  }
  document.querySelectorAll(".bytes").forEach(function (e) { e.textContent = human(e.textContent); });
  refresh();
  setInterval(refresh, 5000);
})();
