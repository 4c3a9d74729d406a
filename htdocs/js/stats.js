// stats.js: the charts of a video's stats page (views per day and the
// retention curve) and of the admin analytics pages, drawn with Chart.js
// from the JSON named by the box's data-stats. window.vsStats holds what
// was drawn.
(function () {
  "use strict";
  var box = document.querySelector("[data-stats]");
  if (!box || !window.Chart) return;

  function draw(id, type, label, labels, values, max) {
    var el = document.getElementById(id);
    if (!el) return;
    var y = { beginAtZero: true, ticks: { precision: 0 } };
    if (max) y.max = max;
    new Chart(el, {
      type: type,
      data: { labels: labels, datasets: [{ label: label, data: values,
        backgroundColor: "#2f6fde", borderColor: "#2f6fde", fill: false }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false,
        scales: { y: y } }
    });
  }

  // Of the views that told where they were, the share still watching at
  // each hundredth of the video.
  function retention(counts) {
    var first = counts[0] || 0;
    return counts.map(function (n) { return first ? Math.round(n * 100 / first) : 0; });
  }

  var x = new XMLHttpRequest();
  x.open("GET", box.getAttribute("data-stats"));
  x.onload = function () {
    if (x.status !== 200) return;
    var s = JSON.parse(x.responseText);
    // A video's days, an account's (views received) or the site's.
    var days = s.days || s.per_day || [];
    draw("chart-days", "bar", "Views per day", days.map(function (d) {
      return String(d.day).slice(5); }), days.map(function (d) {
      return d.views !== undefined ? d.views : d.views_received; }));
    if (s.retention) {
      var pct = retention(s.retention);
      draw("chart-retention", "line", "Still watching (%)", pct.map(function (v, i) {
        return i + "%"; }), pct, 100);
    }
    window.vsStats = { stats: s, retention: s.retention || [] };
  };
  x.send();
})();
