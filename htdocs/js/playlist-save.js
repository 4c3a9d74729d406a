// playlist-save.js: the player page's "save to a playlist" form through
// the API, so that the video goes on playing; without script the form
// posts and comes back to the page.
(function () {
  "use strict";
  var form = document.getElementById("playlist-save-form");
  var done = document.getElementById("playlist-save-done");
  if (!form || !window.fetch) return;
  var base = document.documentElement.getAttribute("data-base") || "";

  form.addEventListener("submit", function (e) {
    var list = form.elements.playlist.value;
    e.preventDefault();
    fetch(base + "/api/v1/playlists/" + encodeURIComponent(list) + "/items", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json",
        "X-CSRF-Token": form.elements.csrf_token.value },
      body: JSON.stringify({ video: form.elements.video.value })
    }).then(function (r) {
      return r.json().then(function (b) {
        done.textContent = r.ok ? "Saved to " + b.title + "." :
          (b.error && b.error.message) || "Not saved.";
      });
    }).catch(function () { done.textContent = "Not saved: no connection."; });
  });
})();
