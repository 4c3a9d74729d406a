// captions.mjs: Video.js in headless Chromium finds a video's caption
// tracks (English, the default, and French) in its master playlist, lists
// each once in the captions menu, loads a shown track's cues from the
// segments of its subtitle playlist and shows each cue at its time, in the
// first segment and a later one; the menu switches
// language, the choice is remembered on the next load, and ?captions=
// preselects one (or none) on the page and in the embed. The chapters of
// the description are marked on the seek bar and listed under the player,
// whose links seek.
// Usage: node captions.mjs BASE VIDEO-ID ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish, openPlayer } from "./lib.mjs";

const [base, id, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);
const requests = [];
const missing = [];
page.on("request", (r) => requests.push(r.url()));
page.on("response", (r) => { if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`); });

// Both tracks known to the player.
const ready = () => page.waitForFunction(() => {
  const t = window.vsPlayer.player.textTracks();
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t[i].kind === "subtitles") n++;
  return n === 2;
}, null, { timeout: 20000 }).catch(() => { throw new Error("two subtitle tracks never came"); });

// The language of the track shown, "off" for none, once the player has
// applied its choice (after the metadata is in).
const showing = async () => {
  await page.waitForFunction(() => window.vsPlayer.player.readyState() >= 1,
    null, { timeout: 20000 }).catch(() => { throw new Error("no metadata"); });
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const t = window.vsPlayer.player.textTracks();
    for (let i = 0; i < t.length; i++)
      if (t[i].kind === "subtitles" && t[i].mode === "showing") return t[i].language;
    return "off";
  });
};

// Play from the start; the player time at which the track of lang first
// has an active cue with text, or null.
const cueTime = (lang, text) => page.evaluate(([lang, text]) => new Promise((done) => {
  const p = window.vsPlayer.player, t = p.textTracks();
  let track = null;
  for (let i = 0; i < t.length; i++) if (t[i].language === lang) track = t[i];
  const look = () => {
    const a = track.activeCues;
    for (let i = 0; a && i < a.length; i++)
      if (a[i].text.includes(text)) { done(p.currentTime()); return true; }
    return false;
  };
  track.addEventListener("cuechange", look);
  setTimeout(() => done(null), 15000);
  p.muted(true);
  p.currentTime(0);
  p.play();
}), [lang, text]);

// Click the captions menu's item for label (menus open on hover only).
const pick = (label) => page.evaluate((label) => {
  const items = document.querySelectorAll(".vjs-subs-caps-button .vjs-menu-item");
  for (const e of items)
    if (e.textContent.includes(label)) { e.click(); return true; }
  return false;
}, label);

try {
  await openPlayer(page, base, id);
  await page.evaluate(() => window.localStorage.clear());
  await openPlayer(page, base, id);
  await ready();
  const found = await page.evaluate(() => {
    const t = window.vsPlayer.player.textTracks(), out = [];
    for (let i = 0; i < t.length; i++)
      if (t[i].kind === "subtitles") out.push(`${t[i].language}:${t[i].label}`);
    return out.sort().join();
  });
  check("the player lists each track once", found === "en:English,fr:Français", found);
  const menu = await page.$$eval(".vjs-subs-caps-button .vjs-menu-item",
    (els) => els.map((e) => e.textContent));
  check("the captions menu offers both languages",
    menu.filter((m) => m.includes("English")).length === 1 &&
    menu.filter((m) => m.includes("Français")).length === 1, menu.join("|"));
  check("the default track (English) is shown first", await showing() === "en");

  const marks = await page.waitForFunction(() => {
    const m = document.querySelectorAll(".vjs-progress-control .vs-chapter-mark");
    const d = window.vsPlayer.player.duration();
    return m.length > 0 && d > 0 && Array.from(m, (e) => [e.style.left, e.title, d]);
  }, null, { timeout: 20000 }).then((h) => h.jsonValue(), () => page.evaluate(() => {
    const t = window.vsPlayer.player.textTracks(), out = [];
    for (let i = 0; i < t.length; i++)
      out.push(`${t[i].kind}:${t[i].mode}:${t[i].cues ? t[i].cues.length : "-"}`);
    return out.join();
  }));
  check("the seek bar marks the second chapter where it starts", Array.isArray(marks) &&
    marks.length === 1 && Math.abs(parseFloat(marks[0][0]) - 200 / marks[0][2]) < 0.1,
    JSON.stringify(marks));
  check("... titled as written", marks[0][1] === "Second half");
  const early = await page.evaluate(() => {
    const t = window.vsPlayer.player.textTracks();
    for (let i = 0; i < t.length; i++)
      if (t[i].kind === "chapters") return t[i].cues[0].text;
    return null;
  });
  check("the chapters track has the first title, escaped",
    early === "Start &amp; &lt;go&gt;", early);
  const links = await page.$$eval("#chapters a", (els) => els.map((e) => e.textContent));
  check("the list under the player has both", links.join() === "0:00,0:02", links.join());
  await page.click("#chapters li:nth-child(2) a");
  await page.waitForTimeout(300);
  const at = await page.evaluate(() => window.vsPlayer.player.currentTime());
  check("... and its link seeks there, staying on the page",
    at >= 2 && at < 3.5 && page.url().endsWith(`/videos/${id}`), `${at} ${page.url()}`);
  await page.evaluate(() => window.vsPlayer.player.pause());

  const second = await cueTime("en", "second");
  check("the English cue at 2.0 s is active within 0.5 s of it",
    second !== null && Math.abs(second - 2.0) <= 0.5, String(second));
  check("... loaded from the subtitle playlist's first segment",
    requests.some((u) => u.includes("/hls/subs/en/0.vtt")));
  const later = await cueTime("en", "later");
  check("the English cue at 8.0 s, in the second segment, is active within 0.5 s of it",
    later !== null && Math.abs(later - 8.0) <= 0.5, String(later));
  check("... loaded from that segment",
    requests.some((u) => u.includes("/hls/subs/en/1.vtt")));
  await page.screenshot({ path: `${artifacts}/captions.png` });

  check("the menu has a French item", await pick("Français"));
  check("... which shows the French track", await showing() === "fr");
  check("... remembered in this browser", await page.evaluate(
    () => window.localStorage.getItem("vstream.captions")) === "fr");
  const hello = await cueTime("fr", "Hello");
  check("the French cue at 1.0 s is active within 0.5 s of it",
    hello !== null && Math.abs(hello - 1.0) <= 0.5, String(hello));

  await openPlayer(page, base, id);
  await ready();
  check("the next load shows French again", await showing() === "fr");

  await page.goto(`${base}/videos/${id}?captions=en`);
  await ready();
  check("?captions=en preselects English over the remembered French",
    await showing() === "en");
  await page.goto(`${base}/videos/${id}?captions=off`);
  await ready();
  check("?captions=off shows none", await showing() === "off");
  await page.goto(`${base}/embed/${id}?captions=fr`);
  await page.evaluate(() => window.localStorage.setItem("vstream.captions", "en"));
  await page.goto(`${base}/embed/${id}?captions=fr`);
  await ready();
  check("the embed's ?captions=fr preselects French", await showing() === "fr");
  check("the address's choice is not stored", await page.evaluate(
    () => window.localStorage.getItem("vstream.captions")) === "en");
  check("the menu choice off is remembered too", await pick("captions off") &&
    await page.evaluate(() => window.localStorage.getItem("vstream.captions")) === "off");
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0,
    unexpected.concat(missing).join("; "));
} catch (e) {
  check("the captions test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/captions-failure.png` });
}
await browser.close();
finish("browser-captions");
