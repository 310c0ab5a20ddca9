// Browser test of the login flow: a student logs in through the UI, sees
// their email on the home page, and logs out, in Debian's chromium.
//
// Environment:
//   BASE_URL     where ClassCloud answers, e.g. https://127.0.0.1:8443
//   DEMO_LOGINS  file of `<role> <email> <password>` lines (make run writes
//                $CC_VAR/demo-logins.txt)
//   OUT_DIR      where screenshots go (default: out/ beside this script)
//   CHROMIUM     browser binary (default: /usr/bin/chromium)
//
// Exits 0 when every step passed, 1 when one failed, 2 on bad usage.

import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { chromium } from "playwright-core";

const kStepTimeoutMs = 15000;
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
  process.stdout.write(`login_flow: ${line}\n`);
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

// The text of the UI's error notice, if it shows one, for failure messages.
async function visibleAlert(page) {
  const alert = page.getByRole("alert");
  if ((await alert.count()) === 0) return "";

  const text = (await alert.first().innerText()).replace(/\s+/g, " ").trim();

  return ` (page says: ${text})`;
}

async function runFlow(page, baseUrl, login, outDir) {
  const loginHeading = page.getByRole("heading", { name: "Log in" });

  await step(`open ${baseUrl}/ and get the login page`, async () => {
    try {
      await page.goto(`${baseUrl}/`, { waitUntil: "domcontentloaded" });
    } catch (err) {
      throw new Error(
        `cannot reach BASE_URL ${baseUrl}: ${err.message.split("\n")[0]}` +
          " (is the stack running?)",
      );
    }
    await loginHeading.waitFor();
    await page.screenshot({ path: path.join(outDir, "01-login.png") });
  });

  await step(`log in as ${login.email}`, async () => {
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel("Password").fill(login.password);

    const answer = page.waitForResponse(
      (res) =>
        res.url().endsWith("/api/auth/login") &&
        res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Log in" }).click();
    const res = await answer;
    if (res.status() !== 200) {
      await page
        .getByRole("alert")
        .first()
        .waitFor()
        .catch(() => {});
      throw new Error(
        `POST /api/auth/login answered ${res.status()}` +
          (await visibleAlert(page)),
      );
    }
  });

  await step("home page shows the student's email", async () => {
    const shown = page.getByTestId("user-email");
    try {
      await shown.waitFor();
    } catch {
      throw new Error(`no email on the page${await visibleAlert(page)}`);
    }

    const text = (await shown.innerText()).trim();
    if (text.toLowerCase() !== login.email.toLowerCase())
      throw new Error(`shows "${text}", expected "${login.email}"`);

    const role = (await page.getByTestId("user-role").innerText()).trim();
    if (role !== "student") throw new Error(`role is "${role}", not student`);

    await page.screenshot({ path: path.join(outDir, "02-home.png") });
  });

  await step("log out", async () => {
    const answer = page.waitForResponse(
      (res) =>
        res.url().endsWith("/api/auth/logout") &&
        res.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Log out" }).click();
    const res = await answer;
    if (!res.ok())
      throw new Error(
        `POST /api/auth/logout answered ${res.status()}` +
          (await visibleAlert(page)),
      );

    await loginHeading.waitFor();
    await page.screenshot({ path: path.join(outDir, "03-logged-out.png") });
  });

  await step("the old session no longer works", async () => {
    const status = await page.evaluate(async () => {
      const res = await fetch("/api/me", { credentials: "same-origin" });

      return res.status;
    });
    if (status !== 401) throw new Error(`GET /api/me answered ${status}`);
  });
}

async function main() {
  const baseUrl = readBaseUrl();
  const login = await readStudentLogin();
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
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(kStepTimeoutMs);
    page.on("pageerror", (err) => pageErrors.push(`page error: ${err}`));
    page.on("console", (msg) => {
      if (msg.type() === "error" && /Content Security Policy/.test(msg.text()))
        pageErrors.push(`console: ${msg.text()}`);
    });

    try {
      await runFlow(page, baseUrl, login, outDir);
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
  process.stderr.write(`login_flow: FAIL: ${err.message}\n`);
  if (usage)
    process.stderr.write(
      "usage: BASE_URL=https://127.0.0.1:8443 " +
        "DEMO_LOGINS=var/demo-logins.txt [OUT_DIR=dir] node login_flow.mjs\n",
    );
  process.exit(usage ? 2 : 1);
});
