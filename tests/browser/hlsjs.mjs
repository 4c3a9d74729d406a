// hlsjs.mjs: hls.js, a second HLS player beside the page's Video.js, in
// headless Chromium on a page of its own origin (as another site would
// embed a public video): each video's master parses, with its renditions
// and the subtitle renditions the captions API lists (tracks added after
// the transcode, without one again); a chosen track's cue shows at its
// time; playback passes the first segment with no fatal error.
// Usage: node hlsjs.mjs BASE ARTIFACTS CAPTIONED-ID OTHER-ID...
import { chromium } from "playwright-core";
import { createRequire } from "module";
import { launch, check, finish } from "./lib.mjs";

const require = createRequire(import.meta.url);
const hlsjs = require.resolve("hls.js/dist/hls.min.js");
const [base, artifacts, captioned, ...others] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

// Load id's master into a fresh hls.js; what it parsed, or its fatal error.
const open = (id) => page.evaluate((url) => new Promise((done) => {
  if (window.hls) window.hls.destroy();
  const video = document.querySelector("video");
  const hls = window.hls = new window.Hls({ enableWebVTT: true });
  window.fatal = null;
  hls.on(window.Hls.Events.ERROR, (e, d) => {
    if (d.fatal) { window.fatal = `${d.type} ${d.details}`; done({ fatal: window.fatal }); }
  });
  // The subtitle tracks are the playing level's group's, known once a
  // level is chosen.
  let levels = null;
  const tell = () => done({ levels, subs: hls.subtitleTracks.map((t) => t.lang) });
  hls.on(window.Hls.Events.MANIFEST_PARSED, (e, d) => {
    levels = d.levels.map((l) => l.height);
    if (hls.subtitleTracks.length > 0) tell();
    else setTimeout(tell, 5000);
  });
  hls.on(window.Hls.Events.SUBTITLE_TRACKS_UPDATED, () => { if (levels) tell(); });
  hls.loadSource(url);
  hls.attachMedia(video);
}), `${base}/api/videos/${id}/hls/master.m3u8`);

// Play from 0 with subtitle track i shown; the media time at which a cue
// containing text is first active, or null within 15 s.
const cueAt = (i, text) => page.evaluate(([i, text]) => new Promise((done) => {
  const video = document.querySelector("video");
  window.hls.subtitleTrack = i;
  window.hls.subtitleDisplay = true;
  const look = () => {
    for (const t of video.textTracks) {
      if (t.mode === "disabled") continue;
      for (const c of t.activeCues || [])
        if (c.text.includes(text)) { done(video.currentTime); return; }
    }
  };
  const timer = setInterval(look, 50);
  setTimeout(() => { clearInterval(timer); done(null); }, 15000);
  video.muted = true;
  video.currentTime = 0;
  video.play();
}), [i, text]);

// Play until the media time passes t (past the first 6 s segment).
const playsPast = (t) => page.evaluate((t) => new Promise((done) => {
  const video = document.querySelector("video");
  video.muted = true;
  video.play();
  const timer = setInterval(() => {
    if (video.currentTime > t || window.fatal) {
      clearInterval(timer);
      done(window.fatal === null && video.currentTime > t);
    }
  }, 100);
  setTimeout(() => { clearInterval(timer); done(false); }, 30000);
}), t);

await page.setContent("<!doctype html><video width=640 height=360></video>");
await page.addScriptTag({ path: hlsjs });

const api = await (await fetch(`${base}/api/v1/videos/${captioned}/captions`)).json();
const langs = api.items.map((i) => i.lang).sort();
const got = await open(captioned);
check("hls.js parses the captioned video's master", got.levels && got.levels.length > 0,
  JSON.stringify(got));
check("... and lists the subtitle renditions the API has",
  got.subs && [...got.subs].sort().join() === langs.join() && langs.length >= 2,
  `${got.subs} / ${langs}`);
const en = got.subs ? got.subs.indexOf("en") : -1;
const second = en === -1 ? null : await cueAt(en, "second");
check("the English cue at 2.0 s shows within 0.5 s of it",
  second !== null && Math.abs(second - 2.0) <= 0.5, String(second));
await page.screenshot({ path: `${artifacts}/hlsjs-captions.png` });

for (const id of others) {
  const o = await open(id);
  check(`hls.js parses the master of ${id}`, o.levels && o.levels.length > 0,
    JSON.stringify(o));
  check(`... and plays it past its first segment`, await playsPast(6.5));
}
check("no error on the page", errors.length === 0, errors.join("; "));
await browser.close();
finish("browser-hlsjs");
