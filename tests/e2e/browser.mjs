// What the browser tests share: chromium, environment, steps, screenshots.
//
// A script calls runMain(name, usage, main) once; log() and step() then
// print under that name, and runMain turns a thrown error into the exit
// status: 1 for a failed step, 2 for a UsageError (after the usage line).

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

export const kStepTimeoutMs = 15000;
const kChromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export class UsageError extends Error {}

// An error step() passes on as it is, for a caller that acts on it.
export class PassOn extends Error {}

let scriptName = "e2e";

export function log(line) {
  process.stdout.write(`${scriptName}: ${line}\n`);
}

// Runs `main` and exits 1 when it throws, 2 (with `usage`) on a UsageError.
export function runMain(name, usage, main) {
  scriptName = name;
  main().catch((err) => {
    const isUsage = err instanceof UsageError;
    process.stderr.write(`${name}: FAIL: ${err.message}\n`);
    if (isUsage) process.stderr.write(`usage: ${usage}\n`);
    process.exit(isUsage ? 2 : 1);
  });
}

// The origin of the http(s) URL in environment variable `name`.
export function readUrl(name) {
  const raw = process.env[name];
  if (!raw) throw new UsageError(`${name} is not set`);

  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${name} is not a URL: ${raw}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`${name} must be http(s): ${raw}`);

  return url.origin;
}

