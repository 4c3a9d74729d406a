// mine.js: live status on /my: while a video is queued or processing, ask
// the API for its status and progress every few seconds.
(function () {
  "use strict";
  var busy = /^(uploaded|queued|processing)$/;
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  function poll(row) {
    var x = new XMLHttpRequest();
    x.open("GET", base + "/api/v1/videos/" + row.getAttribute("data-video"));
    x.onload = function () {
      if (x.status !== 200) return;
      var v = JSON.parse(x.responseText);
      row.setAttribute("data-status", v.status);
      row.querySelector(".status").textContent = v.status +
        (busy.test(v.status) ? " · " + v.progress + "%" : "");
      if (busy.test(v.status)) setTimeout(function () { poll(row); }, 3000);
    };
    x.send();
  }
  document.querySelectorAll("#my-videos tr[data-video]").forEach(function (row) {
    if (busy.test(row.getAttribute("data-status"))) poll(row);
  });
})();
