// embed.mjs: a page of another origin (a server of its own on another
// port) frames /embed/ID?t=5&autoplay=1: the video plays by itself, muted,
// from 5 s; the same page framing the player page /videos/ID gets nothing
// (frame-ancestors 'none'). Then the player page's share box gives the
// link at the current time.
// Usage: node embed.mjs BASE VIDEO-ID ARTIFACTS
import { createServer } from "http";
import { chromium } from "playwright-core";
import { launch, check, finish } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const outside = `<!doctype html>
<meta charset="utf-8"><title>Another site</title>
<h1>Another site</h1>
<iframe id="embed" src="${base}/embed/${id}?t=5&autoplay=1" width="640"
  height="360" allow="autoplay; fullscreen" allowfullscreen></iframe>
<iframe id="page" src="${base}/videos/${id}" width="640" height="360"></iframe>
`;
const server = createServer((req, res) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(outside);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const other = `http://127.0.0.1:${server.address().port}`;
const { browser, page, errors } = await launch(chromium, artifacts);

try {
  check("the other site is another origin", new URL(other).origin !== new URL(base).origin);
  await page.goto(`${other}/`);
  const frame = await (await page.$("#embed")).contentFrame();
  await frame.waitForFunction(() => window.vsPlayer &&
    !window.vsPlayer.player.paused() && window.vsPlayer.player.currentTime() > 0,
    null, { timeout: 30000 });
  const first = await frame.evaluate(() => window.vsPlayer.player.currentTime());
  check("the embedded video starts at 5 s", first >= 5 && first < 6, `at ${first}`);
  check("... muted, as autoplay must be",
    await frame.evaluate(() => window.vsPlayer.player.muted()));
  await frame.waitForFunction((t) => window.vsPlayer.player.currentTime() > t + 1,
    first, { timeout: 20000 });
  check("... and plays on", true);
  await page.screenshot({ path: `${artifacts}/embed.png` });

  const refused = await (await page.$("#page")).contentFrame();
  const shown = refused ? await refused.$("#video-title").catch(() => null) : null;
  check("the player page is refused in another site's frame", shown === null,
    refused ? refused.url() : "no frame");
  const csp = errors.filter((e) => e.includes("frame-ancestors"));
  check("... by its frame-ancestors policy", csp.length > 0, errors.join("; "));

  await page.goto(`${base}/videos/${id}`);
  await page.waitForFunction(() => window.vsPlayer, null, { timeout: 20000 });
  await page.evaluate(() => { const p = window.vsPlayer.player; p.muted(true); return p.play(); });
  await page.waitForFunction(() => window.vsPlayer.player.currentTime() > 2,
    null, { timeout: 30000 });
  await page.evaluate(() => window.vsPlayer.player.pause());
  const at = await page.evaluate(() => Math.floor(window.vsPlayer.player.currentTime()));
  await page.check("#share-at");
  const link = await page.inputValue("#share-link");
  check("the share link starts at the current time",
    link === `${base}/videos/${id}?t=${at}s`, link);
  check("... and says so", (await page.textContent("#share-time")) === `0:0${at}`);
  const code = await page.inputValue("#share-embed");
  check("the embed code frames the embed page from there",
    code.startsWith(`<iframe src="${base}/embed/${id}?t=${at}s" width="`) &&
    code.includes("allowfullscreen"), code);
  await page.click("button[data-copy=share-link]");
  await page.waitForFunction(() => document.getElementById("share-done").textContent !== "");
  check("the copy button answers", true);
  await page.screenshot({ path: `${artifacts}/share.png` });
  const unexpected = errors.filter((e) => !e.includes("favicon") &&
    !e.includes("frame-ancestors"));
  check("no other console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the embed test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/embed-failure.png` });
}
await browser.close();
server.close();
finish("browser-embed");
