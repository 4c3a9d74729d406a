// playlist-edit.js: on a playlist's page, its owner's up and down buttons
// move an item through the API and in the page, without a reload; the
// forms post as they are when there is no script.
(function () {
  "use strict";
  var box = document.getElementById("playlist");
  var list = document.getElementById("playlist-items");
  if (!box || !list || !window.fetch) return;
  var base = document.documentElement.getAttribute("data-base") || "";
  var id = box.getAttribute("data-playlist");

  // Positions, hidden fields and disabled ends after a move.
  function renumber() {
    var rows = list.querySelectorAll("li[data-position]");
    rows.forEach(function (li, i) {
      var up = li.querySelector(".playlist-up");
      var down = li.querySelector(".playlist-down");
      li.setAttribute("data-position", String(i + 1));
      if (!up || !down) return;
      up.form.elements.position.value = String(Math.max(1, i));
      down.form.elements.position.value = String(Math.min(rows.length, i + 2));
      up.disabled = i === 0;
      down.disabled = i === rows.length - 1;
    });
  }

  function move(li, to) {
    var video = li.getAttribute("data-video");
    return fetch(base + "/api/v1/playlists/" + id + "/items/" + video, {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json",
        "X-CSRF-Token": box.getAttribute("data-csrf") },
      body: JSON.stringify({ position: to })
    }).then(function (r) {
      if (!r.ok) throw new Error("refused");
      var rows = Array.prototype.slice.call(list.querySelectorAll("li[data-position]"));
      rows.splice(rows.indexOf(li), 1);
      list.insertBefore(li, rows[to - 1] || null);
      renumber();
    });
  }

  list.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList.contains("playlist-move")) return;
    e.preventDefault();
    move(form.closest("li"), parseInt(form.elements.position.value, 10))
      .catch(function () { form.submit(); });
  });
})();
