// upload.mjs: a person in headless Chromium uploads a clip from /upload:
// the progress bar reaches 100%, then the page follows the transcode until
// the video is ready and links to it. Needs a running worker.
// Usage: node upload.mjs BASE ARTIFACTS
import { execFileSync } from "child_process";
import { mkdirSync } from "fs";
import { chromium } from "playwright-core";
import { launch, check, finish, register } from "./lib.mjs";

const [base, artifacts] = process.argv.slice(2);
const user = "u" + Math.random().toString(36).slice(2, 10);
const pass = "a good long password";
const clip = `${artifacts}/upload-clip.mp4`;
// The clip is made before the browser starts, which would make the folder.
mkdirSync(artifacts, { recursive: true });
execFileSync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
  "testsrc2=size=320x240:rate=25:duration=3", "-f", "lavfi", "-i",
  "sine=duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt",
  "yuv420p", "-c:a", "aac", "-shortest", clip]);
const { browser, page, errors } = await launch(chromium, artifacts);

try {
  await register(page, base, user, pass);
  await page.click("#nav-upload");
  await page.waitForURL(`${base}/upload`);
  check("the upload page shows the quota",
    /Storage used: 0 B of [0-9.]+ [KMGT]?B;/.test(await page.textContent("#quota")));

  await page.setInputFiles("#file", clip);
  check("choosing a file fills in the title",
    (await page.inputValue("#title")) === "upload-clip");
  await page.fill("#title", "From the browser");
  await page.selectOption("#visibility", "unlisted");
  // Every status line the page shows, in order.
  await page.evaluate(() => {
    window.seen = [];
    const p = document.getElementById("upload-status");
    new MutationObserver(() => window.seen.push(p.textContent))
      .observe(p, { childList: true, characterData: true, subtree: true });
  });
  await page.click("#start");
  await page.waitForSelector("#progress-box:not([hidden])");
  check("the progress bar shows", await page.isVisible("#bar"));
  await page.waitForFunction(() => document.getElementById("bar").value === 100);
  check("the progress bar reaches 100%",
    (await page.textContent("#percent")) === "100");
  await page.screenshot({ path: `${artifacts}/upload-done.png`, fullPage: true });

  await page.waitForSelector("#watch-link", { timeout: 90000 });
  const seen = await page.evaluate(() => window.seen);
  check("the page shows the transcode progress",
    seen.some((s) => /^Transcoding: (queued|processing) · \d+%$/.test(s)),
    JSON.stringify(seen));
  await page.screenshot({ path: `${artifacts}/upload-ready.png`, fullPage: true });
  await Promise.all([page.waitForURL(/\/videos\//), page.click("#watch-link")]);
  check("the link leads to the player page",
    (await page.textContent("#video-title")) === "From the browser");
  check("no console errors", errors.length === 0, errors.join(" | "));
} catch (e) {
  check("the upload flow runs", false, String(e));
  await page.screenshot({ path: `${artifacts}/upload-failure.png`, fullPage: true });
} finally {
  await browser.close();
  finish("browser-upload");
}
