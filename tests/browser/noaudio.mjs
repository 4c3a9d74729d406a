// noaudio.mjs: a video made from a source without audio (video-only rungs)
// plays in headless Chromium with Video.js: time advances to near its end.
// Usage: node noaudio.mjs BASE VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

try {
  check("a video id was given", Boolean(id));
  await openPlayer(page, base, id);
  const tracks = await page.evaluate(() =>
    window.vsPlayer.player.qualityLevels().length);
  check("the player lists the rungs", tracks > 0, String(tracks));
  await page.evaluate(() => window.vsPlayer.player.play());
  const played = await page.waitForFunction(() =>
    window.vsPlayer.player.currentTime() > 2, null, { timeout: 30000 })
    .then(() => true, () => false);
  check("playback passes 2 s without audio", played, await page.evaluate(() =>
    String(window.vsPlayer.player.currentTime())));
  check("the player shows no error", await page.evaluate(() =>
    window.vsPlayer.player.error() === null));
  await page.screenshot({ path: `${artifacts}/noaudio.png` });
  check("no errors on the console", errors.length === 0, errors.join(" | "));
} catch (e) {
  check("the no-audio test ran", false, String(e));
} finally {
  await browser.close();
  finish("noaudio");
}
