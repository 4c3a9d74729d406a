// lib.mjs: what the browser tests share: Debian's Chromium, headless, with
// no network of its own, and a tally printed as "NAME: N passed, M failed".
import { mkdirSync } from "fs";

let passed = 0, failed = 0;

export async function launch(chromium, artifacts) {
  mkdirSync(artifacts, { recursive: true });
  const args = ["--headless", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"];
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
  const page = await browser.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.setDefaultTimeout(15000);
  return { browser, page, errors };
}

// openPlayer PAGE BASE ID: the player page of a video, once Video.js has
// read its master playlist (its quality levels are known).
export async function openPlayer(page, base, id) {
  await page.goto(`${base}/videos/${id}`);
  await page.waitForFunction(() => window.vsPlayer &&
    window.vsPlayer.player.qualityLevels().length > 0, null, { timeout: 20000 });
}

export function check(what, ok, detail) {
  if (ok) passed++;
  else { failed++; console.error(`FAIL: ${what}${detail ? ": " + detail : ""}`); }
}

export function finish(name) {
  console.log(`${name}: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// Register user through the form; the page lands on /account.
export async function register(page, base, user, pass) {
  await page.goto(`${base}/register`);
  await page.fill("input[name=username]", user);
  await page.fill("input[name=email]", `${user}@example.org`);
  await page.fill("input[name=password]", pass);
  await Promise.all([page.waitForURL(`${base}/account`),
    page.click("#register-form button[type=submit]")]);
}
