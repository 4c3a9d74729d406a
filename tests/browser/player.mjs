// player.mjs: a ready video plays in headless Chromium: time advances, the
// quality menu lists every rung and Auto, 360p switches the stream to the
// 360p playlist, Auto gives the player every rung back.
// Usage: node player.mjs BASE VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);
const requests = [];
page.on("request", (r) => requests.push(r.url()));

try {
  await openPlayer(page, base, id);
  await page.evaluate(() => { const p = window.vsPlayer.player; p.muted(true); return p.play(); });
  await page.waitForFunction(() => window.vsPlayer.player.currentTime() > 3,
    null, { timeout: 60000 });
  check("playback passes 3 s", true);
  await page.screenshot({ path: `${artifacts}/player.png` });

  await page.click(".vs-quality-button .vjs-menu-button");
  const labels = await page.$$eval(".vs-quality-button .vjs-menu-item",
    (els) => els.map((e) => e.textContent.trim().split("\n")[0].trim()));
  const rungs = await page.evaluate(() => {
    const l = window.vsPlayer.player.qualityLevels();
    const s = new Set();
    for (let i = 0; i < l.length; i++) s.add(Math.min(l[i].width, l[i].height) + "p");
    return [...s];
  });
  check("the menu lists Auto and every rung",
    labels[0].startsWith("Auto") && rungs.every((r) => labels.some((x) => x.startsWith(r))),
    JSON.stringify({ labels, rungs }));
  await page.screenshot({ path: `${artifacts}/quality-menu.png` });

  // First a rung that is neither playing nor 360p, then 360p: each
  // choice is a change, and must fetch that rung's segments.
  const last = requests.filter((u) => u.includes(".m4s")).pop() || "";
  const playing = parseInt((last.match(/\/hls\/(\d+)p\//) || [])[1], 10);
  const top = rungs.map((r) => parseInt(r, 10))
    .filter((r) => r !== playing && r !== 360).sort((a, b) => b - a)[0];
  // The switch shows as the player's active rendition (selectedIndex)
  // turning to the chosen rung, whether its segments come from the network
  // or, already fetched once, from the browser's cache.
  const pick = async (n) => {
    if (!(await page.isVisible(`.vs-quality-button .vs-quality-${n}`)))
      await page.click(".vs-quality-button .vjs-menu-button");
    await page.click(`.vs-quality-button .vs-quality-${n}`);
    await page.evaluate(() => { const p = window.vsPlayer.player;
      p.currentTime(0); return p.play(); });
    return page.waitForFunction((h) => {
      const l = window.vsPlayer.player.qualityLevels();
      return l.selectedIndex >= 0 &&
        Math.min(l[l.selectedIndex].width, l[l.selectedIndex].height) === h;
    }, n, { timeout: 20000 }).then(() => true, () => false);
  };
  check(`choosing ${top}p plays ${top}p`, await pick(top));
  check("choosing 360p plays from the 360p playlist", await pick(360));
  check("only 360p is enabled", await page.evaluate(() => {
    const l = window.vsPlayer.player.qualityLevels();
    for (let i = 0; i < l.length; i++)
      if (l[i].enabled !== (Math.min(l[i].width, l[i].height) === 360)) return false;
    return true;
  }));
  await page.click(".vs-quality-button .vjs-menu-button");
  await page.click(".vs-quality-button .vs-quality-auto");
  check("Auto enables every rung again", await page.evaluate(() => {
    const l = window.vsPlayer.player.qualityLevels();
    for (let i = 0; i < l.length; i++) if (!l[i].enabled) return false;
    return l.length > 1;
  }));
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the player test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/player-failure.png` });
}
await browser.close();
finish("browser-player");