// Returns {email, password} of the first `role` line in DEMO_LOGINS.
export async function readLogin(role) {
  const file = process.env.DEMO_LOGINS;
  if (!file) throw new UsageError("DEMO_LOGINS is not set");

  let text;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read DEMO_LOGINS ${file}: ${err.message}`);
  }

  for (const line of text.split("\n")) {
    const match = /^\s*(\S+)\s+(\S+)\s+(.+?)\s*$/.exec(line);
    if (match && match[1] === role)
      return { email: match[2], password: match[3] };
  }

  throw new UsageError(`no "${role} <email> <password>" line in ${file}`);
}

// OUT_DIR, default out/ beside the scripts, made if missing.
export async function makeOutDir() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.env.OUT_DIR || path.join(here, "out"));
  await mkdir(outDir, { recursive: true });

  return outDir;
}

// Runs one named step; a failure names the step and what was seen.
export async function step(name, body) {
  try {
    const result = await body();
    log(`ok   ${name}`);

    return result;
  } catch (err) {
    if (err instanceof PassOn) throw err;
    const reason = err?.message?.split("\n")[0] ?? String(err);
    throw new Error(`step "${name}" failed: ${reason}`, { cause: err });
  }
}

// Screenshots numbered in the order taken: 01-<name>.png, 02-...
export class Shots {
  constructor(page, dir) {
    this.page = page;
    this.dir = dir;
    this.count = 0;
  }

  async take(name, options = {}) {
    this.count++;
    const file = `${String(this.count).padStart(2, "0")}-${name}.png`;
    await this.page.screenshot({ path: path.join(this.dir, file), ...options });
  }
}

// Launches chromium and calls body({newPage, shots}). newPage(options)
// opens a page in a context of its own (1280x900 unless `options` say
// otherwise; `origin`, when given, limits the error watch to its pages).
// A failure leaves failure.png of shots.page; errors the pages report
// themselves, CSP refusals among them, fail the run.
export async function withBrowser(outDir, body) {
  const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
  let browser;
  try {
    browser = await chromium.launch({ executablePath, args: kChromiumArgs });
  } catch (err) {
    throw new Error(
      `cannot launch ${executablePath}: ${err.message.split("\n")[0]}` +
        " (apt-get install chromium)",
    );
  }

  const pageErrors = [];
  const newPage = async ({ origin, ...options } = {}) => {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(kStepTimeoutMs);
    const ours = () => !origin || page.url().startsWith(origin);
    page.on("pageerror", (err) => {
      if (ours()) pageErrors.push(`page error: ${err}`);
    });
    page.on("console", (msg) => {
      if (
        ours() &&
        msg.type() === "error" &&
        /Content Security Policy/.test(msg.text())
      )
        pageErrors.push(`console: ${msg.text()}`);
    });

    return page;
  };

  const shots = new Shots(null, outDir);
  try {
    await body({ newPage, shots });
  } catch (err) {
    const shot = path.join(outDir, "failure.png");
    if (shots.page)
      await shots.page.screenshot({ path: shot }).then(
        () => log(`screenshot of the failure: ${shot}`),
        () => {},
      );
    throw err;
  } finally {
    await browser.close();
  }

  if (pageErrors.length > 0)
    throw new Error(`the page reported errors:\n  ${pageErrors.join("\n  ")}`);
}

// Opens the app's start page; an unreachable stack says so.
export async function openStart(page, baseUrl) {
  try {
    await page.goto(`${baseUrl}/`, { waitUntil: "domcontentloaded" });
  } catch (err) {
    throw new Error(
      `cannot reach BASE_URL ${baseUrl}: ${err.message.split("\n")[0]}` +
        " (is the stack running?)",
    );
  }
}

// The text of the UI's error notices, if it shows any, for failure messages.
export async function visibleAlert(page) {
  const alerts = page.getByRole("alert");
  const count = await alerts.count();
  if (count === 0) return "";

  const texts = [];
  for (let i = 0; i < count; i++)
    texts.push((await alerts.nth(i).innerText()).replace(/\s+/g, " ").trim());

  return ` (page says: ${texts.join(" | ")})`;
}

// Waits for a POST to a path matching `pattern` and fails unless it
// answered `expected`.
export async function expectPost(page, pattern, expected, click) {
  const answer = page.waitForResponse(
    (res) =>
      pattern.test(new URL(res.url()).pathname) &&
      res.request().method() === "POST",
  );
  await click();
  const res = await answer;
  if (res.status() !== expected) {
    await page.waitForTimeout(300);
    throw new Error(
      `POST ${new URL(res.url()).pathname} answered ${res.status()}, ` +
        `expected ${expected}` +
        (await visibleAlert(page)),
    );
  }
}

// Fills the login form on the page and submits it; the login must pass.
export async function submitLogin(page, login) {
  await page.getByRole("heading", { name: "Log in" }).waitFor();
  await page.getByLabel("Email").fill(login.email);
  await page.getByLabel("Password").fill(login.password);
  await expectPost(page, /\/api\/auth\/login$/, 200, () =>
    page.getByRole("button", { name: "Log in" }).click(),
  );
}

// Page function: true once the console is connected or has given up.
export function consoleSettled() {
  const el = document.querySelector("[data-testid=console-status]");
  const phase = el?.getAttribute("data-phase");

  return phase === "connected" || phase === "disconnected";
}

// Page function: true once the console canvas has pixels of more than one
// colour.
export function canvasHasPicture() {
  const canvas = document.querySelector("[data-testid=console-screen] canvas");
  if (!canvas || canvas.width < 8 || canvas.height < 8) return false;

  const { data } = canvas
    .getContext("2d")
    .getImageData(0, 0, canvas.width, canvas.height);
  for (let i = 4; i < data.length; i += 4 * 7)
    if (
      data[i] !== data[0] ||
      data[i + 1] !== data[1] ||
      data[i + 2] !== data[2]
    )
      return true;

  return false;
}

// Page function: keeps a copy of the canvas on window, for canvasChangedBy.
export function rememberCanvas() {
  const canvas = document.querySelector("[data-testid=console-screen] canvas");
  const ctx = canvas.getContext("2d");
  window.ccRemembered = ctx.getImageData(0, 0, canvas.width, canvas.height);
}

// Page function: how many pixels differ from the remembered copy (-1:
// size changed).
export function canvasChangedBy() {
  const canvas = document.querySelector("[data-testid=console-screen] canvas");
  const before = window.ccRemembered;
  if (!canvas || !before) return -1;
  if (canvas.width !== before.width || canvas.height !== before.height)
    return -1;

  const now = canvas
    .getContext("2d")
    .getImageData(0, 0, canvas.width, canvas.height).data;
  let changed = 0;
  for (let i = 0; i < now.length; i += 4)
    if (
      now[i] !== before.data[i] ||
      now[i + 1] !== before.data[i + 1] ||
      now[i + 2] !== before.data[i + 2]
    )
      changed++;

  return changed;
}

// The canvas checks are page functions; makes canvasChangedBy global there.
export async function defineCanvasChangedBy(page) {
  await page.evaluate(`window.canvasChangedBy = ${canvasChangedBy}`);
}

// Waits until the screen has stopped changing (the guest finished
// booting), for at most `timeout` ms.
export async function waitForQuietScreen(page, timeout) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    await page.evaluate(rememberCanvas);
    await page.waitForTimeout(2000);
    if ((await page.evaluate(canvasChangedBy)) === 0) return;
  }

  throw new Error(`the screen kept changing for ${timeout / 1000} s`);
}

// Types `command` through the console's "Type text" panel, then Enter
// through noVNC's own keyboard handling on the canvas.
export async function typeIntoConsole(page, command) {
  await page.getByRole("button", { name: "Type text" }).click();
  await page.getByLabel("Text to type into the VM").fill(command);
  await page.getByRole("button", { name: "Type it" }).click();
  await page
    .getByLabel("Text to type into the VM")
    .waitFor({ state: "detached" });

  await page.locator("[data-testid=console-screen] canvas").focus();
  await page.keyboard.press("Enter");
}

// Waits up to `timeout` ms for the screen to differ from the remembered
// copy.
export async function waitForScreenChange(page, timeout) {
  try {
    await page.waitForFunction(() => canvasChangedBy() !== 0, null, {
      timeout,
    });
  } catch {
    throw new Error("the screen looks the same as before typing");
  }
}
