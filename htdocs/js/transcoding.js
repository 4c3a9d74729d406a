// transcoding.js: the notice above the player of a video that is still
// transcoding: its progress, asked of the API every few seconds, and gone
// once the video is ready. The player follows the growing playlists by
// itself.
(function () {
  "use strict";
  var notice = document.getElementById("transcoding");
  if (!notice) return;
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  var url = base + "/api/v1/videos/" + notice.getAttribute("data-video");
  function poll() {
    var x = new XMLHttpRequest();
    x.open("GET", url);
    x.onload = function () {
      var v = x.status === 200 ? JSON.parse(x.responseText) : null;
      if (v && v.status === "ready") {
        notice.parentNode.removeChild(notice);
        return;
      }
      if (v && v.status === "failed")
        notice.textContent = "Transcoding stopped: " +
          (v.failure_reason || "the video could not be processed") + ".";
      else if (v)
        notice.querySelector(".progress").textContent = v.progress;
      setTimeout(poll, 3000);
    };
    x.onerror = function () { setTimeout(poll, 3000); };
    x.send();
  }
  setTimeout(poll, 3000);
})();
