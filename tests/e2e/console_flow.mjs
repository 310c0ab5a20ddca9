// Browser test of the console: a student logs in, gets their lab VM
// running, opens its console, sees the guest's screen, and types a
// command into it that changes what is on the screen. It also opens the
// console several times and reports the median time from clicking
// "Open console" to the first non-blank frame.
//
// Environment:
//   BASE_URL         where ClassCloud answers, e.g. https://127.0.0.1:8443
//   DEMO_LOGINS      file of `<role> <email> <password>` lines
//   OUT_DIR          where screenshots go (default: out/ beside this script)
//   CHROMIUM         browser binary (default: /usr/bin/chromium)
//   CONSOLE_SAMPLES  how many times to open the console (default 5)
//
// Exits 0 when every step passed, 1 when one failed, 2 on bad usage.

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const kStepTimeoutMs = 15000;
const kProvisionTimeoutMs = 180000;
const kPowerTimeoutMs = 60000;
const kFirstFrameTimeoutMs = 30000;
const kSettleTimeoutMs = 60000;
const kChangeTimeoutMs = 20000;
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

class UsageError extends Error {}

function log(line) {
  process.stdout.write(`console_flow: ${line}\n`);
}

function readBaseUrl() {
  const raw = process.env.BASE_URL;
  if (!raw) throw new UsageError("BASE_URL is not set");

  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`BASE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`BASE_URL must be http(s): ${raw}`);

  return url.origin;
}

function readSamples() {
  const raw = process.env.CONSOLE_SAMPLES ?? "5";
  const count = Number.parseInt(raw, 10);
  if (!/^\d+$/.test(raw) || count < 1 || count > 50)
    throw new UsageError(`CONSOLE_SAMPLES must be 1..50, not ${raw}`);

  return count;
}

// Returns {email, password} of the first student in the DEMO_LOGINS file.
async function readStudentLogin() {
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
    if (match && match[1] === "student")
      return { email: match[2], password: match[3] };
  }

  throw new UsageError(`no "student <email> <password>" line in ${file}`);
}

// Runs one named step; a failure names the step and what was seen.
async function step(name, body) {
  try {
    const result = await body();
    log(`ok   ${name}`);

    return result;
  } catch (err) {
    const reason = err?.message?.split("\n")[0] ?? String(err);
    throw new Error(`step "${name}" failed: ${reason}`, { cause: err });
  }
}

// The text of the UI's error notices, if it shows any, for failure messages.
async function visibleAlert(page) {
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
async function expectPost(page, pattern, expected, click) {
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

// Waits until the VM card's attribute has one of the wanted values; a
// "failed" state or an offline node ends the wait with the card's text.
async function waitForCard(page, attribute, wanted, timeout) {
  const card = page.getByTestId("vm-card").first();
  const deadline = Date.now() + timeout;
  let seen = "";

  while (Date.now() < deadline) {
    seen = (await card.getAttribute(attribute)) ?? "";
    if (wanted.includes(seen)) return;

    const state = await card.getAttribute("data-state");
    const online = await card.getAttribute("data-node-online");
    if (state === "failed" || online === "false") {
      const text = (await card.innerText()).replace(/\s+/g, " ").trim();
      throw new Error(`the VM card says: ${text}`);
    }
    await page.waitForTimeout(500);
  }

  throw new Error(
    `${attribute} stayed "${seen}" for ${timeout / 1000} s, ` +
      `expected ${wanted.join(" or ")}` +
      (await visibleAlert(page)),
  );
}

async function logIn(page, baseUrl, login) {
  await step(`open ${baseUrl}/ and log in as ${login.email}`, async () => {
    try {
      await page.goto(`${baseUrl}/`, { waitUntil: "domcontentloaded" });
    } catch (err) {
      throw new Error(
        `cannot reach BASE_URL ${baseUrl}: ${err.message.split("\n")[0]}` +
          " (is the stack running?)",
      );
    }
    await page.getByRole("heading", { name: "Log in" }).waitFor();
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel("Password").fill(login.password);
    await expectPost(page, /\/api\/auth\/login$/, 200, () =>
      page.getByRole("button", { name: "Log in" }).click(),
    );
  });
}

// Finds the student's VM card, asking for a VM first when there is none.
async function ensureVm(page, outDir) {
  await step("the dashboard lists a VM or a course to get one in", async () => {
    const card = page.getByTestId("vm-card");
    const request = page.getByRole("button", { name: "Get my lab VM" });
    try {
      await card.or(request).first().waitFor();
    } catch {
      throw new Error(
        'no VM card and no "Get my lab VM" button' +
          (await visibleAlert(page)) +
          " (is cc-vm running, and is the student enrolled in a course?)",
      );
    }
    await page.screenshot({ path: path.join(outDir, "01-dashboard.png") });
  });

  if ((await page.getByTestId("vm-card").count()) > 0) return;

  await step("request a lab VM for the first course", async () => {
    await expectPost(page, /^\/api\/courses\/\d+\/vms$/, 202, () =>
      page.getByRole("button", { name: "Get my lab VM" }).first().click(),
    );
    await page
      .getByTestId("vm-card")
      .first()
      .waitFor({ timeout: kProvisionTimeoutMs })
      .catch(async () => {
        throw new Error(`no VM card appeared${await visibleAlert(page)}`);
      });
  });
}

async function ensureRunning(page, outDir) {
  await step("the VM is ready", () =>
    waitForCard(page, "data-state", ["ready"], kProvisionTimeoutMs),
  );

  const card = page.getByTestId("vm-card").first();
  if ((await card.getAttribute("data-power-state")) !== "running") {
    await step("start the VM", async () => {
      const start = card.getByRole("button", { name: "Start", exact: true });
      await expectPost(page, /^\/api\/vms\/\d+\/actions\/start$/, 202, () =>
        start.click(),
      );
    });
  }

  await step("the VM is running", async () => {
    await waitForCard(page, "data-power-state", ["running"], kPowerTimeoutMs);
    await page.screenshot({ path: path.join(outDir, "02-running.png") });
  });
}

// True once the console canvas has pixels of more than one colour.
function canvasHasPicture() {
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

// Keeps a copy of the canvas on window, for canvasChangedBy.
function rememberCanvas() {
  const canvas = document.querySelector("[data-testid=console-screen] canvas");
  const ctx = canvas.getContext("2d");
  window.ccRemembered = ctx.getImageData(0, 0, canvas.width, canvas.height);
}

// How many pixels differ from the remembered copy (-1: size changed).
function canvasChangedBy() {
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

// Clicks "Open console" and returns ms until the first non-blank frame.
async function openConsole(page) {
  const link = page
    .getByTestId("vm-card")
    .first()
    .getByRole("link", { name: "Open console" });
  await link.waitFor();
  const started = Date.now();
  await link.click();

  const status = page.getByTestId("console-status");
  try {
    await page.waitForFunction(
      () => {
        const el = document.querySelector("[data-testid=console-status]");
        const phase = el?.getAttribute("data-phase");

        return phase === "connected" || phase === "disconnected";
      },
      null,
      { timeout: kFirstFrameTimeoutMs },
    );
  } catch {
    throw new Error(`status stayed "${await status.innerText()}"`);
  }
  if ((await status.getAttribute("data-phase")) !== "connected")
    throw new Error(`status: ${await status.innerText()}`);

  try {
    await page.waitForFunction(canvasHasPicture, null, {
      timeout: kFirstFrameTimeoutMs,
      polling: 50,
    });
  } catch {
    throw new Error(
      `connected, but the screen stayed blank (${await status.innerText()})`,
    );
  }

  return Date.now() - started;
}

async function backToDashboard(page) {
  await page.getByRole("link", { name: "← My VMs" }).click();
  await page.getByTestId("vm-card").first().waitFor();
}

// Waits until the screen has stopped changing (the guest finished booting).
async function waitForQuietScreen(page) {
  const deadline = Date.now() + kSettleTimeoutMs;
  while (Date.now() < deadline) {
    await page.evaluate(rememberCanvas);
    await page.waitForTimeout(2000);
    if ((await page.evaluate(canvasChangedBy)) === 0) return;
  }

  throw new Error(`the screen kept changing for ${kSettleTimeoutMs / 1000} s`);
}

async function typeCommand(page, outDir) {
  const command = "echo classcloud-e2e-$RANDOM";

  await step("the guest's screen settles", () => waitForQuietScreen(page));
  await page.evaluate(rememberCanvas);

  await step(`type "${command}" and Enter into the VM`, async () => {
    await page.getByRole("button", { name: "Type text" }).click();
    await page.getByLabel("Text to type into the VM").fill(command);
    await page.getByRole("button", { name: "Type it" }).click();
    await page
      .getByLabel("Text to type into the VM")
      .waitFor({ state: "detached" });

    // Enter goes through noVNC's own keyboard handling on the canvas.
    await page.locator("[data-testid=console-screen] canvas").focus();
    await page.keyboard.press("Enter");
  });

  await step("the screen changed", async () => {
    try {
      await page.waitForFunction(() => canvasChangedBy() !== 0, null, {
        timeout: kChangeTimeoutMs,
      });
    } catch {
      throw new Error("the screen looks the same as before typing");
    }
    await page.waitForTimeout(1000);
    await page.screenshot({ path: path.join(outDir, "04-typed.png") });
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);

  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runFlow(page, baseUrl, login, outDir, samples) {
  await logIn(page, baseUrl, login);
  await ensureVm(page, outDir);
  await ensureRunning(page, outDir);

  const times = [];
  for (let i = 1; i <= samples; i++) {
    const ms = await step(`open the console (${i} of ${samples})`, () =>
      openConsole(page),
    );
    times.push(ms);
    if (i === 1)
      await page.screenshot({ path: path.join(outDir, "03-console.png") });
    if (i < samples) await backToDashboard(page);
  }
  log(
    `click to first frame: median ${median(times)} ms ` +
      `over ${times.length} (${times.join(", ")} ms)`,
  );

  // The canvas checks are page functions; make the helpers global there.
  await page.evaluate(`window.canvasChangedBy = ${canvasChangedBy}`);
  await typeCommand(page, outDir);
}

async function main() {
  const baseUrl = readBaseUrl();
  const login = await readStudentLogin();
  const samples = readSamples();
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = path.resolve(process.env.OUT_DIR || path.join(here, "out"));
  await mkdir(outDir, { recursive: true });

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

  // Errors the page reports itself, CSP refusals among them, fail the run.
  const pageErrors = [];
  try {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(kStepTimeoutMs);
    page.on("pageerror", (err) => pageErrors.push(`page error: ${err}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && /Content Security Policy/.test(msg.text()))
        pageErrors.push(`console: ${msg.text()}`);
    });

    try {
      await runFlow(page, baseUrl, login, outDir, samples);
    } catch (err) {
      const shot = path.join(outDir, "failure.png");
      await page.screenshot({ path: shot }).then(
        () => log(`screenshot of the failure: ${shot}`),
        () => {},
      );
      throw err;
    }
  } finally {
    await browser.close();
  }

  if (pageErrors.length > 0)
    throw new Error(`the page reported errors:\n  ${pageErrors.join("\n  ")}`);

  log(`PASS, screenshots in ${outDir}`);
}

main().catch((err) => {
  const usage = err instanceof UsageError;
  process.stderr.write(`console_flow: FAIL: ${err.message}\n`);
  if (usage)
    process.stderr.write(
      "usage: BASE_URL=https://127.0.0.1:8443 " +
        "DEMO_LOGINS=var/demo-logins.txt [OUT_DIR=dir] " +
        "[CONSOLE_SAMPLES=5] node console_flow.mjs\n",
    );
  process.exit(usage ? 2 : 1);
});
