// admin.mjs: an administrator in headless Chromium looks at the overview,
// reports, users and health pages: real data, charts drawn, no console
// errors; a report is resolved with the page's form, without JavaScript.
// Usage: node admin.mjs BASE USER PASSWORD ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish } from "./lib.mjs";

const [base, user, pass, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

try {
  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", user);
  await page.fill("input[name=password]", pass);
  await Promise.all([page.waitForURL(`${base}/`),
    page.click("#login-form button[type=submit]")]);
  // Report a video, so that the queue has something to show.
  const reported = await page.evaluate(async () => {
    const list = await (await fetch("/api/v1/videos")).json();
    const csrf = document.querySelector("input[name=csrf_token]").value;
    if (!list.items.length) return 0;
    const r = await fetch(`/api/v1/videos/${list.items[0].id}/reports`, {
      method: "POST", body: JSON.stringify({ reason: "spam" }),
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf } });
    return r.status;
  });
  check("a video is reported", reported === 201 || reported === 409, String(reported));
  await Promise.all([page.waitForURL(`${base}/admin`), page.click("#nav-admin")]);
  await page.waitForFunction(() => window.Chart && document.querySelector("#chart-uploads") &&
    window.Chart.getChart(document.querySelector("#chart-uploads")));
  const users = Number(await page.textContent("[data-k=users]"));
  check("the overview counts the users", users > 0, String(users));
  check("the overview lists fourteen days",
    (await page.$$("#per-day tbody tr")).length === 14);
  await page.screenshot({ path: `${artifacts}/admin-overview.png`, fullPage: true });

  await page.click("#admin-reports");
  await page.waitForURL(`${base}/admin/reports`);
  const rows = await page.$$("#reports tbody tr[data-video]");
  check("the report queue shows a reported video", rows.length > 0);
  await page.screenshot({ path: `${artifacts}/admin-reports.png`, fullPage: true });
  if (rows.length > 0) {
    const video = await rows[0].getAttribute("data-video");
    await rows[0].$eval("select[name=resolution]", (s) => { s.value = "dismissed"; });
    await Promise.all([page.waitForNavigation(),
      rows[0].$eval("form", (f) => f.submit())]);
    check("resolving takes the video off the queue",
      (await page.$(`#reports tr[data-video="${video}"]`)) === null);
  }

  await page.click("#admin-users");
  await page.waitForURL(`${base}/admin/users`);
  check("the users page lists accounts",
    (await page.$$("#users tbody tr[data-user]")).length > 0);
  await page.screenshot({ path: `${artifacts}/admin-users.png`, fullPage: true });

  await page.click("#admin-health");
  await page.waitForURL(`${base}/admin/health`);
  check("the health page says all is well",
    (await page.textContent("#health-status")) === "ok");
  check("... with the machine's numbers",
    /CPU [0-9.]+% of [0-9]+ cores/.test(await page.textContent("#health")));
  await page.screenshot({ path: `${artifacts}/admin-health.png`, fullPage: true });
  check("no console errors", errors.length === 0, errors.join(" | "));
} catch (e) {
  check("the admin pages run", false, String(e));
  await page.screenshot({ path: `${artifacts}/admin-failure.png`, fullPage: true });
} finally {
  await browser.close();
  finish("browser-admin");
}
