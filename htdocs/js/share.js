// share.js: the player page's share box: the link (at the current time
// when asked) and the embed code, each with a copy button. Plain script,
// loaded after player.js.
(function () {
  "use strict";
  var box = document.getElementById("share");
  if (!box) return;
  var link = document.getElementById("share-link");
  var code = document.getElementById("share-embed");
  var at = document.getElementById("share-at");
  var label = document.getElementById("share-time");
  var done = document.getElementById("share-done");

  function now() {
    var p = window.vsPlayer && window.vsPlayer.player;
    return p ? Math.floor(p.currentTime() || 0) : 0;
  }
  // 83 -> "1:23", 3723 -> "1:02:03".
  function clock(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    var mm = h > 0 && m < 10 ? "0" + m : String(m);
    return (h > 0 ? h + ":" : "") + mm + ":" + (sec < 10 ? "0" : "") + sec;
  }
  // 83 -> "1m23s", the form ?t= takes.
  function param(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    return (h ? h + "h" : "") + (m ? m + "m" : "") + (s % 60) + "s";
  }
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;")
      .replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }
  function update() {
    var t = now(), q = at.checked && t > 0 ? "?t=" + param(t) : "";
    label.textContent = clock(t);
    link.value = box.getAttribute("data-url") + q;
    if (code)
      code.value = '<iframe src="' + esc(box.getAttribute("data-embed-url") + q) +
        '" width="' + esc(box.getAttribute("data-width")) +
        '" height="' + esc(box.getAttribute("data-height")) +
        '" frameborder="0" allow="autoplay; fullscreen; picture-in-picture"' +
        ' allowfullscreen title="' + esc(box.getAttribute("data-title")) +
        '"></iframe>';
  }
  // The clipboard API needs a secure context; elsewhere, select the text
  // and let the older command copy it.
  function copy(el) {
    var say = function (ok) { done.textContent = ok ? "Copied." : "Press Ctrl+C to copy."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(el.value).then(function () { say(true); },
        function () { el.select(); say(false); });
      return;
    }
    el.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    say(ok);
  }
  at.addEventListener("change", update);
  var p = window.vsPlayer && window.vsPlayer.player;
  if (p) p.on("timeupdate", function () { if (!at.checked) label.textContent = clock(now()); });
  if (p) p.on("pause", update);
  box.querySelectorAll("button[data-copy]").forEach(function (b) {
    b.addEventListener("click", function () {
      update();
      copy(document.getElementById(b.getAttribute("data-copy")));
    });
  });
  update();
})();
