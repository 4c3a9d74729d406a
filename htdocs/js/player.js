// player.js: Video.js on the watch and embed pages: a quality menu with
// every rung and Auto, keyboard shortcuts, a start time, autoplay and loop.
// Plain script, loaded after video.min.js.
(function () {
  "use strict";
  var el = document.getElementById("player");
  if (!el || !window.videojs) return;
  var videojs = window.videojs;
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  // liveui: a video still transcoding keeps its seek bar while it grows.
  var player = videojs(el, { liveui: true,
    html5: { vhs: { overrideNative: true } } });
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
