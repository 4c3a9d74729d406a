// mine.js: live status on /my: while a video is queued or processing, ask
// the API for its status and progress every few seconds; once its first
// segments are out, say that it can be watched already.
(function () {
  "use strict";
  var busy = /^(uploaded|queued|processing)$/;
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  function show(row, v) {
    var cell = row.querySelector(".status");
    cell.textContent = "";
    if (!busy.test(v.status)) {
      cell.textContent = v.status;
      return;
    }
    if (!v.playable) {
      cell.textContent = v.status + " · " + v.progress + "%";
      return;
    }
    cell.appendChild(document.createTextNode("still transcoding: " +
      v.progress + " %, you can watch what is ready · "));
    var a = document.createElement("a");
    a.className = "watch";
    a.href = base + "/videos/" + v.id;
    a.textContent = "watch";
    cell.appendChild(a);
  }
  function poll(row) {
    var x = new XMLHttpRequest();
    x.open("GET", base + "/api/v1/videos/" + row.getAttribute("data-video"));
    x.onload = function () {
      if (x.status !== 200) return;
      var v = JSON.parse(x.responseText);
      row.setAttribute("data-status", v.status);
      show(row, v);
      if (busy.test(v.status)) setTimeout(function () { poll(row); }, 3000);
    };
    x.send();
  }
  document.querySelectorAll("#my-videos tr[data-video]").forEach(function (row) {
    if (busy.test(row.getAttribute("data-status"))) poll(row);
  });
})();
