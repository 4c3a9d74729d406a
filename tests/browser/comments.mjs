// comments.mjs: comments in headless Chromium. With JavaScript a user
// posts, replies, replies to the reply (it lands under the same comment),
// edits and deletes without the page reloading; the text stays text. With
// JavaScript off the same form posts and comes back to the comment.
// Usage: node comments.mjs BASE VIDEO-ID USER PASSWORD ARTIFACTS
import { chromium } from "playwright-core";
import { launch, check, finish } from "./lib.mjs";

const [base, video, user, pass, artifacts] = process.argv.slice(2);
const { browser, page, errors } = await launch(chromium, artifacts);

async function login(p) {
  await p.goto(`${base}/login`);
  await p.fill("input[name=username]", user);
  await p.fill("input[name=password]", pass);
  await Promise.all([p.waitForURL(`${base}/`), p.click("#login-form button[type=submit]")]);
}

// The number of replies under the comment with text t.
function replies(t) {
  return page.evaluate((t) => {
    const li = [...document.querySelectorAll("#comment-list > li.comment")]
      .find((e) => e.querySelector(".comment-body").textContent === t);
    return li ? li.querySelectorAll(":scope > ol.comment-replies > li").length : -1;
  }, t);
}

try {
  await login(page);
  await page.goto(`${base}/videos/${video}`);
  await page.waitForSelector("#comment-form");
  // A mark on the window: gone if the page reloads.
  await page.evaluate(() => { window.stillHere = true; });
  const before = Number(await page.textContent("#comment-count"));
  const text = "from the browser <b>bold?</b>\nsecond line";
  await page.fill("#comment-form textarea", text);
  await page.click("#comment-form button[type=submit]");
  const first = await page.waitForFunction(() => [...document.querySelectorAll(
    "#comment-list > li.comment > .comment-body")].find((e) => e.textContent.includes("bold?")));
  check("a comment is posted without a reload",
    await page.evaluate(() => window.stillHere === true));
  check("... shown as text, the markup escaped", await first.evaluate((e) =>
    e.textContent === "from the browser <b>bold?</b>\nsecond line" && !e.querySelector("b")));
  check("... on two lines", await first.evaluate((e) =>
    getComputedStyle(e).whiteSpace === "pre-line" && e.getBoundingClientRect().height >
    parseFloat(getComputedStyle(e).lineHeight) * 1.5));
  check("... counted", Number(await page.textContent("#comment-count")) === before + 1);
  check("... the form is empty again", (await page.inputValue("#comment-form textarea")) === "");

  const top = page.locator("#comment-list > li.comment").filter({ hasText: "bold?" }).first();
  await top.locator(":scope > .comment-actions .comment-reply summary").click();
  await top.locator(":scope > .comment-actions .comment-reply textarea").fill("a reply");
  await top.locator(":scope > .comment-actions .comment-reply button").click();
  await page.waitForFunction(() => [...document.querySelectorAll(".comment-replies .comment-body")]
    .some((e) => e.textContent === "a reply"));
  check("a reply is posted without a reload", await page.evaluate(() => window.stillHere === true));
  check("... under its comment", (await replies(text)) === 1);

  const reply = top.locator("ol.comment-replies > li.comment").first();
  await reply.locator(".comment-reply summary").click();
  await reply.locator(".comment-reply textarea").fill("a reply to the reply");
  await reply.locator(".comment-reply button").click();
  await page.waitForFunction(() => [...document.querySelectorAll(".comment-replies .comment-body")]
    .some((e) => e.textContent === "a reply to the reply"));
  check("a reply to the reply goes under the same comment", (await replies(text)) === 2);

  await reply.locator(".comment-edit summary").click();
  await reply.locator(".comment-edit textarea").fill("a reply, edited");
  await reply.locator(".comment-edit button").click();
  await page.waitForFunction(() => [...document.querySelectorAll(".comment-replies .comment-body")]
    .some((e) => e.textContent === "a reply, edited"));
  check("an edit shows without a reload, marked edited", await page.evaluate(() =>
    window.stillHere === true && [...document.querySelectorAll(".comment-replies li")]
      .some((e) => e.textContent.includes("a reply, edited") && e.querySelector(".comment-edited"))));

  const last = top.locator("ol.comment-replies > li.comment").nth(1);
  await last.locator(".comment-delete button").click();
  await page.waitForFunction((t) => {
    const li = [...document.querySelectorAll("#comment-list > li.comment")]
      .find((e) => e.querySelector(".comment-body").textContent === t);
    return li && li.querySelectorAll(":scope > ol.comment-replies > li").length === 1;
  }, text);
  check("a delete takes the reply away without a reload",
    await page.evaluate(() => window.stillHere === true));
  await page.screenshot({ path: `${artifacts}/comments.png`, fullPage: true });
  await page.reload();
  check("... and all of it is what the server has", (await replies(text)) === 1 &&
    (await page.textContent("#comment-list")).includes("a reply, edited"));
  const unexpected = errors.filter((e) => !e.includes("favicon"));
  check("no console errors", unexpected.length === 0, unexpected.join("; "));

  // The same form with JavaScript off: a plain post, back to the comment.
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  await login(p2);
  await p2.goto(`${base}/videos/${video}`);
  await p2.fill("#comment-form textarea", "posted without JavaScript");
  await Promise.all([p2.waitForURL(/#comment-[0-9a-f-]{36}$/),
    p2.click("#comment-form button[type=submit]")]);
  const id = p2.url().split("#comment-")[1];
  check("without JavaScript the form posts and comes back to the comment",
    (await p2.textContent(`#comment-${id} .comment-body`)) === "posted without JavaScript");
  await p2.screenshot({ path: `${artifacts}/comments-nojs.png`, fullPage: true });
  await plain.close();
} catch (e) {
  check("the comments test ran to the end", false, String(e));
  await page.screenshot({ path: `${artifacts}/comments-failure.png` });
}
await browser.close();
finish("browser-comments");
