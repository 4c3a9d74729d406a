// playlist-play.js: on the player page of a playlist's video, the next
// playable video of the list opens when this one ends (the server put its
// address, with autoplay, in the bar). Loaded deferred, after player.js.
(function () {
  "use strict";
  var bar = document.getElementById("playlist-bar");
  var next = bar && bar.getAttribute("data-next");
  if (!next || !window.vsPlayer) return;
  window.vsPlayer.player.on("ended", function () {
    window.location.assign(next);
  });
})();
