// stats.mjs: the owner plays a part of a video in headless Chromium and
// stops; once the worker has moved the counts, the stats page shows the
// view, and its retention curve starts high and ends at zero.
// Usage: node stats.mjs BASE VIDEO-ID USER PASSWORD ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, user, pass, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

// The video's stats as its owner's page fetches them.
async function stats() {
  return page.evaluate(async (u) => (await fetch(u)).json(),
    `${base}/api/v1/videos/${id}/stats`);
}

try {
  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", user);
  await page.fill("input[name=password]", pass);
  await Promise.all([page.waitForURL(`${base}/`),
    page.click("#login-form button[type=submit]")]);
  // The worker that runs beside this test transcodes the video first.
  let ready = false;
  for (let i = 0; i < 120 && !ready; i++) {
    ready = await page.evaluate(async (u) => (await (await fetch(u)).json()).status === "ready",
      `${base}/api/v1/videos/${id}`);
    if (!ready) await page.waitForTimeout(1000);
  }
  check("the video is ready", ready);
  await openPlayer(page, base, id);
  const duration = await page.evaluate(() => window.vsPlayer.player.duration());
  await page.evaluate(() => { const p = window.vsPlayer.player; p.muted(true); return p.play(); });
  await page.waitForFunction(() => window.vsPlayer.player.currentTime() > 6.5,
    null, { timeout: 30000 });
  await page.evaluate(() => window.vsPlayer.player.pause());
  const stopped = await page.evaluate(() => window.vsPlayer.player.currentTime());
  check("playback stopped before the middle", stopped < duration / 2,
    JSON.stringify({ stopped, duration }));

  // The pause's report reaches the stats at the worker's next flush,
  // which may come after the one that brought the view.
  const reached = Math.floor(stopped / duration * 100);
  let s = await stats();
  for (let i = 0; i < 60 && !(s.views >= 1 && s.retention[0] >= 1 &&
      s.retention[Math.max(0, reached - 2)] >= 1); i++) {
    await page.waitForTimeout(1000);
    s = await stats();
  }
  check("the view reached the stats", s.views === 1, JSON.stringify(s.views));

  await page.goto(`${base}/my/videos/${id}/stats`);
  await page.waitForFunction(() => window.vsStats && window.Chart &&
    window.Chart.getChart(document.querySelector("#chart-retention")));
  check("the page shows one view", (await page.textContent("#stat-views")).trim() === "1");
  const r = await page.evaluate(() => window.vsStats.retention);
  check("the retention curve has a hundred parts", r.length === 100, String(r.length));
  check("the parts played are counted", r[0] === 1 && r[Math.max(0, reached - 2)] === 1,
    JSON.stringify({ reached, r }));
  check("the parts not played are not", r[reached + 2] === 0 && r[99] === 0,
    JSON.stringify({ reached, r }));
  check("the views chart is drawn", await page.evaluate(() =>
    Boolean(window.Chart.getChart(document.querySelector("#chart-days")))));
  await page.screenshot({ path: `${artifacts}/stats.png`, fullPage: true });
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the stats test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/stats-failure.png` });
}
await browser.close();
finish("browser-stats");
