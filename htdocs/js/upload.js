// upload.js: the /upload page with tus-js-client: resumable uploads in
// chunks of upload_chunk bytes (50 MB unless the site says otherwise), progress with speed and time left, pause, resume (also
// after a reload: choose the same file again), cancel, then the video's
// transcode status until it is ready.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.tus || !tus.isSupported) return;
  var $ = function (id) { return document.getElementById(id); };
  var csrf = form.getAttribute("data-csrf");
  // The site's path ("" at the root), before every URL of its own.
  var base = document.documentElement.getAttribute("data-base") || "";
  var upload = null, videoUrl = null, started = 0, startBytes = 0;

  function human(n) {
    n = Number(n);
    if (!n) return "0 B";
    var u = ["B", "KB", "MB", "GB", "TB"], i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return n.toFixed(i ? 1 : 0) + " " + u[i];
  }
  function duration(s) {
    if (!isFinite(s)) return "";
    s = Math.round(s);
    return s >= 60 ? Math.floor(s / 60) + " min " + (s % 60) + " s left" : s + " s left";
  }
  function status(text) {
    var p = $("upload-status");
    p.hidden = false;
    p.textContent = text;
    return p;
  }
  // Quota figures in readable units; a limit of 0 means none.
  document.querySelectorAll("#quota .bytes").forEach(function (e, i) {
    e.textContent = (i === 1 || i === 3) && e.textContent === "0" ? "unlimited" : human(e.textContent);
  });

  function pick(file) {
    $("drop-text").textContent = file.name + " (" + human(file.size) + ")";
    if (!$("title").value) $("title").value = file.name.replace(/\.[^.]*$/, "");
  }
  $("file").addEventListener("change", function () {
    if (this.files[0]) pick(this.files[0]);
  });
  var drop = $("drop");
  drop.addEventListener("dragover", function (e) { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) {
      $("file").files = e.dataTransfer.files;
      pick(e.dataTransfer.files[0]);
    }
  });

  // Unfinished uploads of this account: say how to continue them.
  var x = new XMLHttpRequest();
  x.open("GET", base + "/api/v1/uploads");
  x.onload = function () {
    if (x.status !== 200) return;
    var open = JSON.parse(x.responseText).uploads;
    if (!open.length) return;
    var u = open[0], note = $("resume-note");
    note.hidden = false;
    note.textContent = "Unfinished upload: " + (u.metadata.filename || "a file") + " (" +
      Math.floor(100 * u.offset / Math.max(u.length, 1)) + "%). Choose the same file to continue.";
  };
  x.send();

  function watch(url) {
    var y = new XMLHttpRequest();
    y.open("GET", url);
    y.onload = function () {
      if (y.status !== 200) return;
      var v = JSON.parse(y.responseText), p;
      if (v.status === "ready") {
        p = status("Ready: ");
        var a = document.createElement("a");
        a.href = base + "/videos/" + v.id;
        a.id = "watch-link";
        a.textContent = "watch " + v.title;
        p.appendChild(a);
        return;
      }
      if (v.status === "failed") {
        status("Transcoding failed: " + (v.error || "see the admin"));
        return;
      }
      status("Transcoding: " + v.status + " · " + v.progress + "%");
      setTimeout(function () { watch(url); }, 2000);
    };
    y.send();
  }

  function progress(sent, total) {
    var pct = total ? Math.floor(100 * sent / total) : 0;
    var secs = (Date.now() - started) / 1000, rate = (sent - startBytes) / Math.max(secs, 0.001);
    $("bar").value = pct;
    $("percent").textContent = pct;
    $("speed").textContent = human(rate) + "/s";
    $("eta").textContent = rate > 0 ? duration((total - sent) / rate) : "";
  }

  function begin() {
    started = Date.now();
    startBytes = -1;    // the offset the server resumes from
    upload.start();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var file = $("file").files[0];
    if (!file) return;
    $("start").disabled = true;
    $("progress-box").hidden = false;
    status("Uploading…");
    upload = new tus.Upload(file, {
      endpoint: base + "/api/v1/uploads/",
      chunkSize: Number(form.getAttribute("data-chunk")) || 50 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      removeFingerprintOnSuccess: true,
      headers: { "X-CSRF-Token": csrf },
      metadata: {
        filename: file.name,
        filetype: file.type,
        title: $("title").value || file.name.replace(/\.[^.]*$/, ""),
        description: $("description").value,
        visibility: $("visibility").value
      },
      onProgress: function (sent, total) {
        if (startBytes < 0) startBytes = sent;
        progress(sent, total);
      },
      onAfterResponse: function (req, res) {
        var loc = res.getHeader("Video-Location");
        if (loc) videoUrl = loc;
      },
      onError: function (err) {
        var res = err.originalResponse, msg = String(err);
        try { msg = JSON.parse(res.getBody()).error.message; } catch (ignore) {}
        status("Upload failed: " + msg);
        $("start").disabled = false;
      },
      onSuccess: function () {
        $("bar").value = 100;
        $("percent").textContent = "100";
        $("pause").hidden = $("resume").hidden = $("cancel").hidden = true;
        if (videoUrl) watch(videoUrl);
        else status("Uploaded.");
      }
    });
    upload.findPreviousUploads().then(function (prev) {
      if (prev.length) upload.resumeFromPreviousUpload(prev[0]);
      begin();
    });
  });

  $("pause").addEventListener("click", function () {
    upload.abort();
    $("pause").hidden = true;
    $("resume").hidden = false;
    status("Paused.");
  });
  $("resume").addEventListener("click", function () {
    $("pause").hidden = false;
    $("resume").hidden = true;
    status("Uploading…");
    begin();
  });
  $("cancel").addEventListener("click", function () {
    upload.abort(true).then(function () {
      status("Cancelled; nothing was kept.");
      $("progress-box").hidden = true;
      $("start").disabled = false;
    });
  });
})();
