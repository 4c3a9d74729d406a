// progressive.mjs: one viewer in headless Chromium for `make
// bench-progressive`. Waits until video ID can be played, opens its page,
// plays it muted and watches to the end; prints one JSON line: when the
// first frame was shown and when the video turned ready (ms since the
// epoch; 0 when not by the limit), how long playback waited for data
// after the first frame, and whether the limit cut the viewer off.
// Usage: node bench/progressive.mjs BASE ID LIMIT-SECONDS
import { chromium } from "playwright-core";

const [base, id, limit] = process.argv.slice(2);
const deadline = Date.now() + Number(limit) * 1000;
const api = `${base}/api/v1/videos/${id}`;
let ready = null;

async function status() {
  const v = await (await fetch(api)).json();
  if (v.status === "ready" && ready === null) ready = Date.now();
  return v;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (;;) {
  const v = await status();
  if (v.playable || v.status === "ready") break;
  if (v.status === "failed" || Date.now() > deadline)
    throw new Error(`the video never became playable: ${JSON.stringify(v)}`);
  await sleep(200);
}
const args = ["--headless", "--disable-gpu", "--no-first-run",
  "--autoplay-policy=no-user-gesture-required"];
if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
const page = await browser.newPage();
const poll = setInterval(() => { if (ready === null) status().catch(() => {}); }, 1000);
try {
  await page.goto(`${base}/videos/${id}`);
  await page.waitForFunction(() => window.vsPlayer, null, { timeout: 60000 });
  // The first frame shown, then every wait for data until the end.
  await page.evaluate(() => {
    const p = window.vsPlayer.player;
    const el = p.tech(true).el();
    window.bench = { first: null, waited: 0, ended: false };
    let since = null;
    const shown = () => { if (window.bench.first === null) window.bench.first = Date.now(); };
    if (el.requestVideoFrameCallback) el.requestVideoFrameCallback(shown);
    else p.one("playing", shown);
    p.on("waiting", () => {
      if (window.bench.first !== null && since === null) since = Date.now();
    });
    const resume = () => {
      if (since !== null) window.bench.waited += Date.now() - since;
      since = null;
    };
    p.on("playing", resume);
    p.on("ended", () => { resume(); window.bench.ended = true; });
    p.muted(true);
    p.play();
  });
  // Cut off at the deadline, the figures so far are still printed.
  const cut = await page.waitForFunction(() => window.bench.ended, null,
    { timeout: Math.max(1000, deadline - Date.now()), polling: 1000 })
    .then(() => false, () => true);
  while (ready === null && Date.now() < deadline) { await status(); await sleep(1000); }
  const b = await page.evaluate(() => window.bench);
  console.log(JSON.stringify({ first: b.first, ready: ready || 0,
    waited: b.waited, cut }));
} finally {
  clearInterval(poll);
  await browser.close();
}
