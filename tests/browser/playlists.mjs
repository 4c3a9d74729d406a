// playlists.mjs: a playlist in headless Chromium: made on /my/playlists,
// two videos saved to it from their player pages (through the script),
// reordered with the page's buttons (through the script, kept after a
// reload), then played through: when the first video ends (sought to
// near its end) the second starts, in the reordered order.
// Usage: node playlists.mjs BASE VIDEO-ID VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, register } from "./lib.mjs";

const [base, first, second, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);
const user = "bpl" + Math.random().toString(36).slice(2, 10);

// The video ids of the playlist page's items, in the page's order.
const order = () => page.$$eval("#playlist-items li[data-video]",
  (els) => els.map((e) => e.getAttribute("data-video")));

// Wait until the player of the page plays past t seconds.
const playing = (t) => page.waitForFunction((s) => window.vsPlayer &&
  !window.vsPlayer.player.paused() && window.vsPlayer.player.currentTime() > s,
  t, { timeout: 30000 }).then(() => true, () => false);

try {
  await register(page, base, user, "a good long password");
  await page.goto(`${base}/my/playlists`);
  await page.fill("#playlist-create input[name=title]", "Browser list");
  await Promise.all([page.waitForURL(/\/playlists\/[0-9a-f-]{36}$/),
    page.click("#playlist-create button[type=submit]")]);
  const list = page.url().split("/").pop();
  check("the create form lands on the new playlist", list.length === 36);

  for (const id of [first, second]) {
    await page.goto(`${base}/videos/${id}`);
    await page.click("#playlist-save-form button[type=submit]");
    await page.waitForFunction(() => /Saved to/.test(
      document.getElementById("playlist-save-done").textContent));
    check(`the player page saves ${id} without leaving`,
      page.url() === `${base}/videos/${id}`);
  }
  await page.goto(`${base}/playlists/${list}`);
  check("the playlist holds both, in the order saved",
    JSON.stringify(await order()) === JSON.stringify([first, second]));
  await page.click(`#playlist-items li[data-video="${first}"] .playlist-down`);
  await page.waitForFunction((id) => document.querySelector(
    "#playlist-items li[data-video]").getAttribute("data-video") === id, second);
  check("the down button moves the first after the second, in place",
    page.url() === `${base}/playlists/${list}`);
  await page.reload();
  check("... and the server kept the new order",
    JSON.stringify(await order()) === JSON.stringify([second, first]));
  await page.screenshot({ path: `${artifacts}/playlist.png` });

  await Promise.all([page.waitForURL(new RegExp(`/videos/${second}\\?`)),
    page.click("#playlist-play")]);
  check("Play all starts with the video moved first", await playing(0.2));
  await page.screenshot({ path: `${artifacts}/playlist-first.png` });
  await page.evaluate(() => { const p = window.vsPlayer.player;
    p.currentTime(Math.max(0, p.duration() - 0.5)); });
  await page.waitForURL(new RegExp(`/videos/${first}\\?list=${list}&i=2`),
    { timeout: 30000 });
  check("when it ends, the next in the list opens", true);
  check("... and starts playing", await playing(0.2));
  check("... its bar says 2 / 2",
    (await page.textContent("#playlist-bar-at")).trim() === "2 / 2");
  await page.screenshot({ path: `${artifacts}/playlist-second.png` });
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the playlist test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/playlists-failure.png` });
}
await browser.close();
finish("browser-playlists");
