// captions.mjs: Video.js in headless Chromium finds a video's caption
// track in its master playlist, lists it in the captions menu, and once
// it is shown loads its cues from the subtitle playlist.
// Usage: node captions.mjs BASE VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);
const requests = [];
page.on("request", (r) => requests.push(r.url()));

try {
  await openPlayer(page, base, id);
  const subs = () => page.evaluate(() => {
    const t = window.vsPlayer.player.textTracks();
    const out = [];
    for (let i = 0; i < t.length; i++)
      if (t[i].kind === "subtitles") out.push({ lang: t[i].language, label: t[i].label });
    return out;
  });
  await page.waitForFunction(() => {
    const t = window.vsPlayer.player.textTracks();
    for (let i = 0; i < t.length; i++) if (t[i].kind === "subtitles") return true;
    return false;
  }, null, { timeout: 20000 });
  const found = await subs();
  check("the player lists the English track once",
    found.length === 1 && found[0].lang === "en" && found[0].label === "English",
    JSON.stringify(found));
  check("the captions menu offers it", await page.$$eval(
    ".vjs-subs-caps-button .vjs-menu-item",
    (els) => els.some((e) => e.textContent.includes("English"))));
  await page.evaluate(() => {
    const p = window.vsPlayer.player, t = p.textTracks();
    for (let i = 0; i < t.length; i++) if (t[i].kind === "subtitles") t[i].mode = "showing";
    p.muted(true);
    return p.play();
  });
  const cues = await page.waitForFunction(() => {
    const t = window.vsPlayer.player.textTracks();
    for (let i = 0; i < t.length; i++)
      if (t[i].kind === "subtitles" && t[i].cues && t[i].cues.length === 2)
        return t[i].cues[0].startTime;
    return false;
  }, null, { timeout: 20000 }).then((h) => h.jsonValue(), () => null);
  check("its two cues load, the first at 0.5 s", cues !== null &&
    Math.abs(cues - 0.5) < 0.05, String(cues));
  check("... from the subtitle playlist",
    requests.some((u) => u.includes(`/hls/subs/en/captions.vtt`)));
  await page.screenshot({ path: `${artifacts}/captions.png` });
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the captions test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/captions-failure.png` });
}
await browser.close();
finish("browser-captions");
