// auth.mjs: a person in headless Chromium registers, sees the account page,
// logs out, logs in with the form and logs out again.
// Usage: node auth.mjs BASE ARTIFACTS; prints "browser-auth: N passed, M failed".
import { chromium } from "playwright-core";
import { launch, check, finish, register } from "./lib.mjs";

const [base, artifacts] = process.argv.slice(2);
const user = "b" + Math.random().toString(36).slice(2, 10);
const pass = "a good long password";
const { browser, page, errors } = await launch(chromium, artifacts);

try {
  await register(page, base, user, pass);
  check("registering lands on the account page", page.url() === `${base}/account`);
  check("the account page names the user",
    (await page.textContent("#account-username")) === user);
  check("the header shows who is logged in",
    (await page.textContent("#nav-account")) === user);
  await page.screenshot({ path: `${artifacts}/account.png`, fullPage: true });

  await Promise.all([page.waitForURL(`${base}/`), page.click("#nav-logout")]);
  check("logging out goes home", page.url() === `${base}/`);
  check("the header offers to log in", await page.isVisible("#nav-login"));

  await page.goto(`${base}/account`);
  check("the account page asks to log in first",
    page.url() === `${base}/login?next=%2Faccount`);
  await page.fill("input[name=username]", user);
  await page.fill("input[name=password]", "not the password");
  await page.click("#login-form button[type=submit]");
  check("a wrong password says so",
    (await page.textContent(".alert")) === "Wrong username or password.");
  await page.fill("input[name=password]", pass);
  await Promise.all([page.waitForURL(`${base}/account`),
    page.click("#login-form button[type=submit]")]);
  check("logging in returns to the account page", page.url() === `${base}/account`);
  check("the account page lists this session",
    (await page.textContent(".sessions")).includes("this one"));
  await page.screenshot({ path: `${artifacts}/login.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${base}/`), page.click("#nav-logout")]);
  check("logged out again", await page.isVisible("#nav-login"));
  // The one error expected: the 401 of the wrong password.
  const unexpected = errors.filter((e) => !e.includes("status of 401"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));
} catch (e) {
  check("the browser flow ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/failure.png`, fullPage: true });
}
await browser.close();
finish("browser-auth");
