// player.js: Video.js on the watch and embed pages: a quality menu with
// every rung and Auto, the captions the viewer chose, chapters on the seek
// bar, seek previews, keyboard shortcuts, a start time, autoplay and loop.
// Plain script, loaded after video.min.js.
(function () {
  "use strict";
  var el = document.getElementById("player");
  if (!el || !window.videojs) return;
  var videojs = window.videojs;
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  // liveui: a video still transcoding keeps its seek bar while it grows.
  // The chapters are listed under the player, so no chapters menu.
  var player = videojs(el, { liveui: true,
    html5: { vhs: { overrideNative: true } },
    controlBar: { chaptersButton: false } });
  var levels = player.qualityLevels();
  var MenuButton = videojs.getComponent("MenuButton");
  var MenuItem = videojs.getComponent("MenuItem");
  var chosen = "auto";
  var box = document.getElementById("player-box");
  var start = box ? parseInt(box.getAttribute("data-start"), 10) || 0 : 0;
  var autoplay = box !== null && box.hasAttribute("data-autoplay");

  // The HLS engine, once it is there.
  function engine() {
    var tech = player.tech(true);
    var vhs = tech && tech.vhs;
    return vhs && (vhs.playlistController_ || vhs.masterPlaylistController_);
  }

  // A video still transcoding comes as playlists without an end, which
  // the HLS engine takes for a live stream and joins at its newest
  // segment on the first play. Here it starts from the beginning (or the
  // start time) instead: told it has played already, the engine keeps
  // the position it is given, then follows the segments as they come,
  // and plays as any video once the playlists end.
  player.one("loadedmetadata", function () {
    var pc = engine();
    if (player.duration() !== Infinity || !pc) return;
    pc.hasPlayed_ = true;
    player.currentTime(start);
    pc.mainPlaylistLoader_.on("loadedplaylist", function () { ended(pc); });
  });

  // The lists have ended. A viewer at the newest segment has it already,
  // fetched while the lists still grew: the engine then learns no new
  // length and never ends the stream by itself. Tell the player the
  // length, and the engine that its last segment is in.
  var over = false;
  function ended(pc) {
    var media = pc.mainPlaylistLoader_.media();
    var loader = pc.mainSegmentLoader_;
    if (over || !media || !media.endList) return;
    over = true;
    player.tech(true).trigger("durationchange");
    if (!loader.ended_ && loader.state === "READY" &&
        loader.mediaIndex === media.segments.length - 1)
      loader.endOfStream();
  }

  // The address's options (?t=, autoplay=1, loop=1; checked by the
  // server): seek once the stream's length is known, and only then play,
  // so that playback begins at the start time. Autoplay is muted, as
  // browsers allow no other.
  if (box && box.hasAttribute("data-loop")) player.loop(true);
  if (start > 0 || autoplay)
    player.one("loadedmetadata", function () {
      var d = player.duration();
      if (start > 0 && (!d || start < d)) player.currentTime(start);
      if (!autoplay) return;
      player.muted(true);
      var p = player.play();
      if (p && p.catch) p.catch(function () {});
    });

  // A rung is named by its short side, so portrait rungs read "720p" too.
  function shortSide(level) { return Math.min(level.width, level.height); }

  // Switch now, not after what is already buffered (up to 30 s): the HLS
  // engine drops the buffer ahead and fetches from the chosen rung.
  function switchNow() {
    var pc = engine();
    if (pc && typeof pc.fastQualityChange_ === "function")
      pc.fastQualityChange_();
  }

  // Enable one rung, or all of them for "auto" (adaptive switching).
  function choose(what) {
    chosen = what;
    for (var i = 0; i < levels.length; i++)
      levels[i].enabled = what === "auto" || shortSide(levels[i]) === what;
    switchNow();
    player.trigger("vs-quality");
  }

  class QualityItem extends MenuItem {
    constructor(p, opts) {
      super(p, { label: opts.label, selectable: true,
        selected: opts.value === chosen });
      this.value = opts.value;
      this.addClass("vs-quality-" + opts.value);
      // Bound to this item: gone with it when the menu is rebuilt.
      this.on(p, "vs-quality", () => this.selected(this.value === chosen));
    }
    handleClick() { choose(this.value); }
  }

  class QualityButton extends MenuButton {
    constructor(p, opts) {
      super(p, opts);
      this.controlText("Quality");
      this.addClass("vs-quality-button");
    }
    createItems() {
      var items = [new QualityItem(player, { label: "Auto", value: "auto" })];
      var names = [];
      for (var i = 0; i < levels.length; i++)
        if (names.indexOf(shortSide(levels[i])) < 0)
          names.push(shortSide(levels[i]));
      names.sort(function (a, b) { return b - a; });
      names.forEach(function (n) {
        items.push(new QualityItem(player, { label: n + "p", value: n }));
      });
      return items;
    }
    buildCSSClass() { return "vjs-quality-button " + super.buildCSSClass(); }
  }
  videojs.registerComponent("QualityButton", QualityButton);
  var button = player.controlBar.addChild("QualityButton", {},
    player.controlBar.children().length - 1);
  levels.on("addqualitylevel", function () { button.update(); });

  // Captions: the address's ?captions= (a language or "off", checked by
  // the server) first, then what this viewer last chose in the menu, else
  // the track the owner made the default.
  var STORE = "vstream.captions";
  function stored() {
    try { return window.localStorage.getItem(STORE); } catch (e) { return null; }
  }
  var wanted = (box && box.getAttribute("data-captions")) || stored();
  function subtitles() {
    var t = player.textTracks(), out = [];
    for (var i = 0; i < t.length; i++)
      if (t[i].kind === "subtitles" || t[i].kind === "captions") out.push(t[i]);
    return out;
  }
  // The track for a language: the same tag, else the same first subtag.
  function trackFor(lang, tracks) {
    var i, primary = lang.split("-")[0].toLowerCase();
    for (i = 0; i < tracks.length; i++)
      if (tracks[i].language.toLowerCase() === lang.toLowerCase()) return tracks[i];
    for (i = 0; i < tracks.length; i++)
      if (tracks[i].language.split("-")[0].toLowerCase() === primary) return tracks[i];
    return null;
  }
  function showCaptions() {
    var tracks = subtitles(), pick;
    if (!wanted || tracks.length === 0) return;
    pick = wanted === "off" ? null : trackFor(wanted, tracks);
    if (wanted !== "off" && !pick) return;
    tracks.forEach(function (t) {
      var mode = t === pick ? "showing" : "disabled";
      if (t.mode !== mode) t.mode = mode;
    });
  }
  // Tracks come with the master playlist; Video.js shows the default one
  // once the metadata is in, so the choice is applied after that too.
  player.textTracks().addEventListener("addtrack", showCaptions);
  player.on("loadedmetadata", showCaptions);
  // Only a choice made in the menu is remembered, not what the page chose.
  function remember() {
    var on = subtitles().filter(function (t) { return t.mode === "showing"; });
    wanted = on.length ? on[0].language : "off";
    try { window.localStorage.setItem(STORE, wanted); } catch (e) { return; }
  }
  // Video.js's HLS code loads a subtitle track's segments onwards from
  // where it was turned on, and a seek back into video already buffered
  // does not take it back: turned off and on again (a tick apart, as
  // track changes are told a tick late), it loads from the new place.
  player.on("seeked", function () {
    var on = subtitles().filter(function (t) { return t.mode === "showing"; });
    if (on.length === 0 || !player.tech(true).vhs) return;
    on[0].mode = "disabled";
    window.setTimeout(function () {
      if (on[0].mode === "disabled") on[0].mode = "showing";
    }, 0);
  });
  // Every captions menu item (a language, or off) is a TextTrackMenuItem,
  // clicked or chosen with the keyboard.
  var TrackItem = videojs.getComponent("TextTrackMenuItem");
  var trackClick = TrackItem.prototype.handleClick;
  TrackItem.prototype.handleClick = function (e) {
    trackClick.call(this, e);
    if (this.player() === player) remember();
  };

  // Chapters (from the description, as a WebVTT track): a mark on the
  // seek bar where each begins; the list under the player seeks instead
  // of loading the page again.
  var chapters = box && box.getAttribute("data-chapters");
  // A cue's text as a person reads it: its entities decoded, no markup.
  function plain(s) {
    var d = document.createElement("textarea");
    d.innerHTML = s;
    return d.value;
  }
  // A mark per chapter after the first, placed again when the length
  // the engine reports changes.
  var marks = [];
  function placeMarks() {
    var d = player.duration();
    marks.forEach(function (m) {
      m.el.style.left = d ? (100 * m.start / d) + "%" : "0";
    });
  }
  function markChapters(track) {
    var bar = player.controlBar.progressControl.seekBar.el();
    var cues = track.cues || [];
    for (var i = 1; i < cues.length; i++) {
      var m = document.createElement("div");
      m.className = "vs-chapter-mark";
      m.title = plain(cues[i].text);
      bar.appendChild(m);
      marks.push({ el: m, start: cues[i].startTime });
    }
    placeMarks();
  }
  player.on("durationchange", placeMarks);
  // The track goes to the playback engine, there once the player is ready.
  if (chapters)
    player.ready(function () {
      var t = player.addRemoteTextTrack({ kind: "chapters", src: chapters,
        label: "Chapters", srclang: "und" }, false);
      t.track.mode = "hidden";
      t.addEventListener("load", function () { markChapters(t.track); });
    });
  document.querySelectorAll("#chapters a[data-start]").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      player.currentTime(parseInt(a.getAttribute("data-start"), 10) || 0);
      var p = player.play();
      if (p && p.catch) p.catch(function () {});
    });
  });

  // Seek previews: the storyboard's track, whose cues point into sheets
  // of tiles ("storyboard/sheet-0.jpg#xywh=x,y,w,h"); the tile for the
  // time under the pointer shows above the seek bar on hover and while
  // dragging, as the sheet in the background moved to the tile's box.
  var storyboard = box && box.getAttribute("data-storyboard");
  var tiles = [];
  // The cues of a WebVTT thumbnails track fetched from url.
  function readTiles(text, url) {
    var out = [];
    text.split(/\r?\n\r?\n/).forEach(function (block) {
      var l = block.trim().split(/\r?\n/);
      var t = /^(\d+):(\d\d):(\d\d\.\d+) --> (\d+):(\d\d):(\d\d\.\d+)/.exec(l[0] || "");
      var f = /^([^#\s]+)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(l[1] || "");
      if (!t || !f) return;
      out.push({ start: +t[1] * 3600 + +t[2] * 60 + +t[3],
        end: +t[4] * 3600 + +t[5] * 60 + +t[6],
        src: new URL(f[1], url).href, x: +f[2], y: +f[3], w: +f[4], h: +f[5] });
    });
    return out;
  }
  function tileAt(secs) {
    for (var i = 0; i < tiles.length; i++)
      if (secs < tiles[i].end) return tiles[i];
    return tiles.length ? tiles[tiles.length - 1] : null;
  }
  function clock(secs) {
    var s = Math.floor(secs), h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60;
    var ss = ("0" + (s % 60)).slice(-2);
    return h ? h + ":" + ("0" + m).slice(-2) + ":" + ss : m + ":" + ss;
  }
  function previews() {
    var bar = player.controlBar.progressControl.seekBar.el();
    var tip = document.createElement("div"), pic = document.createElement("div");
    var label = document.createElement("div"), dragging = false;
    tip.className = "vs-preview";
    pic.className = "vs-preview-tile";
    label.className = "vs-preview-time";
    tip.appendChild(pic);
    tip.appendChild(label);
    bar.appendChild(tip);
    player.addClass("vs-has-preview");
    function show(x) {
      var r = bar.getBoundingClientRect(), d = player.duration();
      var share = Math.min(1, Math.max(0, (x - r.left) / r.width));
      var tile = d && isFinite(d) ? tileAt(share * d) : null;
      if (!tile) { hide(); return; }
      pic.style.width = tile.w + "px";
      pic.style.height = tile.h + "px";
      pic.style.backgroundImage = "url(\"" + tile.src + "\")";
      pic.style.backgroundPosition = -tile.x + "px " + -tile.y + "px";
      label.textContent = clock(share * d);
      // The box stays over the bar: its middle at the pointer, else at an end.
      var half = tile.w / 2 + 2;
      tip.style.left = Math.min(r.width - half, Math.max(half, share * r.width)) + "px";
      tip.classList.add("vs-on");
    }
    function hide() { tip.classList.remove("vs-on"); }
    function at(e) { return e.touches && e.touches.length ? e.touches[0].clientX : e.clientX; }
    bar.addEventListener("mousemove", function (e) { show(at(e)); });
    bar.addEventListener("mouseleave", function () { if (!dragging) hide(); });
    ["mousedown", "touchstart"].forEach(function (n) {
      bar.addEventListener(n, function (e) { dragging = true; show(at(e)); }, { passive: true });
    });
    ["mousemove", "touchmove"].forEach(function (n) {
      document.addEventListener(n, function (e) { if (dragging) show(at(e)); }, { passive: true });
    });
    ["mouseup", "touchend", "touchcancel"].forEach(function (n) {
      document.addEventListener(n, function () { if (dragging) { dragging = false; hide(); } });
    });
  }
  if (storyboard) {
    var sx = new XMLHttpRequest();
    sx.open("GET", storyboard);
    sx.onload = function () {
      if (sx.status !== 200) return;
      tiles = readTiles(sx.responseText, sx.responseURL || new URL(storyboard, location.href).href);
      if (tiles.length) player.ready(previews);
    };
    sx.send();
  }

  document.addEventListener("keydown", function (e) {
    if (e.target && /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    switch (e.key) {
    case " ": case "k": player.paused() ? player.play() : player.pause(); break;
    case "f": player.isFullscreen() ? player.exitFullscreen() : player.requestFullscreen(); break;
    case "m": player.muted(!player.muted()); break;
    case "ArrowLeft": player.currentTime(Math.max(0, player.currentTime() - 5)); break;
    case "ArrowRight": player.currentTime(player.currentTime() + 5); break;
    default: return;
    }
    e.preventDefault();
  });
  // A view after 5 s of playback; watch time every 30 s after that. Each
  // report says how far playback went (for the retention curve), the
  // first where the viewer came from (the referring page's origin only).
  var played = 0, reported = 0, counted = false, last = null, far = 0;
  function referrer() {
    try { return document.referrer ? new URL(document.referrer).origin : undefined; }
    catch (e) { return undefined; }
  }
  function report(body) {
    var x = new XMLHttpRequest();
    body.position = Math.round(far * 10) / 10;
    x.open("POST", base + "/api/videos/" + el.getAttribute("data-video") + "/views");
    x.setRequestHeader("Content-Type", "application/json");
    x.send(JSON.stringify(body));
  }
  player.on("timeupdate", function () {
    var t = player.currentTime();
    if (last !== null && !player.paused() && t > last && t - last < 2) {
      played += t - last;
      if (t > far) far = t;
    }
    last = t;
    if (!counted && played >= 5) { counted = true; report({ referrer: referrer() }); }
    if (counted && played - reported >= 30) {
      report({ watched: Math.round(played - reported) });
      reported = played;
    }
  });
  player.on("seeking", function () { last = null; });
  // Stopping tells the watch time and position since the last report.
  player.on(["pause", "ended"], function () {
    if (!counted || played - reported < 1) return;
    report({ watched: Math.round(played - reported) });
    reported = played;
  });

  window.vsPlayer = { player: player, choose: choose };
})();
