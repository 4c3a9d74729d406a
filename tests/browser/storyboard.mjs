// storyboard.mjs: seek previews in headless Chromium. The pointer over
// the seek bar at half way shows a box above the bar with the tile of
// that time: the sheet its cue names (which loads, a JPEG) as background,
// moved to the cue's box, and the time; dragging along the bar shows the
// tile under the pointer, and the box goes once the pointer is let go.
// A screenshot of the hover goes to ARTIFACTS/storyboard-hover.png.
// Usage: node storyboard.mjs BASE VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

// The track's cues, as the player reads them.
async function cues() {
  const r = await fetch(`${base}/api/videos/${id}/storyboard.vtt`);
  const text = await r.text();
  const secs = (s) => s.split(":").reduce((a, v) => a * 60 + +v, 0);
  return text.split("\n\n").slice(1).map((b) => {
    const l = b.trim().split("\n"), t = l[0].split(" --> ");
    const f = /^(.*)#xywh=(\d+),(\d+),(\d+),(\d+)$/.exec(l[1]);
    return { start: secs(t[0]), end: secs(t[1]), src: f[1], x: +f[2], y: +f[3],
      w: +f[4], h: +f[5] };
  });
}

// Where the seek bar is on the page.
const barBox = () => page.evaluate(() => {
  const r = document.querySelector(".vjs-progress-control .vjs-progress-holder")
    .getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height };
});

// What the preview shows now.
const shown = () => page.evaluate(() => {
  const tip = document.querySelector(".vs-preview");
  const pic = document.querySelector(".vs-preview-tile");
  const s = getComputedStyle(pic);
  return { on: tip.classList.contains("vs-on") && getComputedStyle(tip).display !== "none",
    image: s.backgroundImage, position: s.backgroundPosition,
    width: pic.offsetWidth, height: pic.offsetHeight,
    time: document.querySelector(".vs-preview-time").textContent,
    above: tip.getBoundingClientRect().bottom <=
      document.querySelector(".vjs-progress-holder").getBoundingClientRect().top };
});

// The cue of the time at share of the bar, and whether the preview shows it.
function matches(got, list, share, duration) {
  const t = share * duration;
  const cue = list.find((c) => t < c.end) || list[list.length - 1];
  const url = /^url\("(.*)"\)$/.exec(got.image);
  return { cue, url: url && url[1],
    ok: got.on && url !== null && new URL(url[1]).pathname.endsWith(
      cue.src.replace(/\?.*$/, "")) &&
      got.position === `${-cue.x}px ${-cue.y}px`.replace(/-0px/g, "0px") &&
      got.width === cue.w && got.height === cue.h };
}

try {
  const list = await cues();
  check("the track has cues", list.length > 1, `${list.length}`);
  await openPlayer(page, base, id);
  await page.waitForFunction(() => document.querySelector(".vs-preview") &&
    window.vsPlayer.player.duration() > 0, null, { timeout: 20000 });
  const duration = await page.evaluate(() => window.vsPlayer.player.duration());
  // The controls show once playback has started and while the pointer is
  // over the player.
  await page.evaluate(() => { const p = window.vsPlayer.player; p.muted(true); p.play(); });
  await page.waitForFunction(() => window.vsPlayer.player.currentTime() > 0.2, null,
    { timeout: 30000 });
  await page.evaluate(() => window.vsPlayer.player.pause());
  const player = await page.$("#player");
  await player.hover();
  let bar = await barBox();
  await page.mouse.move(bar.left + bar.width / 2, bar.top + bar.height / 2, { steps: 4 });
  await page.waitForSelector(".vs-preview.vs-on", { timeout: 5000 }).catch(() => {});
  bar = await barBox();
  let got = await shown();
  let m = matches(got, list, 0.5, duration);
  check("hovering at half way shows the preview above the bar", got.on && got.above,
    JSON.stringify(got));
  check("... with the tile of the cue for that time", m.ok,
    `${JSON.stringify(got)} want ${JSON.stringify(m.cue)}`);
  check("... and the time", /^\d+:\d\d$/.test(got.time), got.time);
  await page.screenshot({ path: `${artifacts}/storyboard-hover.png` });
  if (m.url) {
    const r = await page.request.get(m.url);
    check("the sheet behind the tile loads", r.status() === 200, `${r.status()}`);
    check("... a JPEG", r.headers()["content-type"] === "image/jpeg",
      r.headers()["content-type"]);
  }
  const drawn = await page.evaluate(async (src) => {
    const i = new Image();
    i.src = src;
    try { await i.decode(); } catch (e) { return 0; }
    return i.naturalWidth;
  }, m.url || "");
  check("... and decodes in the page", drawn > 0, `${drawn}`);
  // Dragging from a quarter to three quarters: the tile follows.
  await page.mouse.move(bar.left + bar.width / 4, bar.top + bar.height / 2);
  await page.mouse.down();
  await page.mouse.move(bar.left + bar.width * 3 / 4, bar.top + bar.height / 2, { steps: 5 });
  got = await shown();
  m = matches(got, list, 0.75, duration);
  check("while dragging, the preview shows the tile under the pointer", m.ok,
    `${JSON.stringify(got)} want ${JSON.stringify(m.cue)}`);
  await page.mouse.up();
  await page.mouse.move(bar.left + bar.width / 2, bar.top - 150);
  got = await shown();
  check("let go and away from the bar, it goes", !got.on, JSON.stringify(got));
  check("no errors in the page", errors.length === 0, errors.join("; "));
} catch (e) {
  check("the test ran", false, String(e));
} finally {
  await browser.close();
}
finish("storyboard");
