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

import {
  UsageError,
  canvasHasPicture,
  consoleSettled,
  defineCanvasChangedBy,
  expectPost,
  log,
  makeOutDir,
  openStart,
  readLogin,
  readUrl,
  rememberCanvas,
  runMain,
  step,
  submitLogin,
  typeIntoConsole,
  visibleAlert,
  waitForQuietScreen,
  waitForScreenChange,
  withBrowser,
} from "./browser.mjs";

const kProvisionTimeoutMs = 180000;
const kPowerTimeoutMs = 60000;
const kFirstFrameTimeoutMs = 30000;
const kSettleTimeoutMs = 60000;
const kChangeTimeoutMs = 20000;

function readSamples() {
  const raw = process.env.CONSOLE_SAMPLES ?? "5";
  const count = Number.parseInt(raw, 10);
  if (!/^\d+$/.test(raw) || count < 1 || count > 50)
    throw new UsageError(`CONSOLE_SAMPLES must be 1..50, not ${raw}`);

  return count;
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
    await openStart(page, baseUrl);
    await submitLogin(page, login);
  });
}

// Finds the student's VM card, asking for a VM first when there is none.
async function ensureVm(page, shots) {
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
    await shots.take("dashboard");
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

async function ensureRunning(page, shots) {
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
    await shots.take("running");
  });
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
    await page.waitForFunction(consoleSettled, null, {
      timeout: kFirstFrameTimeoutMs,
    });
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

async function typeCommand(page, shots) {
  const command = "echo classcloud-e2e-$RANDOM";

  await step("the guest's screen settles", () =>
    waitForQuietScreen(page, kSettleTimeoutMs),
  );
  await page.evaluate(rememberCanvas);

  await step(`type "${command}" and Enter into the VM`, () =>
    typeIntoConsole(page, command),
  );

  await step("the screen changed", async () => {
    await waitForScreenChange(page, kChangeTimeoutMs);
    await page.waitForTimeout(1000);
    await shots.take("typed");
  });
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);

  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function runFlow(page, baseUrl, login, shots, samples) {
  await logIn(page, baseUrl, login);
  await ensureVm(page, shots);
  await ensureRunning(page, shots);

  const times = [];
  for (let i = 1; i <= samples; i++) {
    const ms = await step(`open the console (${i} of ${samples})`, () =>
      openConsole(page),
    );
    times.push(ms);
    if (i === 1) await shots.take("console");
    if (i < samples) await backToDashboard(page);
  }
  log(
    `click to first frame: median ${median(times)} ms ` +
      `over ${times.length} (${times.join(", ")} ms)`,
  );

  await defineCanvasChangedBy(page);
  await typeCommand(page, shots);
}

async function main() {
  const baseUrl = readUrl("BASE_URL");
  const login = await readLogin("student");
  const samples = readSamples();
  const outDir = await makeOutDir();

  await withBrowser(outDir, async ({ newPage, shots }) => {
    shots.page = await newPage();
    await runFlow(shots.page, baseUrl, login, shots, samples);
  });

  log(`PASS, screenshots in ${outDir}`);
}

runMain(
  "console_flow",
  "BASE_URL=https://127.0.0.1:8443 " +
    "DEMO_LOGINS=var/demo-logins.txt [OUT_DIR=dir] " +
    "[CONSOLE_SAMPLES=5] node console_flow.mjs",
  main,
);
