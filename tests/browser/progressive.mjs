// progressive.mjs: a video is watched while the worker still transcodes it.
// A person uploads a minute of 480p from /upload; /my says it can be
// watched once its first segments are out and links to it; the player
// page says it is still transcoding, plays from 0 s past two segments
// the worker published after playback began, switches rung meanwhile,
// and, without a reload, drops the notice and ends as any video once the
// video is ready. Needs a running worker.
// Usage: node progressive.mjs BASE ARTIFACTS
import { execFileSync } from "child_process";
import { mkdirSync } from "fs";
import { chromium } from "playwright-core";
import { launch, check, finish, register } from "./lib.mjs";

const [base, artifacts] = process.argv.slice(2);
const user = "p" + Math.random().toString(36).slice(2, 10);
const pass = "a good long password";
const clip = `${artifacts}/progressive-clip.mp4`;
const SEGMENT = 6;	// seconds, as the worker cuts them
const LENGTH = 60;	// seconds of source
mkdirSync(artifacts, { recursive: true });
execFileSync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
  `testsrc2=size=854x480:rate=30:duration=${LENGTH}`, "-f", "lavfi", "-i",
  `sine=duration=${LENGTH}`, "-c:v", "libx264", "-preset", "ultrafast",
  "-b:v", "600k", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip]);
const { browser, page, errors } = await launch(chromium, artifacts);

// The video's row as the API has it now.
async function row(id) {
  const r = await fetch(`${base}/api/v1/videos/${id}`);
  return r.json();
}

// How many segments rung 360p of video id has published.
async function published(id) {
  const r = await fetch(`${base}/api/videos/${id}/hls/360p/playlist.m3u8`);
  return (await r.text()).split("\n").filter((l) => /^\d+\.m4s$/.test(l)).length;
}

try {
  await register(page, base, user, pass);
  await page.goto(`${base}/upload`);
  await page.setInputFiles("#file", clip);
  await page.fill("#title", "Watched while it transcodes");
  await page.selectOption("#visibility", "public");
  await page.click("#start");
  await page.waitForFunction(() => document.getElementById("bar").value === 100,
    null, { timeout: 60000 });
  // The video exists once the page follows its transcode.
  await page.waitForFunction(() => /^Transcoding: /.test(
    document.getElementById("upload-status").textContent), null,
    { timeout: 60000 });

  await page.goto(`${base}/my`);
  const link = "#my-videos a.watch";
  await page.waitForSelector(link, { timeout: 120000 });
  const status = await page.textContent("#my-videos .status");
  check("/my says it can be watched while it transcodes",
    /^still transcoding: \d+ %, you can watch what is ready/.test(status), status);
  await Promise.all([page.waitForURL(/\/videos\//), page.click(link)]);
  const id = page.url().split("/").pop();
  await page.waitForFunction(() => window.vsPlayer &&
    window.vsPlayer.player.qualityLevels().length > 1, null, { timeout: 30000 });
  const notice = await page.textContent("#transcoding");
  check("the player page says it is still transcoding",
    /^Still transcoding: \d+ %, you can watch what is ready\.$/.test(notice), notice);

  // What playback looked like: where it began, the time it spent waiting.
  await page.evaluate(() => {
    const p = window.vsPlayer.player;
    window.vsSame = true;
    window.vsWaited = 0;
    let since = null;
    p.on("waiting", () => { if (since === null) since = Date.now(); });
    p.on("playing", () => {
      if (window.vsFirst === undefined) window.vsFirst = p.currentTime();
      if (since !== null) window.vsWaited += Date.now() - since;
      since = null;
    });
    p.muted(true);
    return p.play();
  });
  const before = await published(id);
  const v0 = await row(id);
  check("playback begins while the worker is still at work",
    v0.status === "processing" && v0.playable === true, JSON.stringify(v0));
  await page.waitForFunction(() => window.vsFirst !== undefined, null,
    { timeout: 60000 });
  const first = await page.evaluate(() => window.vsFirst);
  check("playback starts at the beginning", first < 1, String(first));

  // Another rung than the one playing, while the video still grows.
  await page.waitForFunction(() => window.vsPlayer.player.currentTime() > 2,
    null, { timeout: 60000 });
  const other = await page.evaluate(() => {
    const l = window.vsPlayer.player.qualityLevels();
    const now = l[l.selectedIndex];
    for (let i = 0; i < l.length; i++)
      if (l[i] !== now) return Math.min(l[i].width, l[i].height);
    return 0;
  });
  // The controls fade while it plays, and the menu with them: as a person
  // would, wake them and open it again until the rung is there to pick.
  const item = `.vs-quality-button .vs-quality-${other}`;
  for (let i = 0; i < 5 && !(await page.isVisible(item)); i++) {
    await page.evaluate(() => window.vsPlayer.player.userActive(true));
    await page.click(".vs-quality-button .vjs-menu-button", { timeout: 5000 })
      .catch(() => {});
    await page.waitForSelector(item, { state: "visible", timeout: 3000 })
      .catch(() => {});
  }
  await page.evaluate(() => window.vsPlayer.player.userActive(true));
  await page.click(item);
  const switched = await page.waitForFunction((h) => {
    const l = window.vsPlayer.player.qualityLevels();
    return l.selectedIndex >= 0 &&
      Math.min(l[l.selectedIndex].width, l[l.selectedIndex].height) === h;
  }, other, { timeout: 30000 }).then(() => true, () => false);
  const v1 = await row(id);
  check(`switching to ${other}p while it transcodes`,
    switched && v1.status !== "ready", JSON.stringify(v1));

  // Past the end of two segments that were not out when playback began.
  const past = (before + 2) * SEGMENT;
  await page.waitForFunction((t) => window.vsPlayer.player.currentTime() > t,
    past, { timeout: (past + 120) * 1000 });
  check(`playback passes ${past} s, two segments published after it began`,
    (await published(id)) >= before + 2);
  await page.screenshot({ path: `${artifacts}/progressive-playing.png` });

  await page.waitForSelector("#transcoding", { state: "detached",
    timeout: 300000 });
  check("the notice goes once the video is ready", (await row(id)).status === "ready");
  const ended = await page.waitForFunction(() =>
    isFinite(window.vsPlayer.player.duration()), null, { timeout: 30000 })
    .then(() => true, () => false);
  const duration = await page.evaluate(() => window.vsPlayer.player.duration());
  check("the player knows the whole length once the list ends",
    ended && Math.abs(duration - LENGTH) < 1, String(duration));
  const done = await page.waitForFunction(() => window.vsPlayer.player.ended(),
    null, { timeout: (LENGTH + 60) * 1000 }).then(() => true, () => false);
  check("it plays to the end as any video, without a reload",
    done && await page.evaluate(() => window.vsSame));
  const waited = await page.evaluate(() => window.vsWaited);
  console.error(`progressive: began at ${first} s with ${before} segments out, ` +
    `waited ${waited} ms`);
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the progressive test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/progressive-failure.png` });
} finally {
  await browser.close();
  finish("browser-progressive");
}
